/**
 * A generated, deterministic data set for the analytics tests: orders, payments and refunds spread over the last
 * 20 Beijing days (inserted with db.query, no HTTP), and plain-JS reference computations of every figure.
 */
import type { TestApp } from '../../helpers/strapi';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const bj = (t: number) => new Date(t + 8 * HOUR).toISOString().slice(0, 10);
export const bjMidnight = (key: string) => Date.parse(`${key}T00:00:00Z`) - 8 * HOUR;
export const addDays = (key: string, n: number) => bj(bjMidnight(key) + n * DAY + HOUR);

/** A small LCG: the same data set on every run and both databases. */
export function rng(seed = 42) {
  let s = seed;
  const next = () => (s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

export interface GenOrder {
  id?: number;
  orderNo: string;
  cityCode: string;
  serviceDocumentId: string;
  status: string;
  totalFen: number;
  createdAt: number;
  paidAt: number | null;
  completedAt: number | null;
  cancelledAt: number | null;
  startAt: number;
  startedAt: number | null;
  caregiverId: number | null;
  channel: string | null;
}
export interface GenPayment {
  orderIndex: number;
  channel: string;
  amountFen: number;
  status: string;
  succeededAt: number | null;
}
export interface GenRefund {
  orderIndex: number;
  channel: string | null;
  amountFen: number;
  status: string;
  settledAt: number | null;
}

let seq = 0;
export const orderNo = () => `AN${String(process.pid % 1000).padStart(3, '0')}${String(++seq).padStart(9, '0')}`;

export function orderRow(o: GenOrder, userId: number) {
  return {
    orderNo: o.orderNo,
    userId,
    serviceDocumentId: o.serviceDocumentId,
    cityCode: o.cityCode,
    caregiverId: o.caregiverId,
    dispatchMode: 'auto',
    status: o.status,
    paymentStatus: o.paidAt ? 'paid' : 'unpaid',
    startAt: new Date(o.startAt),
    endAt: new Date(o.startAt + 4 * HOUR),
    unit: 'half_day',
    units: 1,
    placeType: 'home',
    contactName: '张伟',
    contactPhone: '13800138000',
    serviceSnapshot: { documentId: o.serviceDocumentId, name: '测试服务' },
    priceLines: [],
    totalFen: o.totalFen,
    paidFen: o.paidAt ? o.totalFen : 0,
    refundedFen: 0,
    createdAt: new Date(o.createdAt),
    paidAt: o.paidAt ? new Date(o.paidAt) : null,
    completedAt: o.completedAt ? new Date(o.completedAt) : null,
    cancelledAt: o.cancelledAt ? new Date(o.cancelledAt) : null,
    startedAt: o.startedAt ? new Date(o.startedAt) : null,
  };
}

/** Orders of the last `days` Beijing days (today included, nothing after `now`), with payments and refunds. */
export function generate(options: { now: number; days: number; count: number; services: string[]; caregivers: number[]; seed?: number }) {
  const r = rng(options.seed ?? 7);
  const { now } = options;
  const clamp = (t: number | null) => (t !== null && t <= now ? t : null);
  const today = bj(now);
  const orders: GenOrder[] = [];
  const payments: GenPayment[] = [];
  const refunds: GenRefund[] = [];
  for (let i = 0; i < options.count; i += 1) {
    const day = addDays(today, -r.int(0, options.days - 1));
    const createdAt = Math.min(bjMidnight(day) + r.int(0, DAY / 1000 - 1) * 1000, now - 60_000);
    const o: GenOrder = {
      orderNo: orderNo(),
      cityCode: r.pick(['110100', '310100']),
      serviceDocumentId: r.pick(options.services),
      status: 'pending_payment',
      totalFen: r.int(50, 900) * 100,
      createdAt,
      paidAt: r.next() < 0.75 ? clamp(createdAt + r.int(0, 5 * 3600) * 1000) : null,
      completedAt: null,
      cancelledAt: null,
      startAt: createdAt + 2 * DAY,
      startedAt: null,
      caregiverId: null,
      channel: null,
    };
    if (!o.paidAt) {
      if (r.next() < 0.3) Object.assign(o, { status: 'cancelled', cancelledAt: clamp(createdAt + r.int(1, 3600) * 1000) ?? now });
    } else {
      o.channel = r.pick(['wechat', 'alipay', 'unionpay']);
      if (r.next() < 0.2) payments.push({ orderIndex: i, channel: r.pick(['wechat', 'alipay']), amountFen: o.totalFen, status: 'failed', succeededAt: null });
      payments.push({ orderIndex: i, channel: o.channel, amountFen: o.totalFen, status: 'succeeded', succeededAt: o.paidAt });
      const fate = r.next();
      if (fate < 0.45) {
        const completedAt = clamp(o.paidAt + r.int(2, 30) * HOUR);
        o.caregiverId = r.pick(options.caregivers);
        o.startAt = (completedAt ?? now) - 3 * HOUR;
        o.startedAt = o.startAt + r.int(-20, 25) * 60_000;
        o.status = completedAt ? 'completed' : 'in_service';
        o.completedAt = completedAt;
      } else if (fate < 0.7) {
        const cancelledAt = clamp(o.paidAt + r.int(0, 5 * 3600) * 1000);
        if (cancelledAt) {
          o.status = 'cancelled';
          o.cancelledAt = cancelledAt;
          if (r.next() < 0.5) o.caregiverId = r.pick(options.caregivers);
          const settledAt = clamp(cancelledAt + r.int(0, 2 * 3600) * 1000);
          refunds.push({
            orderIndex: i,
            channel: o.channel,
            amountFen: r.next() < 0.5 ? o.totalFen : o.totalFen / 2,
            status: settledAt ? 'succeeded' : 'pending',
            settledAt,
          });
        } else o.status = 'pending_acceptance';
      } else o.status = 'pending_acceptance';
    }
    orders.push(o);
  }
  return { orders, payments, refunds };
}

export async function insert(app: TestApp, data: ReturnType<typeof generate>, userId: number) {
  const db = app.strapi.db;
  await db.query('plugin::booking.order').createMany({ data: data.orders.map((o) => orderRow(o, userId)) });
  const rows = await db.query('plugin::booking.order').findMany({ where: { orderNo: { $in: data.orders.map((o) => o.orderNo) } }, select: ['id', 'orderNo'] });
  const ids = new Map(rows.map((row: any) => [row.orderNo, row.id]));
  for (const o of data.orders) o.id = ids.get(o.orderNo) as number;
  let n = 0;
  const tradeNo = () => `${Date.now()}${String(++n).padStart(6, '0')}`.slice(-16) + 'P01';
  if (data.payments.length)
    await db.query('plugin::booking.payment').createMany({
      data: data.payments.map((p) => ({
        orderId: data.orders[p.orderIndex].id,
        userId,
        channel: p.channel,
        scene: 'jsapi',
        tradeNo: tradeNo(),
        amountFen: p.amountFen,
        status: p.status,
        expiresAt: new Date(),
        succeededAt: p.succeededAt ? new Date(p.succeededAt) : null,
      })),
    });
  if (data.refunds.length)
    await db.query('plugin::booking.refund').createMany({
      data: data.refunds.map((r, i) => ({
        orderId: data.orders[r.orderIndex].id,
        refundNo: `RF${process.pid}${Date.now()}${i}`,
        amountFen: r.amountFen,
        source: 'cancellation',
        status: r.status,
        channel: r.channel,
        settledAt: r.settledAt ? new Date(r.settledAt) : null,
      })),
    });
}

// This dataset writes no caregiver earnings and configures no payment fees: cost and fees are 0, margin = net
// (tests/integration/earnings/earnings.test.ts checks cost, fees and margin against its own computation).
const MEASURES = [
  'orders',
  'gmvFen',
  'paidOrders',
  'paidFen',
  'refundedFen',
  'netFen',
  'caregiverCostFen',
  'feesFen',
  'grossMarginFen',
  'completed',
  'cancelled',
] as const;

/** The business figures recomputed in plain JS; rows with every measure 0 are left out (compare with `nonZero`). */
export function expectedBusiness(
  data: ReturnType<typeof generate>,
  dimension: string,
  from: string,
  to: string,
  categoryOf: (doc: string) => string,
  cityCode?: string,
) {
  const rows = new Map<string, Record<string, any>>();
  const inRange = (t: number | null) => t !== null && bj(t) >= from && bj(t) <= to;
  const value = (o: GenOrder) =>
    dimension === 'all' ? '' : dimension === 'city' ? o.cityCode : dimension === 'category' ? categoryOf(o.serviceDocumentId) : (o.channel ?? 'none');
  const row = (t: number, v: string) => {
    const key = `${bj(t)}|${v}`;
    if (!rows.has(key)) rows.set(key, { date: bj(t), value: v, ...Object.fromEntries(MEASURES.map((m) => [m, 0])) });
    return rows.get(key)!;
  };
  const orders = data.orders.filter((o) => !cityCode || o.cityCode === cityCode);
  for (const o of orders) {
    if (inRange(o.createdAt)) row(o.createdAt, value(o)).orders += 1;
    if (inRange(o.paidAt)) {
      row(o.paidAt!, value(o)).paidOrders += 1;
      row(o.paidAt!, value(o)).gmvFen += o.totalFen;
    }
    if (inRange(o.completedAt)) row(o.completedAt!, value(o)).completed += 1;
    if (inRange(o.cancelledAt)) row(o.cancelledAt!, value(o)).cancelled += 1;
  }
  for (const p of data.payments) {
    const o = data.orders[p.orderIndex];
    if (p.status !== 'succeeded' || !inRange(p.succeededAt) || (cityCode && o.cityCode !== cityCode)) continue;
    row(p.succeededAt!, dimension === 'channel' ? p.channel : value(o)).paidFen += p.amountFen;
  }
  for (const r of data.refunds) {
    const o = data.orders[r.orderIndex];
    if (r.status !== 'succeeded' || !inRange(r.settledAt) || (cityCode && o.cityCode !== cityCode)) continue;
    row(r.settledAt!, dimension === 'channel' ? (r.channel ?? 'none') : value(o)).refundedFen += r.amountFen;
  }
  for (const r of rows.values()) {
    r.netFen = r.paidFen - r.refundedFen;
    r.grossMarginFen = r.netFen - r.caregiverCostFen - r.feesFen;
  }
  return sortRows([...rows.values()]);
}

export const nonZero = (rows: any[]) =>
  sortRows(
    rows.filter((r) => MEASURES.some((m) => r[m] !== 0)).map((r) => ({ date: r.date, value: r.value, ...Object.fromEntries(MEASURES.map((m) => [m, r[m]])) })),
  );
const sortRows = (rows: any[]) => rows.sort((a, b) => a.date.localeCompare(b.date) || a.value.localeCompare(b.value));
export const totals = (rows: any[]) => Object.fromEntries(MEASURES.map((m) => [m, rows.reduce((s, r) => s + r[m], 0)]));

/** RFC 4180 parser for checking the CSV answers. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

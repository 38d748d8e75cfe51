/**
 * Caregiver earnings end to end: commission terms fixed at payment, one earning per completed order (customer
 * confirm, auto-confirm, both at once), claw-backs for refunds and fines after completion, settlement statements
 * closed idempotently, and a caregiver who can read only their own statements.
 */
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { adminToken, approvedCaregiver, beijingAt, customerWithPatient, orderBody, serviceBySlug } from '../../helpers/orders';
import { mulDiv, shareOf } from '../../../src/plugins/booking/server/src/domain/commission';
import { beijingDateKey, dayRange } from '../../../src/plugins/booking/server/src/domain/analytics-period';
import { isUniqueViolation } from '../../../src/plugins/booking/server/src/utils/db-errors';

const DAY = 86_400_000;

let app: TestApp;
let service: any;
let customer: Awaited<ReturnType<typeof customerWithPatient>>;
let caregiver: Awaited<ReturnType<typeof approvedCaregiver>>;
let other: Awaited<ReturnType<typeof approvedCaregiver>>;
let rule: any;
const orders = () => app.strapi.db.query('plugin::booking.order');
const earnings = () => app.strapi.db.query('plugin::booking.earning');
const statements = () => app.strapi.db.query('plugin::booking.settlement-statement');
const lifecycle = () => app.strapi.plugin('booking').service('order-lifecycle');
const jobs = () => app.strapi.plugin('booking').service('jobs');

beforeAll(async () => {
  app = await bootStrapi({
    env: { SEED_DEMO: 'true', EARNINGS_DEFAULT_SHARE_BP: '6000', EARNINGS_HOLD_DAYS: '7', EARNINGS_PERIOD: 'weekly', PAYMENT_FEE_BP: 'wechat:60,alipay:55' },
  });
  service = await serviceBySlug(app, 'full-escort');
  customer = await customerWithPatient(app);
  caregiver = await approvedCaregiver(app, [service.documentId]);
  other = await approvedCaregiver(app, [service.documentId], { name: '李春梅' });
  const serviceRow = await app.strapi.db.query('api::service.service').findOne({ where: { documentId: service.documentId } });
  // 72.5 % of the base, 90 % of the night surcharge for this service item.
  rule = await app.strapi.db.query('api::commission-rule.commission-rule').create({
    data: { name: '全程陪诊分成', service: serviceRow.id, shareBp: 7250, nightShareBp: 9000, validFrom: new Date(Date.now() - DAY), active: true },
  });
});

afterAll(async () => {
  await app?.stop();
});

const step = (row: any, name: string, body: Record<string, unknown> = {}) =>
  app.http().post(`/api/booking/caregiver/orders/${row.documentId}/${name}`).set(caregiver.auth).send(body).expect(200);

/** Submitted (naming the caregiver), paid, accepted and finished; returns the order row. */
async function finished(startAt: string) {
  const res = await app
    .http()
    .post('/api/booking/orders')
    .set(customer.auth)
    .send(orderBody(service, customer.patientId, { startAt, caregiverId: caregiver.caregiver.documentId }));
  if (res.status !== 201) throw new Error(`submit failed: ${JSON.stringify(res.body)}`);
  const row = await orders().findOne({ where: { documentId: res.body.data.documentId } });
  await lifecycle().markPaid(row.id, { amountFen: row.totalFen, reference: `earn-${row.id}` });
  for (const s of ['accept', 'depart', 'arrive', 'start']) await step(row, s);
  await step(row, 'finish', { summary: '陪诊完成，已送回家。' });
  return orders().findOne({ where: { id: row.id } });
}

/** The earning an independent reading of the rule gives for the order's price lines. */
const expectedEarning = (order: any, shareBp = 7250, nightBp = 9000) =>
  order.priceLines.reduce((sum: number, l: any) => sum + shareOf(l.amountFen, l.code === 'night' ? nightBp : shareBp), 0);

describe('earning per completed order', () => {
  it('snapshots the terms at payment and books the earning once when the customer confirms', async () => {
    const order = await finished(beijingAt(2, 9));
    expect(order.commissionSnapshot.fallback).toMatchObject({ ruleId: rule.id, shareBp: 7250, nightShareBp: 9000 });

    // An editor changes the rule after payment: this order keeps the terms it was paid under.
    await app.strapi.db.query('api::commission-rule.commission-rule').update({ where: { id: rule.id }, data: { shareBp: 5000 } });
    try {
      await app.http().post(`/api/booking/orders/${order.documentId}/confirm`).set(customer.auth).send({}).expect(200);
    } finally {
      await app.strapi.db.query('api::commission-rule.commission-rule').update({ where: { id: rule.id }, data: { shareBp: 7250 } });
    }
    const rows = await earnings().findMany({ where: { orderId: order.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'order', caregiverId: caregiver.caregiver.id, amountFen: expectedEarning(order), baseFen: order.totalFen });
    expect(rows[0].amountFen).toBeGreaterThan(0);
    expect(rows[0].amountFen).toBeLessThan(order.totalFen);

    // A second confirm is refused and books nothing.
    await app.http().post(`/api/booking/orders/${order.documentId}/confirm`).set(customer.auth).send({}).expect(409);
    expect(await earnings().count({ where: { orderId: order.id } })).toBe(1);
  });

  it('the auto-confirm job books it too, exactly once over two runs', async () => {
    const order = await finished(beijingAt(4, 9));
    const later = new Date(Date.now() + 48 * 3600_000);
    await jobs().autoConfirm(later);
    await jobs().autoConfirm(later);
    expect(await earnings().findMany({ where: { orderId: order.id } })).toEqual([expect.objectContaining({ amountFen: expectedEarning(order) })]);
  });

  it('customer confirm racing the auto-confirm job books one earning', async () => {
    const order = await finished(beijingAt(6, 9));
    const later = new Date(Date.now() + 48 * 3600_000);
    const [confirm] = await Promise.all([
      app.http().post(`/api/booking/orders/${order.documentId}/confirm`).set(customer.auth).send({}),
      jobs().autoConfirm(later),
      jobs().autoConfirm(later),
    ]);
    expect([200, 409]).toContain(confirm.status);
    expect(await earnings().count({ where: { orderId: order.id } })).toBe(1);
    expect((await orders().findOne({ where: { id: order.id } })).status).toBe('completed');
  });

  it('a refund after completion claws back the proportional share; a complaint fine is a deduction', async () => {
    const order = await finished(beijingAt(8, 9));
    await app.http().post(`/api/booking/orders/${order.documentId}/confirm`).set(customer.auth).send({}).expect(200);
    const earning = await earnings().findOne({ where: { orderId: order.id, kind: 'order' } });
    const half = Math.floor(order.totalFen / 2);
    await app.strapi.db.transaction(async () => lifecycle().requestRefund(await lifecycle().load(order.id), half, 'operator', '部分退款'));
    await app.strapi.db.transaction(async () => lifecycle().requestRefund(await lifecycle().load(order.id), order.totalFen - half, 'operator', '余款退回'));
    const refunds = await earnings().findMany({ where: { orderId: order.id, kind: 'refund' }, orderBy: { id: 'asc' } });
    expect(refunds.map((r: any) => r.amountFen)).toEqual([
      -mulDiv(earning.amountFen, half, order.totalFen),
      -(earning.amountFen - mulDiv(earning.amountFen, half, order.totalFen)),
    ]);
    // Fully refunded: the caregiver keeps nothing of this order.
    expect(earning.amountFen + refunds.reduce((s: number, r: any) => s + r.amountFen, 0)).toBe(0);

    await app.strapi.db.transaction(async () =>
      app.strapi
        .plugin('booking')
        .service('earnings')
        .recordPenalty({ caregiverId: caregiver.caregiver.id, order, complaintKey: 'test-complaint', fineFen: 2000 }),
    );
    // A retried resolution books nothing new.
    await app.strapi.db.transaction(async () =>
      app.strapi
        .plugin('booking')
        .service('earnings')
        .recordPenalty({ caregiverId: caregiver.caregiver.id, order, complaintKey: 'test-complaint', fineFen: 2000 }),
    );
    // And the database itself refuses a second entry for one source.
    const row = {
      caregiverId: caregiver.caregiver.id,
      kind: 'penalty',
      sourceKey: 'penalty:test-complaint',
      amountFen: -2000,
      occurredAt: new Date(),
      settleableAt: new Date(),
    };
    // Judged by the error's code, not `.rejects.toThrow()`: better-sqlite3 binds its error class once per process, so
    // in the second test file of a worker its errors come from another sandbox and do not look like errors to jest.
    const refused = await app.strapi.db
      .transaction(async () => earnings().create({ data: row }))
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(isUniqueViolation(refused)).toBe(true);
    expect(await earnings().findMany({ where: { orderId: order.id, kind: 'penalty' } })).toEqual([expect.objectContaining({ amountFen: -2000 })]);
  });
});

describe('settlement', () => {
  it('closes a period once, holds recent entries, and shows statements only to their caregiver', async () => {
    const open = await earnings().findMany({ where: { caregiverId: caregiver.caregiver.id, statementId: { $null: true } } });
    const expectedPayable = open.reduce((s: number, e: any) => s + e.amountFen, 0);
    expect(expectedPayable).toBeGreaterThan(0);

    // Before the hold has passed, nothing is settleable.
    const early = await jobs().closeSettlements(new Date(Date.now() + 3 * DAY));
    expect(early.processed).toBe(0);
    expect(await statements().count({ where: { caregiverId: caregiver.caregiver.id } })).toBe(0);

    const at = new Date(Date.now() + 16 * DAY); // the hold (7 days) and the period (≤ 7 days) have both passed
    const first = await jobs().closeSettlements(at);
    expect(first).toMatchObject({ ran: true, processed: 1, failed: 0 });
    const second = await jobs().closeSettlements(at);
    expect(second.processed).toBe(0);
    const mine = await statements().findMany({ where: { caregiverId: caregiver.caregiver.id } });
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ payableFen: expectedPayable, entryCount: open.length, status: 'pending_approval' });
    expect(await earnings().count({ where: { statementId: mine[0].id } })).toBe(open.length);

    const list = await app.http().get('/api/booking/caregiver/statements').set(caregiver.auth).expect(200);
    expect(list.body.data).toEqual([expect.objectContaining({ statementNo: mine[0].statementNo, payableFen: expectedPayable })]);
    const detail = await app.http().get(`/api/booking/caregiver/statements/${mine[0].statementNo}`).set(caregiver.auth).expect(200);
    expect(detail.body.data.lines).toHaveLength(open.length);
    expect(detail.body.data.lines.reduce((s: number, l: any) => s + l.amountFen, 0)).toBe(expectedPayable);

    // Another caregiver: not found, and their own lists are empty.
    const theirs = await app.http().get(`/api/booking/caregiver/statements/${mine[0].statementNo}`).set(other.auth).expect(404);
    expect(theirs.body.error.details.code).toBe('STATEMENT_NOT_FOUND');
    expect((await app.http().get('/api/booking/caregiver/statements').set(other.auth).expect(200)).body.data).toEqual([]);
    expect((await app.http().get('/api/booking/caregiver/earnings').set(other.auth).expect(200)).body.data).toEqual([]);
    // A customer who is not a caregiver is refused.
    expect((await app.http().get('/api/booking/caregiver/earnings').set(customer.auth)).status).toBe(403);

    const mineEarnings = await app.http().get('/api/booking/caregiver/earnings?pageSize=100').set(caregiver.auth).expect(200);
    expect(mineEarnings.body.meta.pagination.total).toBe(open.length);
    const current = await app.http().get('/api/booking/caregiver/earnings/current').set(caregiver.auth).expect(200);
    expect(current.body.data.settleable.payableFen + current.body.data.held.payableFen).toBe(0);

    // Operators approve once.
    const ops = await adminToken(app);
    await app.http().post(`/booking/settlement/statements/${mine[0].statementNo}/approve`).set(ops.auth).send({}).expect(200);
    const again = await app.http().post(`/booking/settlement/statements/${mine[0].statementNo}/approve`).set(ops.auth).send({});
    expect(again.status).toBe(409);
    const listed = await app.http().get('/booking/settlement/statements?status=approved').set(ops.auth).expect(200);
    expect(listed.body.data.map((s: any) => s.statementNo)).toContain(mine[0].statementNo);
    const page = await app.http().get(`/booking/settlement/caregivers/${caregiver.caregiver.id}`).set(ops.auth).expect(200);
    expect(page.body.data.statements.map((s: any) => s.statementNo)).toEqual([mine[0].statementNo]);
    expect(page.body.meta.pagination.total).toBe(open.length);
    const bad = await app.http().get('/booking/settlement/statements/nope').set(ops.auth);
    expect(bad.status).toBe(400);
  });
});

describe('income and expenditure', () => {
  it('revenue, caregiver cost, fees and gross margin equal an independent computation', async () => {
    // Money received for two of the orders through real channels (a succeeded payment each).
    const done = await orders().findMany({ where: { status: 'completed' }, orderBy: { id: 'asc' } });
    const channels = ['wechat', 'alipay'];
    for (const [i, order] of done.slice(0, 2).entries()) {
      await app.strapi.db.query('plugin::booking.payment').create({
        data: {
          orderId: order.id,
          userId: order.userId,
          channel: channels[i],
          scene: 'native',
          tradeNo: `${order.orderNo}PX`,
          amountFen: order.totalFen,
          status: 'succeeded',
          succeededAt: new Date(),
          expiresAt: new Date(),
        },
      });
    }
    const today = beijingDateKey(new Date());
    const business = app.strapi.plugin('booking').service('analytics-business');
    const [all] = await business.live(dayRange(today, today), 'all');

    const entries = await earnings().findMany({});
    const cost = entries.filter((e: any) => beijingDateKey(new Date(e.occurredAt)) === today).reduce((s: number, e: any) => s + e.amountFen, 0);
    const payments = await app.strapi.db.query('plugin::booking.payment').findMany({ where: { status: 'succeeded' } });
    const paid = payments.reduce((s: number, p: any) => s + p.amountFen, 0);
    const fees = payments.reduce((s: number, p: any) => s + shareOf(p.amountFen, p.channel === 'wechat' ? 60 : 55), 0);
    expect(all).toMatchObject({ paidFen: paid, refundedFen: 0, netFen: paid, caregiverCostFen: cost, feesFen: fees, grossMarginFen: paid - cost - fees });
    expect(cost).not.toBe(0);
    expect(fees).toBeGreaterThan(0);

    // Per channel: each channel's fee at its own rate; the earnings of orders without a payment fall under 'none'.
    const byChannel = await business.live(dayRange(today, today), 'channel');
    for (const [i, channel] of channels.entries()) {
      const row = byChannel.find((r: any) => r.value === channel);
      const order = done[i];
      const orderCost = entries.filter((e: any) => e.orderId === order.id).reduce((s: number, e: any) => s + e.amountFen, 0);
      expect(row).toMatchObject({ paidFen: order.totalFen, feesFen: shareOf(order.totalFen, i === 0 ? 60 : 55), caregiverCostFen: orderCost });
    }
    expect(byChannel.reduce((s: number, r: any) => s + r.caregiverCostFen, 0)).toBe(cost);

    // The roll-up stores the same figures, and the CSV carries the new columns.
    await business.rollup(today, today);
    const stored = await business.rows(dayRange(today, today), 'all', undefined, new Date(Date.now() + 86_400_000));
    expect(stored.rows[0]).toMatchObject({ caregiverCostFen: cost, feesFen: fees, grossMarginFen: paid - cost - fees });
    const ops = await adminToken(app);
    const csv = await app.http().get(`/booking/analytics/business?from=${today}&to=${today}&dimension=all&format=csv`).set(ops.auth);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('毛利（分）');
  });
});

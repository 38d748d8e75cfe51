import type { Core } from '@strapi/strapi';
import { addDays, beijingDateKey, dayRange, growth, listDays, previousRange, type DayRange } from '../../domain/analytics-period';
import { analyticsSql, num, rowsOf, serviceCategorySql, type AnalyticsSql } from '../../utils/analytics-sql';
import { shareOf } from '../../domain/commission';
import { bookingConfig, lockKey } from '../../utils/plugin';

const METRIC_TABLE = 'booking_daily_metrics';

export type Dimension = 'all' | 'city' | 'category' | 'channel';
export const MEASURES = [
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
type Measure = (typeof MEASURES)[number];
export type MetricRow = { date: string; dimension: Dimension; value: string } & Record<Measure, number>;

const empty = (date: string, dimension: Dimension, value: string): MetricRow => ({
  date,
  dimension,
  value,
  orders: 0,
  gmvFen: 0,
  paidOrders: 0,
  paidFen: 0,
  refundedFen: 0,
  netFen: 0,
  caregiverCostFen: 0,
  feesFen: 0,
  grossMarginFen: 0,
  completed: 0,
  cancelled: 0,
});

/**
 * Business figures by Beijing day: orders placed, GMV (order totals of orders paid that day), money received
 * (succeeded payments), refunded (succeeded refunds), net, completions, cancellations; by city, service category or
 * payment channel. Past days are read from the daily roll-up (booking_daily_metrics), today is computed live;
 * both come from the same SQL aggregation, so a roll-up is exactly what the live query said for that day.
 * The channel of an order is the channel of its succeeded payment ('none' while unpaid).
 *
 * Income and expenditure: revenue is netFen (received − refunded); caregiver cost is the sum of caregiver earning
 * entries by the day they occurred (order earnings minus refund claw-backs and fines); payment fees are the
 * configured basis points of each channel (PAYMENT_FEE_BP) of the money received, rounded half up once per day,
 * dimension value and channel; gross margin = revenue − caregiver cost − fees.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;

  function dimensionSql(sql: AnalyticsSql, dimension: Dimension, alias: string): string {
    if (dimension === 'all') return `''`;
    if (dimension === 'city') return `${alias}.city_code`;
    if (dimension === 'category') return `COALESCE(cat.category_slug, '')`;
    return `COALESCE((SELECT MIN(p2.channel) FROM booking_payments p2 WHERE p2.order_id = ${alias}.id AND p2.status = 'succeeded'), 'none')`;
  }

  /** One grouped aggregate per measure family; rows are (day, value, measures), never order rows. */
  async function live(range: DayRange, dimension: Dimension, cityCode?: string): Promise<MetricRow[]> {
    const sql = await analyticsSql(strapi);
    const cat = dimension === 'category' ? `LEFT JOIN ${serviceCategorySql(strapi)} cat ON cat.document_id = o.service_document_id` : '';
    const city = cityCode ? ' AND o.city_code = ?' : '';
    const bounds = (extra: unknown[] = []) => [sql.at(range.startUtc), sql.at(range.endUtc), ...(cityCode ? [cityCode] : []), ...extra];
    const byOrders = (column: string, measures: string) =>
      knex().raw(
        `SELECT ${sql.day(`o.${column}`)} AS d, ${dimensionSql(sql, dimension, 'o')} AS v, ${measures}
         FROM booking_orders o ${cat}
         WHERE o.${column} >= ? AND o.${column} < ?${city} GROUP BY 1, 2`,
        bounds(),
      );
    const viaOrder = (table: string, alias: string, column: string, channel: string) =>
      knex().raw(
        `SELECT ${sql.day(`${alias}.${column}`)} AS d, ${dimension === 'channel' ? channel : dimensionSql(sql, dimension, 'o')} AS v, SUM(${alias}.amount_fen) AS amount
         FROM ${table} ${alias} JOIN booking_orders o ON o.id = ${alias}.order_id ${cat}
         WHERE ${alias}.status = 'succeeded' AND ${alias}.${column} >= ? AND ${alias}.${column} < ?${city} GROUP BY 1, 2`,
        bounds(),
      );

    const feeBp = bookingConfig(strapi).earnings?.feeBp ?? {};
    const [placed, paid, completed, cancelled, payments, refunds, cost, byChannel] = await Promise.all([
      byOrders('created_at', 'COUNT(*) AS n'),
      byOrders('paid_at', 'COUNT(*) AS n, SUM(o.total_fen) AS amount'),
      byOrders('completed_at', 'COUNT(*) AS n'),
      byOrders('cancelled_at', 'COUNT(*) AS n'),
      viaOrder('booking_payments', 'p', 'succeeded_at', 'p.channel'),
      viaOrder('booking_refunds', 'r', 'settled_at', `COALESCE(r.channel, 'none')`),
      knex().raw(
        `SELECT ${sql.day('e.occurred_at')} AS d, ${dimensionSql(sql, dimension, 'o')} AS v, SUM(e.amount_fen) AS amount
         FROM booking_earnings e JOIN booking_orders o ON o.id = e.order_id ${cat}
         WHERE e.occurred_at >= ? AND e.occurred_at < ?${city} GROUP BY 1, 2`,
        bounds(),
      ),
      Object.keys(feeBp).length === 0
        ? null
        : knex().raw(
            `SELECT ${sql.day('p.succeeded_at')} AS d, ${dimension === 'channel' ? 'p.channel' : dimensionSql(sql, dimension, 'o')} AS v, p.channel AS ch, SUM(p.amount_fen) AS amount
             FROM booking_payments p JOIN booking_orders o ON o.id = p.order_id ${cat}
             WHERE p.status = 'succeeded' AND p.succeeded_at >= ? AND p.succeeded_at < ?${city} GROUP BY 1, 2, 3`,
            bounds(),
          ),
    ]);

    const rows = new Map<string, MetricRow>();
    const at = (r: any) => {
      const key = `${r.d}\u0000${r.v ?? ''}`;
      if (!rows.has(key)) rows.set(key, empty(r.d, dimension, String(r.v ?? '')));
      return rows.get(key)!;
    };
    for (const r of rowsOf(placed)) at(r).orders += num(r.n);
    for (const r of rowsOf(paid)) Object.assign(at(r), { paidOrders: at(r).paidOrders + num(r.n), gmvFen: at(r).gmvFen + num(r.amount) });
    for (const r of rowsOf(completed)) at(r).completed += num(r.n);
    for (const r of rowsOf(cancelled)) at(r).cancelled += num(r.n);
    for (const r of rowsOf(payments)) at(r).paidFen += num(r.amount);
    for (const r of rowsOf(refunds)) at(r).refundedFen += num(r.amount);
    for (const r of rowsOf(cost)) at(r).caregiverCostFen += num(r.amount);
    if (byChannel) for (const r of rowsOf(byChannel)) at(r).feesFen += shareOf(num(r.amount), feeBp[r.ch] ?? 0);
    for (const row of rows.values()) {
      row.netFen = row.paidFen - row.refundedFen;
      row.grossMarginFen = row.netFen - row.caregiverCostFen - row.feesFen;
    }
    return [...rows.values()];
  }

  const fromStored = (r: any): MetricRow => ({
    date: r.date,
    dimension: r.dimension,
    value: r.dimension_value,
    orders: num(r.orders),
    gmvFen: num(r.gmv_fen),
    paidOrders: num(r.paid_orders),
    paidFen: num(r.paid_fen),
    refundedFen: num(r.refunded_fen),
    netFen: num(r.net_fen),
    caregiverCostFen: num(r.caregiver_cost_fen),
    feesFen: num(r.fees_fen),
    grossMarginFen: num(r.gross_margin_fen),
    completed: num(r.completed),
    cancelled: num(r.cancelled),
  });

  const sortRows = (rows: MetricRow[]) => rows.sort((a, b) => a.date.localeCompare(b.date) || a.value.localeCompare(b.value));

  const api = {
    live,

    /** Rows for a range: roll-ups for past days that have one, live SQL for the rest (today, or days never rolled up). */
    async rows(range: DayRange, dimension: Dimension, cityCode?: string, now = new Date()) {
      const today = beijingDateKey(now);
      // A roll-up has no city × category cross: a city filter on another dimension is computed live.
      const useRollup = !cityCode || dimension === 'city' || dimension === 'all';
      const pastTo = range.to < today ? range.to : addDays(today, -1);
      let stored: MetricRow[] = [];
      let rolledDays = new Set<string>();
      if (useRollup && pastTo >= range.from) {
        const marker = rowsOf(await knex().raw(`SELECT date FROM ${METRIC_TABLE} WHERE dimension = 'all' AND date >= ? AND date <= ?`, [range.from, pastTo]));
        rolledDays = new Set(marker.map((r: any) => r.date));
        const storedDimension = cityCode && dimension === 'all' ? 'city' : dimension;
        const filter = cityCode ? ' AND dimension_value = ?' : '';
        const raw = rowsOf(
          await knex().raw(`SELECT * FROM ${METRIC_TABLE} WHERE dimension = ? AND date >= ? AND date <= ?${filter}`, [
            storedDimension,
            range.from,
            pastTo,
            ...(cityCode ? [cityCode] : []),
          ]),
        );
        stored = raw.filter((r: any) => rolledDays.has(r.date)).map(fromStored);
        if (cityCode && dimension === 'all') stored = stored.map((r) => ({ ...r, dimension: 'all', value: '' }));
      }
      const missing = listDays(range).filter((d) => !rolledDays.has(d));
      let computed: MetricRow[] = [];
      if (missing.length > 0) {
        const span = dayRange(missing[0], missing[missing.length - 1]);
        const wanted = new Set(missing);
        computed = (await live(span, dimension, cityCode)).filter((r) => wanted.has(r.date));
      }
      return { rows: sortRows([...stored, ...computed]), rolledUpDays: range.days - missing.length, liveDays: missing.length };
    },

    /** The figures route: rows, totals, the previous period of equal length, and growth against it. */
    async report(range: DayRange, dimension: Dimension, cityCode?: string, now = new Date()) {
      const current = await api.rows(range, dimension, cityCode, now);
      const previous = await api.rows(previousRange(range), 'all', cityCode, now);
      const sum = (rows: MetricRow[]) => Object.fromEntries(MEASURES.map((m) => [m, rows.reduce((acc, r) => acc + r[m], 0)])) as Record<Measure, number>;
      const totals = sum(current.rows);
      const before = sum(previous.rows);
      return {
        data: {
          rows: current.rows,
          totals,
          previous: { from: previousRange(range).from, to: previousRange(range).to, totals: before },
          growth: Object.fromEntries(MEASURES.map((m) => [m, growth(totals[m], before[m])])),
        },
        meta: { from: range.from, to: range.to, dimension, cityCode: cityCode ?? null, rolledUpDays: current.rolledUpDays, liveDays: current.liveDays },
      };
    },

    /**
     * Recomputes the roll-up of [from, to] for every dimension and replaces it in one transaction: idempotent, and
     * a reader never sees a half-written day. Every day gets an 'all' row (zeros included), which marks it rolled up.
     */
    async rollup(from: string, to: string) {
      const range = dayRange(from, to);
      const sql = await analyticsSql(strapi);
      const stamp = sql.at(new Date());
      const rows: MetricRow[] = [];
      for (const dimension of ['all', 'city', 'category', 'channel'] as Dimension[]) rows.push(...(await live(range, dimension)));
      const haveAll = new Set(rows.filter((r) => r.dimension === 'all').map((r) => r.date));
      for (const day of listDays(range)) if (!haveAll.has(day)) rows.push(empty(day, 'all', ''));
      await strapi.db.transaction(async ({ trx }) => {
        // Two roll-ups at once (the job on two instances, an operator's backfill) replace days one after the other.
        await lockKey(strapi, trx, 'booking-analytics-rollup');
        await knex()
          .raw(`DELETE FROM ${METRIC_TABLE} WHERE date >= ? AND date <= ?`, [range.from, range.to])
          .transacting(trx as any);
        const data = rows.map((r) => ({
          date: r.date,
          dimension: r.dimension,
          dimension_value: r.value,
          orders: r.orders,
          gmv_fen: r.gmvFen,
          paid_orders: r.paidOrders,
          paid_fen: r.paidFen,
          refunded_fen: r.refundedFen,
          net_fen: r.netFen,
          caregiver_cost_fen: r.caregiverCostFen,
          fees_fen: r.feesFen,
          gross_margin_fen: r.grossMarginFen,
          completed: r.completed,
          cancelled: r.cancelled,
          rolled_up_at: stamp,
          created_at: stamp,
          updated_at: stamp,
        }));
        for (let i = 0; i < data.length; i += 200)
          await knex()(METRIC_TABLE)
            .insert(data.slice(i, i + 200))
            .transacting(trx as any);
      });
      return { from: range.from, to: range.to, days: range.days, rows: rows.length };
    },

    /** The job's window: the three days before today (late payments and refunds settle within it). */
    rollupRecent(now = new Date()) {
      const today = beijingDateKey(now);
      return api.rollup(addDays(today, -3), addDays(today, -1));
    },
  };
  return api;
};

import type { Core } from '@strapi/strapi';
import { addDays, dayRange, monthRange, type DayRange } from '../../domain/analytics-period';
import { AWARD_RULE, monthlyAwards, needsRetraining, ON_TIME_GRACE_MINUTES, ratio, RETRAINING_RULE } from '../../domain/quality-rules';
import { analyticsSql, num, rowsOf, tableOf } from '../../utils/analytics-sql';
import { UID } from '../../content-types/uids';

const REVIEW = UID.review;
const COMPLAINT = UID.complaint;
/** A complaint is upheld when an operator resolved it (with remedies) rather than rejecting it. */
const UPHELD_STATUS = 'resolved';
const RATING_WINDOW_DAYS = 90;

export interface CaregiverQuality {
  caregiverId: number;
  name: string | null;
  assigned: number;
  served: number;
  completed: number;
  cancelled: number;
  started: number;
  onTime: number;
  onTimeRate: number | null;
  reviewCount: number;
  rating: number | null;
  attitude: number | null;
  skill: number | null;
  punctuality: number | null;
  complaints: number;
  upheldComplaints: number;
  complaintRate: number | null;
}

const round2 = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 100) / 100);

/**
 * Service quality per caregiver over orders whose booked start falls in the range: served (finished or later),
 * cancellations, on-time starts (started ≤ booked start + 10 min), review scores (visible reviews written in the
 * range) and complaints (filed in the range; upheld = resolved). Reviews and complaints are read only when those
 * modules are installed.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const has = (uid: string) => Boolean((strapi.contentTypes as any)[uid]);

  async function reviewsBy(range: DayRange) {
    if (!has(REVIEW)) return new Map<number, any>();
    const sql = await analyticsSql(strapi);
    const rows = rowsOf(
      await knex().raw(
        `SELECT caregiver_id, COUNT(*) AS n, AVG(overall) AS overall, AVG(attitude) AS attitude, AVG(skill) AS skill, AVG(punctuality) AS punctuality
         FROM ${tableOf(strapi, REVIEW)} WHERE (hidden IS NULL OR hidden = ?) AND created_at >= ? AND created_at < ? GROUP BY caregiver_id`,
        [false, sql.at(range.startUtc), sql.at(range.endUtc)],
      ),
    );
    return new Map(rows.map((r: any) => [num(r.caregiver_id), r]));
  }

  async function complaintsBy(range: DayRange, column: 'created_at' | 'closed_at') {
    if (!has(COMPLAINT)) return new Map<number, { n: number; upheld: number }>();
    const sql = await analyticsSql(strapi);
    const rows = rowsOf(
      await knex().raw(
        `SELECT caregiver_id, COUNT(*) AS n, SUM(CASE WHEN status = ? THEN 1 ELSE 0 END) AS upheld
         FROM ${tableOf(strapi, COMPLAINT)} WHERE caregiver_id IS NOT NULL AND ${column} >= ? AND ${column} < ? GROUP BY caregiver_id`,
        [UPHELD_STATUS, sql.at(range.startUtc), sql.at(range.endUtc)],
      ),
    );
    return new Map(rows.map((r: any) => [num(r.caregiver_id), { n: num(r.n), upheld: num(r.upheld) }]));
  }

  const api = {
    reviewsEnabled: () => has(REVIEW),

    async caregivers(range: DayRange, cityCode?: string): Promise<CaregiverQuality[]> {
      const sql = await analyticsSql(strapi);
      const caregivers = tableOf(strapi, UID.caregiver);
      const orders = rowsOf(
        await knex().raw(
          `SELECT o.caregiver_id AS caregiver_id, MIN(cg.real_name) AS name, COUNT(*) AS assigned,
             SUM(CASE WHEN o.status IN ('finished', 'completed', 'reviewed') THEN 1 ELSE 0 END) AS served,
             SUM(CASE WHEN o.status IN ('completed', 'reviewed') THEN 1 ELSE 0 END) AS completed,
             SUM(CASE WHEN o.status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
             SUM(CASE WHEN o.started_at IS NOT NULL THEN 1 ELSE 0 END) AS started,
             SUM(CASE WHEN o.started_at IS NOT NULL AND ${sql.withinMinutes('o.started_at', 'o.start_at', ON_TIME_GRACE_MINUTES)} THEN 1 ELSE 0 END) AS on_time
           FROM booking_orders o LEFT JOIN ${caregivers} cg ON cg.id = o.caregiver_id
           WHERE o.caregiver_id IS NOT NULL AND o.start_at >= ? AND o.start_at < ?${cityCode ? ' AND o.city_code = ?' : ''}
           GROUP BY o.caregiver_id`,
          [sql.at(range.startUtc), sql.at(range.endUtc), ...(cityCode ? [cityCode] : [])],
        ),
      );
      const [reviews, complaints] = await Promise.all([reviewsBy(range), complaintsBy(range, 'created_at')]);
      return orders
        .map((r: any): CaregiverQuality => {
          const id = num(r.caregiver_id);
          const review = reviews.get(id);
          const complaint = complaints.get(id) ?? { n: 0, upheld: 0 };
          return {
            caregiverId: id,
            name: r.name ?? null,
            assigned: num(r.assigned),
            served: num(r.served),
            completed: num(r.completed),
            cancelled: num(r.cancelled),
            started: num(r.started),
            onTime: num(r.on_time),
            onTimeRate: ratio(num(r.on_time), num(r.started)),
            reviewCount: num(review?.n),
            rating: round2(review?.overall),
            attitude: round2(review?.attitude),
            skill: round2(review?.skill),
            punctuality: round2(review?.punctuality),
            complaints: complaint.n,
            upheldComplaints: complaint.upheld,
            complaintRate: ratio(complaint.n, num(r.served)),
          };
        })
        .sort((a: CaregiverQuality, b: CaregiverQuality) => b.served - a.served || a.caregiverId - b.caregiverId);
    },

    /** 优秀陪护人员 of a month by AWARD_RULE. */
    async awards(month: string) {
      const range = monthRange(month);
      const rows = await api.caregivers(range);
      const ratingsEnabled = api.reviewsEnabled();
      const winners = monthlyAwards(
        rows.map((r) => ({
          caregiverId: r.caregiverId,
          completed: r.completed,
          rating: r.rating,
          reviewCount: r.reviewCount,
          upheldComplaints: r.upheldComplaints,
        })),
        ratingsEnabled,
      );
      const byId = new Map(rows.map((r) => [r.caregiverId, r]));
      return {
        data: winners.map((w, i) => ({ rank: i + 1, title: '优秀陪护人员', ...byId.get(w.caregiverId)! })),
        meta: { month, rule: AWARD_RULE.text, ratingsEnabled },
      };
    },

    /** Caregivers needing retraining as of a day: ratings of the last 90 days, upheld complaints of the last 30. */
    async retraining(asOf: string) {
      const ratingRange = dayRange(addDays(asOf, -(RATING_WINDOW_DAYS - 1)), asOf);
      const complaintRange = dayRange(addDays(asOf, -(RETRAINING_RULE.complaintWindowDays - 1)), asOf);
      const [reviews, complaints] = await Promise.all([reviewsBy(ratingRange), complaintsBy(complaintRange, 'closed_at')]);
      const ids = new Set<number>([...reviews.keys(), ...complaints.keys()]);
      const candidates = [...ids].map((id) => ({
        caregiverId: id,
        rating: round2(reviews.get(id)?.overall),
        reviewCount: num(reviews.get(id)?.n),
        recentUpheldComplaints: complaints.get(id)?.upheld ?? 0,
      }));
      const list = needsRetraining(candidates);
      const names = list.length
        ? new Map(
            (await strapi.db.query(UID.caregiver).findMany({ where: { id: { $in: list.map((r) => r.caregiverId) } }, select: ['id', 'realName'] })).map(
              (c: any) => [c.id, c.realName],
            ),
          )
        : new Map();
      return {
        data: list.map((r) => ({ ...r, name: names.get(r.caregiverId) ?? null })),
        meta: { asOf, rule: RETRAINING_RULE.text, ratingWindowDays: RATING_WINDOW_DAYS },
      };
    },
  };
  return api;
};

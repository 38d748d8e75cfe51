/**
 * Service-quality rules for caregivers: the monthly 优秀陪护人员 award and who needs retraining. Pure, so the
 * operators' rules are stated once and tested by table.
 */

export interface CaregiverMonth {
  caregiverId: number;
  /** Orders completed (or reviewed) in the period. */
  completed: number;
  /** Mean overall score of visible reviews in the period; null without reviews. */
  rating: number | null;
  reviewCount: number;
  /** Complaints found justified (resolved against the caregiver) in the period. */
  upheldComplaints: number;
}

export const AWARD_RULE = {
  minCompleted: 10,
  minRating: 4.8,
  minReviews: 3,
  maxUpheldComplaints: 0,
  top: 10,
  text: '当月完成订单 ≥ 10 单、综合评分 ≥ 4.8（至少 3 条评价）、无成立的投诉；按完成单数、评分排序取前 10 名',
} as const;

export const RETRAINING_RULE = {
  lowRating: 4.0,
  minReviewsForRating: 5,
  upheldComplaints: 2,
  complaintWindowDays: 30,
  text: '近期评分 < 4.0（至少 5 条评价），或 30 天内成立的投诉 ≥ 2 次',
} as const;

const byRankThenId = (a: CaregiverMonth, b: CaregiverMonth) => b.completed - a.completed || (b.rating ?? 0) - (a.rating ?? 0) || a.caregiverId - b.caregiverId;

/**
 * Award winners of a month. `ratingsEnabled: false` (no review module deployed) drops the rating criterion rather
 * than awarding nobody; the answer says which rule applied.
 */
export function monthlyAwards(rows: CaregiverMonth[], ratingsEnabled = true): CaregiverMonth[] {
  return rows
    .filter(
      (r) =>
        r.completed >= AWARD_RULE.minCompleted &&
        r.upheldComplaints <= AWARD_RULE.maxUpheldComplaints &&
        (!ratingsEnabled || (r.rating !== null && r.reviewCount >= AWARD_RULE.minReviews && r.rating >= AWARD_RULE.minRating)),
    )
    .sort(byRankThenId)
    .slice(0, AWARD_RULE.top);
}

export interface RetrainingInput {
  caregiverId: number;
  rating: number | null;
  reviewCount: number;
  /** Upheld complaints in the last RETRAINING_RULE.complaintWindowDays days. */
  recentUpheldComplaints: number;
}

export type RetrainingReason = 'low_rating' | 'complaints';

export function retrainingReasons(row: RetrainingInput): RetrainingReason[] {
  const reasons: RetrainingReason[] = [];
  if (row.rating !== null && row.reviewCount >= RETRAINING_RULE.minReviewsForRating && row.rating < RETRAINING_RULE.lowRating) reasons.push('low_rating');
  if (row.recentUpheldComplaints >= RETRAINING_RULE.upheldComplaints) reasons.push('complaints');
  return reasons;
}

export function needsRetraining<T extends RetrainingInput>(rows: T[]): Array<T & { reasons: RetrainingReason[] }> {
  return rows
    .map((row) => ({ ...row, reasons: retrainingReasons(row) }))
    .filter((row) => row.reasons.length > 0)
    .sort((a, b) => a.caregiverId - b.caregiverId);
}

/** On time: started no later than the booked start plus the grace period. */
export const ON_TIME_GRACE_MINUTES = 10;
export const isOnTime = (startAt: Date, startedAt: Date) => startedAt.getTime() <= startAt.getTime() + ON_TIME_GRACE_MINUTES * 60_000;

/** A ratio rounded to 4 places; null when nothing to divide. */
export const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

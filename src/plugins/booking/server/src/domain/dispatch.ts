/**
 * Dispatch rules: who may be offered an order (eligibility, with every reason they may not) and in what order
 * (rank, with the score's breakdown so operators can see why). Pure: the service loads the facts (credentials,
 * schedule freedom, blocks) and passes them in.
 */
import { beijingDateKey } from './beijing-time';
import { EARTH_RADIUS_KM, haversineKm, isValidLatLng, type LatLng } from './geo';
import { isWithinWorkingHours } from './working-hours';

export type CaregiverLevel = 'junior' | 'intermediate' | 'senior' | 'gold';
export type Gender = 'male' | 'female';

export interface CandidateCredential {
  code: string;
  /** YYYY-MM-DD, inclusive; null = open. Only approved credentials are passed in. */
  validFrom: string | null;
  validUntil: string | null;
}

export interface DispatchCandidate {
  id: number;
  userId: number | null;
  status: string;
  suspendedUntil: Date | null;
  online: boolean;
  workingHours: unknown;
  /** The service is among the caregiver's skills (precomputed by the loader). */
  offersService: boolean;
  /** Home city or one of the service cities is the order's city (precomputed by the loader). */
  servesCity: boolean;
  /** Current position when reported, else home. */
  location: LatLng | null;
  serviceRadiusKm: number;
  gender: Gender | null;
  level: CaregiverLevel;
  rating: number;
  ratingCount: number;
  completedOrders: number;
  lastAssignedAt: Date | null;
  credentials: CandidateCredential[];
  /** null: the training module is absent, nothing can be required. */
  passedCourseIds: Array<number | string> | null;
  /** No schedule slot overlaps the order's busy interval (precomputed from schedules). */
  isFree: boolean;
  /** The customer blocked this caregiver. */
  blocked: boolean;
}

export interface DispatchOrder {
  startAt: Date;
  place: LatLng | null;
  requiredCredentialTypes: string[];
  requiredCourseIds: Array<number | string>;
  genderPreference?: Gender | null;
}

export type IneligibilityCode =
  | 'NOT_APPROVED'
  | 'SUSPENDED'
  | 'UNAVAILABLE'
  | 'CREDENTIAL_MISSING'
  | 'CREDENTIAL_EXPIRED'
  | 'TRAINING_MISSING'
  | 'NO_SKILL'
  | 'OTHER_CITY'
  | 'OUT_OF_RANGE'
  | 'BUSY'
  | 'GENDER_MISMATCH'
  | 'BLOCKED';

export interface Reason {
  code: IneligibilityCode;
  message: string;
}

export interface Eligibility {
  eligible: boolean;
  reasons: Reason[];
  distanceKm: number | null;
}

const GENDER_LABEL: Record<Gender, string> = { male: '男', female: '女' };

/**
 * The latitude/longitude box containing every point within `km` of `center`: a cheap, index-friendly pre-filter
 * for the candidate query before the exact haversine. Slightly larger than the circle, never smaller.
 */
export function boundingBox(center: LatLng, km: number) {
  const dLat = (km / EARTH_RADIUS_KM) * (180 / Math.PI);
  const cos = Math.max(Math.cos((center.latitude * Math.PI) / 180), 1e-6);
  const dLng = Math.min(180, dLat / cos);
  return { minLat: center.latitude - dLat, maxLat: center.latitude + dLat, minLng: center.longitude - dLng, maxLng: center.longitude + dLng };
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export function distanceKm(candidate: Pick<DispatchCandidate, 'location'>, order: Pick<DispatchOrder, 'place'>): number | null {
  if (!isValidLatLng(candidate.location) || !isValidLatLng(order.place)) return null;
  return haversineKm(candidate.location, order.place);
}

/** Every reason the candidate may not take the order; eligible when there is none. */
export function eligibility(candidate: DispatchCandidate, order: DispatchOrder, context: { now: Date }): Eligibility {
  const reasons: Reason[] = [];
  const add = (code: IneligibilityCode, message: string) => reasons.push({ code, message });

  if (candidate.status === 'suspended' || (candidate.suspendedUntil && candidate.suspendedUntil.getTime() > context.now.getTime())) {
    add('SUSPENDED', '陪护人员处于停单期');
  } else if (candidate.status !== 'approved') {
    add('NOT_APPROVED', '陪护人员尚未通过审核');
  }

  if (!candidate.online && !isWithinWorkingHours(candidate.workingHours, order.startAt)) {
    add('UNAVAILABLE', '陪护人员不在线，且预约开始时间不在其工作时段内');
  }

  const serviceDate = beijingDateKey(order.startAt);
  for (const code of order.requiredCredentialTypes) {
    const held = candidate.credentials.filter((c) => c.code === code);
    const valid = held.some((c) => (!c.validFrom || c.validFrom <= serviceDate) && (!c.validUntil || c.validUntil >= serviceDate));
    if (valid) continue;
    if (held.length > 0) add('CREDENTIAL_EXPIRED', `资质「${code}」在服务日期 ${serviceDate} 不在有效期内`);
    else add('CREDENTIAL_MISSING', `缺少服务要求的资质「${code}」`);
  }

  if (candidate.passedCourseIds && order.requiredCourseIds.length > 0) {
    const passed = new Set(candidate.passedCourseIds.map(String));
    const missing = order.requiredCourseIds.filter((id) => !passed.has(String(id)));
    if (missing.length > 0) add('TRAINING_MISSING', `尚未通过该服务要求的培训考核（${missing.length} 门）`);
  }

  if (!candidate.offersService) add('NO_SKILL', '陪护人员不提供该服务');
  if (!candidate.servesCity) add('OTHER_CITY', '陪护人员不在该城市服务');

  const distance = distanceKm(candidate, order);
  if (distance === null) add('OUT_OF_RANGE', '陪护人员未设置位置，无法判断服务范围');
  else if (distance > candidate.serviceRadiusKm)
    add('OUT_OF_RANGE', `服务地点距离 ${round(distance, 1)} 公里，超出其服务半径 ${candidate.serviceRadiusKm} 公里`);

  if (!candidate.isFree) add('BUSY', '陪护人员在该时段已有安排');

  if (order.genderPreference && candidate.gender !== order.genderPreference) {
    add('GENDER_MISMATCH', `用户要求${GENDER_LABEL[order.genderPreference]}性陪护人员`);
  }

  if (candidate.blocked) add('BLOCKED', '用户已屏蔽该陪护人员');

  return { eligible: reasons.length === 0, reasons, distanceKm: distance === null ? null : round(distance, 3) };
}

/**
 * Ranking weights (sum 1). Each factor is normalised to 0..1:
 * - distance 0.35: 1 at the place, 0 at DISTANCE_CAP_KM or beyond (linear): nearer means punctual and cheaper to travel.
 * - rating 0.25: Bayesian average toward RATING_PRIOR with RATING_PRIOR_WEIGHT pseudo-reviews, /5: a new caregiver
 *   with one 5-star review does not outrank a proven 4.8.
 * - fairness 0.20: hours since the last assignment, capped at FAIRNESS_CAP_HOURS (never assigned = 1): spreads work.
 * - experience 0.10: log(1 + completed orders) / log(1 + EXPERIENCE_CAP).
 * - level 0.10: junior 0, intermediate 1/3, senior 2/3, gold 1.
 * Ties: nearer first, then lower id (stable and deterministic).
 */
export const RANK_WEIGHTS = { distance: 0.35, rating: 0.25, fairness: 0.2, experience: 0.1, level: 0.1 } as const;
export const DISTANCE_CAP_KM = 30;
export const RATING_PRIOR = 4.5;
export const RATING_PRIOR_WEIGHT = 5;
export const FAIRNESS_CAP_HOURS = 72;
export const EXPERIENCE_CAP = 500;
const LEVEL_SCORE: Record<CaregiverLevel, number> = { junior: 0, intermediate: 1 / 3, senior: 2 / 3, gold: 1 };

export type ScoreBreakdown = Record<keyof typeof RANK_WEIGHTS, number>;

export interface Ranked<C extends DispatchCandidate = DispatchCandidate> {
  candidate: C;
  score: number;
  breakdown: ScoreBreakdown;
  distanceKm: number | null;
}

const clamp01 = (n: number) => (Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0);

export function scoreCandidate(candidate: DispatchCandidate, order: Pick<DispatchOrder, 'place'>, now: Date): Omit<Ranked, 'candidate'> {
  const distance = distanceKm(candidate, order);
  const ratingCount = Math.max(0, candidate.ratingCount || 0);
  const smoothed = (Number(candidate.rating || 0) * ratingCount + RATING_PRIOR * RATING_PRIOR_WEIGHT) / (ratingCount + RATING_PRIOR_WEIGHT);
  const idleHours = candidate.lastAssignedAt ? (now.getTime() - candidate.lastAssignedAt.getTime()) / 3_600_000 : FAIRNESS_CAP_HOURS;
  const factors: ScoreBreakdown = {
    distance: distance === null ? 0 : clamp01(1 - distance / DISTANCE_CAP_KM),
    rating: clamp01(smoothed / 5),
    fairness: clamp01(idleHours / FAIRNESS_CAP_HOURS),
    experience: clamp01(Math.log1p(Math.max(0, candidate.completedOrders || 0)) / Math.log1p(EXPERIENCE_CAP)),
    level: LEVEL_SCORE[candidate.level] ?? 0,
  };
  const breakdown = Object.fromEntries(
    (Object.keys(RANK_WEIGHTS) as Array<keyof ScoreBreakdown>).map((k) => [k, round(factors[k] * RANK_WEIGHTS[k], 4)]),
  ) as ScoreBreakdown;
  const score = round(
    Object.values(breakdown).reduce((a, b) => a + b, 0),
    4,
  );
  return { score, breakdown, distanceKm: distance === null ? null : round(distance, 3) };
}

/** Highest score first; see RANK_WEIGHTS. Does not filter: pass only eligible candidates to offer. */
export function rank<C extends DispatchCandidate>(candidates: C[], order: Pick<DispatchOrder, 'place'>, now: Date): Array<Ranked<C>> {
  return candidates
    .map((candidate) => ({ candidate, ...scoreCandidate(candidate, order, now) }))
    .sort(
      (a, b) => b.score - a.score || (a.distanceKm ?? Number.POSITIVE_INFINITY) - (b.distanceKm ?? Number.POSITIVE_INFINITY) || a.candidate.id - b.candidate.id,
    );
}

/**
 * A caregiver refused only because their calendar is taken gets the calendar's own answer (409 CAREGIVER_BUSY, as
 * the schedule constraint gives under a race), not a 422: the customer can pick another time.
 */
export function onlyBusy(reasons: readonly Reason[]): boolean {
  return reasons.length > 0 && reasons.every((r) => r.code === 'BUSY');
}

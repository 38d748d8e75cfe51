/**
 * Caregiver level (初级 junior / 中级 intermediate / 高级 senior / 金牌 gold): pure, no Strapi.
 *
 * The rating is a Bayesian average: a caregiver with few reviews is pulled toward the platform prior, so two
 * five-star reviews do not outrank two hundred 4.9s. bayes = (PRIOR_WEIGHT × PRIOR_MEAN + n × rating) / (PRIOR_WEIGHT + n).
 *
 * A level is the highest whose every threshold is met (docs/decisions.md):
 * | level        | completed orders | Bayesian rating | passed courses | penalty points |
 * |--------------|------------------|-----------------|----------------|----------------|
 * | gold         | ≥ 200            | ≥ 4.85          | ≥ 5            | ≤ 2            |
 * | senior       | ≥ 80             | ≥ 4.7           | ≥ 3            | ≤ 5            |
 * | intermediate | ≥ 20             | ≥ 4.5           | ≥ 1            | ≤ 10           |
 * | junior       | everyone else                                                        |
 */
export type CaregiverLevel = 'junior' | 'intermediate' | 'senior' | 'gold';

export const PRIOR_MEAN = 4.5;
export const PRIOR_WEIGHT = 10;

export interface LevelInput {
  completedOrders: number;
  rating: number;
  ratingCount: number;
  passedCourses: number;
  penaltyPoints: number;
}

interface Threshold {
  level: CaregiverLevel;
  minOrders: number;
  minRating: number;
  minCourses: number;
  maxPenalty: number;
}

export const LEVEL_THRESHOLDS: readonly Threshold[] = [
  { level: 'gold', minOrders: 200, minRating: 4.85, minCourses: 5, maxPenalty: 2 },
  { level: 'senior', minOrders: 80, minRating: 4.7, minCourses: 3, maxPenalty: 5 },
  { level: 'intermediate', minOrders: 20, minRating: 4.5, minCourses: 1, maxPenalty: 10 },
];

export const LEVEL_LABELS: Record<CaregiverLevel, string> = { junior: '初级', intermediate: '中级', senior: '高级', gold: '金牌' };

const finite = (value: number) => (Number.isFinite(value) ? value : 0);

export function bayesianRating(rating: number, count: number): number {
  const n = Math.max(0, Math.trunc(finite(count)));
  const r = Math.min(5, Math.max(0, finite(rating)));
  return (PRIOR_WEIGHT * PRIOR_MEAN + n * r) / (PRIOR_WEIGHT + n);
}

export function caregiverLevel(input: LevelInput): CaregiverLevel {
  const bayes = bayesianRating(input.rating, input.ratingCount);
  // Rounded to 2 decimals so a 4.8499999 from float noise is not a different level than the shown 4.85.
  const shown = Math.round(bayes * 100) / 100;
  const hit = LEVEL_THRESHOLDS.find(
    (t) =>
      finite(input.completedOrders) >= t.minOrders &&
      shown >= t.minRating &&
      finite(input.passedCourses) >= t.minCourses &&
      finite(input.penaltyPoints) <= t.maxPenalty,
  );
  return hit?.level ?? 'junior';
}

/**
 * Caregiver rating as a Bayesian average: (C * m + sum) / (C + n).
 *
 * A plain mean lets one 5-star review put a newcomer above a caregiver with 200 reviews averaging 4.9. The prior
 * pulls small samples towards the platform's typical score and fades as reviews accumulate.
 * - m (RATING_PRIOR_MEAN = 4.5): the score a typical completed order gets on this kind of platform; a caregiver
 *   must beat it with real reviews to rise above it.
 * - C (RATING_PRIOR_WEIGHT = 5): the prior counts like five reviews, so after ~20 reviews it moves the result
 *   by at most a tenth of a star.
 * With no (visible) review at all the rating is 0 = "not rated yet", the same as a fresh caregiver profile.
 */
export const RATING_PRIOR_MEAN = 4.5;
export const RATING_PRIOR_WEIGHT = 5;

export interface RatingPrior {
  mean: number;
  weight: number;
}

export function bayesianRating(
  scores: readonly number[],
  prior: RatingPrior = { mean: RATING_PRIOR_MEAN, weight: RATING_PRIOR_WEIGHT },
): { rating: number; count: number } {
  const valid = scores.filter((s) => Number.isInteger(s) && s >= 1 && s <= 5);
  if (valid.length === 0) return { rating: 0, count: 0 };
  const sum = valid.reduce((a, b) => a + b, 0);
  const raw = (prior.weight * prior.mean + sum) / (prior.weight + valid.length);
  // One decimal, rounded half up; the epsilon keeps 4.45 (binary 4.4499…) from rounding down.
  return { rating: Math.round(raw * 10 + 1e-9) / 10, count: valid.length };
}

import { bayesianRating, caregiverLevel, PRIOR_MEAN, type LevelInput } from '../../src/plugins/booking/server/src/domain/caregiver-level';

const base: LevelInput = { completedOrders: 0, rating: 0, ratingCount: 0, passedCourses: 0, penaltyPoints: 0 };

describe('bayesianRating', () => {
  it.each([
    [0, 0, PRIOR_MEAN],
    [5, 2, (10 * 4.5 + 2 * 5) / 12],
    [4.9, 30, (10 * 4.5 + 30 * 4.9) / 40],
    [4.0, 1000, (10 * 4.5 + 1000 * 4) / 1010],
    [9, 10, (10 * 4.5 + 10 * 5) / 20], // out-of-range ratings are clamped
    [Number.NaN, 5, (10 * 4.5) / 15],
  ])('rating %p over %p reviews', (rating, count, expected) => {
    expect(bayesianRating(rating, count)).toBeCloseTo(expected, 10);
  });
});

describe('caregiverLevel', () => {
  it.each<[string, Partial<LevelInput>, string]>([
    ['a newcomer', {}, 'junior'],
    ['orders but no passed course', { completedOrders: 50, rating: 4.9, ratingCount: 40 }, 'junior'],
    ['intermediate: 20 orders, prior rating, 1 course', { completedOrders: 20, passedCourses: 1 }, 'intermediate'],
    ['intermediate blocked by 11 penalty points', { completedOrders: 20, passedCourses: 1, penaltyPoints: 11 }, 'junior'],
    ['intermediate blocked by a poor rating', { completedOrders: 30, passedCourses: 2, rating: 4.2, ratingCount: 30 }, 'junior'],
    ['19 orders is not enough', { completedOrders: 19, passedCourses: 3, rating: 5, ratingCount: 19 }, 'junior'],
    ['senior', { completedOrders: 80, passedCourses: 3, rating: 4.8, ratingCount: 60 }, 'senior'],
    [
      'senior capped to intermediate by 6 penalty points',
      { completedOrders: 80, passedCourses: 3, rating: 4.8, ratingCount: 60, penaltyPoints: 6 },
      'intermediate',
    ],
    ['senior needs 3 courses', { completedOrders: 120, passedCourses: 2, rating: 4.8, ratingCount: 60 }, 'intermediate'],
    ['gold', { completedOrders: 200, passedCourses: 5, rating: 4.9, ratingCount: 180 }, 'gold'],
    ['gold rating but few reviews (Bayesian pull) stays senior', { completedOrders: 200, passedCourses: 5, rating: 5, ratingCount: 12 }, 'senior'],
    ['gold orders with 3 penalty points stays senior', { completedOrders: 300, passedCourses: 6, rating: 4.95, ratingCount: 250, penaltyPoints: 3 }, 'senior'],
  ])('%s', (_label, input, expected) => {
    expect(caregiverLevel({ ...base, ...input })).toBe(expected);
  });
});

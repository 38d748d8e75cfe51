import {
  isOnTime,
  monthlyAwards,
  needsRetraining,
  ratio,
  retrainingReasons,
  type CaregiverMonth,
} from '../../src/plugins/booking/server/src/domain/quality-rules';

const row = (caregiverId: number, completed: number, rating: number | null, reviewCount: number, upheldComplaints = 0): CaregiverMonth => ({
  caregiverId,
  completed,
  rating,
  reviewCount,
  upheldComplaints,
});

describe('monthly award 优秀陪护人员', () => {
  it.each([
    ['qualifies', row(1, 10, 4.8, 3), true],
    ['too few orders', row(1, 9, 5, 10), false],
    ['rating just below', row(1, 20, 4.79, 10), false],
    ['too few reviews', row(1, 20, 5, 2), false],
    ['no reviews', row(1, 20, null, 0), false],
    ['an upheld complaint', row(1, 20, 5, 10, 1), false],
  ])('%s', (_label, input, expected) => {
    expect(monthlyAwards([input]).length === 1).toBe(expected);
  });

  it('ranks by completed orders, then rating, then id, and keeps the top 10', () => {
    const rows = Array.from({ length: 12 }, (_, i) => row(i + 1, 10 + (i % 3), 4.8 + (i % 2) / 10, 5));
    const winners = monthlyAwards(rows);
    expect(winners).toHaveLength(10);
    for (let i = 1; i < winners.length; i += 1) {
      const [a, b] = [winners[i - 1], winners[i]];
      expect(a.completed > b.completed || (a.completed === b.completed && ((a.rating ?? 0) > (b.rating ?? 0) || a.caregiverId < b.caregiverId))).toBe(true);
    }
  });

  it('drops the rating criterion when no review module is deployed', () => {
    expect(monthlyAwards([row(1, 12, null, 0)], false)).toHaveLength(1);
    expect(monthlyAwards([row(1, 12, null, 0, 1)], false)).toHaveLength(0);
  });
});

describe('retraining', () => {
  it.each([
    [{ caregiverId: 1, rating: 3.99, reviewCount: 5, recentUpheldComplaints: 0 }, ['low_rating']],
    [{ caregiverId: 1, rating: 3.5, reviewCount: 4, recentUpheldComplaints: 0 }, []],
    [{ caregiverId: 1, rating: 4.0, reviewCount: 50, recentUpheldComplaints: 0 }, []],
    [{ caregiverId: 1, rating: null, reviewCount: 0, recentUpheldComplaints: 2 }, ['complaints']],
    [{ caregiverId: 1, rating: 3, reviewCount: 9, recentUpheldComplaints: 3 }, ['low_rating', 'complaints']],
    [{ caregiverId: 1, rating: 4.9, reviewCount: 9, recentUpheldComplaints: 1 }, []],
  ])('%o → %o', (input, reasons) => {
    expect(retrainingReasons(input)).toEqual(reasons);
  });

  it('lists only those with a reason, by id', () => {
    const list = needsRetraining([
      { caregiverId: 3, rating: 3, reviewCount: 9, recentUpheldComplaints: 0 },
      { caregiverId: 2, rating: 5, reviewCount: 9, recentUpheldComplaints: 0 },
      { caregiverId: 1, rating: null, reviewCount: 0, recentUpheldComplaints: 2 },
    ]);
    expect(list.map((r) => [r.caregiverId, r.reasons])).toEqual([
      [1, ['complaints']],
      [3, ['low_rating']],
    ]);
  });
});

describe('on time and ratios', () => {
  const start = new Date('2026-03-01T02:00:00Z');
  it.each([
    [0, true],
    [10 * 60_000, true],
    [10 * 60_000 + 1, false],
    [-30 * 60_000, true],
  ])('started %i ms after the booked start → %s', (delta, expected) => {
    expect(isOnTime(start, new Date(start.getTime() + delta))).toBe(expected);
  });
  it.each([
    [1, 3, 0.3333],
    [0, 0, null],
    [2, 2, 1],
  ])('ratio(%i, %i) = %p', (a, b, expected) => expect(ratio(a, b)).toBe(expected));
});

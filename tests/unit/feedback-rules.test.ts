import { bayesianRating, RATING_PRIOR_MEAN, RATING_PRIOR_WEIGHT } from '../../src/plugins/booking/server/src/domain/rating';
import {
  assertCanFollowUp,
  assertCanReply,
  assertCanReview,
  FOLLOW_UP_WINDOW_DAYS,
  invalidTags,
  reviewerLabel,
} from '../../src/plugins/booking/server/src/domain/reviews';
import {
  checkResolutions,
  isOverdue,
  planComplaintStep,
  stepDeadline,
  type ComplaintAction,
  type ComplaintStatus,
  type Resolution,
} from '../../src/plugins/booking/server/src/domain/complaints';
import { statusAfterTagging } from '../../src/plugins/booking/server/src/domain/suggestions';
import { maskName } from '../../src/plugins/booking/server/src/domain/masking';

const DAY = 86_400_000;
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return `${(error as any).status}:${(error as any).code}`;
  }
};

describe('bayesianRating', () => {
  it.each([
    [[], 0, 0],
    [[5], (5 * 4.5 + 5) / 6, 1],
    [[1], (5 * 4.5 + 1) / 6, 1],
    [[5, 5, 5, 5, 5, 5, 5, 5, 5, 5], (22.5 + 50) / 15, 10],
    [[3, 4, 5], (22.5 + 12) / 8, 3],
    [[4, 0, 6, 4.5], (22.5 + 4) / 6, 1], // out-of-range scores are ignored, not averaged in
  ])('%j -> %d', (scores, expected, count) => {
    const result = bayesianRating(scores as number[]);
    expect(result.count).toBe(count);
    expect(result.rating).toBeCloseTo(count === 0 ? 0 : Math.round((expected as number) * 10) / 10, 10);
  });

  it('documents its prior and lets many reviews outweigh it', () => {
    expect([RATING_PRIOR_MEAN, RATING_PRIOR_WEIGHT]).toEqual([4.5, 5]);
    expect(bayesianRating(Array(200).fill(3)).rating).toBe(3);
    expect(bayesianRating([5]).rating).toBeLessThan(bayesianRating(Array(50).fill(5)).rating);
  });

  it('rounds half up to one decimal', () => {
    expect(bayesianRating([4, 4, 5], { mean: 4, weight: 1 }).rating).toBe(4.3); // 17/4 = 4.25
  });
});

describe('review rules', () => {
  const order = { userId: 7, status: 'completed', caregiverId: 3 };
  it.each([
    ['own completed order', order, 7, false, 'ok'],
    ['someone else', order, 8, false, '404:ORDER_NOT_FOUND'],
    ['already reviewed (row)', order, 7, true, '409:ALREADY_REVIEWED'],
    ['already reviewed (status)', { ...order, status: 'reviewed' }, 7, false, '409:ALREADY_REVIEWED'],
    ['in service', { ...order, status: 'in_service' }, 7, false, '409:NOT_COMPLETED'],
    ['finished, not confirmed', { ...order, status: 'finished' }, 7, false, '409:NOT_COMPLETED'],
    ['cancelled', { ...order, status: 'cancelled' }, 7, false, '409:NOT_COMPLETED'],
    ['no caregiver', { ...order, caregiverId: null }, 7, false, '409:NO_CAREGIVER'],
  ])('%s', (_label, o, userId, already, expected) => {
    expect(codeOf(() => assertCanReview(o as any, userId as number, already as boolean))).toBe(expected);
  });

  const created = new Date('2026-11-01T00:00:00Z');
  it.each([
    ['same day', 7, null, 0, 'ok'],
    ['on the last day', 7, null, FOLLOW_UP_WINDOW_DAYS * DAY, 'ok'],
    ['a minute late', 7, null, FOLLOW_UP_WINDOW_DAYS * DAY + 60_000, '409:FOLLOW_UP_CLOSED'],
    ['second follow-up', 7, { text: 'x' }, DAY, '409:ALREADY_FOLLOWED_UP'],
    ['not the reviewer', 8, null, DAY, '404:REVIEW_NOT_FOUND'],
  ])('follow-up: %s', (_label, userId, followUp, after, expected) => {
    const review = { userId: 7, createdAt: created, followUp };
    expect(codeOf(() => assertCanFollowUp(review, userId as number, new Date(created.getTime() + (after as number))))).toBe(expected);
  });

  it.each([
    [3, null, 'ok'],
    [4, null, '404:REVIEW_NOT_FOUND'],
    [3, { text: '谢谢' }, '409:ALREADY_REPLIED'],
  ])('reply by caregiver %d', (caregiverId, reply, expected) => {
    expect(codeOf(() => assertCanReply({ caregiverId: 3, reply }, caregiverId as number))).toBe(expected);
  });

  it('accepts only the fixed tags and masks reviewer names', () => {
    expect(invalidTags(['准时守约', '很好', '迟到'])).toEqual(['很好']);
    expect(reviewerLabel('王秀英', maskName)).toBe('王**');
    expect(reviewerLabel('  ', maskName)).toBe('匿名用户');
    expect(reviewerLabel(null, maskName)).toBe('匿名用户');
  });
});

describe('complaint workflow', () => {
  it.each<[ComplaintStatus, ComplaintAction, string]>([
    ['submitted', 'investigate', 'investigating'],
    ['submitted', 'resolve', 'resolved'],
    ['submitted', 'reject', 'rejected'],
    ['investigating', 'resolve', 'resolved'],
    ['investigating', 'reject', 'rejected'],
    ['investigating', 'investigate', '409:COMPLAINT_STEP_INVALID'],
    ['resolved', 'reject', '409:COMPLAINT_STEP_INVALID'],
    ['rejected', 'resolve', '409:COMPLAINT_STEP_INVALID'],
  ])('%s --%s-->', (from, action, expected) => {
    let result = '';
    const code = codeOf(() => {
      result = planComplaintStep(from, action);
    });
    expect(code === 'ok' ? result : code).toBe(expected);
  });

  const t0 = new Date('2026-11-01T00:00:00Z');
  const settings = { investigateHours: 24, resolveHours: 72 };
  it.each<[ComplaintStatus, number | null]>([
    ['submitted', 24],
    ['investigating', 72],
    ['resolved', null],
    ['rejected', null],
  ])('deadline of %s', (status, hours) => {
    const deadline = stepDeadline(status, t0, settings);
    expect(deadline ? (deadline.getTime() - t0.getTime()) / 3_600_000 : null).toBe(hours);
  });

  it.each<[ComplaintStatus, number, boolean]>([
    ['submitted', -1, true],
    ['submitted', 0, true],
    ['submitted', 1, false],
    ['investigating', -1, true],
    ['resolved', -1, false],
  ])('overdue: %s, deadline in %d ms', (status, offset, expected) => {
    expect(isOverdue({ status, deadlineAt: new Date(t0.getTime() + offset) }, t0)).toBe(expected);
  });
});

describe('complaint resolutions', () => {
  const ctx = { paidFen: 30000, refundedFen: 5000, hasCaregiver: true, orderStatus: 'accepted' };
  it.each<[string, Resolution[], Partial<typeof ctx>, string | number]>([
    ['full refund is what is left', [{ type: 'full_refund' }], {}, 25000],
    ['partial refund within bounds', [{ type: 'partial_refund', amountFen: 25000 }], {}, 25000],
    ['partial refund above what is left', [{ type: 'partial_refund', amountFen: 25001 }], {}, '409:REFUND_EXCEEDS_PAID'],
    ['nothing left to refund', [{ type: 'full_refund' }], { refundedFen: 30000 }, '409:NOTHING_TO_REFUND'],
    ['both refunds', [{ type: 'full_refund' }, { type: 'partial_refund', amountFen: 1 }], {}, '400:CONFLICTING_REFUNDS'],
    [
      'duplicates',
      [
        { type: 'penalty', points: 1 },
        { type: 'penalty', points: 2 },
      ],
      {},
      '400:DUPLICATE_RESOLUTION',
    ],
    ['warning and penalty', [{ type: 'warning' }, { type: 'penalty', points: 2 }], {}, '400:CONFLICTING_PENALTIES'],
    ['caregiver measures without a caregiver', [{ type: 'suspension', days: 7 }], { hasCaregiver: false }, '409:NO_CAREGIVER'],
    ['replace an accepted order', [{ type: 'replace_caregiver' }], {}, 0],
    ['replace once in service', [{ type: 'replace_caregiver' }], { orderStatus: 'in_service' }, '409:CANNOT_REPLACE'],
    [
      'several measures',
      [
        { type: 'penalty', points: 3 },
        { type: 'retraining', note: '沟通礼仪' },
        { type: 'partial_refund', amountFen: 100 },
      ],
      {},
      100,
    ],
  ])('%s', (_label, resolutions, overrides, expected) => {
    let refund = -1;
    const code = codeOf(() => {
      refund = checkResolutions(resolutions, { ...ctx, ...overrides }).refundFen;
    });
    expect(code === 'ok' ? refund : code).toBe(expected);
  });
});

describe('suggestions', () => {
  it.each([
    ['new', 'read'],
    ['read', 'read'],
    ['answered', 'answered'],
  ] as const)('tagging %s -> %s', (from, to) => {
    expect(statusAfterTagging(from)).toBe(to);
  });
});

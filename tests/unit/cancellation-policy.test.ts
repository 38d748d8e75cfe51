import { DomainError } from '../../src/plugins/booking/server/src/domain/errors';
import { fromBeijing } from '../../src/plugins/booking/server/src/domain/beijing-time';
import {
  DEFAULT_CANCELLATION_POLICY,
  quoteCancellation,
  validateCancellationPolicy,
  type CancellationPolicy,
  type CancellationQuote,
} from '../../src/plugins/booking/server/src/domain/cancellation-policy';
import type { Actor, OrderStatus } from '../../src/plugins/booking/server/src/domain/order-state-machine';

const START = fromBeijing(2026, 3, 10, 9, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
/** `now` = START minus the given offset (negative = after start). */
const before = (ms: number) => new Date(START.getTime() - ms);
const NO_WAIVE: CancellationPolicy = { ...DEFAULT_CANCELLATION_POLICY, operatorWaivesFee: false };

function checkMoney(q: CancellationQuote, paidFen: number): void {
  expect(q.allowed).toBe(true);
  expect(Number.isInteger(q.feeFen)).toBe(true);
  expect(Number.isInteger(q.refundFen)).toBe(true);
  expect(q.feeFen).toBeGreaterThanOrEqual(0);
  expect(q.feeFen).toBeLessThanOrEqual(paidFen);
  expect(q.feeFen + q.refundFen).toBe(paidFen);
  expect(q.explanation).toMatch(/[\u4e00-\u9fff]/);
}

function catchError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('DEFAULT_CANCELLATION_POLICY', () => {
  it('matches the product rules and is valid', () => {
    expect(DEFAULT_CANCELLATION_POLICY.afterAcceptanceTiers).toEqual([
      { minHoursBeforeStart: 24, feePercent: 0 },
      { minHoursBeforeStart: 4, feePercent: 20 },
      { minHoursBeforeStart: 0, feePercent: 50 },
    ]);
    expect(DEFAULT_CANCELLATION_POLICY.departedVisitFeeFen).toBe(5000);
    expect(() => validateCancellationPolicy(DEFAULT_CANCELLATION_POLICY)).not.toThrow();
  });
});

describe('quoteCancellation (default policy, user cancels)', () => {
  type Case = [string, OrderStatus, number, number, number, string];
  // [name, status, paidFen, ms before start, expected fee, rule]
  const cases: Case[] = [
    ['pending_payment: free, nothing paid', 'pending_payment', 0, 2 * HOUR, 0, 'not_paid'],
    ['pending_acceptance: full refund', 'pending_acceptance', 20000, 1 * HOUR, 0, 'not_accepted'],
    ['pending_acceptance after start: still full refund', 'pending_acceptance', 20000, -HOUR, 0, 'not_accepted'],
    ['accepted, 3 days before: 0%', 'accepted', 20000, 72 * HOUR, 0, 'tier_24h'],
    ['accepted, exactly 24h: 24h tier (0%)', 'accepted', 20000, 24 * HOUR, 0, 'tier_24h'],
    ['accepted, 23h59m: 20%', 'accepted', 20000, 24 * HOUR - MIN, 4000, 'tier_4h'],
    ['accepted, 23h59m59.999s: 20%', 'accepted', 20000, 24 * HOUR - 1, 4000, 'tier_4h'],
    ['accepted, exactly 4h: 4h tier (20%)', 'accepted', 20000, 4 * HOUR, 4000, 'tier_4h'],
    ['accepted, 3h59m: 50%', 'accepted', 20000, 4 * HOUR - MIN, 10000, 'tier_0h'],
    ['accepted, exactly at start (0h): 50%', 'accepted', 20000, 0, 10000, 'tier_0h'],
    ['accepted, 1 minute after start: 100%', 'accepted', 20000, -MIN, 20000, 'after_start'],
    ['accepted, rounding half up: 12345 × 20%', 'accepted', 12345, 5 * HOUR, 2469, 'tier_4h'],
    ['accepted, rounding half up: 12345 × 50% = 6172.5', 'accepted', 12345, HOUR, 6173, 'tier_0h'],
    ['accepted, unpaid (100% coupon)', 'accepted', 0, HOUR, 0, 'tier_0h'],
    ['departed, >24h: visit fee beats 0%', 'departed', 20000, 30 * HOUR, 5000, 'caregiver_departed'],
    ['departed, 2h: 50% beats visit fee', 'departed', 20000, 2 * HOUR, 10000, 'caregiver_departed'],
    ['departed, 5h: visit fee 5000 beats 20% (4000)', 'departed', 20000, 5 * HOUR, 5000, 'caregiver_departed'],
    ['departed, visit fee capped at paid', 'departed', 3000, 30 * HOUR, 3000, 'caregiver_departed'],
    ['arrived, after start: 100%', 'arrived', 20000, -10 * MIN, 20000, 'caregiver_departed'],
    ['arrived, visit fee capped at paid', 'arrived', 4999, 10 * HOUR, 4999, 'caregiver_departed'],
    ['arrived, unpaid', 'arrived', 0, 10 * HOUR, 0, 'caregiver_departed'],
  ];

  test.each(cases)('%s', (_name, status, paidFen, msBefore, fee, rule) => {
    const q = quoteCancellation({ status, paidFen, startAt: START }, 'user', before(msBefore), DEFAULT_CANCELLATION_POLICY);
    checkMoney(q, paidFen);
    expect(q.feeFen).toBe(fee);
    expect(q.refundFen).toBe(paidFen - fee);
    expect(q.rule).toBe(rule);
  });

  it('explains in Chinese with yuan amounts', () => {
    const q = quoteCancellation({ status: 'accepted', paidFen: 20000, startAt: START }, 'user', before(5 * HOUR), DEFAULT_CANCELLATION_POLICY);
    expect(q.explanation).toBe('距服务开始不少于4小时，收取20%违约金；违约金 ¥40.00，退款 ¥160.00');
  });
});

describe('operator', () => {
  test.each<[OrderStatus, number]>([
    ['accepted', -HOUR],
    ['departed', HOUR],
    ['arrived', 0],
  ])('waives the fee on %s when configured', (status, msBefore) => {
    const q = quoteCancellation({ status, paidFen: 20000, startAt: START }, 'operator', before(msBefore), DEFAULT_CANCELLATION_POLICY);
    checkMoney(q, 20000);
    expect(q).toMatchObject({ feeFen: 0, refundFen: 20000, rule: 'operator_waived' });
  });

  it('pays the normal fee when waiving is disabled', () => {
    const q = quoteCancellation({ status: 'accepted', paidFen: 20000, startAt: START }, 'operator', before(HOUR), NO_WAIVE);
    expect(q).toMatchObject({ feeFen: 10000, refundFen: 10000, rule: 'tier_0h' });
  });

  it('a user never gets the operator waiver', () => {
    const q = quoteCancellation({ status: 'accepted', paidFen: 20000, startAt: START }, 'user', before(HOUR), DEFAULT_CANCELLATION_POLICY);
    expect(q.feeFen).toBe(10000);
  });
});

describe('who may cancel (delegated to the state machine)', () => {
  test.each<[OrderStatus, number]>([
    ['pending_payment', 0],
    ['pending_acceptance', 20000],
  ])('system may timeout-cancel %s with a full refund', (status, paidFen) => {
    const q = quoteCancellation({ status, paidFen, startAt: START }, 'system', before(HOUR), DEFAULT_CANCELLATION_POLICY);
    checkMoney(q, paidFen);
    expect(q.refundFen).toBe(paidFen);
  });

  test.each<[OrderStatus, Actor, string, number]>([
    ['accepted', 'caregiver', 'ACTOR_NOT_ALLOWED', 403],
    ['pending_acceptance', 'caregiver', 'ACTOR_NOT_ALLOWED', 403],
    ['accepted', 'system', 'INVALID_TRANSITION', 409],
    ['in_service', 'user', 'CANCEL_NOT_ALLOWED', 409],
    ['finished', 'user', 'CANCEL_NOT_ALLOWED', 409],
    ['completed', 'operator', 'CANCEL_NOT_ALLOWED', 409],
    ['reviewed', 'user', 'CANCEL_NOT_ALLOWED', 409],
    ['cancelled', 'user', 'CANCEL_NOT_ALLOWED', 409],
  ])('%s by %s -> %s', (status, actor, code, httpStatus) => {
    const error = catchError(() => quoteCancellation({ status, paidFen: 20000, startAt: START }, actor, before(HOUR), DEFAULT_CANCELLATION_POLICY));
    expect(error.code).toBe(code);
    expect(error.status).toBe(httpStatus);
  });

  it('uses the complaint wording once service has started', () => {
    const error = catchError(() => quoteCancellation({ status: 'in_service', paidFen: 20000, startAt: START }, 'user', before(0), DEFAULT_CANCELLATION_POLICY));
    expect(error.message).toBe('服务已开始，无法取消；如有问题请发起投诉');
  });
});

describe('custom policies', () => {
  it('charges 100% below the lowest tier even before start', () => {
    const policy: CancellationPolicy = { ...NO_WAIVE, afterAcceptanceTiers: [{ minHoursBeforeStart: 2, feePercent: 30 }] };
    const at = (ms: number) => quoteCancellation({ status: 'accepted', paidFen: 10001, startAt: START }, 'user', before(ms), policy);
    expect(at(2 * HOUR)).toMatchObject({ feeFen: 3000, rule: 'tier_2h' }); // 3000.3
    expect(at(2 * HOUR - 1)).toMatchObject({ feeFen: 10001, refundFen: 0, rule: 'after_start' });
  });

  it('supports fractional hour tiers', () => {
    const policy: CancellationPolicy = {
      ...NO_WAIVE,
      afterAcceptanceTiers: [
        { minHoursBeforeStart: 0.5, feePercent: 10 },
        { minHoursBeforeStart: 0, feePercent: 40 },
      ],
    };
    const at = (ms: number) => quoteCancellation({ status: 'accepted', paidFen: 1000, startAt: START }, 'user', before(ms), policy);
    expect(at(30 * MIN).feeFen).toBe(100);
    expect(at(29 * MIN).feeFen).toBe(400);
  });
});

describe('validation', () => {
  test.each<[string, Partial<CancellationPolicy>]>([
    ['no tiers', { afterAcceptanceTiers: [] }],
    ['negative hours', { afterAcceptanceTiers: [{ minHoursBeforeStart: -1, feePercent: 10 }] }],
    ['percent above 100', { afterAcceptanceTiers: [{ minHoursBeforeStart: 0, feePercent: 101 }] }],
    ['negative percent', { afterAcceptanceTiers: [{ minHoursBeforeStart: 0, feePercent: -1 }] }],
    ['fractional percent', { afterAcceptanceTiers: [{ minHoursBeforeStart: 0, feePercent: 12.5 }] }],
    [
      'ascending tiers',
      {
        afterAcceptanceTiers: [
          { minHoursBeforeStart: 4, feePercent: 20 },
          { minHoursBeforeStart: 24, feePercent: 0 },
        ],
      },
    ],
    [
      'duplicate tiers',
      {
        afterAcceptanceTiers: [
          { minHoursBeforeStart: 4, feePercent: 20 },
          { minHoursBeforeStart: 4, feePercent: 30 },
        ],
      },
    ],
    ['negative visit fee', { departedVisitFeeFen: -1 }],
    ['fractional visit fee', { departedVisitFeeFen: 50.5 }],
  ])('rejects %s with 422', (_name, patch) => {
    const policy = { ...DEFAULT_CANCELLATION_POLICY, ...patch } as CancellationPolicy;
    const error = catchError(() => validateCancellationPolicy(policy));
    expect(error.code).toBe('INVALID_CANCELLATION_POLICY');
    expect(error.status).toBe(422);
    expect(() => quoteCancellation({ status: 'accepted', paidFen: 100, startAt: START }, 'user', before(HOUR), policy)).toThrow(DomainError);
  });

  test.each([[-1], [1.5], [NaN]])('rejects paidFen %p', (paidFen) => {
    const error = catchError(() => quoteCancellation({ status: 'accepted', paidFen, startAt: START }, 'user', before(HOUR), DEFAULT_CANCELLATION_POLICY));
    expect(error.code).toBe('INVALID_AMOUNT');
  });

  it('rejects an invalid date', () => {
    const error = catchError(() => quoteCancellation({ status: 'accepted', paidFen: 1, startAt: new Date('x') }, 'user', START, DEFAULT_CANCELLATION_POLICY));
    expect(error.code).toBe('INVALID_DATE');
  });
});

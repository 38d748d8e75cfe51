import {
  clawbackFen,
  computeEarning,
  mulDiv,
  pickRule,
  shareOf,
  snapshotCommission,
  termsFor,
  validateCommissionRule,
  type CommissionRule,
} from '../../src/plugins/booking/server/src/domain/commission';

const T0 = '2026-01-01T00:00:00+08:00';
const rule = (over: Partial<CommissionRule>): CommissionRule => ({ id: 1, shareBp: 7000, validFrom: T0, active: true, ...over });
const REF = { serviceDocumentId: 'svc-escort', categorySlug: 'hospital-escort' };
const AT = new Date('2026-06-01T10:00:00+08:00');

describe('shareOf / mulDiv round half up in integers', () => {
  it.each([
    [10000, 7000, 7000],
    [1, 5000, 1], // 0.5 fen rounds up
    [1, 4999, 0],
    [3, 3333, 1], // 0.9999
    [12345, 7250, 8950], // 8950.125
    [99, 7550, 75], // 74.745
    [0, 7000, 0],
  ])('shareOf(%i, %i bp) = %i', (amount, bp, expected) => {
    expect(shareOf(amount, bp)).toBe(expected);
  });

  it.each([
    [7000, 5000, 10000, 3500],
    [7001, 1, 2, 3501], // 3500.5 up
    [1, 1, 3, 0],
    [2, 1, 3, 1], // 0.667
  ])('mulDiv(%i, %i, %i) = %i', (a, b, c, expected) => {
    expect(mulDiv(a, b, c)).toBe(expected);
  });
});

describe('pickRule: most specific rule in force wins', () => {
  const platform = rule({ id: 1, shareBp: 6000 });
  const category = rule({ id: 2, shareBp: 6500, categorySlug: 'hospital-escort' });
  const service = rule({ id: 3, shareBp: 7000, serviceDocumentId: 'svc-escort' });
  const serviceGold = rule({ id: 4, shareBp: 8000, serviceDocumentId: 'svc-escort', caregiverLevel: 'gold' });
  const otherService = rule({ id: 5, shareBp: 9000, serviceDocumentId: 'svc-other' });
  const expired = rule({ id: 6, shareBp: 9500, serviceDocumentId: 'svc-escort', validUntil: '2026-05-01T00:00:00+08:00' });
  const future = rule({ id: 7, shareBp: 9600, serviceDocumentId: 'svc-escort', validFrom: '2026-07-01T00:00:00+08:00' });
  const inactive = rule({ id: 8, shareBp: 9700, serviceDocumentId: 'svc-escort', active: false });
  const newerService = rule({ id: 9, shareBp: 7100, serviceDocumentId: 'svc-escort', validFrom: '2026-03-01T00:00:00+08:00' });

  it.each<[string, CommissionRule[], 'gold' | 'junior' | null, number | null]>([
    ['nothing applies', [otherService], null, null],
    ['platform-wide applies to every service', [platform, otherService], null, 1],
    ['category beats platform', [platform, category], null, 2],
    ['service beats category', [platform, category, service], null, 3],
    ['level rule beats level-less at same scope', [service, serviceGold], 'gold', 4],
    ['level rule does not apply to another level', [service, serviceGold], 'junior', 3],
    ['level rule ignored without a level', [service, serviceGold], null, 3],
    ['expired, future and inactive rules never apply', [category, expired, future, inactive], null, 2],
    ['later validFrom wins at equal rank', [service, newerService], null, 9],
    [
      'a category rule for the level loses to a service rule without one',
      [rule({ id: 10, categorySlug: 'hospital-escort', caregiverLevel: 'gold' }), service],
      'gold',
      3,
    ],
  ])('%s', (_name, rules, level, expectedId) => {
    expect(pickRule(rules, REF, level, AT)?.id ?? null).toBe(expectedId);
  });

  it('validUntil is exclusive and validFrom inclusive', () => {
    const r = rule({ validFrom: AT, validUntil: new Date(AT.getTime() + 1000) });
    expect(pickRule([r], REF, null, AT)?.id).toBe(1);
    expect(pickRule([r], REF, null, new Date(AT.getTime() + 1000))).toBeNull();
  });
});

describe('validateCommissionRule', () => {
  it.each<[Partial<CommissionRule>, string | null]>([
    [{}, null],
    [{ shareBp: 10001 }, 'shareBp'],
    [{ shareBp: 70.5 }, 'shareBp'],
    [{ shareBp: -1 }, 'shareBp'],
    [{ nightShareBp: 20000 }, 'nightShareBp'],
    [{ holidayShareBp: 1.5 }, 'holidayShareBp'],
    [{ serviceDocumentId: 'a', categorySlug: 'b' }, 'service'],
    [{ validUntil: T0 }, 'validUntil'],
    [{ validFrom: 'not a date' }, 'validFrom'],
    [{ caregiverLevel: 'platinum' as any }, 'caregiverLevel'],
  ])('%j -> %s', (over, field) => {
    const run = () => validateCommissionRule(rule(over));
    if (field === null) expect(run).not.toThrow();
    else expect(run).toThrow(expect.objectContaining({ field }));
  });
});

describe('snapshotCommission / termsFor', () => {
  it('keeps the level-less winner and only levels with a different winner; broken rules are skipped', () => {
    const snapshot = snapshotCommission(
      [
        rule({ id: 1, shareBp: 6500, categorySlug: 'hospital-escort' }),
        rule({ id: 2, shareBp: 8000, caregiverLevel: 'gold', categorySlug: 'hospital-escort' }),
        rule({ id: 3, shareBp: 99999, serviceDocumentId: 'svc-escort' }),
      ],
      REF,
      AT,
      7000,
    );
    expect(snapshot.fallback).toMatchObject({ ruleId: 1, shareBp: 6500, nightShareBp: 6500, holidayShareBp: 6500 });
    expect(Object.keys(snapshot.byLevel)).toEqual(['gold']);
    expect(termsFor(snapshot, 'gold').shareBp).toBe(8000);
    expect(termsFor(snapshot, 'junior').shareBp).toBe(6500);
    expect(termsFor(snapshot, null).shareBp).toBe(6500);
  });

  it('falls back to the configured default share when nothing matches', () => {
    expect(snapshotCommission([], REF, AT, 7200).fallback).toEqual({ ruleId: null, ruleName: null, shareBp: 7200, nightShareBp: 7200, holidayShareBp: 7200 });
  });
});

describe('computeEarning', () => {
  const terms = { ruleId: 1, ruleName: 'x', shareBp: 7000, nightShareBp: 9000, holidayShareBp: 5000 };
  const lines = [
    { code: 'base', amountFen: 30000 },
    { code: 'night', amountFen: 3333 },
    { code: 'holiday', amountFen: 999 },
    { code: 'weekend', amountFen: 101 },
    { code: 'dependent', amountFen: 2001 },
  ];
  const total = 30000 + 3333 + 999 + 101 + 2001; // 36434

  it('shares each line at its rate, rounded half up per line', () => {
    const quote = computeEarning(lines, terms, { totalFen: total, paidFen: total, refundedFen: 0 });
    // 21000 + 2999.7→3000 + 499.5→500 + 50.5→51 + 1400.7→1401
    expect(quote.lines.map((l) => l.earningFen)).toEqual([21000, 3000, 500, 51, 1401]);
    expect(quote.grossShareFen).toBe(25952);
    expect(quote.earningFen).toBe(25952);
  });

  it.each([
    [0, 25952],
    [6434, mulDiv(25952, 30000, 36434)], // a change refunded part of it before completion
    [36434, 0],
  ])('refunded %i before completion scales the earning to the money kept', (refunded, expected) => {
    expect(computeEarning(lines, terms, { totalFen: total, paidFen: total, refundedFen: refunded }).earningFen).toBe(expected);
  });

  it('a free order earns nothing', () => {
    expect(computeEarning([{ code: 'base', amountFen: 0 }], terms, { totalFen: 0, paidFen: 0, refundedFen: 0 }).earningFen).toBe(0);
  });
});

describe('clawbackFen', () => {
  it.each([
    // earning, paid, refunded before, refund, expected
    [7000, 10000, 0, 10000, 7000],
    [7000, 10000, 0, 5000, 3500],
    [7001, 10000, 0, 5000, 3501],
    [7001, 10000, 5000, 5000, 3500],
    [100, 300, 0, 100, 33],
    [100, 300, 100, 100, 34],
    [100, 300, 200, 100, 33],
    [100, 300, 300, 100, 0], // nothing left to refund
    [0, 300, 0, 100, 0],
  ])('earning %i of paid %i, after %i refunded, refund %i -> %i', (earning, paid, before, refund, expected) => {
    expect(clawbackFen(earning, paid, before, refund)).toBe(expected);
  });

  it('any sequence of refunds claws back exactly the proportional total, never more than the earning', () => {
    const earning = 12_347;
    const paid = 17_771;
    const refunds = [1, 333, 5000, 7, 999, 11_431];
    let before = 0;
    let total = 0;
    for (const r of refunds) {
      total += clawbackFen(earning, paid, before, r);
      before += r;
    }
    expect(before).toBe(paid);
    expect(total).toBe(earning);
  });
});

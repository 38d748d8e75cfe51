import {
  isBankCardNumber,
  maskBankCard,
  payoutTradeNo,
  lastClosedPeriod,
  periodOf,
  settleableAt,
  shouldIssueStatement,
  statementTotals,
} from '../../src/plugins/booking/server/src/domain/settlement';

const bj = (s: string) => new Date(`${s}+08:00`);

describe('periodOf (Beijing calendar)', () => {
  it.each([
    // instant, kind, key, start, end
    ['2026-11-25T12:00:00', 'weekly', '2026-W48', '2026-11-23T00:00:00', '2026-11-30T00:00:00'],
    ['2026-11-23T00:00:00', 'weekly', '2026-W48', '2026-11-23T00:00:00', '2026-11-30T00:00:00'],
    ['2026-11-22T23:59:59', 'weekly', '2026-W47', '2026-11-16T00:00:00', '2026-11-23T00:00:00'],
    ['2027-01-01T08:00:00', 'weekly', '2026-W53', '2026-12-28T00:00:00', '2027-01-04T00:00:00'],
    ['2026-01-01T00:00:00', 'weekly', '2026-W01', '2025-12-29T00:00:00', '2026-01-05T00:00:00'],
    ['2026-11-30T23:59:59', 'monthly', '2026-11', '2026-11-01T00:00:00', '2026-12-01T00:00:00'],
    ['2026-12-01T00:00:00', 'monthly', '2026-12', '2026-12-01T00:00:00', '2027-01-01T00:00:00'],
  ] as const)('%s %s -> %s', (at, kind, key, start, end) => {
    expect(periodOf(bj(at), kind)).toEqual({ key, start: bj(start), end: bj(end) });
  });

  it('a UTC instant late on Sunday is already Monday in Beijing', () => {
    expect(periodOf(new Date('2026-11-22T16:30:00Z'), 'weekly').key).toBe('2026-W48');
  });

  it('lastClosedPeriod is the period before the current one', () => {
    expect(lastClosedPeriod(bj('2026-11-25T12:00:00'), 'weekly').key).toBe('2026-W47');
    expect(lastClosedPeriod(bj('2026-12-01T00:00:00'), 'monthly').key).toBe('2026-11');
  });
});

describe('statement totals', () => {
  it.each([
    [[], { earningsFen: 0, deductionsFen: 0, payableFen: 0 }, false],
    [
      [
        { kind: 'order', amountFen: 7000 },
        { kind: 'refund', amountFen: -3500 },
        { kind: 'penalty', amountFen: -500 },
      ],
      { earningsFen: 7000, deductionsFen: 4000, payableFen: 3000 },
      true,
    ],
    [
      [
        { kind: 'order', amountFen: 100 },
        { kind: 'penalty', amountFen: -5000 },
      ],
      { earningsFen: 100, deductionsFen: 5000, payableFen: -4900 },
      false,
    ],
    [[{ kind: 'order', amountFen: 1 }], { earningsFen: 1, deductionsFen: 0, payableFen: 1 }, true],
  ] as const)('%j', (entries, totals, issue) => {
    const result = statementTotals(entries as any);
    expect(result).toEqual(totals);
    expect(shouldIssueStatement(result)).toBe(issue);
  });

  it('refuses fractional fen', () => {
    expect(() => statementTotals([{ kind: 'order', amountFen: 1.5 }])).toThrow();
  });

  it('holds an entry for the configured days', () => {
    expect(settleableAt(bj('2026-11-20T10:00:00'), 7)).toEqual(bj('2026-11-27T10:00:00'));
  });
});

describe('payout numbers and bank cards', () => {
  it.each([
    [1, 1, 'PO000000000001A01'],
    [123456, 12, 'PO000000123456A12'],
  ])('payoutTradeNo(%i, %i) = %s (letters and digits, ≤ 32)', (id, attempt, expected) => {
    expect(payoutTradeNo(id, attempt)).toBe(expected);
    expect(expected).toMatch(/^[A-Za-z0-9]{5,32}$/);
  });
  it.each([
    [0, 1],
    [1, 0],
    [1, 100],
    [1.5, 1],
  ])('payoutTradeNo(%p, %p) refuses', (id, attempt) => {
    expect(() => payoutTradeNo(id, attempt)).toThrow(RangeError);
  });
  it.each([
    ['6222020200112233446', true],
    ['6222 0202 0011 2233 446', true],
    ['6222020200112233445', false],
    ['4111111111111111', true],
    ['12345678901', false], // too short
    ['62220202001122334460', false], // 20 digits
    ['622202020011223344a', false],
  ])('isBankCardNumber(%s) = %p', (card, ok) => {
    expect(isBankCardNumber(card)).toBe(ok);
  });
  it('masks to the last four digits', () => {
    expect(maskBankCard('3446')).toBe('**** **** **** 3446');
  });
});

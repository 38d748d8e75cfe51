import { DEFAULT_RISK_RULES, firedRules, rulesFor, strongestAction, type RiskRule } from '../../src/plugins/booking/server/src/domain/risk-rules';

const rule = (id: string): RiskRule => DEFAULT_RISK_RULES.find((r) => r.id === id)!;

describe('risk rules', () => {
  test.each([
    ['below the threshold', 9, []],
    ['at the threshold', 10, ['attempts_per_user']],
    ['above the threshold', 25, ['attempts_per_user']],
  ])('attempts per user %s', (_label, count, expected) => {
    expect(firedRules([{ rule: rule('attempts_per_user'), count }]).map((r) => r.id)).toEqual(expected);
  });

  it('orders fired rules with freezing first and picks the strongest action', () => {
    const fired = firedRules([
      { rule: rule('attempts_per_ip'), count: 30 },
      { rule: rule('attempts_per_user'), count: 10 },
      { rule: rule('attempts_per_device'), count: 1 },
    ]);
    expect(fired.map((r) => r.id)).toEqual(['attempts_per_user', 'attempts_per_ip']);
    expect(strongestAction(fired)).toBe('freeze');
    expect(strongestAction([])).toBeNull();
    expect(strongestAction([rule('attempts_per_ip')])).toBe('alert');
  });

  it('selects the rules of a signal', () => {
    expect(
      rulesFor('payment_attempt')
        .map((r) => r.subject)
        .sort(),
    ).toEqual(['device', 'ip', 'user']);
    expect(rulesFor('refund').map((r) => r.id)).toEqual(['refunds_per_user']);
  });

  it('every default rule has a positive window and threshold', () => {
    for (const r of DEFAULT_RISK_RULES) {
      expect(Number.isInteger(r.windowMinutes) && r.windowMinutes > 0).toBe(true);
      expect(Number.isInteger(r.threshold) && r.threshold > 0).toBe(true);
    }
  });
});

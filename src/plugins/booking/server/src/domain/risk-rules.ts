/**
 * Payment risk rules as data: each counts events of one kind for one subject inside a window and names what
 * happens when the count reaches its threshold. The service counts (SQL); deciding is pure.
 */
export type RiskSubject = 'user' | 'device' | 'ip';
export type RiskSignal = 'payment_attempt' | 'payment_failure' | 'cancellation' | 'refund';
export type RiskAction = 'record' | 'alert' | 'freeze';

export interface RiskRule {
  id: string;
  signal: RiskSignal;
  subject: RiskSubject;
  windowMinutes: number;
  threshold: number;
  action: RiskAction;
  severity: 'info' | 'warning' | 'critical';
  description: string;
}

export const DEFAULT_RISK_RULES: readonly RiskRule[] = [
  {
    id: 'attempts_per_user',
    signal: 'payment_attempt',
    subject: 'user',
    windowMinutes: 10,
    threshold: 10,
    action: 'freeze',
    severity: 'critical',
    description: '10 分钟内发起支付过多',
  },
  {
    id: 'attempts_per_device',
    signal: 'payment_attempt',
    subject: 'device',
    windowMinutes: 10,
    threshold: 15,
    action: 'alert',
    severity: 'warning',
    description: '同一设备 10 分钟内发起支付过多',
  },
  {
    id: 'attempts_per_ip',
    signal: 'payment_attempt',
    subject: 'ip',
    windowMinutes: 10,
    threshold: 30,
    action: 'alert',
    severity: 'warning',
    description: '同一网络 10 分钟内发起支付过多',
  },
  {
    id: 'failures_per_user',
    signal: 'payment_failure',
    subject: 'user',
    windowMinutes: 60,
    threshold: 5,
    action: 'freeze',
    severity: 'critical',
    description: '1 小时内支付失败过多',
  },
  {
    id: 'cancellations_per_user',
    signal: 'cancellation',
    subject: 'user',
    windowMinutes: 1440,
    threshold: 5,
    action: 'alert',
    severity: 'warning',
    description: '24 小时内取消订单过多',
  },
  {
    id: 'refunds_per_user',
    signal: 'refund',
    subject: 'user',
    windowMinutes: 7 * 1440,
    threshold: 5,
    action: 'alert',
    severity: 'warning',
    description: '7 天内退款过多',
  },
];

export interface RiskObservation {
  rule: RiskRule;
  count: number;
}

const ACTION_RANK: Record<RiskAction, number> = { record: 0, alert: 1, freeze: 2 };

/** The rules that fired, strongest action first. `count` includes the event being evaluated. */
export function firedRules(observations: readonly RiskObservation[]): RiskRule[] {
  return observations
    .filter((o) => o.count >= o.rule.threshold)
    .map((o) => o.rule)
    .sort((a, b) => ACTION_RANK[b.action] - ACTION_RANK[a.action]);
}

export function strongestAction(rules: readonly RiskRule[]): RiskAction | null {
  return rules.reduce<RiskAction | null>((best, r) => (best === null || ACTION_RANK[r.action] > ACTION_RANK[best] ? r.action : best), null);
}

export function rulesFor(signal: RiskSignal, rules: readonly RiskRule[] = DEFAULT_RISK_RULES) {
  return rules.filter((r) => r.signal === signal);
}

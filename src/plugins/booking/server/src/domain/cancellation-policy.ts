/**
 * Cancellation fees and refunds.
 *
 * Rules (in order of precedence):
 * 1. in_service and later cannot be cancelled (409): once care has begun, disputes go through the
 *    complaint process, where an operator can see what actually happened.
 * 2. Who may cancel from which status is decided by the order state machine (cancel for
 *    user/operator, timeout_cancel for system); caregivers release orders instead of cancelling.
 * 3. pending_payment: nothing was paid, nothing is refunded.
 *    pending_acceptance: no caregiver has committed yet, so a full refund.
 * 4. An operator cancelling under `operatorWaivesFee` refunds everything (platform-side goodwill).
 * 5. accepted: a caregiver has reserved the time. The first tier whose minHoursBeforeStart is
 *    <= the time left before start decides the fee percent (exactly 24h falls in the 24h tier).
 *    Below the lowest tier — in particular once the start time has passed — the fee is 100%.
 * 6. departed/arrived: the caregiver has already travelled, so the fee is at least
 *    departedVisitFeeFen (compensation for the trip), still capped at what was paid.
 * Fee = round-half-up(paidFen × feePercent / 100) in integer math; refund = paidFen − fee;
 * the fee never exceeds paidFen, so an unpaid order (paidFen 0) yields fee 0 and refund 0.
 */
import { bookingError, DomainError } from './errors';
import { HOUR_MS } from './beijing-time';
import { planTransition, type Actor, type OrderStatus } from './order-state-machine';

export interface CancellationTier {
  minHoursBeforeStart: number;
  /** Integer 0..100, so fee rounding stays exact integer math. */
  feePercent: number;
}

export interface CancellationPolicy {
  /** Sorted by minHoursBeforeStart, strictly descending. */
  afterAcceptanceTiers: CancellationTier[];
  departedVisitFeeFen: number;
  operatorWaivesFee: boolean;
}

export const DEFAULT_CANCELLATION_POLICY: Readonly<CancellationPolicy> = Object.freeze({
  afterAcceptanceTiers: [
    { minHoursBeforeStart: 24, feePercent: 0 },
    { minHoursBeforeStart: 4, feePercent: 20 },
    { minHoursBeforeStart: 0, feePercent: 50 },
  ],
  departedVisitFeeFen: 5000,
  operatorWaivesFee: true,
});

/** Fee percent applied when no tier matches, i.e. after the start time (or below the lowest tier). */
export const AFTER_START_FEE_PERCENT = 100;

export interface CancellableOrder {
  status: OrderStatus;
  paidFen: number;
  startAt: Date;
}

export interface CancellationQuote {
  allowed: true;
  feeFen: number;
  refundFen: number;
  /** Machine-readable rule id, stored with the refund for audit. */
  rule: string;
  explanation: string;
}

const NOT_CANCELLABLE: readonly OrderStatus[] = ['in_service', 'finished', 'completed', 'reviewed'];

function invalidPolicy(field: string, message: string): never {
  throw new DomainError('INVALID_CANCELLATION_POLICY', `取消规则配置错误：${message}`, { field });
}

export function validateCancellationPolicy(policy: CancellationPolicy): void {
  if (!policy || typeof policy !== 'object') invalidPolicy('policy', '缺少取消规则');
  const tiers = policy.afterAcceptanceTiers;
  if (!Array.isArray(tiers) || tiers.length === 0) invalidPolicy('afterAcceptanceTiers', '至少需要一个阶梯');
  tiers.forEach((tier, i) => {
    const hours = tier?.minHoursBeforeStart;
    if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0) {
      invalidPolicy(`afterAcceptanceTiers[${i}].minHoursBeforeStart`, '提前小时数必须为非负数');
    }
    const pct = tier.feePercent;
    if (!Number.isInteger(pct) || pct < 0 || pct > 100) {
      invalidPolicy(`afterAcceptanceTiers[${i}].feePercent`, '违约金比例必须为 0 到 100 的整数');
    }
    const prev = tiers[i - 1];
    if (prev && !(prev.minHoursBeforeStart > hours)) {
      invalidPolicy('afterAcceptanceTiers', '阶梯必须按提前小时数从大到小排列且不能重复');
    }
  });
  const visitFee = policy.departedVisitFeeFen;
  if (!Number.isInteger(visitFee) || visitFee < 0) invalidPolicy('departedVisitFeeFen', '上门费必须为非负整数（分）');
  if (typeof policy.operatorWaivesFee !== 'boolean') invalidPolicy('operatorWaivesFee', '必须为布尔值');
}

const yuan = (fen: number): string => `¥${(fen / 100).toFixed(2)}`;
const percentOf = (fen: number, percent: number): number => Math.floor((fen * percent + 50) / 100);

function tierFee(paidFen: number, msBeforeStart: number, policy: CancellationPolicy): { fee: number; rule: string; reason: string } {
  // Compare in milliseconds so "exactly 24h" is exact and never a float-division artefact.
  const tier = policy.afterAcceptanceTiers.find((t) => msBeforeStart >= t.minHoursBeforeStart * HOUR_MS);
  if (!tier) {
    const reason = msBeforeStart < 0 ? '已过服务开始时间' : '距服务开始时间过近';
    return { fee: percentOf(paidFen, AFTER_START_FEE_PERCENT), rule: 'after_start', reason: `${reason}，收取${AFTER_START_FEE_PERCENT}%违约金` };
  }
  return {
    fee: percentOf(paidFen, tier.feePercent),
    rule: `tier_${tier.minHoursBeforeStart}h`,
    reason: `距服务开始不少于${tier.minHoursBeforeStart}小时，收取${tier.feePercent}%违约金`,
  };
}

export function quoteCancellation(order: CancellableOrder, actor: Actor, now: Date, policy: CancellationPolicy): CancellationQuote {
  validateCancellationPolicy(policy);
  const { status, paidFen, startAt } = order;
  if (!Number.isInteger(paidFen) || paidFen < 0) {
    throw bookingError('INVALID_AMOUNT', { paidFen });
  }
  for (const d of [startAt, now]) {
    if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw bookingError('INVALID_DATE');
  }
  if (NOT_CANCELLABLE.includes(status)) {
    throw bookingError('CANCEL_NOT_ALLOWED', { status });
  }
  if (status === 'cancelled') {
    throw new DomainError('CANCEL_NOT_ALLOWED', '订单已取消，无需重复取消', { status });
  }
  // Single source of truth for who may cancel from where (throws 403/409 otherwise).
  planTransition(status, actor === 'system' ? 'timeout_cancel' : 'cancel', actor);

  const result = (feeFen: number, rule: string, reason: string): CancellationQuote => {
    const fee = Math.min(feeFen, paidFen);
    const refund = paidFen - fee;
    const money = paidFen === 0 ? '订单未支付，无需退款' : `违约金 ${yuan(fee)}，退款 ${yuan(refund)}`;
    return { allowed: true, feeFen: fee, refundFen: refund, rule, explanation: `${reason}；${money}` };
  };

  if (status === 'pending_payment') return result(0, 'not_paid', '订单未支付，可免费取消');
  if (status === 'pending_acceptance') return result(0, 'not_accepted', '尚未有护理员接单，全额退款');
  if (actor === 'operator' && policy.operatorWaivesFee) return result(0, 'operator_waived', '平台客服取消，免收违约金');

  const tier = tierFee(paidFen, startAt.getTime() - now.getTime(), policy);
  if (status === 'accepted') return result(tier.fee, tier.rule, tier.reason);

  // departed / arrived: the trip already happened.
  if (policy.departedVisitFeeFen > tier.fee) {
    return result(policy.departedVisitFeeFen, 'caregiver_departed', `护理员已出发，收取上门费 ${yuan(policy.departedVisitFeeFen)}（不超过实付金额）`);
  }
  return result(tier.fee, 'caregiver_departed', `护理员已出发，${tier.reason}`);
}

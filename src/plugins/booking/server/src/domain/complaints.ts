/**
 * Complaint (投诉) workflow rules: categories, the status machine with a time limit per step, and the checks on
 * the resolutions an operator decides. Pure: the service loads, asks, writes.
 */
import { bookingError, DomainError } from './errors';

export const COMPLAINT_CATEGORIES = ['late', 'attitude', 'skill', 'safety', 'billing', 'other'] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
export const CATEGORY_LABELS: Readonly<Record<ComplaintCategory, string>> = {
  late: '迟到',
  attitude: '服务态度',
  skill: '专业水平',
  safety: '安全',
  billing: '收费',
  other: '其他',
};

export const COMPLAINT_STATUSES = ['submitted', 'investigating', 'resolved', 'rejected'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const COMPLAINT_STATUS_LABELS: Readonly<Record<ComplaintStatus, string>> = {
  submitted: '已提交',
  investigating: '调查中',
  resolved: '已处理',
  rejected: '已驳回',
};

export type ComplaintAction = 'investigate' | 'resolve' | 'reject';
const STEPS: Record<ComplaintAction, { from: ComplaintStatus[]; to: ComplaintStatus }> = {
  investigate: { from: ['submitted'], to: 'investigating' },
  // An obvious case may be settled without a separate investigation step.
  resolve: { from: ['submitted', 'investigating'], to: 'resolved' },
  reject: { from: ['submitted', 'investigating'], to: 'rejected' },
};

export const OPEN_STATUSES: readonly ComplaintStatus[] = ['submitted', 'investigating'];

/** Orders a user may complain about: anything that was paid (money or a caregiver was involved). */
export const COMPLAINABLE_ORDER_STATUSES = [
  'pending_acceptance',
  'accepted',
  'departed',
  'arrived',
  'in_service',
  'finished',
  'completed',
  'reviewed',
  'cancelled',
];

export function planComplaintStep(current: ComplaintStatus, action: ComplaintAction): ComplaintStatus {
  const step = STEPS[action];
  if (!step.from.includes(current)) {
    throw new DomainError('COMPLAINT_STEP_INVALID', `投诉当前状态为「${COMPLAINT_STATUS_LABELS[current] ?? current}」，不能执行该操作`, {
      status: current,
      action,
    });
  }
  return step.to;
}

export interface DeadlineSettings {
  investigateHours: number;
  resolveHours: number;
}

/** The time by which the next step is due; none once the complaint is closed. */
export function stepDeadline(status: ComplaintStatus, from: Date, settings: DeadlineSettings): Date | null {
  if (status === 'submitted') return new Date(from.getTime() + settings.investigateHours * 3_600_000);
  if (status === 'investigating') return new Date(from.getTime() + settings.resolveHours * 3_600_000);
  return null;
}

export function isOverdue(complaint: { status: ComplaintStatus; deadlineAt: Date | null }, now: Date): boolean {
  return OPEN_STATUSES.includes(complaint.status) && complaint.deadlineAt !== null && complaint.deadlineAt.getTime() <= now.getTime();
}

export type Resolution =
  | { type: 'full_refund' }
  | { type: 'partial_refund'; amountFen: number }
  | { type: 'warning' }
  | { type: 'penalty'; points: number; /** optional fine deducted from the caregiver's next statement */ fineFen?: number }
  | { type: 'suspension'; days: number }
  | { type: 'retraining'; note: string }
  | { type: 'replace_caregiver' };

export const RESOLUTION_LABELS: Readonly<Record<Resolution['type'], string>> = {
  full_refund: '全额退款',
  partial_refund: '部分退款',
  warning: '警告',
  penalty: '扣分',
  suspension: '停单',
  retraining: '安排复训',
  replace_caregiver: '更换陪护人员',
};

const CAREGIVER_RESOLUTIONS: ReadonlySet<Resolution['type']> = new Set(['warning', 'penalty', 'suspension', 'retraining', 'replace_caregiver']);
/** Orders whose caregiver can still be replaced: accepted but not yet on the way (the state machine's release). */
export const REPLACEABLE_ORDER_STATUSES = ['accepted'];

export interface ResolutionContext {
  paidFen: number;
  refundedFen: number;
  hasCaregiver: boolean;
  orderStatus: string;
}

/** Checks a set of resolutions as a whole before anything is written; returns the refund amount it implies. */
export function checkResolutions(resolutions: readonly Resolution[], ctx: ResolutionContext): { refundFen: number } {
  const types = resolutions.map((r) => r.type);
  if (new Set(types).size !== types.length) throw bookingError('DUPLICATE_RESOLUTION');
  if (types.includes('full_refund') && types.includes('partial_refund')) throw bookingError('CONFLICTING_REFUNDS');
  if (types.includes('warning') && types.includes('penalty')) throw bookingError('CONFLICTING_PENALTIES');
  const refundable = ctx.paidFen - ctx.refundedFen;
  let refundFen = 0;
  for (const r of resolutions) {
    if (CAREGIVER_RESOLUTIONS.has(r.type) && !ctx.hasCaregiver) {
      throw new DomainError('NO_CAREGIVER', `该订单没有陪护人员，不能「${RESOLUTION_LABELS[r.type]}」`);
    }
    if (r.type === 'full_refund' || r.type === 'partial_refund') {
      refundFen = r.type === 'full_refund' ? refundable : r.amountFen;
      if (refundFen <= 0) throw bookingError('NOTHING_TO_REFUND');
      if (refundFen > refundable) throw new DomainError('REFUND_EXCEEDS_PAID', `退款金额不能超过可退金额 ${refundable} 分`, { refundableFen: refundable });
    }
    if (r.type === 'replace_caregiver' && !REPLACEABLE_ORDER_STATUSES.includes(ctx.orderStatus)) {
      throw bookingError('CANNOT_REPLACE', { status: ctx.orderStatus });
    }
  }
  return { refundFen };
}

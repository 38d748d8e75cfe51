/**
 * Order lifecycle as one declarative table.
 *
 * Every status change in the platform goes through `planTransition`, so the table below is the
 * single place that decides who may move an order where. Services persist the returned plan;
 * they never write `status` directly.
 *
 * Error semantics (chosen deliberately):
 * - 409 INVALID_TRANSITION: the action is not possible from the order's *current state*, for anyone.
 *   It is a conflict with resource state (often a race, e.g. two caregivers accepting at once),
 *   so clients should refetch the order.
 * - 403 ACTOR_NOT_ALLOWED: the state would allow the action, but not for this kind of actor.
 *   State is checked first, so a wrong-state request reports 409 even for the wrong actor.
 * - 400 UNKNOWN_STATUS / UNKNOWN_ACTION: malformed input, not a business conflict.
 * Ownership (is this *the* caregiver of this order?) is the service layer's job, not this module's.
 */
import { DomainError } from './errors';

export const ORDER_STATUSES = [
  'pending_payment',
  'pending_acceptance',
  'accepted',
  'departed',
  'arrived',
  'in_service',
  'finished',
  'completed',
  'reviewed',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const STATUS_LABELS: Readonly<Record<OrderStatus, string>> = {
  pending_payment: '待支付',
  pending_acceptance: '待接单',
  accepted: '待服务',
  departed: '已出发',
  arrived: '已到达',
  in_service: '服务中',
  finished: '待确认完成',
  completed: '已完成',
  reviewed: '已评价',
  cancelled: '已取消',
};

export const ACTORS = ['user', 'caregiver', 'operator', 'system'] as const;
export type Actor = (typeof ACTORS)[number];

export const ORDER_ACTIONS = [
  'pay',
  'accept',
  'assign',
  'release',
  'depart',
  'arrive',
  'start',
  'finish',
  'confirm',
  'auto_confirm',
  'force_complete',
  'review',
  'cancel',
  'timeout_cancel',
] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

export interface Transition {
  readonly action: OrderAction;
  readonly from: readonly OrderStatus[];
  readonly to: OrderStatus;
  readonly actors: readonly Actor[];
  readonly label: string;
}

/** Each action appears exactly once, so (action, status) determines the target status. */
export const TRANSITIONS: readonly Transition[] = [
  // Only the payment callback may mark an order paid; a client claiming "I paid" is never trusted.
  { action: 'pay', from: ['pending_payment'], to: 'pending_acceptance', actors: ['system'], label: '支付' },
  { action: 'accept', from: ['pending_acceptance'], to: 'accepted', actors: ['caregiver'], label: '接单' },
  // Operators assign manually; the system assigns via auto-dispatch.
  { action: 'assign', from: ['pending_acceptance'], to: 'accepted', actors: ['operator', 'system'], label: '派单' },
  // Giving the order back is only possible before departing; after that the caregiver is committed.
  { action: 'release', from: ['accepted'], to: 'pending_acceptance', actors: ['caregiver', 'operator'], label: '退回订单' },
  { action: 'depart', from: ['accepted'], to: 'departed', actors: ['caregiver'], label: '出发' },
  { action: 'arrive', from: ['departed'], to: 'arrived', actors: ['caregiver'], label: '到达' },
  { action: 'start', from: ['arrived'], to: 'in_service', actors: ['caregiver'], label: '开始服务' },
  { action: 'finish', from: ['in_service'], to: 'finished', actors: ['caregiver'], label: '完成服务' },
  { action: 'confirm', from: ['finished'], to: 'completed', actors: ['user'], label: '确认完成' },
  { action: 'auto_confirm', from: ['finished'], to: 'completed', actors: ['system'], label: '自动确认完成' },
  // Operators resolve stuck orders (caregiver forgot to tap "finish", user never confirms).
  { action: 'force_complete', from: ['in_service', 'finished'], to: 'completed', actors: ['operator'], label: '强制完成' },
  { action: 'review', from: ['completed'], to: 'reviewed', actors: ['user'], label: '评价' },
  // Once service has started, cancelling is replaced by the complaint/refund process.
  {
    action: 'cancel',
    from: ['pending_payment', 'pending_acceptance', 'accepted', 'departed', 'arrived'],
    to: 'cancelled',
    actors: ['user', 'operator'],
    label: '取消订单',
  },
  // System cancels unpaid orders after the payment window, and paid orders nobody accepted in time.
  {
    action: 'timeout_cancel',
    from: ['pending_payment', 'pending_acceptance'],
    to: 'cancelled',
    actors: ['system'],
    label: '超时自动取消',
  },
];

export const ACTION_LABELS: Readonly<Record<OrderAction, string>> = Object.fromEntries(TRANSITIONS.map((t) => [t.action, t.label])) as Record<
  OrderAction,
  string
>;

export interface TransitionPlan {
  from: OrderStatus;
  to: OrderStatus;
  action: OrderAction;
}

const isStatus = (value: unknown): value is OrderStatus => (ORDER_STATUSES as readonly unknown[]).includes(value);
const isAction = (value: unknown): value is OrderAction => (ORDER_ACTIONS as readonly unknown[]).includes(value);
const isActor = (value: unknown): value is Actor => (ACTORS as readonly unknown[]).includes(value);

const ACTOR_LABELS: Readonly<Record<Actor, string>> = {
  user: '用户',
  caregiver: '护理员',
  operator: '运营人员',
  system: '系统',
};

export function planTransition(current: OrderStatus, action: OrderAction, actor: Actor): TransitionPlan {
  if (!isStatus(current)) {
    throw new DomainError('UNKNOWN_STATUS', `未知的订单状态「${String(current)}」`, { status: current });
  }
  if (!isAction(action)) {
    throw new DomainError('UNKNOWN_ACTION', `未知的订单操作「${String(action)}」`, { action });
  }
  if (!isActor(actor)) {
    throw new DomainError('UNKNOWN_ACTOR', `未知的操作者「${String(actor)}」`, { actor });
  }
  const transition = TRANSITIONS.find((t) => t.action === action && t.from.includes(current));
  if (!transition) {
    throw new DomainError('INVALID_TRANSITION', `订单当前状态为「${STATUS_LABELS[current]}」，不能执行「${ACTION_LABELS[action]}」`, {
      status: current,
      action,
    });
  }
  if (!transition.actors.includes(actor)) {
    throw new DomainError('ACTOR_NOT_ALLOWED', `${ACTOR_LABELS[actor]}无权对该订单执行「${transition.label}」`, { status: current, action, actor });
  }
  return { from: current, to: transition.to, action };
}

/** Actions the given actor may perform now; drives which buttons a client shows. */
export function allowedActions(status: OrderStatus, actor: Actor): OrderAction[] {
  return TRANSITIONS.filter((t) => t.from.includes(status) && t.actors.includes(actor)).map((t) => t.action);
}

/** Terminal = no transition leaves it, for any actor. Derived from the table so it cannot drift. */
export function isTerminal(status: OrderStatus): boolean {
  return !TRANSITIONS.some((t) => t.from.includes(status));
}

const CAREGIVER_ACTIVE: readonly OrderStatus[] = ['accepted', 'departed', 'arrived', 'in_service', 'finished'];

/**
 * Whether the assigned caregiver may currently see the patient's personal details (name, phone,
 * address, medical notes). Privacy: before acceptance the caregiver is just a candidate, and after
 * completion/cancellation there is no longer a need to know.
 */
export function isActiveForCaregiver(status: OrderStatus): boolean {
  return CAREGIVER_ACTIVE.includes(status);
}

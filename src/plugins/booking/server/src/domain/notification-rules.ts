/**
 * Who is told what when an order changes status. Pure: the notifications service persists the result, publishes
 * it live and sends the SMS. Keeping the wording here means one table to review with the product owner, and
 * unit tests that need no database.
 *
 * SMS costs money and interrupts people, so it is reserved for changes the recipient did not cause and must
 * act on or plan around (someone is coming, an order is off). Everything else stays in the in-app inbox.
 */
import { beijingParts } from './beijing-time';
import type { Actor, OrderAction, OrderStatus } from './order-state-machine';

export type NotificationAudience = 'user' | 'caregiver';

/** The order fields the wording needs; the order row from the database satisfies it. */
export interface NotifiableOrder {
  id: number;
  orderNo: string;
  userId: number;
  /**
   * The caregiver concerned by this transition. For `release`, pass the caregiver who held the order (the row
   * before it was cleared), otherwise an operator's take-back cannot be told to them.
   */
  caregiverUserId?: number | null;
  startAt?: string | Date | null;
  serviceSnapshot?: { name?: string | null } | null;
}

export interface OrderTransitionNotice {
  order: NotifiableOrder;
  from: OrderStatus;
  to: OrderStatus;
  action: OrderAction;
  actorType: Actor;
}

export interface PlannedNotification {
  audience: NotificationAudience;
  kind: string;
  title: string;
  body: string;
  sms?: { templateKey: string };
}

export const ORDER_UPDATE_SMS = { templateKey: 'order_update' } as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** Beijing wall-clock time as people read it in a message: 5月3日 08:30. */
export function formatStartAt(value: string | Date | null | undefined): string {
  if (value === null || value === undefined) return '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const p = beijingParts(date);
  return `${p.month}月${p.day}日 ${pad(p.hour)}:${pad(p.minute)}`;
}

/** 「陪诊服务（5月3日 08:30）」, degrading gracefully when the snapshot or time is missing. */
function describe(order: NotifiableOrder): string {
  const name = order.serviceSnapshot?.name?.trim() || '服务';
  const when = formatStartAt(order.startAt);
  return when ? `「${name}」（${when}）` : `「${name}」`;
}

const ref = (order: NotifiableOrder) => `订单号 ${order.orderNo}`;

type Rule = (n: OrderTransitionNotice) => PlannedNotification[];

const user = (kind: string, title: string, body: string, sms = false): PlannedNotification =>
  sms ? { audience: 'user', kind, title, body, sms: { ...ORDER_UPDATE_SMS } } : { audience: 'user', kind, title, body };

const caregiver = (kind: string, title: string, body: string, sms = false): PlannedNotification =>
  sms ? { audience: 'caregiver', kind, title, body, sms: { ...ORDER_UPDATE_SMS } } : { audience: 'caregiver', kind, title, body };

const RULES: Partial<Record<OrderAction, Rule>> = {
  pay: ({ order }) => [user('order_paid', '支付成功，正在为您安排陪护人员', `您预约的${describe(order)}已支付成功，我们正在为您安排陪护人员。${ref(order)}`)],

  // A caregiver accepting themselves needs no SMS; one assigned by an operator or dispatch may not be looking.
  accept: ({ order, action }) => acceptedNotices(order, action),
  assign: ({ order, action }) => acceptedNotices(order, action),

  release: ({ order, actorType }) => {
    const out = [user('order_reassigning', '正在为您重新安排陪护人员', `原陪护人员暂时无法提供${describe(order)}，我们正在为您重新安排。${ref(order)}`)];
    // The caregiver who gave the order back knows; one whose order an operator took back must be told.
    if (actorType === 'operator') {
      out.push(caregiver('order_revoked', '订单已被收回', `您的服务订单${describe(order)}已由客服收回，无需前往服务。${ref(order)}`, true));
    }
    return out;
  },

  depart: ({ order }) => [user('caregiver_departed', '陪护人员已出发', `陪护人员已出发前往服务地点，请保持电话畅通。${ref(order)}`)],
  arrive: ({ order }) => [user('caregiver_arrived', '陪护人员已到达', `陪护人员已到达服务地点。${ref(order)}`)],
  start: ({ order }) => [user('service_started', '服务已开始', `您预约的${describe(order)}已开始。${ref(order)}`)],
  finish: ({ order }) => [
    user('service_finished', '服务已完成，请确认', `陪护人员已完成${describe(order)}，请及时确认；逾期未确认将自动确认完成。${ref(order)}`),
  ],

  confirm: ({ order }) => [caregiver('order_completed', '用户已确认完成', `用户已确认完成${describe(order)}，辛苦了。${ref(order)}`)],
  auto_confirm: ({ order }) => [
    user('order_completed', '订单已自动确认完成', `${describe(order)}已超过确认期限，系统已自动确认完成。${ref(order)}`),
    caregiver('order_completed', '订单已完成', `${describe(order)}已自动确认完成。${ref(order)}`),
  ],
  force_complete: ({ order }) => [
    user('order_completed', '订单已完成', `客服已将您的订单${describe(order)}标记为完成，如有疑问请联系客服。${ref(order)}`),
    caregiver('order_completed', '订单已完成', `客服已将订单${describe(order)}标记为完成。${ref(order)}`),
  ],
  review: ({ order }) => [caregiver('order_reviewed', '您收到一条新评价', `用户已评价${describe(order)}。${ref(order)}`)],

  cancel: (n) => cancelledNotices(n),
  timeout_cancel: (n) => cancelledNotices(n),
};

function acceptedNotices(order: NotifiableOrder, action: OrderAction): PlannedNotification[] {
  return [
    user('order_accepted', '陪护人员已接单', `您预约的${describe(order)}已有陪护人员接单，请保持电话畅通。${ref(order)}`, true),
    caregiver('order_assigned', '您有新的服务订单', `新的服务订单${describe(order)}，请按时前往服务。${ref(order)}`, action === 'assign'),
  ];
}

function cancelledNotices({ order, from, action, actorType }: OrderTransitionNotice): PlannedNotification[] {
  const out: PlannedNotification[] = [];
  if (action === 'timeout_cancel' && from === 'pending_payment') {
    out.push(user('order_cancelled', '订单超时未支付已取消', `您的订单${describe(order)}超时未支付，已自动取消。如仍需服务，请重新下单。${ref(order)}`, true));
  } else if (action === 'timeout_cancel') {
    out.push(
      user(
        'order_cancelled',
        '暂无陪护人员接单，订单已取消',
        `很抱歉，您的订单${describe(order)}暂无陪护人员接单，已自动取消，已支付款项将原路退回。${ref(order)}`,
        true,
      ),
    );
  } else if (actorType === 'user') {
    // The user cancelled it themselves: a record in the inbox, no SMS.
    out.push(user('order_cancelled', '订单已取消', `您已取消订单${describe(order)}，如有已支付款项，将按取消规则退回。${ref(order)}`));
  } else {
    out.push(user('order_cancelled', '订单已取消', `您的订单${describe(order)}已由客服取消，如有已支付款项，将按取消规则退回。${ref(order)}`, true));
  }
  // Whoever cancelled, an assigned caregiver must not set off to a cancelled appointment.
  if (order.caregiverUserId) {
    out.push(caregiver('order_cancelled', '订单已取消', `服务订单${describe(order)}已取消，无需前往服务。${ref(order)}`, true));
  }
  return out;
}

/** The notifications for one transition, in the order they should be written. Unknown actions notify nobody. */
export function notificationsFor(notice: OrderTransitionNotice): PlannedNotification[] {
  const rule = RULES[notice.action];
  if (!rule) return [];
  // Someone has to receive the caregiver's notice: without an assigned caregiver there is nobody to tell.
  return rule(notice).filter((n) => n.audience === 'user' || Boolean(notice.order.caregiverUserId));
}

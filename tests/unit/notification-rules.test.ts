import {
  formatStartAt,
  notificationsFor,
  type NotifiableOrder,
  type OrderTransitionNotice,
} from '../../src/plugins/booking/server/src/domain/notification-rules';
import { TRANSITIONS, type Actor, type OrderAction, type OrderStatus } from '../../src/plugins/booking/server/src/domain/order-state-machine';

const ORDER: NotifiableOrder = {
  id: 7,
  orderNo: 'CE2605030001',
  userId: 11,
  caregiverUserId: 22,
  // 2026-05-03 08:30 in Beijing
  startAt: '2026-05-03T00:30:00.000Z',
  serviceSnapshot: { name: '医院陪诊' },
};

const notice = (action: OrderAction, from: OrderStatus, to: OrderStatus, actorType: Actor, order: Partial<NotifiableOrder> = {}): OrderTransitionNotice => ({
  order: { ...ORDER, ...order },
  from,
  to,
  action,
  actorType,
});

/**
 * Hand-written expectations, one row per case: who hears about it (u = user, c = caregiver, `+sms` = also by
 * SMS) and the title they see. Not derived from the rules module, so wording and SMS changes are deliberate.
 */
const CASES: Array<[string, OrderTransitionNotice, string[]]> = [
  ['payment', notice('pay', 'pending_payment', 'pending_acceptance', 'system'), ['u 支付成功，正在为您安排陪护人员']],
  ['caregiver accepts', notice('accept', 'pending_acceptance', 'accepted', 'caregiver'), ['u+sms 陪护人员已接单', 'c 您有新的服务订单']],
  ['operator assigns', notice('assign', 'pending_acceptance', 'accepted', 'operator'), ['u+sms 陪护人员已接单', 'c+sms 您有新的服务订单']],
  ['dispatch assigns', notice('assign', 'pending_acceptance', 'accepted', 'system'), ['u+sms 陪护人员已接单', 'c+sms 您有新的服务订单']],
  ['caregiver releases', notice('release', 'accepted', 'pending_acceptance', 'caregiver'), ['u 正在为您重新安排陪护人员']],
  ['operator takes back', notice('release', 'accepted', 'pending_acceptance', 'operator'), ['u 正在为您重新安排陪护人员', 'c+sms 订单已被收回']],
  ['departed', notice('depart', 'accepted', 'departed', 'caregiver'), ['u 陪护人员已出发']],
  ['arrived', notice('arrive', 'departed', 'arrived', 'caregiver'), ['u 陪护人员已到达']],
  ['service started', notice('start', 'arrived', 'in_service', 'caregiver'), ['u 服务已开始']],
  ['service finished', notice('finish', 'in_service', 'finished', 'caregiver'), ['u 服务已完成，请确认']],
  ['user confirms', notice('confirm', 'finished', 'completed', 'user'), ['c 用户已确认完成']],
  ['auto confirm', notice('auto_confirm', 'finished', 'completed', 'system'), ['u 订单已自动确认完成', 'c 订单已完成']],
  ['force complete', notice('force_complete', 'in_service', 'completed', 'operator'), ['u 订单已完成', 'c 订单已完成']],
  ['review', notice('review', 'completed', 'reviewed', 'user'), ['c 您收到一条新评价']],
  ['user cancels unassigned', notice('cancel', 'pending_acceptance', 'cancelled', 'user', { caregiverUserId: null }), ['u 订单已取消']],
  ['user cancels assigned', notice('cancel', 'accepted', 'cancelled', 'user'), ['u 订单已取消', 'c+sms 订单已取消']],
  ['operator cancels assigned', notice('cancel', 'departed', 'cancelled', 'operator'), ['u+sms 订单已取消', 'c+sms 订单已取消']],
  ['unpaid timeout', notice('timeout_cancel', 'pending_payment', 'cancelled', 'system', { caregiverUserId: null }), ['u+sms 订单超时未支付已取消']],
  [
    'nobody accepted in time',
    notice('timeout_cancel', 'pending_acceptance', 'cancelled', 'system', { caregiverUserId: null }),
    ['u+sms 暂无陪护人员接单，订单已取消'],
  ],
  ['caregiver notice without a caregiver', notice('confirm', 'finished', 'completed', 'user', { caregiverUserId: null }), []],
];

describe('notificationsFor', () => {
  it.each(CASES)('%s', (_name, input, expected) => {
    const got = notificationsFor(input).map((n) => `${n.audience === 'user' ? 'u' : 'c'}${n.sms ? '+sms' : ''} ${n.title}`);
    expect(got).toEqual(expected);
  });

  it('uses the order_update SMS template for every SMS', () => {
    for (const [, input] of CASES) {
      for (const n of notificationsFor(input)) if (n.sms) expect(n.sms).toEqual({ templateKey: 'order_update' });
    }
  });

  it('names the service, the Beijing start time and the order number in every body', () => {
    const [accepted] = notificationsFor(notice('accept', 'pending_acceptance', 'accepted', 'caregiver'));
    expect(accepted?.body).toContain('「医院陪诊」（5月3日 08:30）');
    for (const [, input] of CASES) {
      for (const n of notificationsFor(input)) expect(n.body).toContain(`订单号 ${ORDER.orderNo}`);
    }
  });

  it('covers every transition of the state machine with at least one recipient', () => {
    for (const t of TRANSITIONS) {
      for (const actor of t.actors) {
        const planned = notificationsFor(notice(t.action, t.from[0] as OrderStatus, t.to, actor));
        expect({ action: t.action, actor, count: planned.length > 0 }).toEqual({ action: t.action, actor, count: true });
      }
    }
  });

  it('keeps kinds and titles within the inbox column limits', () => {
    for (const t of TRANSITIONS) {
      for (const from of t.from) {
        for (const actor of t.actors) {
          for (const n of notificationsFor(notice(t.action, from, t.to, actor))) {
            expect(n.kind.length).toBeLessThanOrEqual(40);
            expect(n.title.length).toBeLessThanOrEqual(60);
            expect(n.kind).toMatch(/^[a-z_]+$/);
          }
        }
      }
    }
  });

  it('degrades gracefully without a service snapshot or start time', () => {
    const [paid] = notificationsFor(notice('pay', 'pending_payment', 'pending_acceptance', 'system', { serviceSnapshot: null, startAt: null }));
    expect(paid?.body).toContain('「服务」');
    expect(paid?.body).not.toContain('undefined');
  });
});

describe('formatStartAt', () => {
  it.each([
    ['2026-05-03T00:30:00.000Z', '5月3日 08:30'],
    ['2026-12-31T16:05:00.000Z', '1月1日 00:05'],
    [new Date('2026-01-09T13:00:00Z'), '1月9日 21:00'],
    [null, ''],
    ['not a date', ''],
  ])('%s -> %s', (input, expected) => {
    expect(formatStartAt(input as string | Date | null)).toBe(expected);
  });
});

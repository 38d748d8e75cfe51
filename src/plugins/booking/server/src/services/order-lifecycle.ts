import type { Core } from '@strapi/strapi';
import { randomBytes } from 'node:crypto';
import { DomainError } from '../domain/errors';
import { planTransition, STATUS_LABELS, type Actor, type OrderAction, type OrderStatus } from '../domain/order-state-machine';
import { quoteCancellation } from '../domain/cancellation-policy';
import { busyInterval } from '../domain/schedule';
import { bookingConfig, bookingService } from '../utils/plugin';

const ORDER = 'plugin::booking.order';
const EVENT = 'plugin::booking.order-event';
const REFUND = 'plugin::booking.refund';

export interface ActorRef {
  type: Actor;
  id?: number | null;
}

interface TransitionOptions {
  reason?: string;
  /** Extra columns written by the same compare-and-swap update. */
  patch?: Record<string, unknown>;
  data?: Record<string, unknown>;
  /** Runs inside the transaction after the status changed (schedule holds, refunds ...). */
  effects?: (order: any) => Promise<void>;
}

const STAMP: Partial<Record<OrderStatus, string>> = {
  accepted: 'acceptedAt',
  in_service: 'startedAt',
  finished: 'finishedAt',
  completed: 'completedAt',
  cancelled: 'cancelledAt',
};

/**
 * Every change of an order's status goes through `transition`: the pure state machine decides whether the actor
 * may do it, the update is a compare-and-swap on the status it was planned from, and the order event is written
 * in the same transaction. A concurrent change makes the swap miss and the caller gets a 409.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const orders = () => strapi.db.query(ORDER);

  const api = {
    async recordEvent(orderId: number, e: { action: string; from: string | null; to: string | null; actor: ActorRef; reason?: string; data?: Record<string, unknown> }) {
      return strapi.db.query(EVENT).create({
        data: { orderId, action: e.action, fromStatus: e.from, toStatus: e.to, actorType: e.actor.type, actorId: e.actor.id ?? null, reason: e.reason ?? null, data: e.data ?? null },
      });
    },

    async load(orderId: number) {
      const order = await orders().findOne({ where: { id: orderId } });
      if (!order) throw new DomainError('ORDER_NOT_FOUND', '订单不存在', 404);
      return order;
    },

    async transition(orderId: number, action: OrderAction, actor: ActorRef, options: TransitionOptions = {}) {
      return strapi.db.transaction(async () => {
        const order = await api.load(orderId);
        const plan = planTransition(order.status, action, actor.type);
        const now = new Date();
        const stamp = STAMP[plan.to];
        const { count } = await orders().updateMany({
          where: { id: orderId, status: plan.from },
          data: { status: plan.to, ...(stamp ? { [stamp]: now } : {}), ...(options.patch ?? {}) },
        });
        if (count !== 1) throw new DomainError('ORDER_CHANGED', '订单状态已变化，请刷新后重试', 409);
        await api.recordEvent(orderId, { action, from: plan.from, to: plan.to, actor, reason: options.reason, data: options.data });
        const updated = await api.load(orderId);
        await strapi.plugin('booking').service('analytics')?.recordOrderTransition?.(updated, plan);
        if (options.effects) await options.effects(updated);
        const notifications = strapi.plugin('booking').service('notifications');
        // A release clears the caregiver from the order; the one who held it must still be told.
        const audience = { ...updated, caregiverUserId: updated.caregiverUserId ?? order.caregiverUserId };
        if (notifications) await notifications.onOrderTransition({ order: audience, from: plan.from, to: plan.to, action, actorType: actor.type });
        return updated;
      });
    },

    /**
     * The seam the payments module calls once a verified payment for the full amount has been recorded.
     * Dispatch then takes over (a preferred caregiver already holds the slot; otherwise the order waits in the hall).
     */
    async markPaid(orderId: number, { amountFen, reference }: { amountFen: number; reference: string }) {
      const order = await api.load(orderId);
      if (amountFen !== order.totalFen) throw new DomainError('AMOUNT_MISMATCH', '支付金额与订单金额不一致', 409);
      return api.transition(orderId, 'pay', { type: 'system' }, {
        patch: { paymentStatus: 'paid', paidFen: amountFen, paidAt: new Date() },
        data: { amountFen, reference },
        // Dispatch writes at most one offer row here; a failure of it must never undo the payment (the
        // expireOffers job offers orders left without one).
        effects: async (paid) => {
          const dispatch = strapi.plugin('booking').service('dispatch');
          if (!dispatch) return;
          try {
            await dispatch.dispatch(paid);
          } catch (error) {
            strapi.log.error(`[booking:dispatch] order ${paid.orderNo}: ${(error as Error).message}`);
          }
        },
      });
    },

    /** A caregiver takes an order: it must be offered to them (preferred) or open in the hall for their city and skill. */
    async accept(orderId: number, caregiver: { id: number; userId: number; cityCode?: string; cityCodes?: string[]; skills: string[] }) {
      const order = await api.load(orderId);
      const mine = order.preferredCaregiverId === caregiver.id;
      const cities = caregiver.cityCodes ?? (caregiver.cityCode ? [caregiver.cityCode] : []);
      const openToMe = !order.preferredCaregiverId && cities.includes(order.cityCode) && caregiver.skills.includes(order.serviceDocumentId);
      if (!mine && !openToMe) throw new DomainError('ORDER_NOT_FOUND', '订单不存在', 404);
      return api.transition(orderId, 'accept', { type: 'caregiver', id: caregiver.userId }, {
        patch: { caregiverId: caregiver.id, caregiverUserId: caregiver.userId },
        effects: async (updated) => {
          if (mine) return; // the slot was held at submission
          const slot = busyInterval(new Date(updated.startAt), new Date(updated.endAt), updated.serviceSnapshot?.travelBufferMinutes ?? 0);
          await bookingService(strapi, 'schedules').reserve({ caregiverId: caregiver.id, orderId, startAt: slot.start, endAt: slot.end });
        },
      });
    },

    /** depart / arrive / start / finish / release by the assigned caregiver only. */
    async caregiverStep(orderId: number, action: 'depart' | 'arrive' | 'start' | 'finish' | 'release', caregiverUserId: number, extra: { summary?: string; reason?: string } = {}) {
      const order = await api.load(orderId);
      if (order.caregiverUserId !== caregiverUserId) throw new DomainError('ORDER_NOT_FOUND', '订单不存在', 404);
      if (action === 'finish' && !extra.summary) throw new DomainError('SUMMARY_REQUIRED', '请填写服务小结', 400);
      return api.transition(orderId, action, { type: 'caregiver', id: caregiverUserId }, {
        reason: extra.reason,
        patch:
          action === 'finish'
            ? { serviceSummary: extra.summary }
            : action === 'release'
              ? { caregiverId: null, caregiverUserId: null, preferredCaregiverId: null, dispatchMode: 'hall' }
              : {},
        effects: action === 'release' ? async () => bookingService(strapi, 'schedules').release(orderId) : undefined,
      });
    },

    async confirm(orderId: number, userId: number) {
      const order = await api.load(orderId);
      if (order.userId !== userId) throw new DomainError('ORDER_NOT_FOUND', '订单不存在', 404);
      return api.transition(orderId, 'confirm', { type: 'user', id: userId });
    },

    quoteCancel(order: any, actor: Actor, now = new Date()) {
      return quoteCancellation(
        { status: order.status, paidFen: order.paidFen - order.refundedFen, startAt: new Date(order.startAt) },
        actor,
        now,
        bookingConfig(strapi).orders.cancellationPolicy,
      );
    },

    /** Cancels with the policy's fee; the refund is handed to payments as a pending refund record. */
    async cancel(orderId: number, actor: ActorRef, reason?: string) {
      const current = await api.load(orderId);
      if (actor.type === 'user' && current.userId !== actor.id) throw new DomainError('ORDER_NOT_FOUND', '订单不存在', 404);
      const quote = api.quoteCancel(current, actor.type);
      const action: OrderAction = actor.type === 'system' ? 'timeout_cancel' : 'cancel';
      return api.transition(orderId, action, actor, {
        reason,
        patch: { cancelFeeFen: quote.feeFen, cancelReason: reason ?? null },
        data: { feeFen: quote.feeFen, refundFen: quote.refundFen, rule: quote.rule },
        effects: async (order) => {
          await bookingService(strapi, 'schedules').release(orderId);
          if (quote.refundFen > 0) await api.requestRefund(order, quote.refundFen, 'cancellation', quote.explanation);
        },
      });
    },

    /**
     * Records money owed back (pending until payments settles it). Must run inside a transaction; the refunded
     * total can never exceed the paid total.
     */
    async requestRefund(order: any, amountFen: number, source: 'cancellation' | 'change' | 'complaint' | 'operator', reason: string) {
      if (!Number.isInteger(amountFen) || amountFen <= 0) throw new DomainError('INVALID_REFUND', '退款金额不正确', 422);
      if (order.refundedFen + amountFen > order.paidFen) throw new DomainError('REFUND_EXCEEDS_PAID', '退款总额不能超过实付金额', 409);
      // Compare-and-swap on the refunded total: two refunds racing cannot both be counted against the same money.
      const { count } = await orders().updateMany({
        where: { id: order.id, refundedFen: order.refundedFen },
        data: { refundedFen: order.refundedFen + amountFen },
      });
      if (count !== 1) throw new DomainError('ORDER_CHANGED', '订单已变化，请刷新后重试', 409);
      return strapi.db.query(REFUND).create({
        data: { orderId: order.id, refundNo: `R${order.orderNo}${randomBytes(3).toString('hex').toUpperCase()}`, amountFen, source, reason: reason.slice(0, 200), status: 'pending' },
      });
    },

    describe(status: OrderStatus) {
      return STATUS_LABELS[status];
    },
  };
  return api;
};

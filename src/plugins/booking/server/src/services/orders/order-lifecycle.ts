import type { Core } from '@strapi/strapi';
import { randomBytes } from 'node:crypto';
import { bookingError, DomainError } from '../../domain/errors';
import { planTransition, type Actor, type OrderAction, type OrderStatus } from '../../domain/order-state-machine';
import { quoteCancellation } from '../../domain/cancellation-policy';
import { busyInterval } from '../../domain/schedule';
import { onlyBusy } from '../../domain/dispatch';
import { bookingConfig, bookingService } from '../../utils/plugin';
import { UID } from '../../content-types/uids';

const ORDER = UID.order;
const EVENT = UID.orderEvent;
const REFUND = UID.refund;

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
  /**
   * Derives patch, data and effects from the order as re-read inside the transaction, for changes whose terms
   * depend on money or status that a concurrent payment or acceptance may have moved (a cancellation's fee).
   */
  prepare?: (order: any) => Pick<TransitionOptions, 'patch' | 'data' | 'effects'>;
  /** Extra columns the compare-and-swap requires unchanged (besides the status). */
  guard?: (order: any) => Record<string, unknown>;
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
    /**
     * One INSERT: createMany does not read the row back (create would, a round trip nobody used). Answers the event
     * as stored, for callers that show it straight away.
     */
    async recordEvent(
      orderId: number,
      e: { action: string; from: string | null; to: string | null; actor: ActorRef; reason?: string; data?: Record<string, unknown> },
    ) {
      const event = {
        orderId,
        action: e.action,
        fromStatus: e.from,
        toStatus: e.to,
        actorType: e.actor.type,
        actorId: e.actor.id ?? null,
        reason: e.reason ?? null,
        data: e.data ?? null,
        createdAt: new Date(),
      };
      await strapi.db.query(EVENT).createMany({ data: [event] });
      return event;
    },

    async load(orderId: number) {
      const order = await orders().findOne({ where: { id: orderId } });
      if (!order) throw bookingError('ORDER_NOT_FOUND');
      return order;
    },

    async transition(orderId: number, action: OrderAction, actor: ActorRef, options: TransitionOptions = {}) {
      return strapi.db.transaction(async () => {
        const order = await api.load(orderId);
        // Before planning: a rule that refuses with a more specific message (no cancelling in service) speaks first.
        if (options.prepare) options = { ...options, ...options.prepare(order) };
        const plan = planTransition(order.status, action, actor.type);
        const now = new Date();
        const stamp = STAMP[plan.to];
        const { count } = await orders().updateMany({
          where: { ...(options.guard ? options.guard(order) : {}), id: orderId, status: plan.from },
          data: { status: plan.to, ...(stamp ? { [stamp]: now } : {}), ...(options.patch ?? {}) },
        });
        if (count !== 1) throw new DomainError('ORDER_CHANGED', '订单状态已变化，请刷新后重试');
        await api.recordEvent(orderId, { action, from: plan.from, to: plan.to, actor, reason: options.reason, data: options.data });
        const updated = await api.load(orderId);
        await bookingService(strapi, 'analytics').recordOrderTransition(updated, plan);
        // The caregiver's earning commits with the completion (confirm by the customer or the auto-confirm job):
        // the compare-and-swap above lets exactly one completion through.
        if (plan.to === 'completed') await bookingService(strapi, 'earnings').recordCompletion(updated);
        bookingService(strapi, 'metrics').orderTransition(action, plan.from, plan.to);
        if (options.effects) await options.effects(updated);
        // Effects may have moved money (a refund); answer with the order as it is now stored.
        const final = options.effects ? await api.load(orderId) : updated;
        // A release clears the caregiver from the order; the one who held it must still be told.
        const audience = { ...final, caregiverUserId: final.caregiverUserId ?? order.caregiverUserId };
        await bookingService(strapi, 'notifications').onOrderTransition({ order: audience, from: plan.from, to: plan.to, action, actorType: actor.type });
        return final;
      });
    },

    /**
     * The seam the payments module calls once a verified payment for the full amount has been recorded. It
     * announces `order.paid` after the commit; dispatch takes over from there (subscriptions.ts).
     */
    async markPaid(orderId: number, { amountFen, reference }: { amountFen: number; reference: string }) {
      const order = await api.load(orderId);
      if (amountFen !== order.totalFen) throw bookingError('AMOUNT_MISMATCH');
      const paidAt = new Date();
      // The caregiver's commission terms are fixed when the customer pays, like the price at submission.
      const commissionSnapshot = await bookingService(strapi, 'earnings').snapshotFor(order, paidAt);
      const paid = await api.transition(
        orderId,
        'pay',
        { type: 'system' },
        {
          patch: { paymentStatus: 'paid', paidFen: amountFen, paidAt, commissionSnapshot },
          data: { amountFen, reference },
        },
      );
      await bookingService(strapi, 'events').emit('order.paid', { order: paid });
      return paid;
    },

    /**
     * A caregiver takes an order (offer accept, direct accept and hall grab all end here): it must be offered to them
     * (preferred) or open in their city and skill, and they must pass every dispatch rule (credentials, training,
     * presence, range, gender, blocks, calendar) with the same reason codes as dispatch itself.
     */
    async accept(orderId: number, caregiver: { id: number; userId: number; cityCode?: string; cityCodes?: string[]; skills: string[] }) {
      const order = await api.load(orderId);
      const mine = order.preferredCaregiverId === caregiver.id;
      const cities = caregiver.cityCodes ?? (caregiver.cityCode ? [caregiver.cityCode] : []);
      const openToMe = !order.preferredCaregiverId && cities.includes(order.cityCode) && caregiver.skills.includes(order.serviceDocumentId);
      if (!mine && !openToMe) throw bookingError('ORDER_NOT_FOUND');
      const verdict = await bookingService(strapi, 'dispatch-candidates').check(order, caregiver.id);
      if (onlyBusy(verdict.reasons)) throw bookingError('CAREGIVER_BUSY', { reasons: verdict.reasons });
      if (!verdict.eligible)
        throw new DomainError('NOT_ELIGIBLE', `您暂不满足该订单的接单条件：${verdict.reasons.map((r) => r.message).join('；')}`, { reasons: verdict.reasons });
      return api.transition(
        orderId,
        'accept',
        { type: 'caregiver', id: caregiver.userId },
        {
          patch: { caregiverId: caregiver.id, caregiverUserId: caregiver.userId },
          effects: async (updated) => {
            if (mine) return; // the slot was held at submission
            const slot = busyInterval(new Date(updated.startAt), new Date(updated.endAt), updated.serviceSnapshot?.travelBufferMinutes ?? 0);
            await bookingService(strapi, 'schedules').reserve({ caregiverId: caregiver.id, orderId, startAt: slot.start, endAt: slot.end });
          },
        },
      );
    },

    /** depart / arrive / start / finish / release by the assigned caregiver only. */
    async caregiverStep(
      orderId: number,
      action: 'depart' | 'arrive' | 'start' | 'finish' | 'release',
      caregiverUserId: number,
      extra: { summary?: string; reason?: string } = {},
    ) {
      const order = await api.load(orderId);
      if (order.caregiverUserId !== caregiverUserId) throw bookingError('ORDER_NOT_FOUND');
      if (action === 'finish' && !extra.summary) throw bookingError('SUMMARY_REQUIRED');
      return api.transition(
        orderId,
        action,
        { type: 'caregiver', id: caregiverUserId },
        {
          reason: extra.reason,
          patch:
            action === 'finish'
              ? { serviceSummary: extra.summary }
              : action === 'release'
                ? { caregiverId: null, caregiverUserId: null, preferredCaregiverId: null, dispatchMode: 'hall' }
                : {},
          effects: action === 'release' ? async () => bookingService(strapi, 'schedules').release(orderId) : undefined,
        },
      );
    },

    async confirm(orderId: number, userId: number) {
      const order = await api.load(orderId);
      if (order.userId !== userId) throw bookingError('ORDER_NOT_FOUND');
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
      if (actor.type === 'user' && current.userId !== actor.id) throw bookingError('ORDER_NOT_FOUND');
      const action: OrderAction = actor.type === 'system' ? 'timeout_cancel' : 'cancel';
      // The fee and the refund come from the order as re-read inside the transaction, and the swap requires the
      // money columns it was computed from: a payment or refund landing meanwhile makes it a 409, never a wrong refund.
      return api.transition(orderId, action, actor, {
        reason,
        guard: (order) => ({ paidFen: order.paidFen, refundedFen: order.refundedFen }),
        prepare: (order) => {
          const quote = api.quoteCancel(order, actor.type);
          return {
            patch: { cancelFeeFen: quote.feeFen, cancelReason: reason ?? null },
            data: { feeFen: quote.feeFen, refundFen: quote.refundFen, rule: quote.rule },
            effects: async (updated) => {
              await bookingService(strapi, 'schedules').release(orderId);
              if (quote.refundFen > 0) await api.requestRefund(updated, quote.refundFen, 'cancellation', quote.explanation);
              await bookingService(strapi, 'events').emit('order.cancelled', { order: updated, actorType: actor.type });
            },
          };
        },
      });
    },

    /**
     * Records money owed back (pending until payments settles it). Must run inside a transaction; the refunded
     * total can never exceed the paid total.
     */
    async requestRefund(order: any, amountFen: number, source: 'cancellation' | 'change' | 'complaint' | 'operator', reason: string) {
      if (!Number.isInteger(amountFen) || amountFen <= 0) throw bookingError('INVALID_REFUND');
      if (order.refundedFen + amountFen > order.paidFen) throw bookingError('REFUND_EXCEEDS_PAID');
      // Compare-and-swap on the refunded total: two refunds racing cannot both be counted against the same money.
      const { count } = await orders().updateMany({
        where: { id: order.id, refundedFen: order.refundedFen },
        data: { refundedFen: order.refundedFen + amountFen },
      });
      if (count !== 1) throw bookingError('ORDER_CHANGED');
      const refund = await strapi.db.query(REFUND).create({
        data: {
          orderId: order.id,
          refundNo: `R${order.orderNo}${randomBytes(3).toString('hex').toUpperCase()}`,
          amountFen,
          source,
          reason: reason.slice(0, 200),
          status: 'pending',
        },
      });
      // After completion the caregiver gives back their share of the refunded money (same transaction).
      await bookingService(strapi, 'earnings').recordRefund(order, refund);
      await bookingService(strapi, 'events').emit('refund.requested', { order, refund });
      return refund;
    },
  };
  return api;
};

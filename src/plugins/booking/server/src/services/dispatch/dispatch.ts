import type { Core } from '@strapi/strapi';
import { bookingError, DomainError, isDomainError } from '../../domain/errors';
import { busyInterval } from '../../domain/schedule';
import { MINUTE_MS } from '../../domain/beijing-time';
import { bookingConfig, bookingService, lockKey, type BookingServices } from '../../utils/plugin';
import type { Evaluated } from './dispatch-candidates';
import { UID } from '../../content-types/uids';

const ORDER = UID.order;
const OFFER = UID.dispatchOffer;
const ALERT = UID.operatorAlert;
const CAREGIVER = UID.caregiver;

type Caregiver = { id: number; userId: number; cityCode?: string; skills: string[] };

const taken = () => bookingError('ORDER_TAKEN');

/**
 * Offers orders to caregivers one at a time: a preferred caregiver first, otherwise the best ranked eligible one.
 * A decline or an expiry moves to the next; after `maxOffers` misses the order goes to the hall and operators are
 * alerted. Offers, hall grabs and operator assignment all end in the order state machine (CAS + schedule reserve),
 * so exactly one caregiver can ever win an order.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const offers = () => strapi.db.query(OFFER);
  const orders = () => strapi.db.query(ORDER);
  const candidates = () => bookingService(strapi, 'dispatch-candidates');
  const lifecycle = () => bookingService(strapi, 'order-lifecycle');
  const settings = () => bookingConfig(strapi).dispatch;

  async function notify(userId: number | null, kind: string, title: string, body: string, orderId: number) {
    if (userId) await bookingService(strapi, 'notifications').notify(userId, { kind, title, body, orderId });
  }

  async function toHall(order: any, message: string) {
    await orders().updateMany({ where: { id: order.id, status: 'pending_acceptance' }, data: { dispatchMode: 'hall', preferredCaregiverId: null } });
    const open = await strapi.db.query(ALERT).findOne({ where: { kind: 'dispatch_failed', orderId: order.id, resolvedAt: { $null: true } } });
    if (!open) await strapi.db.query(ALERT).create({ data: { kind: 'dispatch_failed', orderId: order.id, message: `订单 ${order.orderNo}：${message}` } });
  }

  /** After any caregiver got the order: other live offers end, fairness clock restarts. */
  async function afterAssigned(orderId: number, caregiverId: number, except?: number) {
    await offers().updateMany({
      where: { orderId, status: 'offered', ...(except ? { id: { $ne: except } } : {}) },
      data: { status: 'cancelled', respondedAt: new Date() },
    });
    await strapi.db.query(CAREGIVER).update({ where: { id: caregiverId }, data: { lastAssignedAt: new Date() } });
    // The order has its caregiver: its dispatch alerts are dealt with.
    await strapi.db.query(ALERT).updateMany({ where: { orderId, resolvedAt: { $null: true } }, data: { resolvedAt: new Date() } });
  }

  /** Counted after the commit of the surrounding transaction (care_dispatch_outcomes_total). */
  const outcome = (name: Parameters<BookingServices['metrics']['dispatchOutcome']>[0]) => bookingService(strapi, 'metrics').dispatchOutcome(name);

  const api = {
    /**
     * Called in the transaction that made the order pending_acceptance: writes at most one offer row (cheap).
     * hall: nothing, the order is listed in the hall.
     */
    async dispatch(order: any, now = new Date()) {
      if (order.status !== 'pending_acceptance' || order.dispatchMode === 'hall') return null;
      if (!strapi.db.inTransaction()) return api.offerNext(order.id, now);
      // Inside the payment's transaction: a savepoint, so that a failing dispatch (even an SQL error, which aborts a
      // PostgreSQL transaction) is rolled back alone and the payment still commits; the job retries the offer.
      return strapi.db.transaction(async ({ trx }) => {
        const raw = (sql: string) => strapi.db.connection.raw(sql).transacting(trx as any);
        await raw('SAVEPOINT booking_dispatch');
        try {
          const offer = await api.offerNext(order.id, now);
          await raw('RELEASE SAVEPOINT booking_dispatch');
          return offer;
        } catch (error) {
          await raw('ROLLBACK TO SAVEPOINT booking_dispatch');
          throw error;
        }
      });
    },

    /** Offers the order to the next caregiver, unless someone holds a live offer. One run per order at a time. */
    async offerNext(orderId: number, now = new Date()) {
      return strapi.db.transaction(async ({ trx }) => {
        await lockKey(strapi, trx, `booking-dispatch:${orderId}`);
        const order = await orders().findOne({ where: { id: orderId } });
        if (!order || order.status !== 'pending_acceptance' || order.dispatchMode === 'hall') return null;
        const previous = await offers().findMany({ where: { orderId }, select: ['id', 'caregiverId', 'status'] });
        if (previous.some((o: any) => o.status === 'offered' || o.status === 'accepted')) return null;
        const misses = previous.filter((o: any) => o.status === 'declined' || o.status === 'expired').length;
        if (misses >= settings().maxOffers) {
          await toHall(order, `连续 ${misses} 位陪护人员未接单，已转入抢单大厅，请人工跟进`);
          outcome('to_hall');
          return null;
        }
        let next: { id: number; userId: number | null; score: number | null; breakdown: unknown } | null = null;
        if (order.dispatchMode === 'preferred' && order.preferredCaregiverId) {
          const [preferred] = await strapi.db.query(CAREGIVER).findMany({ where: { id: order.preferredCaregiverId }, populate: { user: { select: ['id'] } } });
          // The customer's choice is offered only if it still passes the rules (suspended, credential lapsed, blocked
          // since submission ...); otherwise the hold is released and the order is dispatched like any other.
          const verdict = preferred ? await candidates().check(order, preferred.id, now) : null;
          if (preferred && verdict?.eligible) {
            next = { id: preferred.id, userId: preferred.user?.id ?? null, score: null, breakdown: null };
          } else {
            await orders().updateMany({ where: { id: orderId, status: 'pending_acceptance' }, data: { preferredCaregiverId: null, dispatchMode: 'auto' } });
            await bookingService(strapi, 'schedules').release(orderId);
            await lifecycle().recordEvent(orderId, {
              action: 'preferred_ineligible',
              from: order.status,
              to: order.status,
              actor: { type: 'system' },
              data: { caregiverId: order.preferredCaregiverId, reasons: (verdict?.reasons ?? []).map((r) => r.code) },
            });
          }
        }
        if (!next && order.dispatchMode !== 'hall') {
          const [best] = (await candidates().ranked(
            order,
            previous.map((o: any) => o.caregiverId),
            now,
          )) as Evaluated[];
          next = best ? { id: best.candidate.id, userId: best.candidate.userId, score: best.ranked.score, breakdown: best.ranked.breakdown } : null;
        }
        if (!next) {
          await toHall(order, '暂无符合条件的陪护人员，已转入抢单大厅，请人工跟进');
          outcome('to_hall');
          return null;
        }
        const offer = await offers().create({
          data: {
            orderId,
            caregiverId: next.id,
            caregiverUserId: next.userId,
            status: 'offered',
            rank: previous.length + 1,
            score: next.score,
            breakdown: next.breakdown,
            expiresAt: new Date(now.getTime() + settings().offerTtlMinutes * MINUTE_MS),
          },
        });
        outcome('offered');
        await notify(
          next.userId,
          'dispatch_offer',
          '新的派单',
          `订单 ${order.orderNo}「${order.serviceSnapshot?.name ?? '陪护服务'}」派给您，请在 ${settings().offerTtlMinutes} 分钟内确认。`,
          orderId,
        );
        return offer;
      });
    },

    /** The caregiver's live offers. */
    async liveOffers(caregiverUserId: number, now = new Date()) {
      return offers().findMany({ where: { caregiverUserId, status: 'offered', expiresAt: { $gt: now } }, orderBy: { expiresAt: 'asc' }, limit: 50 });
    },

    async respond(offerId: number, caregiver: Caregiver, decision: 'accept' | 'decline', reason?: string, now = new Date()) {
      const offer = await offers().findOne({ where: { id: offerId, caregiverUserId: caregiver.userId } });
      if (!offer) throw bookingError('OFFER_NOT_FOUND');
      if (offer.status !== 'offered' || new Date(offer.expiresAt).getTime() <= now.getTime()) {
        throw bookingError('OFFER_CLOSED', { status: offer.status });
      }
      if (decision === 'decline') {
        const { count } = await offers().updateMany({
          where: { id: offerId, status: 'offered' },
          data: { status: 'declined', respondedAt: now, declineReason: reason ?? null },
        });
        if (count !== 1) throw bookingError('OFFER_CLOSED');
        outcome('declined');
        await api.releasePreferredHold(offer.orderId, offer.caregiverId);
        await api.offerNext(offer.orderId, now);
        return { offer: await offers().findOne({ where: { id: offerId } }), order: null };
      }
      const order = await strapi.db.transaction(async () => {
        // CAS on the offer: an expiry job or a second tap racing this one cannot both win.
        const { count } = await offers().updateMany({ where: { id: offerId, status: 'offered' }, data: { status: 'accepted', respondedAt: now } });
        if (count !== 1) throw bookingError('OFFER_CLOSED');
        const accepted = await lifecycle().accept(offer.orderId, caregiver);
        await afterAssigned(offer.orderId, caregiver.id, offerId);
        outcome('accepted');
        return accepted;
      });
      return { offer: await offers().findOne({ where: { id: offerId } }), order };
    },

    /** A preferred caregiver who said no (or did not answer) no longer holds the slot; the order goes to auto dispatch. */
    async releasePreferredHold(orderId: number, caregiverId: number) {
      await strapi.db.transaction(async () => {
        const { count } = await orders().updateMany({
          where: { id: orderId, status: 'pending_acceptance', preferredCaregiverId: caregiverId },
          data: { preferredCaregiverId: null, dispatchMode: 'auto' },
        });
        if (count === 1) await bookingService(strapi, 'schedules').release(orderId);
      });
    },

    /** Job: offers past their deadline expire and the order moves on (or, when it left pending_acceptance, the offer is cancelled). */
    async expireDue(now = new Date()) {
      let processed = 0;
      const due = await offers().findMany({ where: { status: 'offered', expiresAt: { $lte: now } }, orderBy: { id: 'asc' }, limit: 200 });
      for (const offer of due) {
        const { count } = await offers().updateMany({ where: { id: offer.id, status: 'offered' }, data: { status: 'expired', respondedAt: now } });
        if (count !== 1) continue;
        processed += 1;
        outcome('expired');
        await api.releasePreferredHold(offer.orderId, offer.caregiverId);
        await api.offerNext(offer.orderId, now);
      }
      // Offers whose order was taken another way (hall, operator, cancelled) end too.
      const stale = await offers().findMany({ where: { status: 'offered' }, select: ['id', 'orderId'], limit: 500 });
      if (stale.length > 0) {
        const open = await orders().findMany({ where: { id: { $in: stale.map((o: any) => o.orderId) }, status: 'pending_acceptance' }, select: ['id'] });
        const openIds = new Set(open.map((o: any) => o.id));
        const closed = stale.filter((o: any) => !openIds.has(o.orderId)).map((o: any) => o.id);
        if (closed.length > 0)
          processed += (await offers().updateMany({ where: { id: { $in: closed }, status: 'offered' }, data: { status: 'cancelled', respondedAt: now } }))
            .count;
      }
      // Safety net: a paid order whose dispatch failed at payment time has no offer at all.
      const waiting = await orders().findMany({
        where: { status: 'pending_acceptance', dispatchMode: { $in: ['auto', 'preferred'] } },
        select: ['id'],
        limit: 200,
      });
      if (waiting.length > 0) {
        const offered = new Set(
          (await offers().findMany({ where: { orderId: { $in: waiting.map((o: any) => o.id) } }, select: ['orderId'] })).map((o: any) => o.orderId),
        );
        for (const o of waiting.filter((w: any) => !offered.has(w.id))) if (await api.offerNext(o.id, now)) processed += 1;
      }
      return processed;
    },

    /** Hall grab: the order CAS and the schedule reserve let exactly one caregiver win; the rest get 409. */
    async grab(orderId: number, caregiver: Caregiver, now = new Date()) {
      const order = await orders().findOne({ where: { id: orderId } });
      if (!order) throw bookingError('ORDER_NOT_FOUND');
      if (order.status !== 'pending_acceptance') throw taken();
      if (order.dispatchMode === 'preferred') throw bookingError('ORDER_NOT_FOUND');
      const live = await offers().count({ where: { orderId, status: 'offered', expiresAt: { $gt: now } } });
      if (live > 0) throw taken();
      // Eligibility is checked by lifecycle.accept, the step every way of taking an order shares.
      try {
        return await strapi.db.transaction(async () => {
          const accepted = await lifecycle().accept(orderId, caregiver);
          await afterAssigned(orderId, caregiver.id);
          outcome('grabbed');
          return accepted;
        });
      } catch (error) {
        // Lost the race: the swap missed (ORDER_CHANGED) or the winner had already committed (invalid transition).
        if (isDomainError(error) && error.status === 409 && error.code !== 'CAREGIVER_BUSY') throw taken();
        throw error;
      }
    },

    /** Operator assignment; an ineligible caregiver only with `force` and a reason, both audited in the order event. */
    async assign(
      orderId: number,
      caregiverDocumentId: string,
      operatorId: number | null,
      options: { force?: boolean; reason?: string } = {},
      now = new Date(),
    ) {
      const order = await orders().findOne({ where: { id: orderId } });
      if (!order) throw bookingError('ORDER_NOT_FOUND');
      const caregiver = await strapi.db.query(CAREGIVER).findOne({ where: { documentId: caregiverDocumentId }, populate: { user: { select: ['id'] } } });
      if (!caregiver) throw bookingError('CAREGIVER_NOT_FOUND');
      if (!caregiver.user?.id) throw bookingError('CAREGIVER_NO_ACCOUNT');
      const reasons = (await candidates().check(order, caregiver.id, now)).reasons;
      if (reasons.length > 0 && !options.force) {
        throw new DomainError('CAREGIVER_INELIGIBLE', `该陪护人员不满足派单条件：${reasons.map((r) => r.message).join('；')}`, { reasons });
      }
      return lifecycle().transition(
        orderId,
        'assign',
        { type: 'operator', id: operatorId },
        {
          reason: options.reason,
          patch: { caregiverId: caregiver.id, caregiverUserId: caregiver.user.id },
          data: { caregiverId: caregiver.id, forced: reasons.length > 0, reasons: reasons.map((r) => r.code) },
          effects: async (updated: any) => {
            await bookingService(strapi, 'schedules').release(orderId);
            const slot = busyInterval(new Date(updated.startAt), new Date(updated.endAt), updated.serviceSnapshot?.travelBufferMinutes ?? 0);
            await bookingService(strapi, 'schedules').reserve({ caregiverId: caregiver.id, orderId, startAt: slot.start, endAt: slot.end });
            await afterAssigned(orderId, caregiver.id);
            outcome('assigned');
          },
        },
      );
    },

    /** Takes an accepted order from its caregiver and gives it to another, in one transaction. */
    async reassign(orderId: number, caregiverDocumentId: string, operatorId: number | null, options: { force?: boolean; reason?: string } = {}) {
      return strapi.db.transaction(async () => {
        const order = await orders().findOne({ where: { id: orderId } });
        if (!order) throw bookingError('ORDER_NOT_FOUND');
        if (order.status !== 'accepted') throw bookingError('ORDER_NOT_ASSIGNED');
        await lifecycle().transition(
          orderId,
          'release',
          { type: 'operator', id: operatorId },
          {
            reason: options.reason ?? '运营改派',
            patch: { caregiverId: null, caregiverUserId: null, preferredCaregiverId: null, dispatchMode: 'hall' },
            effects: async () => bookingService(strapi, 'schedules').release(orderId),
          },
        );
        return api.assign(orderId, caregiverDocumentId, operatorId, options);
      });
    },

    async alerts(onlyOpen = true) {
      return strapi.db.query(ALERT).findMany({ where: onlyOpen ? { resolvedAt: { $null: true } } : {}, orderBy: { id: 'desc' }, limit: 100 });
    },
  };
  return api;
};

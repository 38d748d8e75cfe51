import type { Core } from '@strapi/strapi';
import { bookingError, DomainError } from '../../domain/errors';
import { busyInterval } from '../../domain/schedule';
import { MINUTE_MS } from '../../domain/beijing-time';
import { bookingConfig, bookingService } from '../../utils/plugin';
import type { Place } from './order-submit';
import { UID } from '../../content-types/uids';

const ORDER = UID.order;
const CHANGE = UID.changeRequest;

export interface ChangeInput {
  startAt?: string;
  units?: number;
  place?: Place;
}

/**
 * Changing the time, units or place of an order. Before a caregiver accepted it the change applies at once, re-priced;
 * afterwards it becomes a request the caregiver accepts or declines before it expires. Either way the schedule is
 * checked again. A lower price is refunded at once; a higher price of an order already paid is never applied on
 * credit: the request waits in `awaiting_payment` for a supplementary payment (补差价) of the difference, applies
 * when that payment succeeds, and lapses when it does not arrive in time (a payment landing after that is refunded).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const lifecycle = () => bookingService(strapi, 'order-lifecycle');

  async function plan(order: any, input: ChangeInput) {
    const submit = bookingService(strapi, 'order-submit');
    const service = await submit.loadService(order.serviceDocumentId);
    const patient = order.patientId ? await bookingService(strapi, 'patients').loadById(order.patientId) : null;
    const startAt = input.startAt ? new Date(input.startAt) : new Date(order.startAt);
    const quote = submit.priceFor(service, startAt, input.units ?? order.units, patient?.selfCareAbility === 'dependent');
    const columns = input.place ? await resolvePlaceColumns(order, input.place) : null;
    // The new address is stored encrypted like the submitted one (and so is the change request's copy of it).
    const place = columns ? { ...columns, ...bookingService(strapi, 'order-secrets').seal({ address: columns.address as any }) } : {};
    return { service, quote, place };
  }

  async function resolvePlaceColumns(order: any, place: Place) {
    if (place.type === 'home') return { placeType: 'home', address: place.address, hospitalId: null, department: null };
    const hospital: any = await strapi.db.query(UID.hospital).findOne({ where: { documentId: place.hospitalId, active: true }, populate: { city: true } });
    if (!hospital || hospital.city?.code !== order.cityCode) throw new DomainError('HOSPITAL_NOT_FOUND', '所选医院不存在或不在该城市');
    return {
      placeType: 'hospital',
      address: {
        text: `${hospital.name} ${hospital.address}`,
        latitude: Number(hospital.latitude),
        longitude: Number(hospital.longitude),
        district: hospital.district,
      },
      hospitalId: hospital.id,
      department: place.department ?? null,
    };
  }

  /** What the customer still owes for a new total: nothing for an unpaid order (it pays the new total). */
  function chargeFor(order: any, newTotalFen: number) {
    const held = order.paidFen - order.refundedFen;
    return held > 0 && newTotalFen > held ? newTotalFen - held : 0;
  }

  /** How long the customer has to pay a difference: the unpaid window, never past the service start. */
  function paymentDeadline(order: any) {
    const window = bookingConfig(strapi).orders.unpaidTimeoutMinutes * MINUTE_MS;
    return new Date(Math.min(Date.now() + window, new Date(order.startAt).getTime()));
  }

  const changesOf = (request: any, order: any) => ({
    startAt: new Date(request.newStartAt),
    endAt: new Date(request.newEndAt),
    units: request.changes.units ?? order.units,
    lines: request.newPriceLines,
    totalFen: request.newTotalFen,
    place: request.changes.place ?? {},
  });

  /** Applies a planned change inside the caller's transaction: schedule, columns, money, event. */
  async function apply(
    order: any,
    changes: { startAt: Date; endAt: Date; units: number; lines: unknown; totalFen: number; place: Record<string, unknown> },
    actor: { type: 'user' | 'caregiver' | 'system'; id?: number },
  ) {
    // A paid order is never re-priced upwards on credit: the difference must have been paid first.
    if (chargeFor(order, changes.totalFen) > 0) throw bookingError('SUPPLEMENT_REQUIRED');
    const caregiverId = order.caregiverId ?? order.preferredCaregiverId;
    if (caregiverId) {
      const schedules = bookingService(strapi, 'schedules');
      await schedules.release(order.id);
      const slot = busyInterval(changes.startAt, changes.endAt, order.serviceSnapshot?.travelBufferMinutes ?? 0);
      await schedules.reserve({ caregiverId, orderId: order.id, startAt: slot.start, endAt: slot.end });
    }
    const { count } = await strapi.db.query(ORDER).updateMany({
      where: { id: order.id, status: order.status, totalFen: order.totalFen },
      data: { startAt: changes.startAt, endAt: changes.endAt, units: changes.units, priceLines: changes.lines, totalFen: changes.totalFen, ...changes.place },
    });
    if (count !== 1) throw bookingError('ORDER_CHANGED');
    const held = order.paidFen - order.refundedFen;
    const diff = changes.totalFen - order.totalFen;
    if (held > changes.totalFen) await lifecycle().requestRefund(order, held - changes.totalFen, 'change', '改约差价退款');
    await lifecycle().recordEvent(order.id, {
      action: 'change',
      from: order.status,
      to: order.status,
      actor,
      data: { startAt: changes.startAt, units: changes.units, totalFen: changes.totalFen, priceDiffFen: diff },
    });
  }

  /** Moves an agreed change that raises a paid order's price into waiting for its supplementary payment. */
  async function awaitPayment(order: any, requestId: number, chargeFen: number, actor: { type: 'user' | 'caregiver'; id: number }) {
    const expiresAt = paymentDeadline(order);
    await strapi.db.query(CHANGE).update({ where: { id: requestId }, data: { status: 'awaiting_payment', chargeFen, expiresAt } });
    await lifecycle().recordEvent(order.id, {
      action: 'change_awaiting_payment',
      from: order.status,
      to: order.status,
      actor,
      data: { changeRequestId: requestId, chargeFen },
    });
  }

  /** Would the change still fit the caregiver's calendar if applied now? Checked before anything is written. */
  async function scheduleFits(order: any, request: any) {
    const caregiverId = order.caregiverId ?? order.preferredCaregiverId;
    if (!caregiverId) return true;
    const slot = busyInterval(new Date(request.newStartAt), new Date(request.newEndAt), order.serviceSnapshot?.travelBufferMinutes ?? 0);
    return (await bookingService(strapi, 'schedules').conflicts(caregiverId, slot.start, slot.end, order.id)).length === 0;
  }

  const api = {
    async request(userId: number, order: any, input: ChangeInput) {
      if (order.userId !== userId) throw bookingError('ORDER_NOT_FOUND');
      if (!['pending_payment', 'pending_acceptance', 'accepted'].includes(order.status)) throw bookingError('CHANGE_NOT_ALLOWED');
      const { quote, place } = await plan(order, input);
      const changes = { startAt: quote.start, endAt: quote.end, units: quote.units, lines: quote.lines, totalFen: quote.totalFen, place };
      const chargeFen = chargeFor(order, quote.totalFen);
      const actor = { type: 'user' as const, id: userId };

      const openRequests = () => strapi.db.query(CHANGE).count({ where: { orderId: order.id, status: { $in: ['pending', 'awaiting_payment'] } } });
      // One change at a time: a change waiting for its difference would otherwise apply over a later one.
      if ((await openRequests()) > 0) throw bookingError('CHANGE_PENDING');

      if (order.status !== 'accepted' && chargeFen === 0) {
        await strapi.db.transaction(() => apply(order, changes, actor));
        return { applied: true, order: await lifecycle().load(order.id), request: null };
      }

      // Accepted orders need the caregiver's consent first; a paid order whose price rises needs the difference paid.
      const ttl = bookingConfig(strapi).orders.changeRequestTtlMinutes * MINUTE_MS;
      const request = await strapi.db.transaction(async () => {
        if ((await openRequests()) > 0) throw bookingError('CHANGE_PENDING');
        const created = await strapi.db.query(CHANGE).create({
          data: {
            orderId: order.id,
            requestedByUserId: userId,
            status: 'pending',
            // Never the raw input: its place holds the address in clear.
            changes: { startAt: input.startAt ?? null, units: input.units ?? null, place },
            newStartAt: quote.start,
            newEndAt: quote.end,
            newTotalFen: quote.totalFen,
            newPriceLines: quote.lines,
            priceDiffFen: quote.totalFen - order.totalFen,
            baseTotalFen: order.totalFen,
            chargeFen,
            expiresAt: new Date(Math.min(Date.now() + ttl, new Date(order.startAt).getTime())),
          },
        });
        await lifecycle().recordEvent(order.id, {
          action: 'change_requested',
          from: order.status,
          to: order.status,
          actor,
          data: { changeRequestId: created.id },
        });
        if (order.status !== 'accepted') await awaitPayment(order, created.id, chargeFen, actor);
        return strapi.db.query(CHANGE).findOne({ where: { id: created.id } });
      });
      return { applied: false, order, request: api.present(request) };
    },

    /** The open change of an order (waiting for the caregiver or for the difference), for the order detail. */
    async openFor(orderId: number) {
      const request = await strapi.db.query(CHANGE).findOne({ where: { orderId, status: { $in: ['pending', 'awaiting_payment'] } }, orderBy: { id: 'desc' } });
      return request ? api.present(request) : null;
    },

    /**
     * The change a supplementary payment may pay for: this order's, still waiting for its difference. Read by
     * payments before a supplementary payment is started.
     */
    async payable(order: any, requestDocumentId: string) {
      const request = await strapi.db.query(CHANGE).findOne({ where: { documentId: requestDocumentId, orderId: order.id } });
      if (!request) throw bookingError('CHANGE_NOT_FOUND');
      if (request.status !== 'awaiting_payment' || new Date(request.expiresAt).getTime() <= Date.now()) throw bookingError('CHANGE_CLOSED');
      return request;
    },

    /**
     * A supplementary payment succeeded (inside payments' result transaction, after its compare-and-swap). The money
     * is booked on the order whatever happens; the change then applies if it is still waiting and still fits, and
     * otherwise lapses and the difference goes straight back. Everything is checked before anything is written so
     * that no write fails halfway (a failed statement would abort the whole transaction on PostgreSQL).
     */
    async settleSupplement(payment: any) {
      const order = await strapi.db.query(ORDER).findOne({ where: { id: payment.orderId } });
      const request = payment.changeRequestId ? await strapi.db.query(CHANGE).findOne({ where: { id: payment.changeRequestId } }) : null;
      const { count } = await strapi.db
        .query(ORDER)
        .updateMany({ where: { id: order.id, paidFen: order.paidFen }, data: { paidFen: order.paidFen + payment.amountFen } });
      if (count !== 1) throw bookingError('ORDER_CHANGED');
      const funded = { ...order, paidFen: order.paidFen + payment.amountFen };
      const system = { type: 'system' as const };

      const applicable =
        request?.status === 'awaiting_payment' &&
        ['pending_acceptance', 'accepted'].includes(order.status) &&
        order.totalFen === request.baseTotalFen &&
        chargeFor(funded, request.newTotalFen) === 0 &&
        (await scheduleFits(order, request));
      if (applicable) {
        await strapi.db.query(CHANGE).update({ where: { id: request.id }, data: { status: 'accepted', decidedAt: new Date(), paymentId: payment.id } });
        await apply(funded, changesOf(request, order), system);
        return 'applied' as const;
      }
      if (request?.status === 'awaiting_payment') {
        await strapi.db.query(CHANGE).update({ where: { id: request.id }, data: { status: 'lapsed', decidedAt: new Date(), paymentId: payment.id } });
      }
      await lifecycle().requestRefund(funded, payment.amountFen, 'change', '改约未能生效，差价原路退回');
      await lifecycle().recordEvent(order.id, {
        action: 'change_lapsed',
        from: order.status,
        to: order.status,
        actor: system,
        data: { changeRequestId: request?.id ?? null, refundFen: payment.amountFen },
      });
      return 'refunded_late' as const;
    },

    async decide(caregiverUserId: number, requestDocumentId: string, decision: 'accept' | 'decline', reason?: string) {
      const request = await strapi.db.query(CHANGE).findOne({ where: { documentId: requestDocumentId } });
      const order = request ? await strapi.db.query(ORDER).findOne({ where: { id: request.orderId } }) : null;
      if (!request || !order || order.caregiverUserId !== caregiverUserId) throw bookingError('CHANGE_NOT_FOUND');
      return strapi.db.transaction(async () => {
        const { count } = await strapi.db.query(CHANGE).updateMany({
          where: { id: request.id, status: 'pending', expiresAt: { $gt: new Date() } },
          data: { status: decision === 'accept' ? 'accepted' : 'declined', decidedAt: new Date(), declineReason: reason ?? null },
        });
        if (count !== 1) throw bookingError('CHANGE_CLOSED');
        if (decision === 'accept') {
          if (order.status !== 'accepted') throw new DomainError('CHANGE_NOT_ALLOWED', '订单状态已变化，无法改约');
          const chargeFen = chargeFor(order, request.newTotalFen);
          if (chargeFen > 0) await awaitPayment(order, request.id, chargeFen, { type: 'caregiver', id: caregiverUserId });
          else await apply(order, changesOf(request, order), { type: 'caregiver', id: caregiverUserId });
        } else {
          await lifecycle().recordEvent(order.id, {
            action: 'change_declined',
            from: order.status,
            to: order.status,
            actor: { type: 'caregiver', id: caregiverUserId },
            reason,
          });
        }
        return api.present(await strapi.db.query(CHANGE).findOne({ where: { id: request.id } }));
      });
    },

    /**
     * Job: requests past their deadline end and the order keeps its time and place — unanswered ones expire, unpaid
     * ones lapse (a supplementary payment that still lands afterwards is refunded by settleSupplement).
     */
    async expireDue(now = new Date()) {
      const expired = await strapi.db
        .query(CHANGE)
        .updateMany({ where: { status: 'pending', expiresAt: { $lte: now } }, data: { status: 'expired', decidedAt: now } });
      const lapsed = await strapi.db
        .query(CHANGE)
        .updateMany({ where: { status: 'awaiting_payment', expiresAt: { $lte: now } }, data: { status: 'lapsed', decidedAt: now } });
      return (expired.count as number) + (lapsed.count as number);
    },

    present(request: any) {
      return {
        documentId: request.documentId,
        status: request.status,
        newStartAt: request.newStartAt,
        newEndAt: request.newEndAt,
        newTotalFen: request.newTotalFen,
        priceDiffFen: request.priceDiffFen,
        chargeFen: request.chargeFen ?? 0,
        expiresAt: request.expiresAt,
        decidedAt: request.decidedAt ?? null,
      };
    },
  };
  return api;
};

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
 * Changing the time or place of an order. Before a caregiver accepted it the change applies at once, re-priced;
 * afterwards it becomes a request the caregiver accepts or declines before it expires. Either way the schedule is
 * checked again and a price difference becomes a refund (lower) or a charge due (higher).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const lifecycle = () => bookingService(strapi, 'order-lifecycle');

  async function plan(order: any, input: ChangeInput) {
    const submit = bookingService(strapi, 'order-submit');
    const service = await submit.loadService(order.serviceDocumentId);
    const patient = order.patientId ? await bookingService(strapi, 'patients').loadById(order.patientId) : null;
    const startAt = input.startAt ? new Date(input.startAt) : new Date(order.startAt);
    const quote = submit.priceFor(service, startAt, input.units ?? order.units, patient?.selfCareAbility === 'dependent');
    const place = input.place ? await resolvePlaceColumns(order, input.place) : {};
    return { service, quote, place };
  }

  async function resolvePlaceColumns(order: any, place: Place) {
    if (place.type === 'home') return { placeType: 'home', address: place.address, hospitalId: null, department: null };
    const hospital: any = await strapi.db.query(UID.hospital).findOne({ where: { documentId: place.hospitalId, active: true }, populate: { city: true } });
    if (!hospital || hospital.city?.code !== order.cityCode) throw new DomainError('HOSPITAL_NOT_FOUND', '所选医院不存在或不在该城市');
    return {
      placeType: 'hospital',
      address: { text: `${hospital.name} ${hospital.address}`, latitude: Number(hospital.latitude), longitude: Number(hospital.longitude), district: hospital.district },
      hospitalId: hospital.id,
      department: place.department ?? null,
    };
  }

  /** Applies a planned change inside the caller's transaction: schedule, columns, money, event. */
  async function apply(order: any, changes: { startAt: Date; endAt: Date; units: number; lines: unknown; totalFen: number; place: Record<string, unknown> }, actor: { type: 'user' | 'caregiver'; id: number }) {
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
    const paid = order.paidFen - order.refundedFen;
    const diff = changes.totalFen - order.totalFen;
    if (paid > 0 && diff < 0) await lifecycle().requestRefund(order, -diff, 'change', '改约差价退款');
    await lifecycle().recordEvent(order.id, {
      action: 'change',
      from: order.status,
      to: order.status,
      actor,
      data: { startAt: changes.startAt, units: changes.units, totalFen: changes.totalFen, priceDiffFen: diff, chargeDueFen: paid > 0 && diff > 0 ? diff : 0 },
    });
  }

  const api = {
    async request(userId: number, order: any, input: ChangeInput) {
      if (order.userId !== userId) throw bookingError('ORDER_NOT_FOUND');
      const { quote, place } = await plan(order, input);
      const changes = { startAt: quote.start, endAt: quote.end, units: quote.units, lines: quote.lines, totalFen: quote.totalFen, place };

      if (order.status === 'pending_payment' || order.status === 'pending_acceptance') {
        await strapi.db.transaction(() => apply(order, changes, { type: 'user', id: userId }));
        return { applied: true, order: await lifecycle().load(order.id), request: null };
      }
      if (order.status !== 'accepted') throw bookingError('CHANGE_NOT_ALLOWED');

      const ttl = bookingConfig(strapi).orders.changeRequestTtlMinutes * MINUTE_MS;
      const expiresAt = new Date(Math.min(Date.now() + ttl, new Date(order.startAt).getTime()));
      const request = await strapi.db.transaction(async () => {
        const pending = await strapi.db.query(CHANGE).count({ where: { orderId: order.id, status: 'pending' } });
        if (pending > 0) throw bookingError('CHANGE_PENDING');
        const created = await strapi.db.query(CHANGE).create({
          data: {
            orderId: order.id,
            requestedByUserId: userId,
            status: 'pending',
            changes: { ...input, place: place },
            newStartAt: quote.start,
            newEndAt: quote.end,
            newTotalFen: quote.totalFen,
            newPriceLines: quote.lines,
            priceDiffFen: quote.totalFen - order.totalFen,
            expiresAt,
          },
        });
        await lifecycle().recordEvent(order.id, { action: 'change_requested', from: order.status, to: order.status, actor: { type: 'user', id: userId }, data: { changeRequestId: created.id } });
        return created;
      });
      return { applied: false, order, request: api.present(request) };
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
          await apply(
            order,
            { startAt: new Date(request.newStartAt), endAt: new Date(request.newEndAt), units: request.changes.units ?? order.units, lines: request.newPriceLines, totalFen: request.newTotalFen, place: request.changes.place ?? {} },
            { type: 'caregiver', id: caregiverUserId },
          );
        } else {
          await lifecycle().recordEvent(order.id, { action: 'change_declined', from: order.status, to: order.status, actor: { type: 'caregiver', id: caregiverUserId }, reason });
        }
        return api.present(await strapi.db.query(CHANGE).findOne({ where: { id: request.id } }));
      });
    },

    /** Job: pending requests past their deadline expire; the order keeps its original time and place. */
    async expireDue(now = new Date()) {
      const { count } = await strapi.db.query(CHANGE).updateMany({ where: { status: 'pending', expiresAt: { $lte: now } }, data: { status: 'expired', decidedAt: now } });
      return count as number;
    },

    present(request: any) {
      return {
        documentId: request.documentId,
        status: request.status,
        newStartAt: request.newStartAt,
        newEndAt: request.newEndAt,
        newTotalFen: request.newTotalFen,
        priceDiffFen: request.priceDiffFen,
        expiresAt: request.expiresAt,
        decidedAt: request.decidedAt ?? null,
      };
    },
  };
  return api;
};

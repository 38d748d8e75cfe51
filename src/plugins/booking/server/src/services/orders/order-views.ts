import type { Core } from '@strapi/strapi';
import { bookingError } from '../../domain/errors';
import { isActiveForCaregiver, STATUS_LABELS, allowedActions, type OrderStatus } from '../../domain/order-state-machine';
import { honorificName, maskPhone } from '../../domain/masking';
import { bookingService } from '../../utils/plugin';
import { UID } from '../../content-types/uids';

const ORDER = UID.order;

export type OrderViewer = { type: 'user'; userId: number } | { type: 'caregiver'; userId: number; caregiverId: number } | { type: 'operator' };

/**
 * Rows the caller already holds for this order, so presenting it does not read them again (a fresh submit knows
 * its patient, its one event and that nothing is pending).
 */
export interface KnownOrderRows {
  patient?: any;
  events?: any[];
  pendingChange?: null;
}

export interface OrderListQuery {
  status?: OrderStatus[];
  page: number;
  pageSize: number;
}

/**
 * Reading orders: each party sees what it should. A customer sees their own orders; a caregiver sees the orders
 * assigned to them, with the patient's details and the contact phone only while the order is active; an operator
 * sees everything except medical text.
 */
const timelineEntry = (e: any) => ({
  action: e.action,
  from: e.fromStatus,
  to: e.toStatus,
  toLabel: e.toStatus ? STATUS_LABELS[e.toStatus as OrderStatus] : null,
  actorType: e.actorType,
  reason: e.reason ?? null,
  at: e.createdAt,
});

export default ({ strapi }: { strapi: Core.Strapi }) => {
  async function caregiverCard(caregiverId: number | null) {
    if (!caregiverId) return null;
    const caregiver = await strapi.db.query(UID.caregiver).findOne({ where: { id: caregiverId }, populate: { photo: true } });
    if (!caregiver) return null;
    return {
      documentId: caregiver.documentId,
      name: honorificName(caregiver.realName, caregiver.gender),
      gender: caregiver.gender,
      level: caregiver.level,
      photo: caregiver.photo?.url ?? null,
    };
  }

  async function contactPhoneFor(order: any, phone: string | null) {
    const owner = await strapi.db.query(UID.user).findOne({ where: { id: order.userId }, select: ['phoneVisibleToCaregiver'] });
    return owner?.phoneVisibleToCaregiver === 'full' ? phone : maskPhone(phone);
  }

  const api = {
    async present(order: any, viewer: OrderViewer, withTimeline = false, known: KnownOrderRows = {}) {
      // Decrypted here and handed on only where the viewer may see it (below).
      const secret = bookingService(strapi, 'order-secrets').reveal(order);
      const base: Record<string, unknown> = {
        documentId: order.documentId,
        orderNo: order.orderNo,
        status: order.status,
        statusLabel: STATUS_LABELS[order.status as OrderStatus],
        paymentStatus: order.paymentStatus,
        service: { documentId: order.serviceDocumentId, name: order.serviceSnapshot?.name },
        cityCode: order.cityCode,
        startAt: order.startAt,
        endAt: order.endAt,
        unit: order.unit,
        units: order.units,
        placeType: order.placeType,
        address: secret.address,
        department: order.department,
        notes: secret.notes,
        priceLines: order.priceLines,
        totalFen: order.totalFen,
        paidFen: order.paidFen,
        refundedFen: order.refundedFen,
        cancelFeeFen: order.cancelFeeFen ?? null,
        serviceSummary: order.serviceSummary ?? null,
        dispatchMode: order.dispatchMode,
        createdAt: order.createdAt,
      };
      if (viewer.type !== 'operator') base.allowedActions = allowedActions(order.status, viewer.type);
      const patients = bookingService(strapi, 'patients');
      // A customer sees the patient's name only, so any row of it will do; the others are shown its default hospital.
      const knownPatient =
        known.patient?.id === order.patientId && (viewer.type === 'user' || known.patient.defaultHospital !== undefined) ? known.patient : null;
      const patientRow = !order.patientId ? null : (knownPatient ?? (await patients.loadById(order.patientId)));

      if (viewer.type === 'user') {
        Object.assign(base, {
          contactName: order.contactName,
          contactPhone: secret.contactPhone,
          patient: patientRow ? { documentId: patientRow.documentId, name: patientRow.name } : null,
          caregiver: await caregiverCard(order.caregiverId ?? order.preferredCaregiverId),
        });
      } else if (viewer.type === 'caregiver') {
        // Need to know (PIPL): the exact place, the notes and the contact only while the order is theirs and active;
        // a caregiver merely named on an order, or whose order is over, sees the district only.
        const active = isActiveForCaregiver(order.status) && order.caregiverUserId === viewer.userId;
        if (!active) {
          base.address = { district: order.address?.district ?? null };
          base.notes = null;
          base.department = null;
        }
        Object.assign(base, {
          contactName: active ? order.contactName : null,
          contactPhone: active ? await contactPhoneFor(order, secret.contactPhone) : null,
          patient: patientRow ? (active ? patients.present(patientRow, 'caregiver') : { name: patientRow.name.slice(0, 1) + '**' }) : null,
        });
      } else {
        Object.assign(base, {
          userId: order.userId,
          contactName: order.contactName,
          contactPhone: maskPhone(secret.contactPhone),
          patient: patientRow ? patients.present(patientRow, 'operator') : null,
          caregiver: await caregiverCard(order.caregiverId ?? order.preferredCaregiverId),
        });
      }
      if (withTimeline) {
        base.pendingChange = known.pendingChange === null ? null : await bookingService(strapi, 'order-changes').openFor(order.id);
        base.timeline = known.events ? known.events.map(timelineEntry) : await api.timeline(order.id);
      }
      return base;
    },

    async timeline(orderId: number) {
      const events = await strapi.db.query(UID.orderEvent).findMany({ where: { orderId }, orderBy: { id: 'asc' } });
      return events.map(timelineEntry);
    },

    async list(where: Record<string, unknown>, query: OrderListQuery, viewer: OrderViewer) {
      const filter = { ...where, ...(query.status?.length ? { status: { $in: query.status } } : {}) };
      const [rows, total] = await Promise.all([
        strapi.db
          .query(ORDER)
          .findMany({ where: filter, orderBy: [{ startAt: 'desc' }, { id: 'desc' }], offset: (query.page - 1) * query.pageSize, limit: query.pageSize }),
        strapi.db.query(ORDER).count({ where: filter }),
      ]);
      return {
        data: await Promise.all(rows.map((row: any) => api.present(row, viewer))),
        meta: { pagination: { page: query.page, pageSize: query.pageSize, total, pageCount: Math.ceil(total / query.pageSize) } },
      };
    },

    /** Loads by documentId within the viewer's scope; anything outside it is "not found". */
    async findFor(documentId: string, viewer: OrderViewer) {
      // A caregiver sees the orders assigned to them and the ones offered to them by name.
      const scope =
        viewer.type === 'user'
          ? { userId: viewer.userId }
          : viewer.type === 'caregiver'
            ? { $or: [{ caregiverUserId: viewer.userId }, { preferredCaregiverId: viewer.caregiverId }] }
            : {};
      const order = await strapi.db.query(ORDER).findOne({ where: { documentId, ...scope } });
      if (!order) throw bookingError('ORDER_NOT_FOUND');
      return order;
    },
  };
  return api;
};

import type { Core } from '@strapi/strapi';
import { isSuspended } from '../../domain/caregiver-rules';
import { maskName, maskPhone } from '../../domain/masking';
import { monthKey } from '../../domain/training-month';
import { presentOwn } from '../feedback/reviews';

import { UID, type KnownUid } from '../../content-types/uids';

const {
  caregiver: CAREGIVER,
  review: REVIEW,
  complaint: COMPLAINT,
  order: ORDER,
  trainingPlan: PLAN,
  paymentFreeze: FREEZE,
  user: USER,
  auditLog: AUDIT,
} = UID;

export interface Page {
  page: number;
  pageSize: number;
}

const pagination = ({ page, pageSize }: Page, total: number) => ({ pagination: { page, pageSize, total, pageCount: Math.ceil(total / pageSize) } });

/**
 * Lists the operators' console pages on the server (paged, filtered) for what had no operator list before:
 * caregivers with their standing, reviews for moderation, payment freezes.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  async function paged(uid: KnownUid, where: Record<string, unknown>, page: Page, extra: Record<string, unknown> = {}) {
    const [rows, total] = await Promise.all([
      strapi.db.query(uid).findMany({ where, orderBy: { id: 'desc' }, offset: (page.page - 1) * page.pageSize, limit: page.pageSize, ...extra }),
      strapi.db.query(uid).count({ where }),
    ]);
    return { rows, total };
  }

  async function countBy(uid: KnownUid, column: string, ids: number[]) {
    const counts = new Map<number, number>();
    if (!ids.length) return counts;
    const rows = await strapi.db.query(uid).findMany({ where: { [column]: { $in: ids } }, select: [column] });
    for (const r of rows) counts.set(r[column], (counts.get(r[column]) ?? 0) + 1);
    return counts;
  }

  return {
    /** Caregivers with status, level, rating, complaints and this month's training plan. */
    async caregivers(filter: { status?: string; cityCode?: string; q?: string; suspended?: boolean }, page: Page, now = new Date()) {
      const where: Record<string, unknown> = {};
      if (filter.status) where.status = filter.status;
      if (filter.cityCode) where.city = { code: filter.cityCode };
      if (filter.q) where.realName = { $contains: filter.q };
      if (filter.suspended) where.$or = [{ status: 'suspended' }, { suspendedUntil: { $gt: now } }];
      const { rows, total } = await paged(CAREGIVER, where, page, {
        select: [
          'id',
          'documentId',
          'realName',
          'gender',
          'status',
          'level',
          'rating',
          'ratingCount',
          'completedOrders',
          'penaltyPoints',
          'online',
          'suspendedUntil',
          'suspensionReason',
          'appliedAt',
          'approvedAt',
        ],
        populate: { city: { select: ['code', 'name'] }, user: { select: ['id'] } },
      });
      const ids = rows.map((r: any) => r.id);
      const userIds = rows.map((r: any) => r.user?.id).filter(Boolean);
      const month = monthKey(now);
      const [complaints, plans] = await Promise.all([
        countBy(COMPLAINT, 'caregiverId', ids),
        userIds.length ? strapi.db.query(PLAN).findMany({ where: { month, caregiverUserId: { $in: userIds } } }) : [],
      ]);
      const planOf = new Map(plans.map((p: any) => [p.caregiverUserId, p]));
      return {
        data: rows.map(({ id, user, rating, ...c }: any) => {
          const plan: any = user?.id ? planOf.get(user.id) : undefined;
          return {
            ...c,
            rating: rating === null || rating === undefined ? null : Number(rating),
            suspended: isSuspended(c, now),
            complaintCount: complaints.get(id) ?? 0,
            trainingPlan: plan ? { month, courses: (plan.courseIds ?? []).length, completed: !!plan.completedAt } : { month, courses: 0, completed: null },
          };
        }),
        meta: pagination(page, total),
      };
    },

    /** Reviews for moderation, hidden or visible, newest first, with the order and caregiver they are about. */
    async reviews(filter: { hidden?: boolean; maxOverall?: number }, page: Page) {
      const where: Record<string, unknown> = {};
      if (filter.hidden !== undefined) where.hidden = filter.hidden;
      if (filter.maxOverall) where.overall = { $lte: filter.maxOverall };
      const { rows, total } = await paged(REVIEW, where, page);
      const orderIds = [...new Set(rows.map((r: any) => r.orderId))];
      const caregiverIds = [...new Set(rows.map((r: any) => r.caregiverId).filter(Boolean))];
      const userIds = [...new Set(rows.map((r: any) => r.userId))];
      const [orders, caregivers, users] = await Promise.all([
        orderIds.length ? strapi.db.query(ORDER).findMany({ where: { id: { $in: orderIds } }, select: ['id', 'documentId', 'orderNo'] }) : [],
        caregiverIds.length ? strapi.db.query(CAREGIVER).findMany({ where: { id: { $in: caregiverIds } }, select: ['id', 'documentId', 'realName'] }) : [],
        userIds.length ? strapi.db.query(USER).findMany({ where: { id: { $in: userIds } }, select: ['id', 'username', 'phone'] }) : [],
      ]);
      const order = new Map(orders.map((o: any) => [o.id, o]));
      const caregiver = new Map(caregivers.map((c: any) => [c.id, c]));
      const user = new Map(users.map((u: any) => [u.id, u]));
      return {
        data: rows.map((r: any) => ({
          ...presentOwn(r),
          hiddenReason: r.hiddenReason ?? null,
          hiddenAt: r.hiddenAt ?? null,
          order: order.has(r.orderId) ? { documentId: (order.get(r.orderId) as any).documentId, orderNo: (order.get(r.orderId) as any).orderNo } : null,
          caregiver: caregiver.has(r.caregiverId)
            ? { documentId: (caregiver.get(r.caregiverId) as any).documentId, realName: (caregiver.get(r.caregiverId) as any).realName }
            : null,
          author: user.has(r.userId) ? { phone: maskPhone((user.get(r.userId) as any).phone), name: maskName((user.get(r.userId) as any).username) } : null,
        })),
        meta: pagination(page, total),
      };
    },

    /** The audit trail of an application and its credentials, oldest first, with the operator's name. */
    async auditHistory(caregiverDocumentId: string, credentialDocumentIds: string[]) {
      const rows = await strapi.db.query(AUDIT).findMany({
        where: {
          $or: [
            { subjectType: 'caregiver', subjectId: caregiverDocumentId },
            ...(credentialDocumentIds.length ? [{ subjectType: 'caregiver-credential', subjectId: { $in: credentialDocumentIds } }] : []),
          ],
        },
        orderBy: { id: 'asc' },
      });
      const adminIds = [...new Set(rows.map((r: any) => r.adminId).filter(Boolean))];
      const admins = adminIds.length
        ? await strapi.db.query('admin::user').findMany({ where: { id: { $in: adminIds } }, select: ['id', 'firstname', 'lastname', 'email'] })
        : [];
      const nameOf = new Map(admins.map((a: any) => [a.id, `${a.firstname ?? ''}${a.lastname ?? ''}`.trim() || a.email]));
      return rows.map((r: any) => ({ ...r, adminName: r.adminId ? (nameOf.get(r.adminId) ?? `#${r.adminId}`) : null }));
    },

    /** Operator alerts (dispatch failures), newest first, with the order they are about. */
    async alerts(onlyOpen: boolean, page: Page) {
      const { rows, total } = await paged(UID.operatorAlert, onlyOpen ? { resolvedAt: { $null: true } } : {}, page);
      const orderIds = [...new Set(rows.map((r: any) => r.orderId).filter(Boolean))];
      const orders = orderIds.length
        ? await strapi.db.query(ORDER).findMany({ where: { id: { $in: orderIds } }, select: ['id', 'documentId', 'orderNo'] })
        : [];
      const byId = new Map(orders.map((o: any) => [o.id, o]));
      return {
        data: rows.map((r: any) => ({
          ...r,
          order: byId.has(r.orderId) ? { documentId: (byId.get(r.orderId) as any).documentId, orderNo: (byId.get(r.orderId) as any).orderNo } : null,
        })),
        meta: pagination(page, total),
      };
    },

    async freezes(filter: { active?: boolean }, page: Page) {
      const where = filter.active === undefined ? {} : { active: filter.active };
      const { rows, total } = await paged(FREEZE, where, page);
      return { data: rows, meta: pagination(page, total) };
    },
  };
};

import type { Core } from '@strapi/strapi';
import { bookingError } from '../../domain/errors';
import {
  CATEGORY_LABELS,
  checkResolutions,
  COMPLAINABLE_ORDER_STATUSES,
  COMPLAINT_STATUS_LABELS,
  OPEN_STATUSES,
  planComplaintStep,
  stepDeadline,
  type ComplaintAction,
  type ComplaintCategory,
  type ComplaintStatus,
  type Resolution,
} from '../../domain/complaints';
import { bookingConfig, bookingService, lockKey } from '../../utils/plugin';
import { UID } from '../../content-types/uids';

const COMPLAINT = UID.complaint;
const STEP = UID.complaintStep;
const ORDER = UID.order;

export const DEFAULT_COMPLAINT_SETTINGS = { investigateHours: 24, resolveHours: 72 };

interface Page {
  page: number;
  pageSize: number;
}

/**
 * Complaints (投诉): a user files one per order at a time; operators investigate, resolve (with effects, see
 * complaint-resolutions) or reject, each step within its time limit. Every step writes a complaint-step row and
 * tells the user, in the transaction that changes the status.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const complaints = () => strapi.db.query(COMPLAINT);
  const steps = () => strapi.db.query(STEP);
  const settings = () => ({ ...DEFAULT_COMPLAINT_SETTINGS, ...((bookingConfig(strapi) as any).complaints ?? {}) });
  const notify = (userId: number, title: string, body: string, orderId: number, data: Record<string, unknown>) =>
    bookingService(strapi, 'notifications').notify(userId, { kind: 'complaint', title, body, orderId, data });

  async function present(rows: any[], withSteps: boolean, forOperator: boolean) {
    const orderIds = [...new Set(rows.map((r) => r.orderId))];
    const orders = orderIds.length ? await strapi.db.query(ORDER).findMany({ where: { id: { $in: orderIds } }, select: ['id', 'documentId', 'orderNo'] }) : [];
    const byId = new Map(orders.map((o: any) => [o.id, o]));
    const stepRows = withSteps && rows.length ? await steps().findMany({ where: { complaintId: { $in: rows.map((r) => r.id) } }, orderBy: { id: 'asc' } }) : [];
    return rows.map((r) => ({
      documentId: r.documentId,
      order: { documentId: byId.get(r.orderId)?.documentId ?? null, orderNo: byId.get(r.orderId)?.orderNo ?? null },
      category: r.category,
      categoryLabel: CATEGORY_LABELS[r.category as ComplaintCategory],
      description: r.description,
      status: r.status,
      statusLabel: COMPLAINT_STATUS_LABELS[r.status as ComplaintStatus],
      deadlineAt: r.deadlineAt,
      resolution: r.resolution ?? null,
      createdAt: r.createdAt,
      closedAt: r.closedAt ?? null,
      ...(forOperator ? { id: r.id, userId: r.userId, caregiverId: r.caregiverId, overdue: r.overdue, overdueAt: r.overdueAt ?? null } : {}),
      ...(withSteps
        ? {
            steps: stepRows
              .filter((s: any) => s.complaintId === r.id)
              .map((s: any) => ({
                fromStatus: s.fromStatus,
                toStatus: s.toStatus,
                message: s.message,
                createdAt: s.createdAt,
                ...(forOperator ? { adminId: s.adminId } : {}),
              })),
          }
        : {}),
    }));
  }

  async function load(documentId: string) {
    const complaint = await complaints().findOne({ where: { documentId } });
    if (!complaint) throw bookingError('COMPLAINT_NOT_FOUND');
    return complaint;
  }

  async function paged(where: Record<string, unknown>, { page, pageSize }: Page, forOperator: boolean) {
    const [rows, total] = await Promise.all([
      complaints().findMany({ where, orderBy: { id: 'desc' }, offset: (page - 1) * pageSize, limit: pageSize }),
      complaints().count({ where }),
    ]);
    return { data: await present(rows, false, forOperator), meta: { pagination: { page, pageSize, total } } };
  }

  const api = {
    async create(userId: number, orderDocumentId: string, input: { category: ComplaintCategory; description: string }, now = new Date()) {
      const created = await strapi.db.transaction(async ({ trx }) => {
        const order = await strapi.db.query(ORDER).findOne({ where: { documentId: orderDocumentId } });
        if (!order || order.userId !== userId) throw bookingError('ORDER_NOT_FOUND');
        if (!COMPLAINABLE_ORDER_STATUSES.includes(order.status)) throw bookingError('NOT_COMPLAINABLE');
        // One open complaint per order: serialise the check and the insert.
        await lockKey(strapi, trx, `complaint-order:${order.id}`);
        const open = await complaints().count({ where: { orderId: order.id, status: { $in: OPEN_STATUSES } } });
        if (open > 0) throw bookingError('COMPLAINT_OPEN');
        const complaint = await complaints().create({
          data: {
            orderId: order.id,
            userId,
            caregiverId: order.caregiverId ?? null,
            category: input.category,
            description: input.description,
            status: 'submitted',
            deadlineAt: stepDeadline('submitted', now, settings()),
            overdue: false,
          },
        });
        await steps().create({
          data: { complaintId: complaint.id, fromStatus: null, toStatus: 'submitted', adminId: null, message: '投诉已提交，客服将在 24 小时内处理' },
        });
        await notify(userId, '投诉已受理', `您对订单 ${order.orderNo} 的投诉（${CATEGORY_LABELS[input.category]}）已提交，我们会尽快处理。`, order.id, {
          complaintId: complaint.documentId,
        });
        return complaint;
      });
      return (await present([created], true, false))[0];
    },

    listMine(userId: number, page: Page) {
      return paged({ userId }, page, false);
    },

    async findMine(userId: number, documentId: string) {
      const complaint = await load(documentId);
      if (complaint.userId !== userId) throw bookingError('COMPLAINT_NOT_FOUND');
      return (await present([complaint], true, false))[0];
    },

    adminList(filter: { status?: ComplaintStatus; overdue?: boolean }, page: Page) {
      const where: Record<string, unknown> = {};
      if (filter.status) where.status = filter.status;
      if (filter.overdue !== undefined) where.overdue = filter.overdue;
      return paged(where, page, true);
    },

    async adminFindOne(documentId: string) {
      return (await present([await load(documentId)], true, true))[0];
    },

    /** One operator step: investigate, resolve (with resolutions) or reject. All or nothing. */
    async step(documentId: string, action: ComplaintAction, adminId: number | null, message: string, resolutions: Resolution[] = [], now = new Date()) {
      const updated = await strapi.db.transaction(async ({ trx }) => {
        const current = await load(documentId);
        await lockKey(strapi, trx, `complaint:${current.id}`);
        const complaint = await complaints().findOne({ where: { id: current.id } });
        const to = planComplaintStep(complaint.status, action);
        const order = await bookingService(strapi, 'order-lifecycle').load(complaint.orderId);
        let resolution: Record<string, unknown> | null = complaint.resolution ?? null;
        if (action === 'resolve') {
          if (resolutions.length === 0) throw bookingError('RESOLUTION_REQUIRED');
          checkResolutions(resolutions, {
            paidFen: order.paidFen,
            refundedFen: order.refundedFen,
            hasCaregiver: !!complaint.caregiverId,
            orderStatus: order.status,
          });
          const applied = await bookingService(strapi, 'complaint-resolutions').apply(complaint, order, resolutions, adminId, trx, now);
          resolution = { outcome: 'resolved', message, items: applied, adminId, decidedAt: now.toISOString() };
        } else if (action === 'reject') {
          resolution = { outcome: 'rejected', message, adminId, decidedAt: now.toISOString() };
        }
        const closed = to === 'resolved' || to === 'rejected';
        // Compare-and-swap on the status this step was planned from.
        const { count } = await complaints().updateMany({
          where: { id: complaint.id, status: complaint.status },
          data: { status: to, deadlineAt: stepDeadline(to, now, settings()), overdue: false, overdueAt: null, resolution, closedAt: closed ? now : null },
        });
        if (count !== 1) throw bookingError('COMPLAINT_CHANGED');
        await steps().create({ data: { complaintId: complaint.id, fromStatus: complaint.status, toStatus: to, adminId, message } });
        await notify(
          complaint.userId,
          `投诉${COMPLAINT_STATUS_LABELS[to]}`,
          `您对订单 ${order.orderNo} 的投诉${COMPLAINT_STATUS_LABELS[to]}：${message}`,
          order.id,
          { complaintId: complaint.documentId, status: to },
        );
        return complaints().findOne({ where: { id: complaint.id } });
      });
      return (await present([updated], true, true))[0];
    },

    /**
     * Flags open complaints whose current step is past its time limit, once each (compare-and-swap on the flag);
     * operators see them with ?overdue=true. Returns how many were flagged.
     */
    async flagOverdue(now = new Date()) {
      const due = await complaints().findMany({
        where: { status: { $in: OPEN_STATUSES }, overdue: false, deadlineAt: { $lte: now } },
        select: ['id'],
        orderBy: { id: 'asc' },
        limit: 500,
      });
      let flagged = 0;
      for (const row of due) {
        const { count } = await complaints().updateMany({
          where: { id: row.id, overdue: false, status: { $in: OPEN_STATUSES } },
          data: { overdue: true, overdueAt: now },
        });
        flagged += count;
      }
      return { flagged, skipped: due.length - flagged };
    },
  };
  return api;
};

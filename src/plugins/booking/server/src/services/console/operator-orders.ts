import type { Core } from '@strapi/strapi';
import { dayRange } from '../../domain/analytics-period';
import { parseOrderSearch } from '../../domain/order-search';
import type { OrderStatus } from '../../domain/order-state-machine';
import { bookingService } from '../../utils/plugin';

import { UID, type KnownUid } from '../../content-types/uids';

const { caregiver: CAREGIVER, user: USER } = UID;
// A search term that matches more people than this is too vague to be useful; the list stays bounded.
const MAX_MATCHED_PEOPLE = 500;

export interface OperatorOrderQuery {
  q?: string;
  status?: OrderStatus[];
  cityCode?: string;
  serviceId?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

/**
 * The dispatch desk's view of orders: a search box (order number, customer phone tail, caregiver name), filters,
 * and one order with everything that happened to it (timeline, payments, refunds, change requests, offers).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const views = () => bookingService(strapi, 'order-views');
  const operator = { type: 'operator' as const };

  async function idsOf(uid: KnownUid, where: Record<string, unknown>): Promise<number[]> {
    const rows = await strapi.db.query(uid).findMany({ where, select: ['id'], limit: MAX_MATCHED_PEOPLE });
    return rows.map((r: { id: number }) => r.id);
  }

  /** The `where` of a search term; `null` when the term cannot match any order. */
  async function searchClause(q: string | undefined): Promise<Record<string, unknown> | null | undefined> {
    const search = parseOrderSearch(q);
    if (q && q.trim() && !search) return null;
    if (!search) return undefined;
    switch (search.kind) {
      case 'order_no':
        return { orderNo: search.orderNo };
      case 'order_no_part':
        return { orderNo: { $contains: search.fragment } };
      case 'phone_last4': {
        // The contact on the order, or the account that placed it (they differ when a child books for a parent).
        const userIds = await idsOf(USER, { phone: { $endsWith: search.digits } });
        // The order's phone is encrypted; its last four digits are kept in clear for exactly this search.
        return { $or: [{ contactPhoneLast4: search.digits }, ...(userIds.length ? [{ userId: { $in: userIds } }] : [])] };
      }
      case 'caregiver_name': {
        const ids = await idsOf(CAREGIVER, { realName: { $contains: search.name } });
        return ids.length ? { $or: [{ caregiverId: { $in: ids } }, { preferredCaregiverId: { $in: ids } }] } : null;
      }
    }
  }

  const api = {
    async search(query: OperatorOrderQuery) {
      const clause = await searchClause(query.q);
      const empty = { data: [], meta: { pagination: { page: query.page, pageSize: query.pageSize, total: 0, pageCount: 0 } } };
      if (clause === null) return empty;
      const where: Record<string, unknown>[] = [];
      if (clause) where.push(clause);
      if (query.cityCode) where.push({ cityCode: query.cityCode });
      if (query.serviceId) where.push({ serviceDocumentId: query.serviceId });
      if (query.from || query.to) {
        const range = dayRange(query.from ?? query.to!, query.to ?? query.from!);
        where.push({ startAt: { $gte: range.startUtc, $lt: range.endUtc } });
      }
      return views().list(where.length ? { $and: where } : {}, { status: query.status, page: query.page, pageSize: query.pageSize }, operator);
    },

    /** One order for the dispatcher's drawer. Amounts in fen, times as stored (UTC). */
    async detail(documentId: string) {
      const order = await views().findFor(documentId, operator);
      const by = { where: { orderId: order.id }, orderBy: { id: 'asc' as const } };
      const [presented, payments, refunds, changes, offers, alerts] = await Promise.all([
        views().present(order, operator, true),
        strapi.db.query(UID.payment).findMany(by),
        strapi.db.query(UID.refund).findMany(by),
        strapi.db.query(UID.changeRequest).findMany(by),
        strapi.db.query(UID.dispatchOffer).findMany(by),
        strapi.db.query(UID.operatorAlert).findMany(by),
      ]);
      const caregiverIds = [...new Set(offers.map((o: any) => o.caregiverId))];
      const caregivers = caregiverIds.length
        ? await strapi.db.query(CAREGIVER).findMany({ where: { id: { $in: caregiverIds } }, select: ['id', 'documentId', 'realName'] })
        : [];
      const byId = new Map(caregivers.map((c: any) => [c.id, c]));
      return {
        ...presented,
        payments: payments.map((p: any) => ({
          tradeNo: p.tradeNo,
          purpose: p.changeRequestId ? 'supplement' : 'order',
          channel: p.channel,
          scene: p.scene,
          amountFen: p.amountFen,
          status: p.status,
          succeededAt: p.succeededAt ?? null,
          failureReason: p.failureReason ?? null,
          createdAt: p.createdAt,
        })),
        refunds: refunds.map((r: any) => ({
          refundNo: r.refundNo,
          amountFen: r.amountFen,
          source: r.source,
          reason: r.reason,
          status: r.status,
          channel: r.channel ?? null,
          settledAt: r.settledAt ?? null,
          lastError: r.lastError ?? null,
          createdAt: r.createdAt,
        })),
        changeRequests: changes.map((c: any) => ({
          documentId: c.documentId,
          status: c.status,
          // The requested place as the operator sees any order's place (district); its sealed copy stays sealed.
          changes: { startAt: c.changes?.startAt ?? null, units: c.changes?.units ?? null, district: c.changes?.place?.address?.district ?? null },
          newStartAt: c.newStartAt ?? null,
          newTotalFen: c.newTotalFen ?? null,
          priceDiffFen: c.priceDiffFen ?? 0,
          chargeFen: c.chargeFen ?? 0,
          expiresAt: c.expiresAt ?? null,
          decidedAt: c.decidedAt ?? null,
          declineReason: c.declineReason ?? null,
          createdAt: c.createdAt,
        })),
        offers: offers.map((o: any) => ({
          id: o.id,
          caregiver: byId.has(o.caregiverId)
            ? { documentId: (byId.get(o.caregiverId) as any).documentId, realName: (byId.get(o.caregiverId) as any).realName }
            : null,
          status: o.status,
          rank: o.rank,
          score: o.score === null || o.score === undefined ? null : Number(o.score),
          expiresAt: o.expiresAt ?? null,
          respondedAt: o.respondedAt ?? null,
          declineReason: o.declineReason ?? null,
          createdAt: o.createdAt,
        })),
        alerts: alerts.map((a: any) => ({ id: a.id, kind: a.kind, message: a.message, resolvedAt: a.resolvedAt ?? null, createdAt: a.createdAt })),
      };
    },
  };
  return api;
};

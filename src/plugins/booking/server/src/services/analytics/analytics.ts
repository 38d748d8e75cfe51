import type { Core } from '@strapi/strapi';
import { inCurrentTransaction } from '../../utils/plugin';
import { bookingError } from '../../domain/errors';
import { rowsOf, serviceCategorySql } from '../../utils/analytics-sql';
import { UID } from '../../content-types/uids';

const EVENT = UID.analyticsEvent;
const USER = UID.user;
const MAX_AGE_MS = 7 * 86_400_000;
const MAX_SKEW_MS = 5 * 60_000;

/** Event types a front end may send; order and payment events are recorded by the server only (no spoofed funnel). */
export const CLIENT_EVENT_TYPES = ['service_view', 'caregiver_view', 'checkout_step'] as const;

export interface ClientEvent {
  type: (typeof CLIENT_EVENT_TYPES)[number];
  occurredAt: string;
  serviceDocumentId?: string;
  caregiverId?: number;
  step?: string;
  cityCode?: string;
  sessionId?: string;
}

export interface Visitor {
  userId: number | null;
  /** users-permissions `allowAnalytics`; false also for anonymous visitors (they have no setting). */
  allowAnalytics: boolean;
  deviceId?: string | null;
}

type ServerEventType = 'order_submitted' | 'order_paid' | 'order_completed' | 'order_cancelled' | 'payment_succeeded' | 'refund_succeeded' | 'search';

/**
 * Behaviour events. PIPL reading: analytics is an optional purpose the user opts into (`allowAnalytics`, off by
 * default), so nothing is stored about an identified user who has not opted in: their events are dropped, not
 * stored anonymised, because a device id next to their order history would re-identify them. Anonymous visitors
 * (no sign-in) are recorded by device id only. Server-side order and payment events follow the same rule; the
 * business figures come from the orders themselves and do not depend on these events.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const events = () => strapi.db.query(EVENT);

  async function consents(userId: number | null | undefined): Promise<boolean> {
    if (!userId) return false;
    const user = await strapi.db.query(USER).findOne({ where: { id: userId }, select: ['id', 'allowAnalytics'] });
    return Boolean(user?.allowAnalytics);
  }

  /** documentId → category slug, from the catalog (never from the client). */
  async function categoriesOf(documentIds: string[]): Promise<Map<string, string>> {
    const ids = [...new Set(documentIds.filter(Boolean))];
    if (ids.length === 0) return new Map();
    const rows = rowsOf(
      await inCurrentTransaction(
        strapi,
        strapi.db.connection.raw(
          `SELECT document_id, category_slug FROM ${serviceCategorySql(strapi)} m WHERE m.document_id IN (${ids.map(() => '?').join(',')})`,
          ids,
        ),
      ),
    );
    return new Map(rows.map((r: any) => [r.document_id, r.category_slug]));
  }

  /** `consent`: the user's `allowAnalytics` when the caller has just read it; otherwise it is read here. */
  async function recordServer(type: ServerEventType, userId: number | null, data: Record<string, unknown>, consent?: boolean) {
    if (!(consent === undefined ? await consents(userId) : consent && Boolean(userId))) return null;
    const now = new Date();
    return events().create({ data: { type, source: 'server', userId, occurredAt: now, receivedAt: now, ...data } });
  }

  const categoryOfOrder = async (order: any): Promise<string | null> =>
    order.serviceSnapshot?.categorySlug ?? (await categoriesOf([order.serviceDocumentId])).get(order.serviceDocumentId) ?? null;

  const orderData = async (order: any) => ({
    orderId: order.id,
    serviceDocumentId: order.serviceDocumentId,
    categorySlug: await categoryOfOrder(order),
    cityCode: order.cityCode,
    caregiverId: order.caregiverId ?? null,
    amountFen: order.totalFen,
  });

  const api = {
    consents,

    async visitor(userId: number | null, deviceId?: string | null): Promise<Visitor> {
      return { userId, allowAnalytics: await consents(userId), deviceId: deviceId ?? null };
    },

    /** A batch from a front end: 202 with what was kept and what was dropped (and why). */
    async ingest(visitor: Visitor, batch: { deviceId?: string; sessionId?: string; events: ClientEvent[] }, now = new Date()) {
      const deviceId = batch.deviceId ?? visitor.deviceId ?? null;
      if (!visitor.userId && !deviceId) throw bookingError('DEVICE_ID_REQUIRED');
      const total = batch.events.length;
      if (visitor.userId && !visitor.allowAnalytics) return { accepted: 0, dropped: total, reasons: { analytics_disabled: total } };

      const fresh = batch.events.filter((e) => {
        const at = new Date(e.occurredAt).getTime();
        return at >= now.getTime() - MAX_AGE_MS && at <= now.getTime() + MAX_SKEW_MS;
      });
      const categories = await categoriesOf(fresh.map((e) => e.serviceDocumentId ?? ''));
      const rows = fresh.map((e) => ({
        type: e.type,
        source: 'client',
        userId: visitor.userId,
        deviceId,
        sessionId: e.sessionId ?? batch.sessionId ?? null,
        serviceDocumentId: e.serviceDocumentId ?? null,
        categorySlug: e.serviceDocumentId ? (categories.get(e.serviceDocumentId) ?? null) : null,
        caregiverId: e.caregiverId ?? null,
        step: e.step ?? null,
        cityCode: e.cityCode ?? null,
        occurredAt: new Date(e.occurredAt),
        receivedAt: now,
      }));
      if (rows.length > 0) await events().createMany({ data: rows });
      const stale = total - fresh.length;
      return { accepted: rows.length, dropped: stale, reasons: stale ? { out_of_time_window: stale } : {} };
    },

    /** A catalog search (recorded by the search route itself, so the results count is the server's). */
    async recordSearch(visitor: Visitor, input: { keyword: string; resultsCount: number; cityCode?: string | null }) {
      if (visitor.userId ? !visitor.allowAnalytics : !visitor.deviceId) return null;
      const now = new Date();
      return events().create({
        data: {
          type: 'search',
          source: 'server',
          userId: visitor.userId,
          deviceId: visitor.deviceId ?? null,
          keyword: input.keyword.slice(0, 40),
          resultsCount: input.resultsCount,
          cityCode: input.cityCode ?? null,
          occurredAt: now,
          receivedAt: now,
        },
      });
    },

    /** After a submit committed. Never throws: analytics must not fail an order. */
    async recordOrderSubmitted(order: any, consent?: boolean) {
      try {
        await recordServer('order_submitted', order.userId, await orderData(order), consent);
      } catch (error) {
        strapi.log.warn(`[booking:analytics] order_submitted not recorded: ${(error as Error).message}`);
      }
    },

    /** Called by order-lifecycle inside the transition's transaction (one cheap insert). */
    async recordOrderTransition(order: any, plan: { from: string; to: string }) {
      const type: ServerEventType | null =
        plan.from === 'pending_payment' && plan.to === 'pending_acceptance'
          ? 'order_paid'
          : plan.to === 'completed'
            ? 'order_completed'
            : plan.to === 'cancelled'
              ? 'order_cancelled'
              : null;
      if (!type) return;
      await recordServer(type, order.userId, await orderData(order));
    },

    /** Called by payments when a verified payment was applied to its order (inside that transaction). */
    async recordPayment(payment: any, order: any) {
      await recordServer('payment_succeeded', payment.userId, { ...(await orderData(order)), channel: payment.channel, amountFen: payment.amountFen });
    },
  };
  return api;
};

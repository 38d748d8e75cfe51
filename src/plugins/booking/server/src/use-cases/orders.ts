import type { Core } from '@strapi/strapi';
import { bookingService, type BookingServices } from '../utils/plugin';
import type { OrderListQuery, OrderViewer } from '../services/orders/order-views';
import type { ActorRef } from '../services/orders/order-lifecycle';

/**
 * One function per user-visible order action, called alike by the REST controllers (customer and operator) and
 * the GraphQL resolvers, so "find the order as this viewer may see it -> act -> present it to that viewer" is
 * written once. The viewer decides what may be found (404 otherwise) and which fields the answer carries.
 */
type Strapi = Core.Strapi;
type OrderScope = Record<string, unknown>;

const views = (strapi: Strapi) => bookingService(strapi, 'order-views');
const lifecycle = (strapi: Strapi) => bookingService(strapi, 'order-lifecycle');

export const customer = (userId: number): OrderViewer => ({ type: 'user', userId });
export const OPERATOR: OrderViewer = { type: 'operator' };

/** Who is acting, for the order event: the customer, or the operator (admin user id when known). */
const actorOf = (viewer: OrderViewer, adminId?: number | null): ActorRef =>
  viewer.type === 'operator'
    ? { type: 'operator', id: adminId ?? null }
    : viewer.type === 'user'
      ? { type: 'user', id: viewer.userId }
      : { type: 'caregiver', id: viewer.userId };

/** `customerRow`: the signed-in user as authentication read it (its `allowAnalytics` spares analytics a read). */
export async function submitOrder(
  strapi: Strapi,
  customerRow: { id: number; allowAnalytics?: boolean | null },
  input: Parameters<BookingServices['order-submit']['submit']>[1],
  idempotencyKey?: string,
) {
  const analyticsConsent = typeof customerRow.allowAnalytics === 'boolean' ? customerRow.allowAnalytics : undefined;
  const result = await bookingService(strapi, 'order-submit').submit(customerRow.id, input, { idempotencyKey, analyticsConsent });
  return { order: await views(strapi).present(result.order, customer(customerRow.id), true, 'known' in result ? result.known : {}), replayed: result.replayed };
}

export function listOrders(strapi: Strapi, viewer: OrderViewer, scope: OrderScope, query: OrderListQuery) {
  return views(strapi).list(scope, query, viewer);
}

export async function showOrder(strapi: Strapi, viewer: OrderViewer, documentId: string) {
  const order = await views(strapi).findFor(documentId, viewer);
  return views(strapi).present(order, viewer, true);
}

export async function quoteCancellation(strapi: Strapi, viewer: OrderViewer & { type: 'user' }, documentId: string) {
  const order = await views(strapi).findFor(documentId, viewer);
  return lifecycle(strapi).quoteCancel(order, 'user');
}

export async function cancelOrder(strapi: Strapi, viewer: OrderViewer, documentId: string, reason?: string, adminId?: number | null) {
  const order = await views(strapi).findFor(documentId, viewer);
  const updated = await lifecycle(strapi).cancel(order.id, actorOf(viewer, adminId), reason);
  return views(strapi).present(updated, viewer, true);
}

export async function confirmOrder(strapi: Strapi, userId: number, documentId: string) {
  const viewer = customer(userId);
  const order = await views(strapi).findFor(documentId, viewer);
  const updated = await lifecycle(strapi).confirm(order.id, userId);
  return views(strapi).present(updated, viewer, true);
}

export async function changeOrder(strapi: Strapi, userId: number, documentId: string, input: Parameters<BookingServices['order-changes']['request']>[2]) {
  const viewer = customer(userId);
  const order = await views(strapi).findFor(documentId, viewer);
  const result = await bookingService(strapi, 'order-changes').request(userId, order, input);
  return { applied: result.applied, order: await views(strapi).present(result.order, viewer, true), changeRequest: result.request };
}

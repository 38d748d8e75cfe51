import type { Core } from '@strapi/strapi';
import { DomainError } from '../domain/errors';
import { bookingService } from '../utils/plugin';

const ORDER = 'plugin::booking.order';
const OFFER = 'plugin::booking.dispatch-offer';

/** Caregiver side of dispatch: offers made to me, and the order hall. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const dispatch = () => bookingService(strapi, 'dispatch');
  const views = () => bookingService(strapi, 'order-views');
  const me = (ctx: any) => bookingService(strapi, 'caregiver-identity').forUser(ctx.state.user.id);
  const viewerOf = (caregiver: any) => ({ type: 'caregiver' as const, userId: caregiver.userId, caregiverId: caregiver.id });

  async function presentOffer(offer: any, order: any) {
    return {
      documentId: offer.documentId,
      status: offer.status,
      rank: offer.rank,
      expiresAt: offer.expiresAt,
      respondedAt: offer.respondedAt ?? null,
      order: order
        ? {
            documentId: order.documentId,
            orderNo: order.orderNo,
            service: { documentId: order.serviceDocumentId, name: order.serviceSnapshot?.name ?? null },
            startAt: order.startAt,
            endAt: order.endAt,
            placeType: order.placeType,
            district: order.address?.district ?? null,
            totalFen: order.totalFen,
          }
        : null,
    };
  }

  async function myOffer(ctx: any, caregiver: any) {
    const offer = await strapi.db.query(OFFER).findOne({ where: { documentId: ctx.params.id, caregiverUserId: caregiver.userId } });
    if (!offer) throw new DomainError('OFFER_NOT_FOUND', '派单不存在', 404);
    return offer;
  }

  return {
    async offers(ctx: any) {
      const caregiver = await me(ctx);
      const live = await dispatch().liveOffers(caregiver.userId);
      const orders = live.length ? await strapi.db.query(ORDER).findMany({ where: { id: { $in: live.map((o: any) => o.orderId) } } }) : [];
      const byId = new Map(orders.map((o: any) => [o.id, o]));
      ctx.body = { data: await Promise.all(live.map((o: any) => presentOffer(o, byId.get(o.orderId)))) };
    },
    async acceptOffer(ctx: any) {
      const caregiver = await me(ctx);
      const offer = await myOffer(ctx, caregiver);
      const { order } = await dispatch().respond(offer.id, caregiver, 'accept');
      ctx.body = { data: await views().present(order, viewerOf(caregiver), true) };
    },
    async declineOffer(ctx: any) {
      const caregiver = await me(ctx);
      const offer = await myOffer(ctx, caregiver);
      const result = await dispatch().respond(offer.id, caregiver, 'decline', ctx.state.body.reason);
      ctx.body = { data: await presentOffer(result.offer, null) };
    },
    async hall(ctx: any) {
      const caregiver = await me(ctx);
      const { lat, lng } = ctx.state.query;
      const point = lat !== undefined && lng !== undefined ? { latitude: lat, longitude: lng } : null;
      ctx.body = { data: await bookingService(strapi, 'order-hall').list(caregiver, point) };
    },
    async grab(ctx: any) {
      const caregiver = await me(ctx);
      const order = await strapi.db.query(ORDER).findOne({ where: { documentId: ctx.params.orderId }, select: ['id'] });
      if (!order) throw new DomainError('ORDER_NOT_FOUND', '订单不存在', 404);
      const updated = await dispatch().grab(order.id, caregiver);
      ctx.body = { data: await views().present(updated, viewerOf(caregiver), true) };
    },
  };
};

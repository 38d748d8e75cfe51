import type { Core } from '@strapi/strapi';
import { bookingError } from '../domain/errors';
import { bookingService } from '../utils/plugin';
import type { BookingServices } from '../utils/plugin';
import { UID } from '../content-types/uids';
import type { BookingContext } from './context';

/** Rows as Strapi's query engine returns them (untyped records of the offer and order tables). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- query-engine rows; the fields read are the tables' columns
type Row = Record<string, any>;
type Caregiver = Awaited<ReturnType<BookingServices['caregiver-identity']['forUser']>>;

const ORDER = UID.order;
const OFFER = UID.dispatchOffer;

/** Caregiver side of dispatch: offers made to me, and the order hall. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const dispatch = () => bookingService(strapi, 'dispatch');
  const views = () => bookingService(strapi, 'order-views');
  const me = (ctx: BookingContext) => bookingService(strapi, 'caregiver-identity').forUser(ctx.state.user.id);
  const viewerOf = (caregiver: Caregiver) => ({ type: 'caregiver' as const, userId: caregiver.userId, caregiverId: caregiver.id });

  async function presentOffer(offer: Row, order: Row | undefined) {
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

  async function myOffer(ctx: BookingContext, caregiver: Caregiver) {
    const offer = await strapi.db.query(OFFER).findOne({ where: { documentId: ctx.params.id, caregiverUserId: caregiver.userId } });
    if (!offer) throw bookingError('OFFER_NOT_FOUND');
    return offer;
  }

  return {
    async offers(ctx: BookingContext) {
      const caregiver = await me(ctx);
      const live = await dispatch().liveOffers(caregiver.userId);
      const orders = live.length ? await strapi.db.query(ORDER).findMany({ where: { id: { $in: live.map((o: Row) => o.orderId) } } }) : [];
      const byId = new Map(orders.map((o: Row) => [o.id, o]));
      ctx.body = { data: await Promise.all(live.map((o: Row) => presentOffer(o, byId.get(o.orderId)))) };
    },
    async acceptOffer(ctx: BookingContext) {
      const caregiver = await me(ctx);
      const offer = await myOffer(ctx, caregiver);
      const { order } = await dispatch().respond(offer.id, caregiver, 'accept');
      ctx.body = { data: await views().present(order, viewerOf(caregiver), true) };
    },
    async declineOffer(ctx: BookingContext) {
      const caregiver = await me(ctx);
      const offer = await myOffer(ctx, caregiver);
      const result = await dispatch().respond(offer.id, caregiver, 'decline', ctx.state.body.reason);
      ctx.body = { data: await presentOffer(result.offer, undefined) };
    },
    async hall(ctx: BookingContext) {
      const caregiver = await me(ctx);
      // lat/lng in the query are accepted for old clients and ignored: distance is from the last reported position.
      ctx.body = { data: await bookingService(strapi, 'order-hall').list(caregiver) };
    },
    async grab(ctx: BookingContext) {
      const caregiver = await me(ctx);
      const order = await strapi.db.query(ORDER).findOne({ where: { documentId: ctx.params.orderId }, select: ['id'] });
      if (!order) throw bookingError('ORDER_NOT_FOUND');
      const updated = await dispatch().grab(order.id, caregiver);
      ctx.body = { data: await views().present(updated, viewerOf(caregiver), true) };
    },
  };
};

import type { Core } from '@strapi/strapi';
import { bookingError } from '../domain/errors';
import { bookingService } from '../utils/plugin';
import { UID } from '../content-types/uids';
import type { BookingContext } from './context';

/** Caregiver side of orders: the caller must be an approved caregiver (checked for every action). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const views = () => bookingService(strapi, 'order-views');
  const lifecycle = () => bookingService(strapi, 'order-lifecycle');

  async function whoAmI(ctx: BookingContext) {
    const caregiver = await bookingService(strapi, 'caregiver-identity').forUser(ctx.state.user.id);
    return { caregiver, viewer: { type: 'caregiver' as const, userId: caregiver.userId, caregiverId: caregiver.id } };
  }

  async function step(ctx: BookingContext, action: 'depart' | 'arrive' | 'start' | 'finish' | 'release') {
    const { viewer } = await whoAmI(ctx);
    const order = await views().findFor(ctx.params.id, viewer);
    const updated = await lifecycle().caregiverStep(order.id, action, viewer.userId, { summary: ctx.state.body?.summary, reason: ctx.state.body?.reason });
    ctx.body = { data: await views().present(updated, viewer, true) };
  }

  return {
    async find(ctx: BookingContext) {
      const { viewer } = await whoAmI(ctx);
      ctx.body = await views().list({ $or: [{ caregiverUserId: viewer.userId }, { preferredCaregiverId: viewer.caregiverId }] }, ctx.state.query, viewer);
    },
    async findOne(ctx: BookingContext) {
      const { viewer } = await whoAmI(ctx);
      const order = await views().findFor(ctx.params.id, viewer);
      ctx.body = { data: await views().present(order, viewer, true) };
    },
    async accept(ctx: BookingContext) {
      const { caregiver, viewer } = await whoAmI(ctx);
      const order = await strapi.db.query(UID.order).findOne({ where: { documentId: ctx.params.id } });
      if (!order) throw bookingError('ORDER_NOT_FOUND');
      // An order under a live dispatch offer belongs to that offer: its holder accepts through it, others wait.
      const live = await strapi.db.query(UID.dispatchOffer).findOne({
        where: { orderId: order.id, status: 'offered', expiresAt: { $gt: new Date() } },
      });
      if (live && live.caregiverId !== caregiver.id) throw bookingError('ORDER_OFFERED_ELSEWHERE');
      const updated = live
        ? (await bookingService(strapi, 'dispatch').respond(live.id, caregiver, 'accept')).order
        : await lifecycle().accept(order.id, caregiver);
      ctx.body = { data: await views().present(updated, viewer, true) };
    },
    depart: (ctx: BookingContext) => step(ctx, 'depart'),
    arrive: (ctx: BookingContext) => step(ctx, 'arrive'),
    start: (ctx: BookingContext) => step(ctx, 'start'),
    finish: (ctx: BookingContext) => step(ctx, 'finish'),
    release: (ctx: BookingContext) => step(ctx, 'release'),
    async decideChange(ctx: BookingContext) {
      const { viewer } = await whoAmI(ctx);
      const decision = ctx.params.decision === 'accept' ? 'accept' : 'decline';
      ctx.body = { data: await bookingService(strapi, 'order-changes').decide(viewer.userId, ctx.params.id, decision, ctx.state.body.reason) };
    },
  };
};

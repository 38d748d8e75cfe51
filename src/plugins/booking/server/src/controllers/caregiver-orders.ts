import type { Core } from '@strapi/strapi';
import { DomainError } from '../domain/errors';
import { bookingService } from '../utils/plugin';

/** Caregiver side of orders: the caller must be an approved caregiver (checked for every action). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const views = () => bookingService(strapi, 'order-views');
  const lifecycle = () => bookingService(strapi, 'order-lifecycle');

  async function whoAmI(ctx: any) {
    const caregiver = await bookingService(strapi, 'caregiver-identity').forUser(ctx.state.user.id);
    return { caregiver, viewer: { type: 'caregiver' as const, userId: caregiver.userId, caregiverId: caregiver.id } };
  }

  async function step(ctx: any, action: 'depart' | 'arrive' | 'start' | 'finish' | 'release') {
    const { viewer } = await whoAmI(ctx);
    const order = await views().findFor(ctx.params.id, viewer);
    const updated = await lifecycle().caregiverStep(order.id, action, viewer.userId, { summary: ctx.state.body?.summary, reason: ctx.state.body?.reason });
    ctx.body = { data: await views().present(updated, viewer, true) };
  }

  return {
    async find(ctx: any) {
      const { viewer } = await whoAmI(ctx);
      ctx.body = await views().list({ $or: [{ caregiverUserId: viewer.userId }, { preferredCaregiverId: viewer.caregiverId }] }, ctx.state.query, viewer);
    },
    async findOne(ctx: any) {
      const { viewer } = await whoAmI(ctx);
      const order = await views().findFor(ctx.params.id, viewer);
      ctx.body = { data: await views().present(order, viewer, true) };
    },
    async accept(ctx: any) {
      const { caregiver, viewer } = await whoAmI(ctx);
      const order = await strapi.db.query('plugin::booking.order').findOne({ where: { documentId: ctx.params.id } });
      if (!order) return ctx.notFound('订单不存在');
      // An order under a live dispatch offer belongs to that offer: its holder accepts through it, others wait.
      const live = await strapi.db.query('plugin::booking.dispatch-offer').findOne({
        where: { orderId: order.id, status: 'offered', expiresAt: { $gt: new Date() } },
      });
      if (live && live.caregiverId !== caregiver.id) throw new DomainError('ORDER_OFFERED_ELSEWHERE', '该订单已派给其他陪护人员', 409);
      const updated = live
        ? (await bookingService(strapi, 'dispatch').respond(live.id, caregiver, 'accept')).order
        : await lifecycle().accept(order.id, caregiver);
      ctx.body = { data: await views().present(updated, viewer, true) };
    },
    depart: (ctx: any) => step(ctx, 'depart'),
    arrive: (ctx: any) => step(ctx, 'arrive'),
    start: (ctx: any) => step(ctx, 'start'),
    finish: (ctx: any) => step(ctx, 'finish'),
    release: (ctx: any) => step(ctx, 'release'),
    async decideChange(ctx: any) {
      const { viewer } = await whoAmI(ctx);
      const decision = ctx.params.decision === 'accept' ? 'accept' : 'decline';
      ctx.body = { data: await bookingService(strapi, 'order-changes').decide(viewer.userId, ctx.params.id, decision, ctx.state.body.reason) };
    },
  };
};

import type { Core } from '@strapi/strapi';
import { idempotencyKey as idempotencyKeySchema } from '../routes/schemas/orders';
import { bookingService } from '../utils/plugin';

/** Customer side of orders. Input was validated by the route's zod schemas. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const views = () => bookingService(strapi, 'order-views');
  const lifecycle = () => bookingService(strapi, 'order-lifecycle');
  const me = (ctx: any) => ({ type: 'user' as const, userId: ctx.state.user.id as number });

  return {
    async submit(ctx: any) {
      const header = ctx.get('Idempotency-Key');
      let key: string | undefined;
      if (header) {
        const parsed = idempotencyKeySchema.safeParse(header);
        if (!parsed.success) return ctx.badRequest(parsed.error.issues[0].message);
        key = parsed.data;
      }
      const { order, replayed } = await bookingService(strapi, 'order-submit').submit(ctx.state.user.id, ctx.state.body, key);
      ctx.status = replayed ? 200 : 201;
      if (replayed) ctx.set('Idempotent-Replayed', 'true');
      ctx.body = { data: await views().present(order, me(ctx), true) };
    },

    async find(ctx: any) {
      ctx.body = await views().list({ userId: ctx.state.user.id }, ctx.state.query, me(ctx));
    },

    async findOne(ctx: any) {
      const order = await views().findFor(ctx.params.id, me(ctx));
      ctx.body = { data: await views().present(order, me(ctx), true) };
    },

    async cancellationQuote(ctx: any) {
      const order = await views().findFor(ctx.params.id, me(ctx));
      ctx.body = { data: lifecycle().quoteCancel(order, 'user') };
    },

    async cancel(ctx: any) {
      const order = await views().findFor(ctx.params.id, me(ctx));
      const updated = await lifecycle().cancel(order.id, { type: 'user', id: ctx.state.user.id }, ctx.state.body.reason);
      ctx.body = { data: await views().present(updated, me(ctx), true) };
    },

    async confirm(ctx: any) {
      const order = await views().findFor(ctx.params.id, me(ctx));
      const updated = await lifecycle().confirm(order.id, ctx.state.user.id);
      ctx.body = { data: await views().present(updated, me(ctx), true) };
    },

    async change(ctx: any) {
      const order = await views().findFor(ctx.params.id, me(ctx));
      const result = await bookingService(strapi, 'order-changes').request(ctx.state.user.id, order, ctx.state.body);
      ctx.status = result.applied ? 200 : 202;
      ctx.body = { data: { applied: result.applied, order: await views().present(result.order, me(ctx), true), changeRequest: result.request } };
    },

    async availability(ctx: any) {
      const caregiver = await strapi.db.query('api::caregiver.caregiver').findOne({ where: { documentId: ctx.params.id, status: 'approved' } });
      if (!caregiver) return ctx.notFound('陪护人员不存在');
      const { startAt, endAt } = ctx.state.query;
      if (new Date(endAt) <= new Date(startAt)) return ctx.badRequest('结束时间必须晚于开始时间');
      ctx.body = { data: { free: await bookingService(strapi, 'schedules').isFree(caregiver.id, new Date(startAt), new Date(endAt)) } };
    },
  };
};

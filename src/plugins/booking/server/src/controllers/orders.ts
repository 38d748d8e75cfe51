import type { Core } from '@strapi/strapi';
import { DomainError, bookingError } from '../domain/errors';
import { idempotencyKey as idempotencyKeySchema } from '../routes/schemas/orders';
import { bookingService } from '../utils/plugin';
import * as orders from '../use-cases/orders';
import type { OrderViewer } from '../services/orders/order-views';
import { UID } from '../content-types/uids';
import type { BookingContext } from './context';

/** Customer side of orders. Input was validated by the route's zod schemas. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const me = (ctx: BookingContext) => orders.customer(ctx.state.user.id) as OrderViewer & { type: 'user' };

  return {
    async submit(ctx: BookingContext) {
      const header = ctx.get('Idempotency-Key');
      let key: string | undefined;
      if (header) {
        const parsed = idempotencyKeySchema.safeParse(header);
        if (!parsed.success) throw new DomainError('INVALID_IDEMPOTENCY_KEY', parsed.error.issues[0].message);
        key = parsed.data;
      }
      const { order, replayed } = await orders.submitOrder(strapi, ctx.state.user, ctx.state.body, key);
      ctx.status = replayed ? 200 : 201;
      if (replayed) ctx.set('Idempotent-Replayed', 'true');
      ctx.body = { data: order };
    },

    async find(ctx: BookingContext) {
      ctx.body = await orders.listOrders(strapi, me(ctx), { userId: ctx.state.user.id }, ctx.state.query);
    },

    async findOne(ctx: BookingContext) {
      ctx.body = { data: await orders.showOrder(strapi, me(ctx), ctx.params.id) };
    },

    async cancellationQuote(ctx: BookingContext) {
      ctx.body = { data: await orders.quoteCancellation(strapi, me(ctx), ctx.params.id) };
    },

    async cancel(ctx: BookingContext) {
      ctx.body = { data: await orders.cancelOrder(strapi, me(ctx), ctx.params.id, ctx.state.body.reason) };
    },

    async confirm(ctx: BookingContext) {
      ctx.body = { data: await orders.confirmOrder(strapi, ctx.state.user.id, ctx.params.id) };
    },

    async change(ctx: BookingContext) {
      const result = await orders.changeOrder(strapi, ctx.state.user.id, ctx.params.id, ctx.state.body);
      ctx.status = result.applied ? 200 : 202;
      ctx.body = { data: result };
    },

    async availability(ctx: BookingContext) {
      const caregiver = await strapi.db.query(UID.caregiver).findOne({ where: { documentId: ctx.params.id, status: 'approved' } });
      if (!caregiver) throw bookingError('CAREGIVER_NOT_FOUND');
      const { startAt, endAt } = ctx.state.query;
      if (new Date(endAt) <= new Date(startAt)) throw new DomainError('INVALID_SLOT', '结束时间必须晚于开始时间');
      ctx.body = { data: { free: await bookingService(strapi, 'schedules').isFree(caregiver.id, new Date(startAt), new Date(endAt)) } };
    },
  };
};

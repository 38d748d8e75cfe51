import type { Core } from '@strapi/strapi';
import * as orders from '../use-cases/orders';
import { bookingService } from '../utils/plugin';
import type { BookingContext } from './context';

/** Operator (admin panel) view of all orders; guarded by the plugin's admin permissions. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  return {
    async find(ctx: BookingContext) {
      ctx.body = await bookingService(strapi, 'operator-orders').search(ctx.state.query);
    },
    async findOne(ctx: BookingContext) {
      ctx.body = { data: await bookingService(strapi, 'operator-orders').detail(ctx.params.id) };
    },
    async cancel(ctx: BookingContext) {
      ctx.body = { data: await orders.cancelOrder(strapi, orders.OPERATOR, ctx.params.id, ctx.state.body.reason, ctx.state.user?.id ?? null) };
    },
  };
};

import type { Core } from '@strapi/strapi';
import { bookingService } from '../utils/plugin';

/** Operator (admin panel) view of all orders; guarded by the plugin's admin permissions. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const views = () => bookingService(strapi, 'order-views');
  const operator = { type: 'operator' as const };

  return {
    async find(ctx: any) {
      const { cityCode, ...query } = ctx.state.query;
      ctx.body = await views().list(cityCode ? { cityCode } : {}, query, operator);
    },
    async findOne(ctx: any) {
      const order = await views().findFor(ctx.params.id, operator);
      ctx.body = { data: await views().present(order, operator, true) };
    },
    async cancel(ctx: any) {
      const order = await views().findFor(ctx.params.id, operator);
      const adminId = ctx.state.user?.id ?? null;
      const updated = await bookingService(strapi, 'order-lifecycle').cancel(order.id, { type: 'operator', id: adminId }, ctx.state.body.reason);
      ctx.body = { data: await views().present(updated, operator, true) };
    },
  };
};

import type { Core } from '@strapi/strapi';
import { bookingService } from '../utils/plugin';

/** Operators review risk events and lift payment freezes. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async events(ctx: any) {
    const { page, pageSize } = ctx.state.query;
    const [data, total] = await Promise.all([
      strapi.db.query('plugin::booking.risk-event').findMany({ orderBy: { id: 'desc' }, offset: (page - 1) * pageSize, limit: pageSize }),
      strapi.db.query('plugin::booking.risk-event').count(),
    ]);
    ctx.body = { data, meta: { pagination: { page, pageSize, total } } };
  },
  async freezes(ctx: any) {
    const where = ctx.state.query.active === undefined ? {} : { active: ctx.state.query.active === 'true' };
    ctx.body = { data: await strapi.db.query('plugin::booking.payment-freeze').findMany({ where, orderBy: { id: 'desc' }, limit: 200 }) };
  },
  async lift(ctx: any) {
    ctx.body = { data: await bookingService(strapi, 'risk').lift(ctx.params.id, ctx.state.user?.id ?? null, ctx.state.body.note) };
  },
});

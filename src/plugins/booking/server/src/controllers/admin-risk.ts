import type { Core } from '@strapi/strapi';
import { bookingService } from '../utils/plugin';
import { UID } from '../content-types/uids';
import type { BookingContext } from './context';

/** Operators review risk events and lift payment freezes. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async events(ctx: BookingContext) {
    const { page, pageSize } = ctx.state.query;
    const [data, total] = await Promise.all([
      strapi.db.query(UID.riskEvent).findMany({ orderBy: { id: 'desc' }, offset: (page - 1) * pageSize, limit: pageSize }),
      strapi.db.query(UID.riskEvent).count(),
    ]);
    ctx.body = { data, meta: { pagination: { page, pageSize, total } } };
  },
  async freezes(ctx: BookingContext) {
    const { active, page, pageSize } = ctx.state.query;
    ctx.body = await bookingService(strapi, 'operator-lists').freezes({ active: active === undefined ? undefined : active === 'true' }, { page, pageSize });
  },
  async lift(ctx: BookingContext) {
    ctx.body = { data: await bookingService(strapi, 'risk').lift(ctx.params.id, ctx.state.user?.id ?? null, ctx.state.body.note) };
  },
});

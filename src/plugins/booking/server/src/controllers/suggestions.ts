import type { Core } from '@strapi/strapi';
import { bookingService } from '../utils/plugin';
import type { BookingContext } from './context';

/** A signed-in user's suggestions. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async create(ctx: BookingContext) {
    ctx.status = 201;
    ctx.body = { data: await bookingService(strapi, 'suggestions').create(ctx.state.user.id, ctx.state.body) };
  },
  async find(ctx: BookingContext) {
    ctx.body = await bookingService(strapi, 'suggestions').listMine(ctx.state.user.id, ctx.state.query);
  },
});

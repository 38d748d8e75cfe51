import type { Core } from '@strapi/strapi';
import { bookingService } from '../utils/plugin';
import type { BookingContext } from './context';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async check(ctx: BookingContext) {
    ctx.body = await bookingService(strapi, 'health').report();
  },
});

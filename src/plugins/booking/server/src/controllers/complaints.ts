import type { Core } from '@strapi/strapi';
import { bookingService } from '../utils/plugin';
import type { BookingContext } from './context';

/** A customer's complaints about their orders. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const complaints = () => bookingService(strapi, 'complaints');
  return {
    async create(ctx: BookingContext) {
      ctx.status = 201;
      ctx.body = { data: await complaints().create(ctx.state.user.id, ctx.params.id, ctx.state.body) };
    },
    async find(ctx: BookingContext) {
      ctx.body = await complaints().listMine(ctx.state.user.id, ctx.state.query);
    },
    async findOne(ctx: BookingContext) {
      ctx.body = { data: await complaints().findMine(ctx.state.user.id, ctx.params.id) };
    },
  };
};

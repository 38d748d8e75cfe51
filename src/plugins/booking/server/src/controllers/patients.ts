import type { Core } from '@strapi/strapi';
import { bookingService } from '../utils/plugin';
import type { BookingContext } from './context';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const patients = () => bookingService(strapi, 'patients');
  const owner = (ctx: BookingContext): number => ctx.state.user.id;

  return {
    async find(ctx: BookingContext) {
      const data = await patients().list(owner(ctx));
      ctx.body = { data, meta: { total: data.length } };
    },
    async findOne(ctx: BookingContext) {
      ctx.body = { data: await patients().get(owner(ctx), ctx.params.id) };
    },
    async create(ctx: BookingContext) {
      ctx.status = 201;
      ctx.body = { data: await patients().create(owner(ctx), ctx.state.body) };
    },
    async update(ctx: BookingContext) {
      ctx.body = { data: await patients().update(owner(ctx), ctx.params.id, ctx.state.body) };
    },
    async delete(ctx: BookingContext) {
      ctx.body = { data: await patients().remove(owner(ctx), ctx.params.id) };
    },
  };
};

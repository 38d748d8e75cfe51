import type { Core } from '@strapi/strapi';
import { bookingService } from '../utils/plugin';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const patients = () => bookingService(strapi, 'patients');
  const owner = (ctx: any): number => ctx.state.user.id;

  return {
    async find(ctx: any) {
      const data = await patients().list(owner(ctx));
      ctx.body = { data, meta: { total: data.length } };
    },
    async findOne(ctx: any) {
      ctx.body = { data: await patients().get(owner(ctx), ctx.params.id) };
    },
    async create(ctx: any) {
      ctx.status = 201;
      ctx.body = { data: await patients().create(owner(ctx), ctx.state.body) };
    },
    async update(ctx: any) {
      ctx.body = { data: await patients().update(owner(ctx), ctx.params.id, ctx.state.body) };
    },
    async delete(ctx: any) {
      ctx.body = { data: await patients().remove(owner(ctx), ctx.params.id) };
    },
  };
};

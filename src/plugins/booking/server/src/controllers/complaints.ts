import type { Core } from '@strapi/strapi';
import { bookingService } from '../utils/plugin';

/** A customer's complaints about their orders. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const complaints = () => bookingService(strapi, 'complaints');
  return {
    async create(ctx: any) {
      ctx.status = 201;
      ctx.body = { data: await complaints().create(ctx.state.user.id, ctx.params.id, ctx.state.body) };
    },
    async find(ctx: any) {
      ctx.body = await complaints().listMine(ctx.state.user.id, ctx.state.query);
    },
    async findOne(ctx: any) {
      ctx.body = { data: await complaints().findMine(ctx.state.user.id, ctx.params.id) };
    },
  };
};

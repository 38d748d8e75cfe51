import type { Core } from '@strapi/strapi';
import { bookingService } from '../utils/plugin';

/** The signed-in customer's blocked caregivers. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const blocks = () => bookingService(strapi, 'caregiver-blocks');
  return {
    async find(ctx: any) {
      ctx.body = { data: await blocks().list(ctx.state.user.id) };
    },
    async block(ctx: any) {
      const { block, created } = await blocks().block(ctx.state.user.id, ctx.params.caregiverId);
      ctx.status = created ? 201 : 200;
      ctx.body = { data: block };
    },
    async unblock(ctx: any) {
      ctx.body = { data: await blocks().unblock(ctx.state.user.id, ctx.params.caregiverId) };
    },
  };
};

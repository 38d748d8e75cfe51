import type { Core } from '@strapi/strapi';
import { bookingService } from '../utils/plugin';
import type { BookingContext } from './context';

/** The signed-in customer's blocked caregivers. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const blocks = () => bookingService(strapi, 'caregiver-blocks');
  return {
    async find(ctx: BookingContext) {
      ctx.body = { data: await blocks().list(ctx.state.user.id) };
    },
    async block(ctx: BookingContext) {
      const { block, created } = await blocks().block(ctx.state.user.id, ctx.params.caregiverId);
      ctx.status = created ? 201 : 200;
      ctx.body = { data: block };
    },
    async unblock(ctx: BookingContext) {
      ctx.body = { data: await blocks().unblock(ctx.state.user.id, ctx.params.caregiverId) };
    },
  };
};

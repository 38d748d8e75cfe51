import type { Core } from '@strapi/strapi';
import { bookingService } from '../utils/plugin';
import type { BookingContext } from './context';

/** Public caregiver profiles and the caregiver's own presence / working hours. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const profiles = () => bookingService(strapi, 'caregiver-profiles');
  return {
    async find(ctx: BookingContext) {
      ctx.body = await profiles().list(ctx.state.query);
    },
    async findOne(ctx: BookingContext) {
      const { lat, lng } = ctx.state.query;
      ctx.body = { data: await profiles().findOne(ctx.params.id, lat === undefined ? null : { latitude: lat, longitude: lng }) };
    },
    async setStatus(ctx: BookingContext) {
      ctx.body = { data: await profiles().setStatus(ctx.state.user.id, ctx.state.body) };
    },
    async setWorkingHours(ctx: BookingContext) {
      ctx.body = { data: await profiles().setWorkingHours(ctx.state.user.id, ctx.state.body.schedule) };
    },
  };
};

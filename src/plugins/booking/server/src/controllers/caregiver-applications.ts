import type { Core } from '@strapi/strapi';
import { bookingError } from '../domain/errors';
import { bookingService } from '../utils/plugin';
import type { BookingContext } from './context';

/** Caregiver onboarding for the signed-in user. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const applications = () => bookingService(strapi, 'caregiver-applications');
  return {
    async uploadPhoto(ctx: BookingContext) {
      const file = ctx.request.files?.file;
      if (!file || Array.isArray(file)) throw bookingError('FILE_REQUIRED');
      ctx.status = 201;
      ctx.body = { data: await applications().uploadPhoto(ctx.state.user.id, file) };
    },
    async submit(ctx: BookingContext) {
      const data = await applications().submit(ctx.state.user.id, ctx.state.body);
      ctx.status = 201;
      ctx.body = { data };
    },
    async mine(ctx: BookingContext) {
      ctx.body = { data: await applications().mine(ctx.state.user.id) };
    },
  };
};

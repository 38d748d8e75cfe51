import type { Core } from '@strapi/strapi';
import { bookingService } from '../utils/plugin';

/** Caregiver onboarding for the signed-in user. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const applications = () => bookingService(strapi, 'caregiver-applications');
  return {
    async uploadPhoto(ctx: any) {
      const file = ctx.request.files?.file;
      if (!file || Array.isArray(file)) return ctx.badRequest('请上传一张图片（字段名 file）');
      ctx.status = 201;
      ctx.body = { data: await applications().uploadPhoto(ctx.state.user.id, file) };
    },
    async submit(ctx: any) {
      const data = await applications().submit(ctx.state.user.id, ctx.state.body);
      ctx.status = 201;
      ctx.body = { data };
    },
    async mine(ctx: any) {
      ctx.body = { data: await applications().mine(ctx.state.user.id) };
    },
  };
};

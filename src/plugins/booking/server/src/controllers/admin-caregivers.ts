import type { Core } from '@strapi/strapi';
import { bookingService } from '../utils/plugin';

/** Operators: the credential audit queue and caregiver suspension. The admin user id goes into every audit row. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const audit = () => bookingService(strapi, 'caregiver-audit');
  const adminId = (ctx: any): number | null => ctx.state.user?.id ?? null;
  return {
    async queue(ctx: any) {
      ctx.body = await audit().queue(ctx.state.query);
    },
    async detail(ctx: any) {
      ctx.body = { data: await audit().detail(ctx.params.id, adminId(ctx)) };
    },
    async approve(ctx: any) {
      ctx.body = { data: await audit().decideApplication(ctx.params.id, 'approve', adminId(ctx), ctx.state.body.note) };
    },
    async reject(ctx: any) {
      ctx.body = { data: await audit().decideApplication(ctx.params.id, 'reject', adminId(ctx), ctx.state.body.reason) };
    },
    async approveCredential(ctx: any) {
      ctx.body = { data: await audit().decideCredential(ctx.params.id, 'approve', adminId(ctx), ctx.state.body.note) };
    },
    async rejectCredential(ctx: any) {
      ctx.body = { data: await audit().decideCredential(ctx.params.id, 'reject', adminId(ctx), ctx.state.body.reason) };
    },
    async suspend(ctx: any) {
      ctx.body = { data: await audit().suspend(ctx.params.id, adminId(ctx), ctx.state.body) };
    },
    async liftSuspension(ctx: any) {
      ctx.body = { data: await audit().liftSuspension(ctx.params.id, adminId(ctx), ctx.state.body.reason) };
    },
  };
};

import type { Core } from '@strapi/strapi';
import { bookingService } from '../utils/plugin';
import type { BookingContext } from './context';

/** Operators: the credential audit queue and caregiver suspension. The admin user id goes into every audit row. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const audit = () => bookingService(strapi, 'caregiver-audit');
  const adminId = (ctx: BookingContext): number | null => ctx.state.user?.id ?? null;
  return {
    async queue(ctx: BookingContext) {
      ctx.body = await audit().queue(ctx.state.query);
    },
    async detail(ctx: BookingContext) {
      ctx.body = { data: await audit().detail(ctx.params.id, adminId(ctx)) };
    },
    /** Streams a scan: never cached by the browser or a proxy, never sniffed into another type. */
    async scan(ctx: BookingContext) {
      const { stream, mime, size } = await audit().openScan(ctx.params.id, ctx.params.fileId, adminId(ctx));
      ctx.set('Cache-Control', 'private, no-store');
      ctx.set('X-Content-Type-Options', 'nosniff');
      ctx.set('Content-Disposition', 'inline');
      ctx.type = mime;
      if (size) ctx.length = size;
      ctx.body = stream;
    },
    async approve(ctx: BookingContext) {
      ctx.body = { data: await audit().decideApplication(ctx.params.id, 'approve', adminId(ctx), ctx.state.body.note) };
    },
    async reject(ctx: BookingContext) {
      ctx.body = { data: await audit().decideApplication(ctx.params.id, 'reject', adminId(ctx), ctx.state.body.reason) };
    },
    async approveCredential(ctx: BookingContext) {
      ctx.body = { data: await audit().decideCredential(ctx.params.id, 'approve', adminId(ctx), ctx.state.body.note) };
    },
    async rejectCredential(ctx: BookingContext) {
      ctx.body = { data: await audit().decideCredential(ctx.params.id, 'reject', adminId(ctx), ctx.state.body.reason) };
    },
    async suspend(ctx: BookingContext) {
      ctx.body = { data: await audit().suspend(ctx.params.id, adminId(ctx), ctx.state.body) };
    },
    async liftSuspension(ctx: BookingContext) {
      ctx.body = { data: await audit().liftSuspension(ctx.params.id, adminId(ctx), ctx.state.body.reason) };
    },
  };
};

import type { Core } from '@strapi/strapi';
import { presentOwn } from '../services/reviews';
import { bookingService } from '../utils/plugin';

/** Operators: moderate reviews, handle complaints, tag and answer suggestions. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const reviews = () => bookingService(strapi, 'reviews');
  const complaints = () => bookingService(strapi, 'complaints');
  const suggestions = () => bookingService(strapi, 'suggestions');
  const adminId = (ctx: any): number | null => ctx.state.user?.id ?? null;

  async function moderate(ctx: any, hidden: boolean) {
    const { review, rating } = await reviews().setHidden(ctx.params.id, hidden, adminId(ctx), ctx.state.body?.reason);
    ctx.body = { data: { ...presentOwn(review), hiddenReason: review.hiddenReason ?? null, caregiverRating: rating } };
  }

  return {
    hideReview: (ctx: any) => moderate(ctx, true),
    unhideReview: (ctx: any) => moderate(ctx, false),

    async complaints(ctx: any) {
      const { status, overdue, page, pageSize } = ctx.state.query;
      ctx.body = await complaints().adminList({ status, overdue }, { page, pageSize });
    },
    async complaint(ctx: any) {
      ctx.body = { data: await complaints().adminFindOne(ctx.params.id) };
    },
    async investigate(ctx: any) {
      ctx.body = { data: await complaints().step(ctx.params.id, 'investigate', adminId(ctx), ctx.state.body.message) };
    },
    async resolve(ctx: any) {
      ctx.body = { data: await complaints().step(ctx.params.id, 'resolve', adminId(ctx), ctx.state.body.message, ctx.state.body.resolutions) };
    },
    async reject(ctx: any) {
      ctx.body = { data: await complaints().step(ctx.params.id, 'reject', adminId(ctx), ctx.state.body.message) };
    },

    async suggestions(ctx: any) {
      const { status, page, pageSize } = ctx.state.query;
      ctx.body = await suggestions().adminList({ status }, { page, pageSize });
    },
    async tagSuggestion(ctx: any) {
      ctx.body = { data: await suggestions().tag(ctx.params.id, ctx.state.body.tags) };
    },
    async answerSuggestion(ctx: any) {
      ctx.body = { data: await suggestions().answer(ctx.params.id, adminId(ctx), ctx.state.body.text) };
    },
  };
};

import type { Core } from '@strapi/strapi';
import { presentOwn } from '../services/feedback/reviews';
import { bookingService } from '../utils/plugin';
import type { BookingContext } from './context';

/** Operators: moderate reviews, handle complaints, tag and answer suggestions. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const reviews = () => bookingService(strapi, 'reviews');
  const complaints = () => bookingService(strapi, 'complaints');
  const suggestions = () => bookingService(strapi, 'suggestions');
  const adminId = (ctx: BookingContext): number | null => ctx.state.user?.id ?? null;

  async function moderate(ctx: BookingContext, hidden: boolean) {
    const { review, rating } = await reviews().setHidden(ctx.params.id, hidden, adminId(ctx), ctx.state.body?.reason);
    ctx.body = { data: { ...presentOwn(review), hiddenReason: review.hiddenReason ?? null, caregiverRating: rating } };
  }

  return {
    hideReview: (ctx: BookingContext) => moderate(ctx, true),
    unhideReview: (ctx: BookingContext) => moderate(ctx, false),

    async complaints(ctx: BookingContext) {
      const { status, overdue, page, pageSize } = ctx.state.query;
      ctx.body = await complaints().adminList({ status, overdue }, { page, pageSize });
    },
    async complaint(ctx: BookingContext) {
      ctx.body = { data: await complaints().adminFindOne(ctx.params.id) };
    },
    async investigate(ctx: BookingContext) {
      ctx.body = { data: await complaints().step(ctx.params.id, 'investigate', adminId(ctx), ctx.state.body.message) };
    },
    async resolve(ctx: BookingContext) {
      ctx.body = { data: await complaints().step(ctx.params.id, 'resolve', adminId(ctx), ctx.state.body.message, ctx.state.body.resolutions) };
    },
    async reject(ctx: BookingContext) {
      ctx.body = { data: await complaints().step(ctx.params.id, 'reject', adminId(ctx), ctx.state.body.message) };
    },

    async suggestions(ctx: BookingContext) {
      const { status, page, pageSize } = ctx.state.query;
      ctx.body = await suggestions().adminList({ status }, { page, pageSize });
    },
    async tagSuggestion(ctx: BookingContext) {
      ctx.body = { data: await suggestions().tag(ctx.params.id, ctx.state.body.tags) };
    },
    async answerSuggestion(ctx: BookingContext) {
      ctx.body = { data: await suggestions().answer(ctx.params.id, adminId(ctx), ctx.state.body.text) };
    },
  };
};

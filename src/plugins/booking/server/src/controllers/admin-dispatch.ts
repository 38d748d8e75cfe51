import type { Core } from '@strapi/strapi';
import { bookingService } from '../utils/plugin';
import type { Evaluated } from '../services/dispatch/dispatch-candidates';
import type { BookingContext } from './context';

/** Operator dispatch desk: every candidate with reasons and score, manual assignment, re-assignment, alerts. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const views = () => bookingService(strapi, 'order-views');
  const operator = { type: 'operator' as const };

  return {
    async candidates(ctx: BookingContext) {
      const order = await views().findFor(ctx.params.id, operator);
      const evaluated: Evaluated[] = await bookingService(strapi, 'dispatch-candidates').evaluate(order, { mode: 'all' });
      ctx.body = {
        data: evaluated.map(({ candidate, eligibility, ranked }) => ({
          caregiver: {
            documentId: candidate.documentId,
            realName: candidate.realName,
            gender: candidate.gender,
            level: candidate.level,
            online: candidate.online,
          },
          eligible: eligibility.eligible,
          reasons: eligibility.reasons,
          distanceKm: eligibility.distanceKm,
          score: ranked.score,
          breakdown: ranked.breakdown,
        })),
      };
    },
    async assign(ctx: BookingContext) {
      const order = await views().findFor(ctx.params.id, operator);
      const { caregiverId, force, reason } = ctx.state.body;
      const updated = await bookingService(strapi, 'dispatch').assign(order.id, caregiverId, ctx.state.user?.id ?? null, { force, reason });
      ctx.body = { data: await views().present(updated, operator, true) };
    },
    async reassign(ctx: BookingContext) {
      const order = await views().findFor(ctx.params.id, operator);
      const { caregiverId, force, reason } = ctx.state.body;
      const updated = await bookingService(strapi, 'dispatch').reassign(order.id, caregiverId, ctx.state.user?.id ?? null, { force, reason });
      ctx.body = { data: await views().present(updated, operator, true) };
    },
    async alerts(ctx: BookingContext) {
      const { open, page, pageSize } = ctx.state.query;
      ctx.body = await bookingService(strapi, 'operator-lists').alerts(open !== false, { page, pageSize });
    },
  };
};

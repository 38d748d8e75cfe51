import type { Core } from '@strapi/strapi';
import { bookingError } from '../domain/errors';
import { presentOwn } from '../services/feedback/reviews';
import { bookingService } from '../utils/plugin';
import { UID } from '../content-types/uids';
import type { BookingContext } from './context';

/** Reviews: customers write and follow up, the reviewed caregiver replies, anyone reads the visible ones. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const reviews = () => bookingService(strapi, 'reviews');
  return {
    async create(ctx: BookingContext) {
      const review = await reviews().create(ctx.state.user.id, ctx.params.id, ctx.state.body);
      ctx.status = 201;
      ctx.body = { data: presentOwn(review) };
    },
    async followUp(ctx: BookingContext) {
      ctx.body = { data: presentOwn(await reviews().followUp(ctx.state.user.id, ctx.params.id, ctx.state.body.text)) };
    },
    async reply(ctx: BookingContext) {
      const caregiver = await bookingService(strapi, 'caregiver-identity').forUser(ctx.state.user.id);
      ctx.body = { data: presentOwn(await reviews().reply(caregiver.id, ctx.params.id, ctx.state.body.text)) };
    },
    async forCaregiver(ctx: BookingContext) {
      const caregiver = await strapi.db.query(UID.caregiver).findOne({ where: { documentId: ctx.params.id }, select: ['id', 'rating', 'ratingCount'] });
      if (!caregiver) throw bookingError('CAREGIVER_NOT_FOUND');
      const { page, pageSize } = ctx.state.query;
      const result = await reviews().listPublic({ caregiverId: caregiver.id }, page, pageSize);
      ctx.body = { ...result, meta: { ...result.meta, rating: Number(caregiver.rating ?? 0), ratingCount: caregiver.ratingCount ?? 0 } };
    },
    async forService(ctx: BookingContext) {
      const { page, pageSize } = ctx.state.query;
      ctx.body = await reviews().listPublic({ serviceDocumentId: ctx.params.id }, page, pageSize);
    },
  };
};

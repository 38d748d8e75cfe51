import type { Core } from '@strapi/strapi';
import { presentOwn } from '../services/reviews';
import { bookingService } from '../utils/plugin';

/** Reviews: customers write and follow up, the reviewed caregiver replies, anyone reads the visible ones. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const reviews = () => bookingService(strapi, 'reviews');
  return {
    async create(ctx: any) {
      const review = await reviews().create(ctx.state.user.id, ctx.params.id, ctx.state.body);
      ctx.status = 201;
      ctx.body = { data: presentOwn(review) };
    },
    async followUp(ctx: any) {
      ctx.body = { data: presentOwn(await reviews().followUp(ctx.state.user.id, ctx.params.id, ctx.state.body.text)) };
    },
    async reply(ctx: any) {
      const caregiver = await bookingService(strapi, 'caregiver-identity').forUser(ctx.state.user.id);
      ctx.body = { data: presentOwn(await reviews().reply(caregiver.id, ctx.params.id, ctx.state.body.text)) };
    },
    async forCaregiver(ctx: any) {
      const caregiver = await strapi.db.query('api::caregiver.caregiver').findOne({ where: { documentId: ctx.params.id }, select: ['id', 'rating', 'ratingCount'] });
      if (!caregiver) return ctx.notFound('陪护人员不存在');
      const { page, pageSize } = ctx.state.query;
      const result = await reviews().listPublic({ caregiverId: caregiver.id }, page, pageSize);
      ctx.body = { ...result, meta: { ...result.meta, rating: Number(caregiver.rating ?? 0), ratingCount: caregiver.ratingCount ?? 0 } };
    },
    async forService(ctx: any) {
      const { page, pageSize } = ctx.state.query;
      ctx.body = await reviews().listPublic({ serviceDocumentId: ctx.params.id }, page, pageSize);
    },
  };
};

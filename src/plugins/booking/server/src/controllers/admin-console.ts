import type { Core } from '@strapi/strapi';
import { bookingService } from '../utils/plugin';
import { UID } from '../content-types/uids';
import type { BookingContext } from './context';

/** Operators' console lists (caregivers, reviews); the routes check the operator's permissions. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const lists = () => bookingService(strapi, 'operator-lists');
  return {
    async options(ctx: BookingContext) {
      const [cities, services, courses] = await Promise.all([
        strapi.db.query(UID.city).findMany({ where: { active: true }, select: ['code', 'name'], orderBy: { code: 'asc' } }),
        strapi.db
          .query(UID.service)
          .findMany({ where: { publishedAt: { $notNull: true }, locale: 'zh-Hans' }, select: ['documentId', 'name'], orderBy: { id: 'asc' } }),
        strapi.db
          .query(UID.trainingCourse)
          .findMany({ where: { publishedAt: { $notNull: true }, active: true }, select: ['documentId', 'title'], orderBy: { sortOrder: 'asc' } }),
      ]);
      ctx.body = { data: { cities, services, courses } };
    },
    async caregivers(ctx: BookingContext) {
      const { page, pageSize, ...filter } = ctx.state.query;
      ctx.body = await lists().caregivers(filter, { page, pageSize });
    },
    async reviews(ctx: BookingContext) {
      const { page, pageSize, ...filter } = ctx.state.query;
      ctx.body = await lists().reviews(filter, { page, pageSize });
    },
  };
};

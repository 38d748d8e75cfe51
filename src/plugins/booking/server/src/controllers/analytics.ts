import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { bookingConfig, bookingService } from '../utils/plugin';
import { perIpAndGlobal } from '../services/platform/rate-limits';
import type { Visitor } from '../services/analytics/analytics';
import { UID } from '../content-types/uids';
import type { BookingContext } from './context';

/**
 * Event ingestion and catalog search. Both routes are public to the router so anonymous visitors can use them;
 * a bearer JWT, when present, is verified here exactly like users-permissions would (a bad token is a 401, not a
 * silent downgrade to anonymous) and decides whose privacy setting applies.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const analytics = () => bookingService(strapi, 'analytics');
  const limits = () => bookingService(strapi, 'rate-limits');

  async function optionalUserId(ctx: BookingContext): Promise<number | null> {
    const header: string | undefined = ctx.request.header.authorization;
    if (!header) return null;
    const [scheme, token, ...rest] = header.trim().split(/\s+/);
    if (scheme?.toLowerCase() !== 'bearer' || !token || rest.length > 0) throw new errors.UnauthorizedError('登录凭证格式不正确');
    let payload: { id?: number | string } | undefined;
    try {
      payload = await strapi.plugin('users-permissions').service('jwt').verify(token);
    } catch {
      throw new errors.UnauthorizedError('登录已失效，请重新登录');
    }
    if (payload?.id === undefined) throw new errors.UnauthorizedError('登录已失效，请重新登录');
    const user = await strapi.db.query(UID.user).findOne({ where: { id: payload.id }, select: ['id', 'blocked'] });
    if (!user || user.blocked) throw new errors.UnauthorizedError('登录已失效，请重新登录');
    return user.id;
  }

  const visitor = async (ctx: BookingContext, deviceId?: string): Promise<Visitor> => analytics().visitor(await optionalUserId(ctx), deviceId ?? null);

  return {
    async ingest(ctx: BookingContext) {
      const body = ctx.state.body;
      // Charged by events (the rows a request may write), before the visitor lookup.
      await limits().take(perIpAndGlobal('analytics-events', bookingConfig(strapi).limits.analyticsEvents, ctx.request.ip), { cost: body.events.length });
      const result = await analytics().ingest(await visitor(ctx, body.deviceId), body);
      ctx.status = 202;
      ctx.body = { data: result };
    },

    async search(ctx: BookingContext) {
      const { q, cityCode, deviceId, page, pageSize } = ctx.state.query;
      await limits().take(perIpAndGlobal('search', bookingConfig(strapi).limits.search, ctx.request.ip));
      ctx.body = await bookingService(strapi, 'catalog-search').search(await visitor(ctx, deviceId), { q, cityCode, page, pageSize });
    },
  };
};

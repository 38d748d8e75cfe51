import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { bookingService } from '../utils/plugin';
import { unavailableBody } from './observability';

/**
 * Registered just inside `strapi::errors`: an error that means "the database is unreachable" becomes a 503
 * SERVICE_UNAVAILABLE with Retry-After (and opens the availability breaker) instead of a generic 500. Any other
 * error goes on to strapi::errors unchanged.
 *
 * users-permissions swallows the error of its user lookup and answers 401: during an outage that would sign every
 * client out. A 401 for a request that carried credentials is therefore checked against the database first.
 * A malformed multipart body (found by the fuzz test) is a 400, not the 500 the parser's error would become.
 */
type MaybeHttpError = { status?: unknown; name?: unknown; httpCode?: unknown } | null | undefined;
const isUnauthorized = (error: unknown) => {
  const e = error as MaybeHttpError;
  return e?.status === 401 || e?.name === 'UnauthorizedError';
};
/** The multipart parser (formidable) throws its own errors with an httpCode; koa-body passes them through as 500s. */
const isBodyParseError = (error: unknown) => {
  const e = error as MaybeHttpError;
  return typeof e?.httpCode === 'number' && e.httpCode >= 400 && e.httpCode < 500 && !(typeof e.status === 'number' && e.status >= 400);
};

export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const availability = () => bookingService(strapi, 'availability');
  const unavailable = (ctx: Context) => {
    bookingService(strapi, 'metrics').databaseUnavailable();
    ctx.status = 503;
    ctx.set('Retry-After', String(availability().retryAfterSeconds()));
    ctx.body = unavailableBody();
  };
  const credentialed = (ctx: Context) => Boolean(ctx.get('authorization') || ctx.query?.access_token);

  return async function dbOutage(ctx: Context, next: Next) {
    try {
      await next();
    } catch (error) {
      if (availability().noteError(error)) return unavailable(ctx);
      if (isUnauthorized(error) && credentialed(ctx) && (await availability().confirmDown())) return unavailable(ctx);
      if (isBodyParseError(error)) {
        ctx.status = 400;
        ctx.body = { data: null, error: { status: 400, name: 'BadRequestError', message: '请求体格式不正确', details: { code: 'BAD_REQUEST' } } };
        return;
      }
      throw error;
    }
    if (ctx.status === 401 && credentialed(ctx) && (await availability().confirmDown())) unavailable(ctx);
  };
};

import { randomUUID } from 'node:crypto';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { ERROR_CATALOGUE } from '../domain/errors';
import { requestContextStore } from '../utils/request-context';
import { bookingService } from '../utils/plugin';

/**
 * The outermost middleware (first in config/middlewares.ts):
 * - a request id (the caller's `X-Request-Id` when it is sane, else a UUID) on the response and on every log line
 *   written while serving the request;
 * - `GET /health/live` (the process answers), `GET /health/ready` (database reachable and not shutting down) and
 *   `GET /metrics` (Prometheus text, only with `Authorization: Bearer $METRICS_TOKEN`; 404 when no token is set),
 *   answered here, before sessions, body parsing and authentication;
 * - fail fast while the database is unreachable: 503 SERVICE_UNAVAILABLE with Retry-After, without touching the pool;
 * - latency by route pattern, and in-flight accounting for graceful shutdown.
 */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function unavailableBody(message: string = ERROR_CATALOGUE.SERVICE_UNAVAILABLE.message) {
  return { data: null, error: { status: 503, name: 'ServiceUnavailableError', message, details: { code: 'SERVICE_UNAVAILABLE' } } };
}

const digest = (value: string) => createHash('sha256').update(value).digest();
function tokenMatches(header: string | undefined, token: string) {
  const presented = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(presented), digest(token));
}

export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const store = requestContextStore();
  const availability = () => bookingService(strapi, 'availability');
  const metrics = () => bookingService(strapi, 'metrics');

  async function serveProbe(ctx: Context): Promise<boolean> {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return false;
    if (ctx.path === '/health/live') {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { status: 'ok' };
      return true;
    }
    if (ctx.path === '/health/ready') {
      const state = await availability().ready();
      ctx.set('Cache-Control', 'no-store');
      ctx.status = state.ready ? 200 : 503;
      ctx.body = state.ready ? { status: 'ready' } : { status: 'not_ready', reason: state.reason };
      return true;
    }
    if (ctx.path === '/metrics') {
      const token = process.env.METRICS_TOKEN ?? '';
      // No token configured: the endpoint does not exist (ordinary 404 further down).
      if (!token) return false;
      if (!tokenMatches(ctx.get('authorization'), token)) {
        ctx.status = 401;
        ctx.body = {
          data: null,
          error: { status: 401, name: 'UnauthorizedError', message: ERROR_CATALOGUE.UNAUTHENTICATED.message, details: { code: 'UNAUTHENTICATED' } },
        };
        return true;
      }
      ctx.set('Cache-Control', 'no-store');
      ctx.type = metrics().contentType();
      ctx.body = await metrics().render();
      return true;
    }
    return false;
  }

  return async function observability(ctx: Context, next: Next) {
    const incoming = ctx.get('x-request-id');
    const requestId = REQUEST_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);

    return store.run({ requestId }, async () => {
      // Draining: every response closes its connection, so keep-alive clients reconnect (to another instance).
      if (availability().shuttingDown()) ctx.set('Connection', 'close');
      if (await serveProbe(ctx)) return;

      const started = process.hrtime.bigint();
      const state = availability();
      state.requestStarted();
      try {
        if (state.databaseDown()) {
          metrics().databaseUnavailable();
          ctx.status = 503;
          ctx.set('Retry-After', String(state.retryAfterSeconds()));
          ctx.body = unavailableBody();
          return;
        }
        await next();
      } finally {
        state.requestFinished();
        // The route pattern, not the URL: ids in paths would make one series per order.
        const route =
          (ctx as Context & { _matchedRoute?: string })._matchedRoute ??
          (ctx.status === 404 ? 'unmatched' : ctx.path.startsWith('/admin') ? '/admin/*' : 'other');
        metrics().observeHttp(ctx.method, String(route), ctx.status, Number(process.hrtime.bigint() - started) / 1e9);
      }
    });
  };
};

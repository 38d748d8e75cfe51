import { PassThrough } from 'node:stream';
import type { Core } from '@strapi/strapi';
import { DomainError } from '../domain/errors';
import { errors } from '@strapi/utils';
import { bookingService } from '../utils/plugin';
import type { RealtimeEvent } from '../services/notifications/realtime';
import { UID } from '../content-types/uids';
import type { BookingContext } from './context';

/** Browsers wait this long before reconnecting a dropped EventSource. */
const RETRY_MS = 5000;
/** After a shutdown notice: come back soon, the load balancer sends the reconnect to a live instance. */
const SHUTDOWN_RETRY_MS = 1000;
/** Below the idle timeouts of common proxies and load balancers (often 30–60 s), so they keep the stream open. */
const HEARTBEAT_MS = 25_000;
/** A client that stopped reading is cut off rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 1 << 20;
const STREAM_ACTION = 'plugin::booking.notifications.stream';

const userId = (ctx: BookingContext): number => ctx.state.user.id;

/** One SSE frame. JSON never contains a raw newline, and the event name is stripped of any. */
export const formatEvent = (event: RealtimeEvent) => `event: ${event.kind.replace(/[\r\n]/g, '')}\ndata: ${JSON.stringify(event.data)}\n\n`;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const notifications = () => bookingService(strapi, 'notifications');
  const realtime = () => bookingService(strapi, 'realtime');
  const users = () =>
    strapi.plugin('users-permissions').service('user') as {
      fetchAuthenticatedUser(id: unknown): Promise<{ blocked?: boolean; confirmed?: boolean; role?: { id: number } } | null>;
    };

  function bearer(ctx: BookingContext): string | undefined {
    const header: string | undefined = ctx.request.header.authorization;
    if (!header) return undefined;
    const [scheme, token, ...rest] = header.trim().split(/\s+/);
    if (scheme?.toLowerCase() !== 'bearer' || !token || rest.length > 0) throw new errors.UnauthorizedError('登录凭证格式不正确');
    return token;
  }

  /**
   * The route is public to the router (a query-string token is invisible to Strapi's auth), so this repeats the
   * users-permissions checks: valid JWT, existing, unblocked (and confirmed, when required) user, and a role that
   * is granted the stream action, which keeps the grant revocable in the admin like any other route.
   */
  async function authenticate(ctx: BookingContext) {
    const token = bearer(ctx) ?? ctx.state.query?.access_token;
    if (!token) throw new errors.UnauthorizedError('请先登录');
    let payload: { id?: number | string } | undefined;
    try {
      payload = await (strapi.plugin('users-permissions').service('jwt') as { verify(token: string): Promise<{ id?: number | string }> }).verify(token);
    } catch {
      throw new errors.UnauthorizedError('登录已失效，请重新登录');
    }
    if (payload?.id === undefined) throw new errors.UnauthorizedError('登录已失效，请重新登录');
    const user = await users().fetchAuthenticatedUser(payload.id);
    if (!user || user.blocked) throw new errors.UnauthorizedError('登录已失效，请重新登录');
    const advanced = (await strapi.store({ type: 'plugin', name: 'users-permissions' }).get({ key: 'advanced' })) as { email_confirmation?: boolean } | null;
    if (advanced?.email_confirmation && !user.confirmed) throw new errors.UnauthorizedError('登录已失效，请重新登录');
    // Without a role there is nothing to check against (and an undefined filter would match every role).
    const roleId = user.role?.id;
    const granted = roleId && (await strapi.db.query(UID.upPermission).count({ where: { action: STREAM_ACTION, role: roleId } }));
    if (!granted) throw new DomainError('FORBIDDEN', '无权访问消息推送');
    return user as { id: number };
  }

  return {
    async find(ctx: BookingContext) {
      ctx.body = await notifications().list(userId(ctx), ctx.state.query);
    },

    async unreadCount(ctx: BookingContext) {
      ctx.body = { data: { unreadCount: await notifications().unreadCount(userId(ctx)) } };
    },

    async markRead(ctx: BookingContext) {
      const body = ctx.state.body as { ids?: number[]; all?: true };
      ctx.body = { data: await notifications().markRead(userId(ctx), body.all ? 'all' : (body.ids as number[])) };
    },

    /**
     * Server-Sent Events. Frames: `retry:` once, `event: ready` with the unread count (a baseline after every
     * reconnect), then `event: notification` / `unread_count` / `resync`, and a comment line as heartbeat.
     */
    async stream(ctx: BookingContext) {
      // The request log line prints ctx.url after the response: keep the token out of the logs.
      if (ctx.state.query?.access_token) ctx.url = ctx.path;
      const user = await authenticate(ctx);
      // Synchronous from here to subscribe(): no other stream of this instance can slip in between.
      realtime().assertRoom();

      const stream = new PassThrough();
      const socket = ctx.req.socket;
      socket.setTimeout(0);
      socket.setNoDelay(true);
      socket.setKeepAlive(true);
      ctx.status = 200;
      ctx.body = stream;
      ctx.type = 'text/event-stream';
      // no-transform and X-Accel-Buffering stop proxies (nginx) from buffering or compressing the stream.
      ctx.set({ 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });

      let closed = false;
      let unsubscribe = () => {};
      // Assigned once the stream is open; close() (defined first) must be able to clear it.
      // eslint-disable-next-line prefer-const
      let heartbeat: NodeJS.Timeout | undefined;
      const close = () => {
        if (closed) return;
        closed = true;
        if (heartbeat) clearInterval(heartbeat);
        unsubscribe();
        stream.end();
      };
      const write = (chunk: string) => {
        if (closed) return;
        stream.write(chunk);
        if (stream.writableLength > MAX_BUFFERED_BYTES) close();
      };

      write(`retry: ${RETRY_MS}\n\n`);
      // On shutdown the client is told to come back soon (to another instance) before the stream ends.
      const end = (reason?: 'shutdown' | 'evicted') => {
        if (reason === 'shutdown') write(`retry: ${SHUTDOWN_RETRY_MS}\n${formatEvent({ kind: 'shutdown', data: { reconnect: true } })}`);
        close();
      };
      unsubscribe = realtime().subscribe(user.id, (event: RealtimeEvent) => write(formatEvent(event)), end);
      heartbeat = setInterval(() => write(': heartbeat\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      ctx.res.on('close', close);
      stream.on('close', close);
      stream.on('error', close);

      // Subscribed first, so nothing raised after this count can be missed.
      const unread = await notifications().unreadCount(user.id);
      write(formatEvent({ kind: 'ready', data: { unreadCount: unread } }));
    },
  };
};

import { EventEmitter } from 'node:events';
import type { Core } from '@strapi/strapi';
import { Client, type ClientConfig, type Notification } from 'pg';
import { DomainError } from '../../domain/errors';
import { bookingConfig, isPostgres } from '../../utils/plugin';

/**
 * Live events for the Server-Sent-Events streams. Every publish goes through a bus so that a stream held by one
 * app instance hears events raised on another:
 * - SQLite (one instance by construction): an in-process EventEmitter.
 * - PostgreSQL: NOTIFY on one channel of the database, and one dedicated LISTEN connection per instance that
 *   hands each notification to the streams of this instance. A NOTIFY issued inside a transaction is delivered
 *   only on commit, so no stream ever hears about a change that was rolled back.
 * Events are hints ("something changed, refetch"), not the record: streams lose events while reconnecting,
 * and the inbox is the source of truth.
 */
export const REALTIME_CHANNEL = 'booking_events';

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more (and would abort the transaction); keep a margin. */
const MAX_PAYLOAD_BYTES = 7900;
/** A user with more open tabs than this loses the oldest stream, so one account cannot pile up sockets. */
const MAX_STREAMS_PER_USER = 10;
/** Retry-After of a stream refused because the instance is full: the load balancer may send the retry elsewhere. */
const STREAM_RETRY_SECONDS = 30;
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 30_000;

export interface RealtimeEvent {
  /** The SSE event name. */
  kind: string;
  data: Record<string, unknown>;
}

/** What travels on the bus (also the NOTIFY payload another instance would send). */
export interface WirePayload {
  userId: number;
  kind: string;
  data: Record<string, unknown>;
}

interface Subscriber {
  send: (event: RealtimeEvent) => void;
  /** Asks the stream to close: the instance is shutting down (the client should reconnect elsewhere), or evicted by a newer stream of the same user. */
  end: (reason?: 'shutdown' | 'evicted') => void;
}

type Trx = unknown;

/**
 * Runs `fn` after `trx` commits, never if it rolls back; at once without a transaction. `trx` must be the
 * transaction of the surrounding `strapi.db.transaction` (its commit hooks are the only reliable signal: knex
 * resolves the same promise for commit and for a plain rollback). `fn` must not throw into the commit:
 * failures go to `onError`.
 */
export async function afterCommit(strapi: Core.Strapi, trx: Trx | undefined, fn: () => unknown, onError: (error: unknown) => void): Promise<void> {
  const run = () => Promise.resolve().then(fn).catch(onError);
  if (!trx) {
    await run();
    return;
  }
  if (!strapi.db.inTransaction()) {
    throw new Error('afterCommit: a trx was given outside strapi.db.transaction(); call it inside the transaction callback');
  }
  // A nested strapi.db.transaction joins the current one and shares its commit hooks.
  await strapi.db.transaction(async ({ trx: current, onCommit }) => {
    if (current !== trx) throw new Error('afterCommit: the given trx is not the current strapi.db.transaction');
    onCommit(() => void run());
  });
}

/**
 * The transaction to tie side effects to: the given one, else the surrounding strapi.db.transaction (callers
 * that rely on strapi.db.query joining it implicitly must not get events or SMS for work that may roll back).
 */
export async function currentTrx(strapi: Core.Strapi, trx?: Trx): Promise<Trx | undefined> {
  if (trx || !strapi.db.inTransaction()) return trx;
  return strapi.db.transaction(async ({ trx: current }) => current);
}

function parseWire(raw: string): WirePayload | undefined {
  try {
    const value = JSON.parse(raw) as Partial<WirePayload>;
    if (!Number.isInteger(value.userId) || typeof value.kind !== 'string' || typeof value.data !== 'object' || !value.data) return undefined;
    return value as WirePayload;
  } catch {
    return undefined;
  }
}

/** The pg connection settings of strapi.db (an object, a connection string or Strapi's experimental function). */
async function listenerConfig(strapi: Core.Strapi): Promise<ClientConfig> {
  const configured = (strapi.db.config as any).connection?.connection;
  const settings = typeof configured === 'function' ? await configured() : configured;
  if (typeof settings === 'string') return { connectionString: settings };
  // `schema` is Strapi's own key; pg ignores unknown keys but keep the object clean and untouched.
  const { schema: _schema, ...rest } = (settings ?? {}) as Record<string, unknown>;
  return { ...(rest as ClientConfig), application_name: 'booking-realtime' };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const subscribers = new Map<number, Set<Subscriber>>();
  const local = new EventEmitter();
  local.setMaxListeners(0);

  let listener: Client | undefined;
  let started = false;
  let stopped = false;
  let attempts = 0;
  let reconnectTimer: NodeJS.Timeout | undefined;

  function dispatch(userId: number, event: RealtimeEvent) {
    for (const subscriber of subscribers.get(userId) ?? []) {
      try {
        subscriber.send(event);
      } catch (error) {
        strapi.log.warn(`[booking:realtime] dropping an event for a broken stream: ${(error as Error).message}`);
      }
    }
  }

  function broadcastLocal(event: RealtimeEvent) {
    for (const userId of subscribers.keys()) dispatch(userId, event);
  }

  local.on('event', (payload: WirePayload) => dispatch(payload.userId, { kind: payload.kind, data: payload.data }));

  function onNotification(message: Notification) {
    if (message.channel !== REALTIME_CHANNEL || !message.payload) return;
    const payload = parseWire(message.payload);
    if (!payload) return strapi.log.warn('[booking:realtime] ignoring a malformed notification');
    dispatch(payload.userId, { kind: payload.kind, data: payload.data });
  }

  function scheduleReconnect(reason: string) {
    if (stopped || reconnectTimer) return;
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** attempts) * (0.75 + Math.random() * 0.5);
    attempts += 1;
    strapi.log.warn(`[booking:realtime] LISTEN connection lost (${reason}); reconnecting in ${Math.round(delay)} ms`);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      void connect(true);
    }, delay);
    reconnectTimer.unref();
  }

  async function connect(isReconnect: boolean) {
    if (stopped) return;
    const client = new Client(await listenerConfig(strapi));
    // Registered before connect: an 'error' without a listener would crash the process.
    client.on('error', (error) => {
      if (listener === client) listener = undefined;
      client.end().catch(() => undefined);
      scheduleReconnect(error.message);
    });
    client.on('end', () => {
      if (listener !== client) return;
      listener = undefined;
      scheduleReconnect('connection ended');
    });
    client.on('notification', onNotification);
    try {
      await client.connect();
      await client.query(`LISTEN ${REALTIME_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      scheduleReconnect((error as Error).message);
      return;
    }
    if (stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    listener = client;
    attempts = 0;
    // Events published while we were deaf are lost: tell the open streams to refetch.
    if (isReconnect) broadcastLocal({ kind: 'resync', data: {} });
  }

  const streamCount = () => [...subscribers.values()].reduce((sum, set) => sum + set.size, 0);

  function toWire(userId: number, event: RealtimeEvent): string {
    const json = JSON.stringify({ userId, kind: event.kind, data: event.data } satisfies WirePayload);
    if (Buffer.byteLength(json) <= MAX_PAYLOAD_BYTES) return json;
    // Too big would abort the caller's transaction on PostgreSQL; the client refetches instead.
    strapi.log.warn(`[booking:realtime] event ${event.kind} exceeds ${MAX_PAYLOAD_BYTES} bytes; sending it truncated`);
    return JSON.stringify({ userId, kind: event.kind, data: { truncated: true } } satisfies WirePayload);
  }

  return {
    /** Call from the plugin bootstrap. On PostgreSQL it opens the LISTEN connection (retrying in the background). */
    async start() {
      if (started) return;
      started = true;
      stopped = false;
      if (isPostgres(strapi)) await connect(false);
    },

    /** Call from the plugin destroy: closes every open stream of this instance and the LISTEN connection. */
    async stop() {
      stopped = true;
      started = false;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
      for (const set of subscribers.values()) for (const subscriber of [...set]) subscriber.end('shutdown');
      subscribers.clear();
      const client = listener;
      listener = undefined;
      if (client) await client.end().catch(() => undefined);
    },

    /** True when events raised on other instances can reach this one (always true on SQLite). */
    isListening: () => !isPostgres(strapi) || Boolean(listener),

    /** Registers a stream of `userId`; the returned function unregisters it (idempotent). */
    subscribe(userId: number, send: (event: RealtimeEvent) => void, end: Subscriber['end'] = () => undefined): () => void {
      const set = subscribers.get(userId) ?? new Set<Subscriber>();
      subscribers.set(userId, set);
      const subscriber: Subscriber = { send, end };
      set.add(subscriber);
      if (set.size > MAX_STREAMS_PER_USER) {
        const oldest = set.values().next().value as Subscriber;
        set.delete(oldest);
        oldest.end('evicted');
      }
      return () => {
        set.delete(subscriber);
        if (set.size === 0 && subscribers.get(userId) === set) subscribers.delete(userId);
      };
    },

    /**
     * Sends `event` to every stream of `userId` on every instance. Inside a strapi.db.transaction (or with its
     * `trx`) delivery happens only if and when it commits.
     */
    async publish(userId: number, event: RealtimeEvent, givenTrx?: Trx): Promise<void> {
      const wire = toWire(userId, event);
      const trx = await currentTrx(strapi, givenTrx);
      if (isPostgres(strapi)) {
        const query = strapi.db.connection.raw('select pg_notify(?, ?)', [REALTIME_CHANNEL, wire]);
        await (trx ? query.transacting(trx as any) : query);
        return;
      }
      const payload = JSON.parse(wire) as WirePayload;
      await afterCommit(
        strapi,
        trx,
        () => local.emit('event', payload),
        (error) => strapi.log.warn(`[booking:realtime] local publish failed: ${(error as Error).message}`),
      );
    },

    /**
     * Refuses a new stream when this instance already holds its maximum (REALTIME_MAX_STREAMS_PER_INSTANCE): each
     * stream pins a socket and a heartbeat timer of this process, so the cap protects the process that pays for
     * them and needs no shared state (docs/decisions.md). Call it right before `subscribe`, with no await between.
     */
    assertRoom() {
      const max = bookingConfig(strapi).limits.maxStreamsPerInstance;
      if (max > 0 && streamCount() >= max) {
        throw new DomainError('RATE_LIMITED', '实时消息连接数已满，请稍后重试', { limit: 'realtime-streams', retryAfterSeconds: STREAM_RETRY_SECONDS });
      }
    },

    /** Open streams on this instance, for health checks and tests. */
    streamCount,
  };
};

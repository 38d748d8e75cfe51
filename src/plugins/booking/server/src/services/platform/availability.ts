import type { Core } from '@strapi/strapi';
import { Client, type ClientConfig } from 'pg';
import { isPostgres } from '../../utils/plugin';

/**
 * Whether this instance should get traffic, and a circuit breaker for database outages.
 *
 * When a request fails because the database is unreachable (connection refused, connection terminated by a
 * restarting server, pool acquire timeout) the breaker opens: from then on requests are answered 503 with a
 * Retry-After at once instead of each one waiting on the pool, and a probe on a connection of its own (short
 * connect timeout, outside the pool) checks the server every PROBE_INTERVAL until it answers; then the breaker
 * closes and the pool reconnects on demand. No restart is needed.
 */
const PROBE_INTERVAL_MS = 1000;
const PROBE_TIMEOUT_MS = 2000;

/** node-postgres / knex / tarn errors that mean "no database right now", not "this query is wrong". */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);
const CONNECTION_MESSAGES =
  /Connection terminated|connection timeout|Knex: Timeout acquiring a connection|the database system is (starting up|shutting down)|Client has encountered a connection error|terminating connection due to administrator command/i;

export function isConnectionError(error: unknown): boolean {
  for (let current: any = error, depth = 0; current && depth < 4; current = current.cause ?? current.originalError, depth += 1) {
    if (typeof current.code === 'string' && CONNECTION_CODES.has(current.code)) return true;
    if (current.name === 'KnexTimeoutError') return true;
    if (typeof current.message === 'string' && CONNECTION_MESSAGES.test(current.message)) return true;
    if (Array.isArray(current.errors) && current.errors.some((inner: unknown) => isConnectionError(inner))) return true;
  }
  return false;
}

async function probeConfig(strapi: Core.Strapi): Promise<ClientConfig> {
  const configured = (strapi.db.config as any).connection?.connection;
  const settings = typeof configured === 'function' ? await configured() : configured;
  if (typeof settings === 'string') return { connectionString: settings, connectionTimeoutMillis: PROBE_TIMEOUT_MS };
  const { schema: _schema, ...rest } = (settings ?? {}) as Record<string, unknown>;
  return { ...(rest as ClientConfig), connectionTimeoutMillis: PROBE_TIMEOUT_MS, application_name: 'booking-probe' };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let databaseDown = false;
  let downSince = 0;
  let lastGoodProbe = 0;
  let probeTimer: NodeJS.Timeout | undefined;
  let shuttingDown = false;
  let inFlight = 0;
  const idleWaiters = new Set<() => void>();

  async function probeOnce(): Promise<boolean> {
    if (!isPostgres(strapi)) {
      try {
        await strapi.db.connection.raw('select 1');
        return true;
      } catch {
        return false;
      }
    }
    const client = new Client(await probeConfig(strapi));
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  function scheduleProbe() {
    if (probeTimer || shuttingDown) return;
    probeTimer = setTimeout(async () => {
      probeTimer = undefined;
      if (await probeOnce()) {
        databaseDown = false;
        strapi.log.warn(`[booking:availability] database reachable again after ${Math.round((Date.now() - downSince) / 1000)} s`);
      } else scheduleProbe();
    }, PROBE_INTERVAL_MS);
    probeTimer.unref();
  }

  return {
    isConnectionError,

    /** A request or job met `error`: when it is a connection failure, open the breaker. Returns whether it was. */
    noteError(error: unknown): boolean {
      if (!isConnectionError(error)) return false;
      if (!databaseDown) {
        databaseDown = true;
        downSince = Date.now();
        strapi.log.error(`[booking:availability] database unreachable: ${(error as Error)?.message ?? error}`);
      }
      scheduleProbe();
      return true;
    },

    databaseDown: () => databaseDown,

    /**
     * Whether the database is down, checked now if the breaker is closed. For failures that arrive without the
     * database error attached (users-permissions turns a failed user lookup into a plain 401).
     */
    async confirmDown(): Promise<boolean> {
      if (databaseDown) return true;
      // A burst of bad tokens must not become a burst of probe connections: a recent good probe answers.
      if (Date.now() - lastGoodProbe < PROBE_INTERVAL_MS) return false;
      if (await probeOnce()) {
        lastGoodProbe = Date.now();
        return false;
      }
      databaseDown = true;
      downSince = Date.now();
      strapi.log.error('[booking:availability] database unreachable (probe failed)');
      scheduleProbe();
      return true;
    },
    /** Seconds a client should wait before retrying (the probe interval, rounded up, at least 1). */
    retryAfterSeconds: () => Math.max(1, Math.ceil(PROBE_INTERVAL_MS / 1000)),

    /** Readiness: not shutting down, the breaker closed and a live round trip to the database. */
    async ready(): Promise<{ ready: boolean; reason?: string }> {
      if (shuttingDown) return { ready: false, reason: 'shutting_down' };
      if (databaseDown) return { ready: false, reason: 'database_unreachable' };
      if (!(await probeOnce())) {
        databaseDown = true;
        downSince = Date.now();
        scheduleProbe();
        return { ready: false, reason: 'database_unreachable' };
      }
      return { ready: true };
    },

    shuttingDown: () => shuttingDown,
    beginShutdown() {
      shuttingDown = true;
      if (probeTimer) clearTimeout(probeTimer);
      probeTimer = undefined;
    },

    requestStarted() {
      inFlight += 1;
    },
    requestFinished() {
      inFlight -= 1;
      if (inFlight === 0) for (const resolve of [...idleWaiters]) resolve();
    },
    inFlight: () => inFlight,
    /** Resolves when no HTTP request is in progress (streams excluded: they are closed separately). */
    idle(): Promise<void> {
      if (inFlight <= 0) return Promise.resolve();
      return new Promise((resolve) => {
        const done = () => {
          idleWaiters.delete(done);
          resolve();
        };
        idleWaiters.add(done);
      });
    },
  };
};

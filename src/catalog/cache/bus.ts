import type { Core } from '@strapi/strapi';
import { Client, type ClientConfig, type Notification } from 'pg';
import { ALL_GROUPS, type CacheGroup } from './rules';

/**
 * Carries cache invalidations to every app instance.
 * - PostgreSQL: NOTIFY on one channel, issued inside the writing transaction (PostgreSQL delivers it only on
 *   commit, never for a rollback), and one LISTEN connection per instance. While that connection is down the
 *   instance cannot hear other instances' writes, so it reports not ready and the cache steps aside; after a
 *   reconnect everything is dropped, because notifications sent meanwhile are lost.
 * - SQLite (one instance by construction): nothing to carry; the local invalidation is all there is.
 */
export const CACHE_CHANNEL = 'catalog_cache';

const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 10_000;

const isPostgres = (strapi: Core.Strapi) => strapi.db.dialect.client === 'postgres';

async function listenerConfig(strapi: Core.Strapi): Promise<ClientConfig> {
  const configured = (strapi.db.config as any).connection?.connection;
  const settings = typeof configured === 'function' ? await configured() : configured;
  if (typeof settings === 'string') return { connectionString: settings, application_name: 'catalog-cache' };
  const { schema: _schema, ...rest } = (settings ?? {}) as Record<string, unknown>;
  return { ...(rest as ClientConfig), application_name: 'catalog-cache' };
}

const parseGroups = (payload: string | undefined): CacheGroup[] =>
  (payload ?? '').split(',').filter((g): g is CacheGroup => (ALL_GROUPS as string[]).includes(g));

export interface InvalidationBus {
  readonly distributed: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** False while another instance's invalidation could be missed. */
  ready(): boolean;
  /** Tells the other instances; inside `trx` it is delivered on commit. */
  publish(groups: CacheGroup[], trx?: unknown): Promise<void>;
}

export function createBus(strapi: Core.Strapi, onRemote: (groups: CacheGroup[]) => void): InvalidationBus {
  if (!isPostgres(strapi)) {
    return { distributed: false, start: async () => undefined, stop: async () => undefined, ready: () => true, publish: async () => undefined };
  }

  let listener: Client | undefined;
  let stopped = true;
  let attempts = 0;
  let timer: NodeJS.Timeout | undefined;

  const onNotification = (message: Notification) => {
    if (message.channel !== CACHE_CHANNEL) return;
    const groups = parseGroups(message.payload);
    if (groups.length) onRemote(groups);
  };

  function retry(reason: string) {
    if (stopped || timer) return;
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** attempts);
    attempts += 1;
    strapi.log.warn(`[catalog-cache] LISTEN connection lost (${reason}); the cache is bypassed until it is back (retry in ${delay} ms)`);
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
    timer.unref();
  }

  async function connect() {
    if (stopped) return;
    const client = new Client(await listenerConfig(strapi));
    client.on('error', (error) => {
      if (listener === client) listener = undefined;
      client.end().catch(() => undefined);
      retry(error.message);
    });
    client.on('end', () => {
      if (listener !== client) return;
      listener = undefined;
      retry('connection ended');
    });
    client.on('notification', onNotification);
    try {
      await client.connect();
      await client.query(`LISTEN ${CACHE_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      retry((error as Error).message);
      return;
    }
    if (stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    // Whatever was cached may have been invalidated while nobody listened.
    onRemote([...ALL_GROUPS]);
    listener = client;
    attempts = 0;
  }

  return {
    distributed: true,
    async start() {
      stopped = false;
      await connect();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      const client = listener;
      listener = undefined;
      if (client) await client.end().catch(() => undefined);
    },
    ready: () => Boolean(listener),
    async publish(groups, trx) {
      const query = strapi.db.connection.raw('select pg_notify(?, ?)', [CACHE_CHANNEL, groups.join(',')]);
      await (trx ? query.transacting(trx as any) : query);
    },
  };
}

import type { Core } from '@strapi/strapi';
import { createBus, type InvalidationBus } from './bus';
import { ALL_GROUPS, groupsInvalidatedBy, publicCacheControl, WRITE_ACTIONS, type CacheGroup, type CdnPolicy } from './rules';
import { ResponseStore } from './store';

/**
 * The public catalog response cache of one app instance: the store (store.ts), the cross-instance bus (bus.ts)
 * and the hook that turns every committed write into invalidations (rules.ts decides which). The HTTP side is
 * the global middleware src/middlewares/catalog-cache.ts. Configuration: config/catalog-cache.ts.
 */
export interface CatalogCacheConfig {
  enabled: boolean;
  maxBytes: number;
  ttlSeconds: number;
  caregiverTtlSeconds: number;
  cdn: CdnPolicy;
}

export interface CatalogCache {
  readonly enabled: boolean;
  readonly store: ResponseStore;
  readonly cacheControl: string;
  /** True when the cache may serve and fill (enabled, started, and on PostgreSQL listening). */
  usable(): boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Drops `groups` here and on every other instance (after the current transaction commits, if any). */
  invalidate(groups: CacheGroup[]): Promise<void>;
}

const registry = new WeakMap<Core.Strapi, CatalogCache>();

/**
 * What other code may rely on to keep its own copy of catalog data (the booking plugin keeps the published
 * services it prices orders from): a counter that moves whenever a committed write changes the catalog, on this
 * instance or another, and whether it can be trusted right now. Registered in Strapi's container under this name.
 */
export const CATALOG_FRESHNESS = 'catalog.freshness';
export interface CatalogFreshness {
  usable(): boolean;
  generation(): number;
}

/**
 * The same for access rules (role permissions, users-permissions settings): the booking plugin keeps each role's
 * permissions for its sign-in check until this moves.
 */
export const ACCESS_FRESHNESS = 'access.freshness';

export function registerCatalogFreshness(strapi: Core.Strapi) {
  if (strapi.has(CATALOG_FRESHNESS)) return;
  const freshness = (group: CacheGroup) => (): CatalogFreshness => {
    const cache = catalogCache(strapi);
    return { usable: () => cache.usable(), generation: () => cache.store.generation(group) };
  };
  strapi.add(CATALOG_FRESHNESS, freshness('catalog'));
  strapi.add(ACCESS_FRESHNESS, freshness('access'));
}

export function catalogCache(strapi: Core.Strapi): CatalogCache {
  let cache = registry.get(strapi);
  if (!cache) {
    cache = createCatalogCache(strapi, strapi.config.get('catalog-cache') as CatalogCacheConfig);
    registry.set(strapi, cache);
  }
  return cache;
}

function createCatalogCache(strapi: Core.Strapi, config: CatalogCacheConfig): CatalogCache {
  const store = new ResponseStore({
    maxBytes: config.maxBytes,
    ttlMs: { catalog: config.ttlSeconds * 1000, caregivers: config.caregiverTtlSeconds * 1000, access: 0 },
  });
  const bus: InvalidationBus = createBus(strapi, (groups) => store.invalidate(groups));
  let started = false;
  let unsubscribe: (() => void) | undefined;
  /** Groups already announced per transaction: one NOTIFY per group per transaction, however many rows it writes. */
  const announced = new WeakMap<object, Set<CacheGroup>>();

  async function invalidate(groups: CacheGroup[]) {
    if (!groups.length) return;
    if (!strapi.db.inTransaction()) {
      // The write is committed already: drop here, then tell the others.
      store.invalidate(groups);
      await bus.publish(groups);
      return;
    }
    // Join the writer's transaction (a nested strapi.db.transaction shares it): the NOTIFY goes out with the
    // commit, and this instance drops its entries on commit too, never for a rollback.
    await strapi.db.transaction(async ({ trx, onCommit }: any) => {
      let seen = announced.get(trx);
      if (!seen) {
        seen = new Set();
        announced.set(trx, seen);
        const pending = seen;
        onCommit(() => store.invalidate(pending));
      }
      const fresh = groups.filter((g) => !seen!.has(g));
      if (!fresh.length) return;
      for (const g of fresh) seen.add(g);
      await bus.publish(fresh, trx);
    });
  }

  async function onWrite(event: any) {
    if (!WRITE_ACTIONS.has(event.action)) return;
    const groups = groupsInvalidatedBy({ action: event.action, uid: event.model?.uid, data: event.params?.data });
    if (!groups.length) return;
    try {
      await invalidate(groups);
    } catch (error) {
      // Never fail an editor's write because of the cache; drop everything here and say so.
      store.invalidate(ALL_GROUPS);
      strapi.log.error(`[catalog-cache] could not announce an invalidation of ${groups.join(',')}: ${(error as Error).message}`);
    }
  }

  return {
    enabled: config.enabled,
    store,
    cacheControl: publicCacheControl(config.cdn),
    usable: () => config.enabled && started && bus.ready(),
    async start() {
      if (started || !config.enabled) return;
      // A function subscriber sees every model's events (components and media included).
      const subscriber = (event: any) => (WRITE_ACTIONS.has(event.action) ? onWrite(event) : undefined);
      const remove = strapi.db.lifecycles.subscribe(subscriber as any) as unknown as () => void;
      unsubscribe = () => void remove();
      await bus.start();
      started = true;
    },
    async stop() {
      started = false;
      unsubscribe?.();
      unsubscribe = undefined;
      await bus.stop();
      store.invalidate(ALL_GROUPS);
    },
    invalidate,
  };
}

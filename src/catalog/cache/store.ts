import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { ALL_GROUPS, type CacheGroup } from './rules';

export interface CachedResponse {
  body: Buffer;
  etag: string;
}

export interface StoreOptions {
  maxBytes: number;
  ttlMs: Record<CacheGroup, number>;
}

/** Share of the memory budget per group: caregiver answers are fewer and live shorter. */
const SHARE: Record<CacheGroup, number> = { catalog: 0.8, caregivers: 0.2, access: 0 };
/** An answer bigger than this is served but not kept (one page of 100 full items at most). */
const MAX_ENTRY_BYTES = 2 * 1024 * 1024;

export const etagOf = (body: Buffer) => `"${createHash('sha1').update(body).digest('base64url')}"`;

/**
 * Serialised answers per group, each group an LRU bounded in bytes with a safety TTL. A group's generation
 * counts its invalidations: a request notes the generation before it reads the database and stores its answer
 * only if no invalidation happened meanwhile, so an answer read before a commit can never be stored after it.
 */
export class ResponseStore {
  private readonly groups = new Map<CacheGroup, { lru: LRUCache<string, CachedResponse>; generation: number }>();

  constructor(options: StoreOptions) {
    for (const group of ALL_GROUPS) {
      this.groups.set(group, {
        generation: 0,
        lru: new LRUCache<string, CachedResponse>({
          maxSize: Math.max(1024, Math.floor(options.maxBytes * SHARE[group])),
          sizeCalculation: (value, key) => value.body.length + key.length + 64,
          ttl: options.ttlMs[group],
          ttlAutopurge: false,
        }),
      });
    }
  }

  private group(group: CacheGroup) {
    return this.groups.get(group)!;
  }

  get(group: CacheGroup, key: string): CachedResponse | undefined {
    return this.group(group).lru.get(key);
  }

  generation(group: CacheGroup): number {
    return this.group(group).generation;
  }

  /** Stores `body` unless `group` was invalidated since `generation`; returns the entry either way. */
  put(group: CacheGroup, key: string, body: Buffer, generation: number): CachedResponse {
    const entry = { body, etag: etagOf(body) };
    const g = this.group(group);
    if (g.generation === generation && body.length <= MAX_ENTRY_BYTES) g.lru.set(key, entry);
    return entry;
  }

  invalidate(groups: Iterable<CacheGroup>) {
    for (const group of groups) {
      const g = this.group(group);
      g.generation += 1;
      g.lru.clear();
    }
  }

  size(group: CacheGroup): number {
    return this.group(group).lru.size;
  }
}

import type { Core } from '@strapi/strapi';
import { catalogCache } from '../catalog/cache';
import { cacheKey, etagMatches, groupOf, PRIVATE_CACHE_CONTROL } from '../catalog/cache/rules';
import { PREVIEW_HEADER } from '../catalog/preview-token';

/**
 * Public response cache for catalog reads (src/catalog/cache). It sits early in the middleware chain, after
 * logging, security headers and CORS, so a hit skips query parsing, routing, permission checks and the database.
 *
 * - Only anonymous GETs of the catalog routes read or fill it. A request with credentials (Authorization), a
 *   preview token or a draft/status parameter bypasses it and is marked `private, no-store`.
 * - Only 200 JSON answers are stored, serialised once, with a strong ETag; If-None-Match gives 304.
 * - X-Cache: HIT | MISS | BYPASS says what happened (useful behind a CDN and in tests).
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const cache = catalogCache(strapi);

  return async (ctx: any, next: () => Promise<void>) => {
    if (ctx.method !== 'GET' || !cache.enabled) return next();
    const group = groupOf(ctx.path);
    if (!group) return next();

    const normalised = cacheKey(ctx.path, ctx.querystring);
    // Decided on the normalised query, so an encoded "%73tatus=draft" is recognised too.
    const personal = Boolean(ctx.get('authorization') || ctx.get(PREVIEW_HEADER)) || (normalised !== null && /[?&]status=/.test(normalised));
    const key = personal || !cache.usable() ? null : normalised;
    if (key === null) {
      // Set before the handler runs, so that refusals (thrown, answered by the errors middleware) carry them too.
      ctx.set('X-Cache', 'BYPASS');
      if (personal) ctx.set('Cache-Control', PRIVATE_CACHE_CONTROL);
      return next();
    }

    const hit = cache.store.get(group, key);
    if (hit) {
      ctx.set('ETag', hit.etag);
      ctx.set('Cache-Control', cache.cacheControl);
      ctx.set('X-Cache', 'HIT');
      if (etagMatches(ctx.get('if-none-match'), hit.etag)) {
        ctx.status = 304;
        return;
      }
      ctx.status = 200;
      ctx.type = 'application/json; charset=utf-8';
      ctx.body = hit.body;
      return;
    }

    const generation = cache.store.generation(group);
    ctx.set('X-Cache', 'MISS');
    await next();
    if (ctx.status !== 200 || ctx.body === null || typeof ctx.body !== 'object' || Buffer.isBuffer(ctx.body) || typeof ctx.body.pipe === 'function') return;

    const entry = cache.store.put(group, key, Buffer.from(JSON.stringify(ctx.body)), generation);
    ctx.set('ETag', entry.etag);
    ctx.set('Cache-Control', cache.cacheControl);
    if (etagMatches(ctx.get('if-none-match'), entry.etag)) {
      ctx.status = 304;
      ctx.body = null;
      return;
    }
    ctx.type = 'application/json; charset=utf-8';
    ctx.body = entry.body;
  };
};

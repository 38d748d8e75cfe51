/**
 * The public catalog response cache (src/catalog/cache, docs/decisions.md). Memory per instance; invalidated on
 * every instance within milliseconds of a commit (PostgreSQL LISTEN/NOTIFY); the TTLs are only a safety net for
 * writes that bypass Strapi's query layer.
 */
export default ({ env }) => ({
  enabled: env.bool('CATALOG_CACHE_ENABLED', true),
  maxBytes: env.int('CATALOG_CACHE_MAX_MB', 64) * 1024 * 1024,
  ttlSeconds: env.int('CATALOG_CACHE_TTL_SECONDS', 300),
  // Public caregiver profiles depend on the clock too (a suspension ends, a credential expires at midnight).
  caregiverTtlSeconds: env.int('CATALOG_CACHE_CAREGIVER_TTL_SECONDS', 60),
  cdn: {
    sharedMaxAge: env.int('CATALOG_CACHE_CDN_MAX_AGE', 30),
    staleWhileRevalidate: env.int('CATALOG_CACHE_CDN_STALE_SECONDS', 30),
  },
});

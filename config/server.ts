export default ({ env }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  // Behind a load balancer the client IP (used by the SMS and payment limits) comes from X-Forwarded-For.
  proxy: { koa: env.bool('TRUST_PROXY', false), maxIpsCount: env.int('TRUST_PROXY_HOPS', 1) },
  app: {
    keys: env.array('APP_KEYS'),
  },
  // Offline-friendly: no update check against the npm registry at boot.
  logger: {
    updates: { enabled: false },
    startup: { enabled: env.bool('STARTUP_BANNER', true) },
  },
  cron: {
    enabled: env.bool('CRON_ENABLED', true),
  },
});

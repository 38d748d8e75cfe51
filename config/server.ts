export default ({ env }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  proxy: env.bool('TRUST_PROXY', false),
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

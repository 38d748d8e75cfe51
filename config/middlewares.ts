export default ({ env }) => {
  // Uploaded files may be served from an S3-compatible bucket: allow its host in the admin's CSP.
  const uploadHosts = env('UPLOAD_PUBLIC_URL', '') ? [new URL(env('UPLOAD_PUBLIC_URL')).origin] : [];
  return [
    // Outermost: request id, /health/live, /health/ready, /metrics, fail-fast while the database is down, latency.
    'plugin::booking.observability',
    'strapi::logger',
    // Inside the logger: query-string credentials (SSE access_token) are redacted before the log line is written.
    'global::redact-log',
    // Outside strapi::errors: every error body leaves with a details.code from the booking plugin's catalogue.
    'plugin::booking.error-codes',
    'strapi::errors',
    // Just inside strapi::errors: "database unreachable" becomes 503 + Retry-After instead of a 500.
    'plugin::booking.db-outage',
    {
      name: 'strapi::security',
      config: {
        contentSecurityPolicy: {
          useDefaults: true,
          directives: {
            'connect-src': ["'self'", 'https:'],
            'img-src': ["'self'", 'data:', 'blob:', ...uploadHosts],
            'media-src': ["'self'", 'data:', 'blob:', ...uploadHosts],
            upgradeInsecureRequests: null,
          },
        },
      },
    },
    {
      name: 'strapi::cors',
      config: {
        origin: env.array('CORS_ORIGINS', ['*']),
        // Strapi's defaults plus the headers front ends send: idempotent order submits and catalog previews.
        headers: ['Content-Type', 'Authorization', 'Origin', 'Accept', 'Idempotency-Key', 'X-Preview-Token'],
      },
    },
    'strapi::poweredBy',
    // Before query parsing and routing: a cached catalog answer costs no more than this (src/catalog/cache).
    'global::catalog-cache',
    // The reference mobile front ends (apps/h5, built by `npm run build`) at /h5/.
    { name: 'global::h5', config: { root: env('H5_DIST_DIR', 'apps/h5/dist') } },
    'strapi::query',
    'global::query-guard',
    // includeUnparsed keeps the raw bytes payment providers signed, for callback verification.
    { name: 'strapi::body', config: { jsonLimit: '1mb', formLimit: '1mb', textLimit: '1mb', includeUnparsed: true } },
    'strapi::session',
    'strapi::favicon',
    'strapi::public',
    // Swagger UI over docs/openapi.json at /api-reference, outside production only.
    'global::api-reference',
  ];
};

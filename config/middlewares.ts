export default ({ env }) => {
  // Uploaded files may be served from an S3-compatible bucket: allow its host in the admin's CSP.
  const uploadHosts = env('UPLOAD_PUBLIC_URL', '') ? [new URL(env('UPLOAD_PUBLIC_URL')).origin] : [];
  return [
    'strapi::logger',
    'strapi::errors',
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
      config: { origin: env.array('CORS_ORIGINS', ['*']) },
    },
    'strapi::poweredBy',
    'strapi::query',
    'global::query-guard',
    // includeUnparsed keeps the raw bytes payment providers signed, for callback verification.
    { name: 'strapi::body', config: { jsonLimit: '1mb', formLimit: '1mb', textLimit: '1mb', includeUnparsed: true } },
    'strapi::session',
    'strapi::favicon',
    'strapi::public',
  ];
};

export default ({ env }) => {
  const sizeLimit = env.int('UPLOAD_SIZE_LIMIT', 10 * 1024 * 1024);
  // Only images and PDFs (credential scans, reports) may be uploaded; the type is sniffed from the bytes.
  const security = {
    allowedTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/heic', 'application/pdf'],
  };
  const s3 = {
    provider: 'aws-s3',
    providerOptions: {
      baseUrl: env('UPLOAD_PUBLIC_URL', undefined),
      rootPath: env('UPLOAD_ROOT_PATH', undefined),
      s3Options: {
        endpoint: env('S3_ENDPOINT', undefined),
        region: env('S3_REGION', 'cn-north-1'),
        forcePathStyle: env.bool('S3_FORCE_PATH_STYLE', true),
        credentials: {
          accessKeyId: env('S3_ACCESS_KEY_ID'),
          secretAccessKey: env('S3_SECRET_ACCESS_KEY'),
        },
        params: {
          Bucket: env('S3_BUCKET'),
          ACL: env('S3_ACL', undefined),
        },
      },
    },
  };

  return {
    upload: {
      config: { ...(env('UPLOAD_PROVIDER', 'local') === 's3' ? s3 : {}), sizeLimit, security },
    },
    i18n: { enabled: true },
    'users-permissions': {
      config: {
        jwt: { expiresIn: env('JWT_EXPIRES_IN', '7d') },
        jwtSecret: env('JWT_SECRET'),
        register: { allowedFields: [] },
      },
    },
    graphql: {
      enabled: true,
      config: {
        endpoint: '/graphql',
        shadowCRUD: true,
        depthLimit: 8,
        defaultLimit: 25,
        maxLimit: 100,
        landingPage: env('NODE_ENV', 'development') !== 'production',
        apolloServer: { introspection: env('NODE_ENV', 'development') !== 'production' },
      },
    },
    booking: {
      enabled: true,
      resolve: './src/plugins/booking',
      config: {},
    },
  };
};

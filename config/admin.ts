import { previewSettings, previewUrl } from '../src/catalog/preview-url';

export default ({ env }) => {
  const preview = previewSettings(env);
  return {
    auth: {
      secret: env('ADMIN_JWT_SECRET'),
    },
    apiToken: {
      salt: env('API_TOKEN_SALT'),
    },
    transfer: {
      token: {
        salt: env('TRANSFER_TOKEN_SALT'),
      },
    },
    secrets: {
      encryptionKey: env('ENCRYPTION_KEY'),
    },
    // `strapi develop` restarts on file changes: the H5 apps have their own dev server (npm run dev:h5).
    watchIgnoreFiles: ['**/apps/**'],
    flags: {
      nps: false,
      promoteEE: false,
    },
    // Content Manager → Preview shows a service's H5 detail page (src/catalog/preview-url.ts).
    preview: {
      enabled: Boolean(preview.baseUrl),
      config: {
        allowedOrigins: preview.baseUrl ? [new URL(preview.baseUrl).origin] : [],
        async handler(uid: string, { documentId, locale, status }: { documentId: string; locale?: string | null; status: string }) {
          if (uid !== 'api::service.service') return null;
          const entry: any = await strapi
            .documents(uid as any)
            .findOne({ documentId, locale: locale ?? undefined, status: status as any, fields: ['slug'] } as any);
          if (!entry) return null;
          return previewUrl(preview, { uid, documentId, slug: entry.slug, locale: locale ?? null, status });
        },
      },
    },
  };
};

import { signPreviewToken } from './preview-token';

/**
 * Strapi 5 Preview for services: the Content Manager shows the H5 detail page of the entry being edited.
 * H5_PUBLIC_URL (e.g. https://m.example.com/h5) turns it on; H5_SERVICE_PATH is the page's path pattern with
 * {slug}, {documentId} and {locale} placeholders (default "/#/services/{slug}", the H5 app's hash route).
 * Drafts get a preview token (PREVIEW_SECRET) the page sends back in the X-Preview-Token header.
 */
export interface PreviewSettings {
  baseUrl: string;
  pathPattern: string;
  secret: string;
}

export const previewSettings = (env: (key: string, fallback?: string) => string): PreviewSettings => ({
  baseUrl: env('H5_PUBLIC_URL', '').replace(/\/+$/, ''),
  pathPattern: env('H5_SERVICE_PATH', '/#/services/{slug}'),
  secret: env('PREVIEW_SECRET', ''),
});

export function previewUrl(
  settings: PreviewSettings,
  target: { uid: string; documentId: string; slug: string; locale: string | null; status: string },
  now = Date.now(),
): string | null {
  if (!settings.baseUrl || !target.slug) return null;
  const path = settings.pathPattern
    .replaceAll('{slug}', encodeURIComponent(target.slug))
    .replaceAll('{documentId}', encodeURIComponent(target.documentId))
    .replaceAll('{locale}', encodeURIComponent(target.locale ?? ''));
  const params = new URLSearchParams();
  if (target.locale) params.set('locale', target.locale);
  if (target.status === 'draft') {
    params.set('status', 'draft');
    if (settings.secret)
      params.set('preview', signPreviewToken(settings.secret, { uid: target.uid, documentId: target.documentId, locale: target.locale }, now));
  }
  const query = params.toString();
  return `${settings.baseUrl}${path}${query ? (path.includes('?') ? '&' : '?') + query : ''}`;
}

import { errors } from '@strapi/utils';
import { PREVIEW_HEADER, verifyPreviewToken } from './preview-token';

/**
 * Strapi 5's content API serves drafts to anyone who may read the published version (`?status=draft`), which
 * would put unpublished catalog pages in front of the public. Catalog reads therefore allow a draft only to
 * - a server-to-server caller with an API token (a trusted integration, e.g. a front end rendering previews), or
 * - a request carrying a valid preview token for that very document (the admin's Preview of the H5 page).
 */
export const wantsDraft = (query: Record<string, unknown> | undefined) => query?.status !== undefined && query.status !== 'published';

/** Strapi 5.54 names its API-token strategy "content-api-token" (older 5.x: "api-token"). */
const API_TOKEN_STRATEGIES = new Set(['content-api-token', 'api-token']);
export const isApiTokenAuth = (auth: any) => API_TOKEN_STRATEGIES.has(auth?.strategy?.name);
export const isApiTokenCaller = (ctx: any) => isApiTokenAuth(ctx.state?.auth);

export const previewSecret = () => process.env.PREVIEW_SECRET ?? '';

/** A PolicyError (403): Strapi's route wrapper turns any other ForbiddenError into a bare "Forbidden". */
export function refuseDraft(): never {
  throw new errors.PolicyError('草稿内容不公开，请使用预览链接', { code: 'DRAFT_NOT_PUBLIC' });
}

/** For a list: only API-token callers may ask for drafts. */
export function assertListDraftAllowed(ctx: any) {
  if (wantsDraft(ctx.query) && !isApiTokenCaller(ctx)) refuseDraft();
}

/**
 * For one document: API-token callers, or a preview token whose claim names this content type and document
 * (and, when the token names a locale, this locale).
 */
export function previewGrants(ctx: any, uid: string, documentId: string): boolean {
  if (isApiTokenCaller(ctx)) return true;
  const claim = verifyPreviewToken(previewSecret(), ctx.get?.(PREVIEW_HEADER) ?? ctx.headers?.[PREVIEW_HEADER]);
  if (!claim || claim.uid !== uid || claim.documentId !== documentId) return false;
  const locale = typeof ctx.query?.locale === 'string' ? ctx.query.locale : null;
  return claim.locale === null || locale === null || claim.locale === locale;
}

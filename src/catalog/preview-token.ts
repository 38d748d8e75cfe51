import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Preview tokens let the H5 detail page read one draft through the public content API while an editor looks at
 * it in the admin's Preview. The admin's preview handler (config/admin.ts, reachable only by signed-in editors)
 * signs one per document and locale; the catalog controllers accept it in the X-Preview-Token header for that
 * document only, until it expires. Format: base64url(JSON claim) "." base64url(HMAC-SHA256(secret, claim part)).
 */
export interface PreviewClaim {
  uid: string;
  documentId: string;
  locale: string | null;
  /** Expiry, milliseconds since the epoch. */
  exp: number;
}

export const PREVIEW_HEADER = 'x-preview-token';
export const PREVIEW_TTL_MS = 2 * 60 * 60 * 1000;

const mac = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest('base64url');

export function signPreviewToken(secret: string, claim: Omit<PreviewClaim, 'exp'>, now = Date.now(), ttlMs = PREVIEW_TTL_MS): string {
  if (!secret) throw new Error('signPreviewToken: empty secret');
  const body = Buffer.from(JSON.stringify({ ...claim, exp: now + ttlMs })).toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

/** The claim of a valid, unexpired token; null for anything else (never throws on bad input). */
export function verifyPreviewToken(secret: string, token: unknown, now = Date.now()): PreviewClaim | null {
  if (!secret || typeof token !== 'string' || token.length > 2048) return null;
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return null;
  const expected = Buffer.from(mac(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const claim = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as PreviewClaim;
    if (typeof claim.uid !== 'string' || typeof claim.documentId !== 'string' || typeof claim.exp !== 'number') return null;
    if (claim.exp <= now) return null;
    return { uid: claim.uid, documentId: claim.documentId, locale: typeof claim.locale === 'string' ? claim.locale : null, exp: claim.exp };
  } catch {
    return null;
  }
}

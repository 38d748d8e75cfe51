/**
 * Alibaba Cloud's V3 request signature, ACS3-HMAC-SHA256, written from the published algorithm so the fake gateway
 * can check what the official SDK sends:
 *
 *   CanonicalRequest = Method \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n HashedPayload
 *   StringToSign     = "ACS3-HMAC-SHA256" \n hex(sha256(CanonicalRequest))
 *   Signature        = hex(hmac_sha256(AccessKeySecret, StringToSign))
 *   Authorization    = ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<a;b;c>,Signature=<hex>
 */
import { createHash, createHmac } from 'node:crypto';

export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** RFC 3986 percent-encoding: only A-Z a-z 0-9 - _ . ~ stay literal (so space is %20, never +, and * is %2A). */
export function acs3Encode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The decoded name/value pairs of a raw query string, in order. `+` reads as a space, the form-encoding convention a
 * server applies (clients that mean a literal plus send %2B).
 */
export function parseQuery(raw: string): Array<[string, string]> {
  if (!raw) return [];
  return raw
    .split('&')
    .filter(Boolean)
    .map((part) => {
      const eq = part.indexOf('=');
      const name = eq === -1 ? part : part.slice(0, eq);
      const value = eq === -1 ? '' : part.slice(eq + 1);
      const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
      return [decode(name), decode(value)];
    });
}

/** Pairs encoded, then sorted by encoded name (byte order) and, for repeated names, by encoded value. */
export function acs3CanonicalQuery(pairs: Array<[string, string]>): string {
  return pairs
    .map(([name, value]) => [acs3Encode(name), acs3Encode(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

export interface Acs3RequestParts {
  method: string;
  /** Decoded path, e.g. "/". */
  path: string;
  query: Array<[string, string]>;
  /** Header values by lower-case name; only the signed ones are read. */
  headers: Record<string, string | undefined>;
  /** Lower-case names; canonicalised in sorted order whatever order they are given in. */
  signedHeaders: string[];
  hashedPayload: string;
}

export function acs3CanonicalRequest(parts: Acs3RequestParts): string {
  const names = [...parts.signedHeaders].map((n) => n.toLowerCase()).sort();
  const canonicalHeaders = names.map((name) => `${name}:${(parts.headers[name] ?? '').trim()}\n`).join('');
  const canonicalUri = parts.path.split('/').map(acs3Encode).join('/') || '/';
  return [parts.method.toUpperCase(), canonicalUri, acs3CanonicalQuery(parts.query), canonicalHeaders, names.join(';'), parts.hashedPayload].join('\n');
}

export function acs3Signature(accessKeySecret: string, canonicalRequest: string): string {
  const stringToSign = `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
  return createHmac('sha256', accessKeySecret).update(stringToSign).digest('hex');
}

export function acs3Authorization(accessKeyId: string, accessKeySecret: string, parts: Acs3RequestParts): string {
  const names = [...parts.signedHeaders].map((n) => n.toLowerCase()).sort();
  const signature = acs3Signature(accessKeySecret, acs3CanonicalRequest(parts));
  return `${ACS3_ALGORITHM} Credential=${accessKeyId},SignedHeaders=${names.join(';')},Signature=${signature}`;
}

export interface ParsedAcs3Authorization {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/** Null unless the header is exactly `ACS3-HMAC-SHA256 Credential=..,SignedHeaders=..,Signature=<64 hex>`. */
export function parseAcs3Authorization(header: string | undefined): ParsedAcs3Authorization | null {
  const match = /^ACS3-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([a-z0-9;_-]+),\s*Signature=([0-9a-f]{64})$/.exec((header ?? '').trim());
  if (!match) return null;
  return { accessKeyId: match[1] as string, signedHeaders: (match[2] as string).split(';'), signature: match[3] as string };
}

/** x-acs-date as the SDK writes it: ISO 8601 UTC to the second, e.g. 2024-05-01T08:00:00Z. */
export function acs3Date(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

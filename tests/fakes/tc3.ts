/**
 * Tencent Cloud API 3.0 request signature, TC3-HMAC-SHA256, written from the published algorithm:
 *
 *   CanonicalRequest = Method \n URI \n QueryString \n CanonicalHeaders \n SignedHeaders \n hex(sha256(payload))
 *     where each canonical header is `lower(name):lower(trim(value))\n`, sorted by name
 *   StringToSign     = "TC3-HMAC-SHA256" \n Timestamp \n <UTC date>/<service>/tc3_request \n hex(sha256(CanonicalRequest))
 *   Key              = HMAC(HMAC(HMAC("TC3" + SecretKey, date), service), "tc3_request")
 *   Authorization    = TC3-HMAC-SHA256 Credential=<SecretId>/<scope>, SignedHeaders=<a;b>, Signature=<hex>
 */
import { createHash, createHmac } from 'node:crypto';

export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** The UTC calendar date of a Unix timestamp: a local (UTC+8) date would break every request after midnight. */
export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

export interface Tc3RequestParts {
  method: string;
  path: string;
  /** The query string exactly as sent (empty for POST). */
  query: string;
  /** Values by header name (any case); only the signed ones are read. */
  headers: Record<string, string | undefined>;
  signedHeaders: string[];
  payload: string | Buffer;
}

export function tc3CanonicalRequest(parts: Tc3RequestParts): string {
  const byName = new Map(Object.entries(parts.headers).map(([name, value]) => [name.toLowerCase(), value ?? '']));
  const names = parts.signedHeaders.map((n) => n.toLowerCase()).sort();
  const canonicalHeaders = names.map((name) => `${name}:${(byName.get(name) ?? '').trim().toLowerCase()}\n`).join('');
  return [parts.method.toUpperCase(), parts.path, parts.query, canonicalHeaders, names.join(';'), sha256Hex(parts.payload)].join('\n');
}

export function tc3StringToSign(timestamp: number, service: string, canonicalRequest: string): string {
  return [TC3_ALGORITHM, String(timestamp), `${tc3Date(timestamp)}/${service}/tc3_request`, sha256Hex(canonicalRequest)].join('\n');
}

export function tc3Signature(secretKey: string, timestamp: number, service: string, stringToSign: string): string {
  const secretDate = hmac(`TC3${secretKey}`, tc3Date(timestamp));
  const secretService = hmac(secretDate, service);
  const secretSigning = hmac(secretService, 'tc3_request');
  return createHmac('sha256', secretSigning).update(stringToSign, 'utf8').digest('hex');
}

export interface Tc3SignInput extends Tc3RequestParts {
  secretId: string;
  secretKey: string;
  service: string;
  timestamp: number;
}

export function tc3Authorization(input: Tc3SignInput): string {
  const canonical = tc3CanonicalRequest(input);
  const signature = tc3Signature(input.secretKey, input.timestamp, input.service, tc3StringToSign(input.timestamp, input.service, canonical));
  const names = input.signedHeaders.map((n) => n.toLowerCase()).sort();
  return `${TC3_ALGORITHM} Credential=${input.secretId}/${tc3Date(input.timestamp)}/${input.service}/tc3_request, SignedHeaders=${names.join(';')}, Signature=${signature}`;
}

export interface ParsedTc3Authorization {
  secretId: string;
  date: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
}

/** Null unless the header has the TC3 shape; the scope's parts are returned unchecked for the caller to judge. */
export function parseTc3Authorization(header: string | undefined): ParsedTc3Authorization | null {
  const match =
    /^TC3-HMAC-SHA256 Credential=([^/\s]+)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9-]+)\/([a-z0-9_]+),\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/.exec(
      (header ?? '').trim(),
    );
  if (!match) return null;
  const [, secretId = '', date = '', service = '', terminator = '', signed = '', signature = ''] = match;
  return { secretId, date, service, terminator, signedHeaders: signed.split(';'), signature };
}

/**
 * UnionPay online gateway (ACP) version 5.1.0 message signing, signature method 01 (RSA certificates).
 *
 * The 5.1.0 rule, as UnionPay's own SDKs implement it:
 *   1. sortedString = every field except `signature`, sorted by key (ordinal), joined as `k=v&k=v` (raw values,
 *      no URL encoding, empty values kept as `k=`);
 *   2. digest = lower-case hex of SHA-256(UTF-8 sortedString) - a 64-character ASCII string;
 *   3. signature = base64(SHA256withRSA(digest)) - i.e. the hex string is hashed again by the RSA signature.
 * The double hash is deliberate (it is what the gateway checks); signing sortedString directly never verifies.
 * `certId` is the signing certificate's serial number in decimal, and it is itself part of the signed fields.
 *
 * Responses and notifications carry the signer's certificate in `signPubKeyCert`. UnionPay's SDK accepts it when
 * it chains to the configured CFCA root + middle certificates, is within its validity period and its subject CN
 * names 中国银联股份有限公司 in the third '@' segment. Here the operator configures trust anchors: a presented
 * certificate is trusted when it *is* one of them (fingerprint pinning) or is directly issued and signed by one of
 * them (configure UnionPay's middle certificate), and in the issued case the CN check applies as well.
 *
 * Pure: node:crypto only, so it is unit-testable without a gateway.
 */
import { createHash, createSign, createVerify, X509Certificate } from 'node:crypto';

export const UNIONPAY_VERSION = '5.1.0';
export const UNIONPAY_SIGN_METHOD_RSA = '01';
export const UNIONPAY_SIGNER_NAME = '中国银联股份有限公司';

export type UnionPayFields = Record<string, string>;

/** Step 1: the string both sides hash. Sorting by UTF-16 code units matches Java's TreeMap<String, …>. */
export function unionPaySortedString(fields: UnionPayFields): string {
  return Object.keys(fields)
    .filter((key) => key !== 'signature')
    .sort()
    .map((key) => `${key}=${fields[key]}`)
    .join('&');
}

/** Step 2: lower-case hex SHA-256 of the sorted string. */
export function unionPayDigestHex(sortedString: string): string {
  return createHash('sha256').update(sortedString, 'utf8').digest('hex');
}

/** Returns a copy of the fields with `certId` set and `signature` added. */
export function signUnionPayFields(fields: UnionPayFields, signer: { certId: string; privateKeyPem: string }): UnionPayFields {
  const signed: UnionPayFields = { ...fields, certId: signer.certId };
  delete signed.signature;
  const digest = unionPayDigestHex(unionPaySortedString(signed));
  signed.signature = createSign('RSA-SHA256').update(digest, 'utf8').sign(signer.privateKeyPem, 'base64');
  return signed;
}

/** Checks `signature` against a public key (PEM, or the certificate's own key). Never throws on bad input. */
export function verifyUnionPaySignature(fields: UnionPayFields, publicKey: string | X509Certificate): boolean {
  const signature = fields.signature;
  if (!signature || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
  const key = typeof publicKey === 'string' ? publicKey : publicKey.publicKey;
  try {
    const digest = unionPayDigestHex(unionPaySortedString(fields));
    return createVerify('RSA-SHA256').update(digest, 'utf8').verify(key, signature, 'base64');
  } catch {
    return false;
  }
}

/** The decimal serial number UnionPay calls certId (X509Certificate reports it in hex). */
export function unionPayCertId(certPem: string): string {
  return BigInt(`0x${new X509Certificate(certPem).serialNumber}`).toString(10);
}

/** The third '@'-separated segment of the subject CN, where UnionPay certificates name their owner. */
export function unionPaySignerName(cert: X509Certificate): string {
  const cn = cert.subject.split('\n').find((line) => line.startsWith('CN='));
  return cn?.slice(3).split('@')[2] ?? '';
}

export interface UnionPayTrust {
  /** PEM certificates: UnionPay's middle (and root) certificates, and/or pinned signing certificates. */
  anchors: string[];
  /** Required CN owner for certificates accepted through an issuer; null skips the check (test gateways). */
  signerName?: string | null;
}

export type TrustResult = { ok: true; cert: X509Certificate } | { ok: false; reason: string };

function parseCert(pem: string): X509Certificate | undefined {
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

function withinValidity(cert: X509Certificate, now: Date): boolean {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  return Number.isFinite(from) && Number.isFinite(to) && now.getTime() >= from && now.getTime() <= to;
}

/** Decides whether a presented signPubKeyCert may be used to verify UnionPay's signature. */
export function checkSignPubKeyCert(certPem: string, trust: UnionPayTrust, now: Date): TrustResult {
  const cert = parseCert(certPem);
  if (!cert) return { ok: false, reason: 'signPubKeyCert is not a certificate' };
  if (!withinValidity(cert, now)) return { ok: false, reason: 'signPubKeyCert is outside its validity period' };
  const anchors = trust.anchors.map(parseCert).filter((a): a is X509Certificate => a !== undefined);
  if (anchors.some((anchor) => anchor.fingerprint256 === cert.fingerprint256)) return { ok: true, cert };

  const issuer = anchors.find((anchor) => anchor.ca && cert.checkIssued(anchor) && cert.verify(anchor.publicKey));
  if (!issuer) return { ok: false, reason: 'signPubKeyCert does not chain to a trusted UnionPay certificate' };
  if (!withinValidity(issuer, now)) return { ok: false, reason: 'the issuing certificate is outside its validity period' };
  const signerName = trust.signerName === undefined ? UNIONPAY_SIGNER_NAME : trust.signerName;
  if (signerName !== null && unionPaySignerName(cert) !== signerName) {
    return { ok: false, reason: `signPubKeyCert is not issued to ${signerName}` };
  }
  return { ok: true, cert };
}

export type MessageCheck = { ok: true } | { ok: false; reason: string };

/** Full check of a signed UnionPay message: version, method, trusted certificate, signature. */
export function verifyUnionPayMessage(fields: UnionPayFields, trust: UnionPayTrust, now: Date): MessageCheck {
  if (fields.version !== UNIONPAY_VERSION) return { ok: false, reason: `unsupported version ${fields.version ?? '(none)'}` };
  if (fields.signMethod !== UNIONPAY_SIGN_METHOD_RSA) return { ok: false, reason: `unsupported signMethod ${fields.signMethod ?? '(none)'}` };
  if (!fields.signature) return { ok: false, reason: 'signature missing' };
  if (!fields.signPubKeyCert) return { ok: false, reason: 'signPubKeyCert missing' };
  const trusted = checkSignPubKeyCert(fields.signPubKeyCert, trust, now);
  if (!trusted.ok) return trusted;
  return verifyUnionPaySignature(fields, trusted.cert) ? { ok: true } : { ok: false, reason: 'signature does not verify' };
}

/**
 * Parses a synchronous gateway answer. UnionPay returns `k=v&k=v` *without* URL encoding, so values may contain
 * '=', '+', '/' (certificates, base64) and brace-wrapped groups such as `{a=b&c=d}` whose '&' is not a separator.
 * A split on '&' outside braces, key up to the first '=', mirrors UnionPay's SDK parser.
 */
export function parseUnionPayResponse(text: string): UnionPayFields {
  const fields: UnionPayFields = {};
  let depth = 0;
  let start = 0;
  const take = (end: number) => {
    const pair = text.slice(start, end);
    const eq = pair.indexOf('=');
    if (eq > 0) fields[pair.slice(0, eq)] = pair.slice(eq + 1);
    start = end + 1;
  };
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '{') depth += 1;
    else if (ch === '}' && depth > 0) depth -= 1;
    else if (ch === '&' && depth === 0) take(i);
  }
  if (start < text.length) take(text.length);
  return fields;
}

/**
 * The cryptography of WeChat Pay API v3, kept pure (node:crypto only, no I/O) so it can be unit-tested against
 * known answers. The HTTP client (wechatpay-axios-plugin) signs requests and verifies responses itself; what is
 * here is what the platform does on its own: verifying callbacks (notifications), decrypting their resource and
 * signing the JSAPI / mini-program pay parameters.
 *
 * Formats follow WeChat Pay's public v3 documentation:
 * - every signed message is its fields joined by "\n" with a trailing "\n";
 * - signatures are SHA256-with-RSA (PKCS#1 v1.5), base64;
 * - callback resources are AEAD_AES_256_GCM with the 32-byte APIv3 key, a 12-byte nonce and the associated data,
 *   ciphertext = base64(encrypted || 16-byte tag).
 */
import {
  createCipheriv,
  createDecipheriv,
  createPublicKey,
  createSign,
  createVerify,
  randomInt,
  X509Certificate,
  type KeyLike,
  type KeyObject,
} from 'node:crypto';

/** Anything decrypting or parsing key material refuses; the message never contains key or plaintext material. */
export class WechatPayCryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WechatPayCryptoError';
  }
}

export const APIV3_KEY_BYTES = 32;
const GCM_TAG_BYTES = 16;
const NONCE_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Joins fields the way every v3 signature message is built: one per line, the last line terminated too. */
export function signatureMessage(...fields: Array<string | number>): string {
  return fields.map(String).join('\n') + '\n';
}

/** What WeChat Pay signs on a callback or a response: `${timestamp}\n${nonce}\n${body}\n`. */
export function notificationMessage(timestamp: string, nonce: string, body: string): string {
  return signatureMessage(timestamp, nonce, body);
}

/** What the merchant signs to invoke JSAPI / mini-program payment: appId, timeStamp, nonceStr, package. */
export function jsapiPayMessage(appId: string, timeStamp: string, nonceStr: string, pkg: string): string {
  return signatureMessage(appId, timeStamp, nonceStr, pkg);
}

export function signSha256Rsa(message: string, privateKey: KeyLike): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKey, 'base64');
}

/** False (never a throw) for any malformed signature or key mismatch, so callers have one failure path. */
export function verifySha256Rsa(message: string, signatureBase64: string, publicKey: KeyLike): boolean {
  // Strict base64: Buffer.from would silently skip junk characters and verify a "different" string.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signatureBase64)) return false;
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKey, signatureBase64, 'base64');
  } catch {
    return false;
  }
}

/**
 * Loads a platform verification key from PEM: an X.509 platform certificate ("-----BEGIN CERTIFICATE-----") or a
 * WeChat Pay public key ("-----BEGIN PUBLIC KEY-----"). Both yield the RSA public key signatures are checked with.
 */
export function platformPublicKey(pem: string): KeyObject {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
    return key;
  } catch {
    throw new WechatPayCryptoError('platform certificate / public key is not a valid RSA PEM');
  }
}

/** The serial number of an X.509 certificate as WeChat Pay writes it (upper-case hex), or undefined for a bare key. */
export function certificateSerial(pem: string): string | undefined {
  if (!pem.includes('BEGIN CERTIFICATE')) return undefined;
  try {
    return new X509Certificate(pem).serialNumber.toUpperCase();
  } catch {
    throw new WechatPayCryptoError('platform certificate is not a valid X.509 PEM');
  }
}

/** Serials compare case-insensitively and without leading zeros (OpenSSL drops them when printing). */
export function sameSerial(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().toUpperCase().replace(/^0+/, '');
  return norm(a) === norm(b);
}

function apiV3KeyBytes(apiV3Key: string | Buffer): Buffer {
  const key = typeof apiV3Key === 'string' ? Buffer.from(apiV3Key, 'utf8') : apiV3Key;
  if (key.length !== APIV3_KEY_BYTES) throw new WechatPayCryptoError(`APIv3 key must be ${APIV3_KEY_BYTES} bytes`);
  return key;
}

export interface AeadFields {
  /** base64(ciphertext || tag) */
  ciphertext: string;
  /** 12 ASCII characters in every WeChat Pay resource; used as given (UTF-8 bytes) as the GCM IV. */
  nonce: string;
  /** May be empty; WeChat Pay sends e.g. "transaction" or "refund". */
  associatedData?: string;
}

/** Decrypts an AEAD_AES_256_GCM resource; a wrong key, nonce, associated data or any tampering fails the tag. */
export function decryptAeadAes256Gcm(apiV3Key: string | Buffer, fields: AeadFields): string {
  const key = apiV3KeyBytes(apiV3Key);
  if (!fields.nonce) throw new WechatPayCryptoError('resource nonce is missing');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(fields.ciphertext)) throw new WechatPayCryptoError('ciphertext is not base64');
  const data = Buffer.from(fields.ciphertext, 'base64');
  // Demand the full 16-byte tag: Node would otherwise accept a truncated one and weaken the integrity check.
  if (data.length <= GCM_TAG_BYTES) throw new WechatPayCryptoError('ciphertext is too short');
  const tag = data.subarray(data.length - GCM_TAG_BYTES);
  const body = data.subarray(0, data.length - GCM_TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(fields.nonce, 'utf8'), { authTagLength: GCM_TAG_BYTES });
    decipher.setAAD(Buffer.from(fields.associatedData ?? '', 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    throw new WechatPayCryptoError('resource failed authentication (wrong APIv3 key or tampered data)');
  }
}

/** The inverse, for tests and fakes that must produce what WeChat Pay sends. */
export function encryptAeadAes256Gcm(apiV3Key: string | Buffer, plaintext: string, nonce: string, associatedData = ''): string {
  const cipher = createCipheriv('aes-256-gcm', apiV3KeyBytes(apiV3Key), Buffer.from(nonce, 'utf8'), { authTagLength: GCM_TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
}

/** A random alphanumeric nonce (WeChat Pay allows up to 32 characters for nonce_str / nonceStr). */
export function randomNonce(length = 32): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += NONCE_ALPHABET[randomInt(NONCE_ALPHABET.length)];
  return out;
}

/** Timestamps are decimal Unix seconds; a callback outside the window may be a replay and is refused. */
export function timestampWithinSkew(timestamp: string, maxSkewSeconds: number, nowMs = Date.now()): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) <= maxSkewSeconds;
}

export interface JsapiPayParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

/**
 * The parameters wx.requestPayment (mini program) and WeixinJSBridge getBrandWCPayRequest (official account) take.
 * timeStamp is a string of Unix seconds, as both front-end APIs require.
 */
export function buildJsapiPayParams(
  appId: string,
  prepayId: string,
  merchantPrivateKey: KeyLike,
  options: { nowMs?: number; nonceStr?: string } = {},
): JsapiPayParams {
  const timeStamp = String(Math.floor((options.nowMs ?? Date.now()) / 1000));
  const nonceStr = options.nonceStr ?? randomNonce();
  const pkg = `prepay_id=${prepayId}`;
  const paySign = signSha256Rsa(jsapiPayMessage(appId, timeStamp, nonceStr, pkg), merchantPrivateKey);
  return { appId, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
}

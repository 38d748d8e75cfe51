/**
 * Field-level encryption at rest for sensitive personal information (PIPL 敏感个人信息: ID
 * numbers, medical notes, addresses). A database dump or backup alone must not reveal them.
 *
 * Token format: `v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url, no padding). It names its key,
 * so keys can be rotated without a flag day: old tokens keep decrypting with their old key while
 * new writes use the active one, and a background job calls `rotate` at its own pace.
 *
 * Equality search is served by `blindIndex` (keyed HMAC) because GCM output is randomised.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export const PII_TOKEN_VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
/** 96-bit IVs are the GCM fast path; random IVs are safe far beyond our per-key write volume. */
const IV_BYTES = 12;
/** Always demand the full tag: Node would otherwise accept truncated tags, weakening integrity. */
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const B64URL = /^[A-Za-z0-9_-]*$/;
/** 12 bytes -> 16 chars and 16 bytes -> 22 chars in unpadded base64url. */
const TOKEN = /^v1:([A-Za-z0-9_-]{1,64}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]*)$/;

export type KeyMaterial = Buffer | string;

export interface PiiCipherConfig {
  /** keyId -> 32-byte key, raw or base64 (standard or url-safe alphabet). */
  keys: Record<string, KeyMaterial>;
  activeKeyId: string;
  /** Separate 32-byte key for blind indexes; it cannot be rotated without rebuilding indexes. */
  blindIndexKey: KeyMaterial;
}

/** Decryption failures; the message never contains the token or any key material. */
export class PiiCryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PiiCryptoError';
  }
}

/** Optional fields pass through untouched so callers need no null checks around every column. */
type Passthrough = null | undefined | '';

export interface PiiCipher {
  readonly activeKeyId: string;
  encrypt(plaintext: string, aad?: string): string;
  encrypt<T extends Passthrough>(plaintext: T, aad?: string): T;
  encrypt(plaintext: string | null | undefined, aad?: string): string | null | undefined;
  decrypt(token: string, aad?: string): string;
  decrypt<T extends Passthrough>(token: T, aad?: string): T;
  decrypt(token: string | null | undefined, aad?: string): string | null | undefined;
  isEncrypted(value: unknown): value is string;
  needsReencryption(token: unknown): boolean;
  rotate(token: string, aad?: string): string;
  rotate<T extends Passthrough>(token: T, aad?: string): T;
  rotate(token: string | null | undefined, aad?: string): string | null | undefined;
  blindIndex(value: string, context: string): string;
}

/** A fresh key in the base64 form the configuration expects (for operator tooling and tests). */
export function generatePiiKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/** Structural check only; says nothing about which key, or whether it will decrypt. */
export function isEncrypted(value: unknown): value is string {
  return typeof value === 'string' && TOKEN.test(value);
}

function toKey(material: KeyMaterial, label: string): Buffer {
  let key: Buffer;
  if (Buffer.isBuffer(material)) {
    // Copy, so a caller zeroing or reusing its buffer cannot change our key.
    key = Buffer.from(material);
  } else if (typeof material === 'string') {
    const text = material.trim();
    // Buffer.from(…, 'base64') silently skips invalid characters; check the alphabet first so a
    // mangled env var fails at boot instead of producing a different key.
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
      throw new Error(`PII encryption misconfigured: ${label} is not valid base64`);
    }
    key = Buffer.from(text, 'base64');
  } else {
    throw new Error(`PII encryption misconfigured: ${label} must be a Buffer or a base64 string`);
  }
  if (key.length !== KEY_BYTES) {
    throw new Error(`PII encryption misconfigured: ${label} must be exactly ${KEY_BYTES} bytes, got ${key.length}`);
  }
  return key;
}

function decodeSegment(segment: string): Buffer {
  if (!B64URL.test(segment)) throw new PiiCryptoError('Malformed PII token');
  return Buffer.from(segment, 'base64url');
}

/** Header is authenticated too, so the version and key id in a token cannot be altered. */
function additionalData(keyId: string, aad: string | undefined): Buffer {
  return Buffer.from(`${PII_TOKEN_VERSION}:${keyId}:${aad ?? ''}`, 'utf8');
}

export function createPiiCipher(config: PiiCipherConfig): PiiCipher {
  if (!config || typeof config !== 'object' || !config.keys || typeof config.keys !== 'object') {
    throw new Error('PII encryption misconfigured: keys must be an object of keyId -> key');
  }
  const keys = new Map<string, Buffer>();
  for (const [keyId, material] of Object.entries(config.keys)) {
    if (!KEY_ID.test(keyId)) {
      throw new Error(`PII encryption misconfigured: key id "${keyId}" must match ${KEY_ID.source}`);
    }
    keys.set(keyId, toKey(material, `key "${keyId}"`));
  }
  if (keys.size === 0) throw new Error('PII encryption misconfigured: no keys configured');
  const { activeKeyId } = config;
  if (typeof activeKeyId !== 'string' || !keys.has(activeKeyId)) {
    throw new Error(`PII encryption misconfigured: active key id "${String(activeKeyId)}" is not in keys`);
  }
  const indexKey = toKey(config.blindIndexKey, 'blind index key');
  // Key separation: a key used both for AES-GCM and HMAC makes one compromise cover both uses.
  for (const [keyId, key] of keys) {
    if (key.equals(indexKey)) {
      throw new Error(`PII encryption misconfigured: blind index key must differ from key "${keyId}"`);
    }
  }

  function encryptString(plaintext: string, aad: string | undefined): string {
    const key = keys.get(activeKeyId) as Buffer;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(activeKeyId, aad));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [PII_TOKEN_VERSION, activeKeyId, iv, tag, ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join(':');
  }

  function decryptString(token: string, aad: string | undefined): string {
    const match = TOKEN.exec(token);
    if (!match) throw new PiiCryptoError('Malformed PII token');
    const [, keyId, ivPart, tagPart, dataPart] = match as unknown as [string, string, string, string, string];
    const key = keys.get(keyId);
    if (!key) throw new PiiCryptoError(`Unknown PII key id "${keyId}"`);
    const iv = decodeSegment(ivPart);
    const tag = decodeSegment(tagPart);
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new PiiCryptoError('Malformed PII token');
    try {
      const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(additionalData(keyId, aad));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(decodeSegment(dataPart)), decipher.final()]).toString('utf8');
    } catch {
      // Tampering, a wrong aad (value moved to another column) and a wrong key look the same.
      throw new PiiCryptoError('PII token failed authentication');
    }
  }

  function needsReencryption(token: unknown): boolean {
    if (typeof token !== 'string') return false;
    const match = TOKEN.exec(token);
    return match !== null && match[1] !== activeKeyId;
  }

  function encrypt(plaintext: string, aad?: string): string;
  function encrypt<T extends Passthrough>(plaintext: T, aad?: string): T;
  function encrypt(plaintext: string | null | undefined, aad?: string): string | null | undefined;
  function encrypt(plaintext: string | null | undefined, aad?: string): string | null | undefined {
    if (plaintext === null || plaintext === undefined || plaintext === '') return plaintext;
    if (typeof plaintext !== 'string') throw new TypeError('encrypt expects a string');
    return encryptString(plaintext, aad);
  }

  function decrypt(token: string, aad?: string): string;
  function decrypt<T extends Passthrough>(token: T, aad?: string): T;
  function decrypt(token: string | null | undefined, aad?: string): string | null | undefined;
  function decrypt(token: string | null | undefined, aad?: string): string | null | undefined {
    if (token === null || token === undefined || token === '') return token;
    if (typeof token !== 'string') throw new PiiCryptoError('Malformed PII token');
    return decryptString(token, aad);
  }

  function rotate(token: string, aad?: string): string;
  function rotate<T extends Passthrough>(token: T, aad?: string): T;
  function rotate(token: string | null | undefined, aad?: string): string | null | undefined;
  function rotate(token: string | null | undefined, aad?: string): string | null | undefined {
    if (token === null || token === undefined || token === '') return token;
    if (!isEncrypted(token)) throw new PiiCryptoError('Malformed PII token');
    // Tokens already on the active key are returned as-is so a rotation job only rewrites
    // rows that actually change.
    if (!needsReencryption(token)) return token;
    return encryptString(decryptString(token, aad), aad);
  }

  function blindIndex(value: string, context: string): string {
    // A ':' in the context would let ('a:b', 'c') and ('a', 'b:c') share an index value.
    if (typeof context !== 'string' || !/^[^:]+$/.test(context)) {
      throw new Error('blindIndex context must be a non-empty string without ":"');
    }
    // Every empty value would hash alike and collide in a unique index; skip indexing instead.
    if (typeof value !== 'string' || value === '') {
      throw new Error('blindIndex value must be a non-empty string');
    }
    return createHmac('sha256', indexKey).update(`${context}:${value}`, 'utf8').digest('hex');
  }

  return { activeKeyId, encrypt, decrypt, isEncrypted, needsReencryption, rotate, blindIndex };
}

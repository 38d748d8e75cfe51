import { randomBytes } from 'node:crypto';
import {
  createPiiCipher,
  generatePiiKey,
  isEncrypted,
  PiiCryptoError,
  type PiiCipherConfig,
} from '../../src/plugins/booking/server/src/services/platform/pii-crypto';

const K1 = randomBytes(32);
const K2 = randomBytes(32).toString('base64');
const INDEX_KEY = generatePiiKey();

const cipherWith = (overrides: Partial<PiiCipherConfig> = {}) =>
  createPiiCipher({ keys: { k1: K1 }, activeKeyId: 'k1', blindIndexKey: INDEX_KEY, ...overrides });

/** Flip one bit in the decoded bytes of token segment `index` (2 = iv, 3 = tag, 4 = ciphertext). */
function tamper(token: string, index: number, byte = 0): string {
  const parts = token.split(':');
  const bytes = Buffer.from(parts[index] as string, 'base64url');
  bytes[byte] = (bytes[byte] as number) ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join(':');
}

describe('encrypt / decrypt', () => {
  const cipher = cipherWith();

  test.each([
    ['ascii', 'hello world'],
    ['ID number', '11010519491231002X'],
    ['Chinese', '王秀英，住址：上海市浦东新区世纪大道100号 3楼'],
    ['emoji and symbols', '😀 ≠ €'],
    ['single character', 'a'],
    ['20 KB', '护'.repeat(6000) + 'x'.repeat(20 * 1024 - 6000 * 3)],
  ])('roundtrips %s', (_label, plaintext) => {
    const token = cipher.encrypt(plaintext, 'patient.note');
    // A short plaintext can appear in random base64 by chance; long ones must never leak.
    if (plaintext.length >= 8) expect(token).not.toContain(plaintext.slice(0, 8));
    expect(isEncrypted(token)).toBe(true);
    expect(cipher.decrypt(token, 'patient.note')).toBe(plaintext);
  });

  it('produces the compact self-describing v1 format', () => {
    const token = cipher.encrypt('11010519491231002X', 'patient.idNumber');
    expect(token).toMatch(/^v1:k1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    const [, , iv, tag, data] = token.split(':');
    expect(Buffer.from(iv as string, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag as string, 'base64url')).toHaveLength(16);
    expect(Buffer.from(data as string, 'base64url')).toHaveLength(18);
  });

  it('uses a fresh IV for every encryption', () => {
    const tokens = Array.from({ length: 50 }, () => cipher.encrypt('same value'));
    expect(new Set(tokens).size).toBe(50);
    expect(new Set(tokens.map((t) => t.split(':')[2])).size).toBe(50);
    for (const token of tokens) expect(cipher.decrypt(token)).toBe('same value');
  });

  test.each([null, undefined, ''])('passes %p through unchanged', (value) => {
    expect(cipher.encrypt(value)).toBe(value);
    expect(cipher.decrypt(value)).toBe(value);
    expect(cipher.rotate(value)).toBe(value);
  });

  test.each([
    ['iv', 2, 0],
    ['tag (first byte)', 3, 0],
    ['tag (last byte)', 3, 15],
    ['ciphertext (first byte)', 4, 0],
    ['ciphertext (last byte)', 4, 17],
  ])('rejects a flipped bit in the %s', (_label, index, byte) => {
    const token = cipher.encrypt('11010519491231002X', 'patient.idNumber');
    expect(() => cipher.decrypt(tamper(token, index, byte), 'patient.idNumber')).toThrow(PiiCryptoError);
  });

  it('rejects a truncated tag or ciphertext', () => {
    const token = cipher.encrypt('11010519491231002X');
    const parts = token.split(':');
    const shortTag = [...parts.slice(0, 3), (parts[3] as string).slice(0, 16), parts[4]].join(':');
    expect(() => cipher.decrypt(shortTag)).toThrow(PiiCryptoError);
    const shortData = [...parts.slice(0, 4), (parts[4] as string).slice(0, -2)].join(':');
    expect(() => cipher.decrypt(shortData)).toThrow(PiiCryptoError);
  });

  it('binds the ciphertext to its field through aad', () => {
    const token = cipher.encrypt('11010519491231002X', 'patient.idNumber');
    expect(() => cipher.decrypt(token, 'caregiver.idNumber')).toThrow(PiiCryptoError);
    expect(() => cipher.decrypt(token)).toThrow(PiiCryptoError);
    const noAad = cipher.encrypt('11010519491231002X');
    expect(() => cipher.decrypt(noAad, 'patient.idNumber')).toThrow(PiiCryptoError);
  });

  it('rejects a token whose key id was swapped', () => {
    const both = cipherWith({ keys: { k1: K1, k2: K2 } });
    const token = both.encrypt('secret', 'f');
    expect(() => both.decrypt(token.replace(/^v1:k1:/, 'v1:k2:'), 'f')).toThrow(PiiCryptoError);
  });

  test.each([
    ['plain text', 'not a token'],
    ['unknown version', 'v2:k1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:AAAA'],
    ['unknown key id', 'v1:k9:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:AAAA'],
    ['bad alphabet', 'v1:k1:AAAAAAAAAAAAAAA+:AAAAAAAAAAAAAAAAAAAAAA:AAAA'],
    ['missing segment', 'v1:k1:AAAAAAAAAAAAAAAA:AAAA'],
  ])('rejects a malformed token (%s)', (_label, token) => {
    expect(() => cipher.decrypt(token)).toThrow(PiiCryptoError);
    expect(() => cipher.rotate(token)).toThrow(PiiCryptoError);
  });

  it('never puts the token in the error message', () => {
    const token = cipher.encrypt('secret');
    try {
      cipher.decrypt(tamper(token, 4));
      throw new Error('expected decrypt to throw');
    } catch (error) {
      expect((error as Error).message).not.toContain(token.split(':')[4] as string);
    }
  });
});

describe('key rotation', () => {
  it('keeps old tokens readable and re-encrypts them under the new active key', () => {
    const before = cipherWith({ keys: { k1: K1 } });
    const oldToken = before.encrypt('上海市徐汇区', 'order.address');
    expect(oldToken.startsWith('v1:k1:')).toBe(true);
    expect(before.needsReencryption(oldToken)).toBe(false);

    const after = cipherWith({ keys: { k1: K1, k2: K2 }, activeKeyId: 'k2' });
    expect(after.activeKeyId).toBe('k2');
    expect(after.decrypt(oldToken, 'order.address')).toBe('上海市徐汇区');
    expect(after.needsReencryption(oldToken)).toBe(true);

    const rotated = after.rotate(oldToken, 'order.address');
    expect(rotated.startsWith('v1:k2:')).toBe(true);
    expect(after.needsReencryption(rotated)).toBe(false);
    expect(after.decrypt(rotated, 'order.address')).toBe('上海市徐汇区');
    expect(after.rotate(rotated, 'order.address')).toBe(rotated);
    expect(() => before.decrypt(rotated, 'order.address')).toThrow(PiiCryptoError);
  });

  it('does not rotate with the wrong aad', () => {
    const before = cipherWith();
    const after = cipherWith({ keys: { k1: K1, k2: K2 }, activeKeyId: 'k2' });
    const token = before.encrypt('x', 'patient.idNumber');
    expect(() => after.rotate(token, 'patient.name')).toThrow(PiiCryptoError);
  });

  test.each([null, undefined, '', 'plain text', 42])('needsReencryption(%p) is false for non-tokens', (value) => {
    expect(cipherWith().needsReencryption(value)).toBe(false);
  });
});

describe('isEncrypted', () => {
  const cipher = cipherWith();
  test.each<[unknown, boolean]>([
    [cipher.encrypt('a'), true],
    ['v1:k1:short:short:data', false],
    ['11010519491231002X', false],
    ['', false],
    [null, false],
    [undefined, false],
    [123, false],
  ])('%p -> %p', (value, expected) => {
    expect(isEncrypted(value)).toBe(expected);
    expect(cipher.isEncrypted(value)).toBe(expected);
  });
});

describe('configuration validation', () => {
  test.each<[string, () => unknown, RegExp]>([
    ['16-byte buffer key', () => cipherWith({ keys: { k1: randomBytes(16) } }), /exactly 32 bytes/],
    ['33-byte buffer key', () => cipherWith({ keys: { k1: randomBytes(33) } }), /exactly 32 bytes/],
    ['short base64 key', () => cipherWith({ keys: { k1: randomBytes(24).toString('base64') } }), /exactly 32 bytes/],
    ['hex instead of base64', () => cipherWith({ keys: { k1: randomBytes(32).toString('hex') } }), /exactly 32 bytes/],
    ['garbage string', () => cipherWith({ keys: { k1: 'not base64!!' } }), /not valid base64/],
    ['empty string', () => cipherWith({ keys: { k1: '' } }), /not valid base64/],
    ['no keys', () => cipherWith({ keys: {} }), /no keys/],
    ['active key missing', () => cipherWith({ activeKeyId: 'k2' }), /active key id "k2"/],
    ['key id with colon', () => cipherWith({ keys: { 'k:1': K1 }, activeKeyId: 'k:1' }), /key id/],
    ['short blind index key', () => cipherWith({ blindIndexKey: randomBytes(31) }), /blind index key.*32 bytes/],
    ['blind index key reused', () => cipherWith({ blindIndexKey: Buffer.from(K1) }), /must differ/],
  ])('rejects %s', (_label, build, message) => {
    expect(build).toThrow(message);
  });

  it('accepts raw, base64 and base64url forms of the same 32-byte key', () => {
    const raw = randomBytes(32);
    const forms: PiiCipherConfig['keys'][string][] = [raw, raw.toString('base64'), ` ${raw.toString('base64url')}\n`];
    const ciphers = forms.map((key) => cipherWith({ keys: { k: key }, activeKeyId: 'k' }));
    for (const writer of ciphers) {
      const token = writer.encrypt('same key, three spellings');
      for (const reader of ciphers) expect(reader.decrypt(token)).toBe('same key, three spellings');
    }
  });

  it('does not leak key material in error messages', () => {
    const bad = randomBytes(20).toString('base64');
    expect(() => cipherWith({ keys: { k1: bad } })).toThrow(expect.objectContaining({ message: expect.not.stringContaining(bad) }));
  });

  it('copies key buffers so later mutation by the caller has no effect', () => {
    const key = randomBytes(32);
    const cipher = cipherWith({ keys: { k1: key } });
    const token = cipher.encrypt('value');
    key.fill(0);
    expect(cipher.decrypt(token)).toBe('value');
  });
});

describe('blindIndex', () => {
  const cipher = cipherWith();

  it('is deterministic hex HMAC-SHA256', () => {
    const a = cipher.blindIndex('11010519491231002X', 'patient.idNumber');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.blindIndex('11010519491231002X', 'patient.idNumber')).toBe(a);
    expect(cipherWith().blindIndex('11010519491231002X', 'patient.idNumber')).toBe(a);
  });

  it('separates contexts and values', () => {
    const base = cipher.blindIndex('13812341234', 'user.phone');
    expect(cipher.blindIndex('13812341234', 'patient.phone')).not.toBe(base);
    expect(cipher.blindIndex('13812341235', 'user.phone')).not.toBe(base);
  });

  it('depends on the blind index key, not the encryption keys', () => {
    const other = cipherWith({ blindIndexKey: generatePiiKey() });
    expect(other.blindIndex('v', 'ctx')).not.toBe(cipher.blindIndex('v', 'ctx'));
    const rotated = cipherWith({ keys: { k1: K1, k2: K2 }, activeKeyId: 'k2' });
    expect(rotated.blindIndex('v', 'ctx')).toBe(cipher.blindIndex('v', 'ctx'));
  });

  test.each<[string, string]>([
    ['value', ''],
    ['value', 'a:b'],
    ['', 'ctx'],
  ])('rejects blindIndex(%p, %p)', (value, context) => {
    expect(() => cipher.blindIndex(value, context)).toThrow(Error);
  });
});

import type { Core } from '@strapi/strapi';
import { createPiiCipher, type PiiCipher } from './pii-crypto';
import { bookingConfig } from '../../utils/plugin';

/**
 * Field encryption for personal data (PIPL "sensitive personal information"). Keys come from the environment:
 * PII_ENCRYPTION_KEYS is a comma list of keyId:base64 pairs so that old keys keep decrypting after rotation.
 */
export function parseKeyList(raw: string): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const pair of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const index = pair.indexOf(':');
    if (index <= 0) throw new Error('PII_ENCRYPTION_KEYS must be a comma-separated list of keyId:base64Key pairs');
    keys[pair.slice(0, index)] = pair.slice(index + 1);
  }
  return keys;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let cipher: PiiCipher | undefined;

  const get = (): PiiCipher => {
    if (!cipher) {
      const { pii } = bookingConfig(strapi);
      if (!pii.keys || !pii.activeKeyId || !pii.blindIndexKey) {
        throw new Error('PII encryption is not configured: set PII_ENCRYPTION_KEYS, PII_ACTIVE_KEY_ID and PII_BLIND_INDEX_KEY');
      }
      cipher = createPiiCipher({ keys: parseKeyList(pii.keys), activeKeyId: pii.activeKeyId, blindIndexKey: pii.blindIndexKey });
    }
    return cipher;
  };

  return {
    /** Fails at boot rather than on the first request when the keys are missing or malformed. */
    assertConfigured() {
      get();
    },
    encrypt: (value: string | null | undefined, field: string) => get().encrypt(value, field),
    decrypt: (value: string | null | undefined, field: string) => get().decrypt(value, field),
    blindIndex: (value: string, context: string) => get().blindIndex(value, context),
  };
};

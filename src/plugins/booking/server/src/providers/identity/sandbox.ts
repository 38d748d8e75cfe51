/**
 * Development stand-in: any name with a structurally valid ID number (GB 11643 region, birth date, checksum) is a
 * match. It proves nothing about the person, so the factory refuses it in production.
 */
import { randomUUID } from 'node:crypto';
import { isValidIdCardNumber } from '../../domain/id-card';
import type { IdentityProvider, IdentityQuery, IdentityResult } from './types';

export function createSandboxIdentityProvider(): IdentityProvider {
  return {
    name: 'sandbox',
    async verify(query: IdentityQuery): Promise<IdentityResult> {
      const valid = isValidIdCardNumber(query.idNumber) && query.realName.trim().length >= 2;
      return {
        provider: 'sandbox',
        verdict: valid ? 'match' : 'mismatch',
        providerCode: valid ? 'SANDBOX_OK' : 'SANDBOX_INVALID',
        requestId: `sandbox-${randomUUID()}`,
        description: valid ? '沙箱核验：号码结构有效（未核验真实身份）' : '沙箱核验：号码无效',
      };
    },
  };
}

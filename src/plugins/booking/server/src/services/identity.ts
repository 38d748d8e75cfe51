import type { Core } from '@strapi/strapi';
import { DomainError } from '../domain/errors';
import { createIdentityProvider, IdentityProviderError, type IdentityProvider, type IdentityQuery, type IdentityResult } from '../providers/identity';
import { bookingConfig } from '../utils/plugin';

/** Real-name verification through the configured provider (IDENTITY_PROVIDER). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let provider: IdentityProvider | undefined;
  const get = () => (provider ??= createIdentityProvider(bookingConfig(strapi).identity ?? { provider: 'sandbox' }));

  return {
    /** Fails at boot rather than on the first application when the provider is misconfigured (or sandbox in production). */
    assertConfigured() {
      get();
    },
    async verify(query: IdentityQuery): Promise<IdentityResult> {
      try {
        return await get().verify(query);
      } catch (error) {
        if (!(error instanceof IdentityProviderError)) throw error;
        // The provider's message stays in the log (it never contains the ID number); the applicant gets a retry hint.
        strapi.log.warn(`[booking:identity] ${get().name} failed: ${error.code} ${error.message}`);
        throw new DomainError('IDENTITY_UNAVAILABLE', '实名核验服务暂时不可用，请稍后再试', 502, { provider: get().name });
      }
    },
  };
};

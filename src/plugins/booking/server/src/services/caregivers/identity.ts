import type { Core } from '@strapi/strapi';
import { bookingError, DomainError } from '../../domain/errors';
import { createIdentityProvider, IdentityProviderError, type IdentityProvider, type IdentityQuery, type IdentityResult } from '../../providers/identity';
import { bookingConfig } from '../../utils/plugin';
import { UID } from '../../content-types/uids';

const CHECK = UID.identityCheck;
const DAY_MS = 86_400_000;
const DEFAULT_MAX_CHECKS = 5;

/** Real-name verification through the configured provider (IDENTITY_PROVIDER), limited per user. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let provider: IdentityProvider | undefined;
  const config = () => bookingConfig(strapi).identity ?? { provider: 'sandbox' as const };
  const get = () => (provider ??= createIdentityProvider(config()));

  return {
    /** Fails at boot rather than on the first application when the provider is misconfigured (or sandbox in production). */
    assertConfigured() {
      get();
    },

    /**
     * Every answer is recorded (verdict only, never the number) and counts towards the user's daily limit: without
     * it the route would be an oracle for "does this name go with this ID number?", billed per call.
     */
    async verify(userId: number, query: IdentityQuery): Promise<IdentityResult> {
      const max = config().maxChecksPerUserPerDay ?? DEFAULT_MAX_CHECKS;
      const recent = await strapi.db.query(CHECK).count({ where: { userId, createdAt: { $gt: new Date(Date.now() - DAY_MS) } } });
      if (recent >= max) throw new DomainError('IDENTITY_CHECK_LIMIT', `实名核验次数已达上限（每天 ${max} 次），请明天再试`, { retryAfterSeconds: 86_400 });
      let result: IdentityResult;
      try {
        result = await get().verify(query);
      } catch (error) {
        if (!(error instanceof IdentityProviderError)) throw error;
        // The provider's message stays in the log (it never contains the ID number); the applicant gets a retry hint.
        strapi.log.warn(`[booking:identity] ${get().name} failed: ${error.code} ${error.message}`);
        throw bookingError('IDENTITY_UNAVAILABLE', { provider: get().name });
      }
      await strapi.db.query(CHECK).create({ data: { userId, provider: result.provider, verdict: result.verdict, requestId: result.requestId.slice(0, 80) } });
      return result;
    },
  };
};

import type { Core } from '@strapi/strapi';
import { registerGraphql } from './graphql';
import { createSessionStrategy, usesLegacyJwt } from './services/accounts/session-strategy';

/**
 * Every signed-in booking content-API route checks the JWT with the booking session strategy (same rules as
 * users-permissions, its per-role work kept between requests; see session-strategy.ts) and with nothing else:
 * these routes act for a person (a customer, a caregiver), and an API token is nobody — stock Strapi let a
 * full-access token through to handlers that then failed on the missing user (a 500); now it is a 401.
 * Public routes (`auth: false`) and admin routes are left as they are.
 */
function guardCustomerRoutes(strapi: Core.Strapi) {
  if (!usesLegacyJwt(strapi)) return;
  const strategy = createSessionStrategy(strapi);
  const routes = (strapi.plugin('booking').routes as any)['content-api']?.routes ?? [];
  for (const route of routes) {
    if (route.config?.auth === false) continue;
    route.config = { ...route.config, auth: { ...(route.config?.auth ?? {}), strategies: [strategy] } };
  }
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  registerGraphql(strapi);
  guardCustomerRoutes(strapi);
};

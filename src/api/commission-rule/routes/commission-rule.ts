import { factories } from '@strapi/strapi';

// Commission rules are internal terms: editors maintain them in the admin panel; no content-API route is exposed.
export default factories.createCoreRouter('api::commission-rule.commission-rule', { only: [] });

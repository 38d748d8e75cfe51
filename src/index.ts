import type { Core } from '@strapi/strapi';
import { ensureLocales } from './bootstrap/locales';
import { grantPublicCatalogRead } from './bootstrap/permissions';
import { assertAdminPasswordSafe, ensureFirstAdmin } from './bootstrap/admin-user';
import { seedCatalog } from './seed/seed-catalog';
import { seedTraining } from './seed/seed-training';
import { catalogCache, registerCatalogFreshness } from './catalog/cache';
import { guardCatalogDraftsInGraphql } from './catalog/graphql-drafts';
import { seedDemoPeople, wantsDemoPeople } from './seed/demo-people';
import { installDevSmsOutbox } from './dev/sms-outbox';

const wantsDemoSeed = () => {
  const flag = process.env.SEED_DEMO;
  if (flag !== undefined) return flag === 'true';
  return (process.env.NODE_ENV ?? 'development') === 'development';
};

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    assertAdminPasswordSafe();
    guardCatalogDraftsInGraphql(strapi);
    registerCatalogFreshness(strapi);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    // First, so that the seed's own writes already go through the invalidation hook.
    await catalogCache(strapi).start();
    await ensureLocales(strapi);
    await grantPublicCatalogRead(strapi);
    // After every plugin's bootstrap: the admin plugin creates its default roles (Super Admin ...) only when no role
    // exists yet, so the operators' roles must not come first.
    await strapi.plugin('booking').service('role-permissions').seedOperatorRoles();
    await ensureFirstAdmin(strapi);
    if (wantsDemoSeed()) {
      await seedCatalog(strapi);
      await seedTraining(strapi);
      if (wantsDemoPeople()) await seedDemoPeople(strapi);
    }
    installDevSmsOutbox(strapi);
  },

  async destroy({ strapi }: { strapi: Core.Strapi }) {
    await catalogCache(strapi).stop();
  },
};

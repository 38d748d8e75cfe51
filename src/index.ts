import type { Core } from '@strapi/strapi';
import { ensureLocales } from './bootstrap/locales';
import { grantPublicCatalogRead } from './bootstrap/permissions';
import { ensureFirstAdmin } from './bootstrap/admin-user';
import { seedCatalog } from './seed/seed-catalog';
import { seedTraining } from './seed/seed-training';

const wantsDemoSeed = () => {
  const flag = process.env.SEED_DEMO;
  if (flag !== undefined) return flag === 'true';
  return (process.env.NODE_ENV ?? 'development') === 'development';
};

export default {
  register(/* { strapi }: { strapi: Core.Strapi } */) {},

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await ensureLocales(strapi);
    await grantPublicCatalogRead(strapi);
    await ensureFirstAdmin(strapi);
    if (wantsDemoSeed()) {
      await seedCatalog(strapi);
      await seedTraining(strapi);
    }
  },
};

import type { StrapiApp } from '@strapi/strapi/admin';

export default {
  config: {
    // The operators and editors work in Chinese; English stays available in their profile settings.
    locales: ['zh-Hans'],
    tutorials: false,
    notifications: { releases: false },
  },
  bootstrap(_app: StrapiApp) {},
};

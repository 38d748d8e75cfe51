import type { Core } from '@strapi/strapi';

/** Chinese (Simplified) is the product language and the default locale; English is kept for translations. */
export async function ensureLocales(strapi: Core.Strapi) {
  const locales = strapi.plugin('i18n').service('locales');
  if (!(await locales.findByCode('zh-Hans'))) {
    await locales.create({ code: 'zh-Hans', name: 'Chinese (Simplified) (zh-Hans)' });
  }
  if (!(await locales.findByCode('en'))) {
    await locales.create({ code: 'en', name: 'English (en)' });
  }
  if ((await locales.getDefaultLocale()) !== 'zh-Hans') {
    await locales.setDefaultLocale({ code: 'zh-Hans' });
  }
}

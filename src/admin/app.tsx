import type { StrapiApp } from '@strapi/strapi/admin';
import { applyBrowserLocale } from './locale';

// Before Strapi reads its stored language (when the app renders): a Chinese browser opens the panel in Chinese.
if (typeof window !== 'undefined') {
  try {
    applyBrowserLocale(window.localStorage, window.navigator.languages?.length ? window.navigator.languages : [window.navigator.language]);
  } catch {
    // Storage can be blocked (privacy mode); Strapi then shows English and the login page's switch still works.
  }
}

export default {
  config: {
    // Chinese for operators and editors; English ('en' is always built in) stays selectable on the login page
    // and in each admin's profile.
    locales: ['zh-Hans'],
    // Strings Strapi 5.54 ships without a Chinese translation (the media-library banner on every page).
    translations: {
      'zh-Hans': {
        'app.components.MediaLibraryBanner.close': '关闭',
        'app.components.MediaLibraryBanner.intro': '全新媒体库：',
        'app.components.MediaLibraryBanner.text': '查看文档，了解如何切换到新版媒体库。',
        'app.components.MediaLibraryBanner.text.enabled': '您正在使用改版后的媒体库。',
        'app.components.MediaLibraryBanner.button': '查看文档',
        'app.components.MediaLibraryBanner.button.enabled': '了解详情',
      },
    },
    tutorials: false,
    notifications: { releases: false },
  },
  bootstrap(_app: StrapiApp) {},
};

/** The admin panel's interface languages: Chinese first (the product language), English selectable. */
export const ADMIN_LOCALES = ['zh-Hans', 'en'] as const;
export type AdminLocale = (typeof ADMIN_LOCALES)[number];

/** Strapi's own key for the chosen interface language (it falls back to English when the key is missing). */
export const LANGUAGE_STORAGE_KEY = 'strapi-admin-language';

/**
 * The interface language for a browser's preference list (navigator.languages): the first Chinese or English
 * entry wins; every Chinese variant gets zh-Hans (the only Chinese the console is written in); a browser asking
 * for neither gets Chinese, the product language.
 */
export function pickAdminLocale(languages: readonly string[] | undefined): AdminLocale {
  for (const raw of languages ?? []) {
    const tag = raw.toLowerCase();
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-Hans';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'zh-Hans';
}

/**
 * Seeds Strapi's language choice from the browser on the first visit only: a choice already stored (the login
 * page's switch, or the admin's profile applied at sign-in) always wins.
 */
export interface LocaleStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function applyBrowserLocale(storage: LocaleStorage, languages: readonly string[] | undefined) {
  if (storage.getItem(LANGUAGE_STORAGE_KEY)) return;
  storage.setItem(LANGUAGE_STORAGE_KEY, pickAdminLocale(languages));
}

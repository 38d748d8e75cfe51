import { applyBrowserLocale, LANGUAGE_STORAGE_KEY, pickAdminLocale } from '../../src/admin/locale';

describe('pickAdminLocale: the admin panel speaks the browser language when it can', () => {
  test.each<[string[] | undefined, string]>([
    [['zh-CN', 'zh', 'en'], 'zh-Hans'],
    [['zh-Hans-CN'], 'zh-Hans'],
    [['zh-TW'], 'zh-Hans'],
    [['ZH-cn'], 'zh-Hans'],
    [['zh'], 'zh-Hans'],
    [['en-US', 'zh-CN'], 'en'],
    [['en'], 'en'],
    [['fr-FR', 'zh-CN'], 'zh-Hans'],
    [['fr-FR', 'en-GB'], 'en'],
    [['ja-JP'], 'zh-Hans'],
    [[], 'zh-Hans'],
    [undefined, 'zh-Hans'],
    [['zhx'], 'zh-Hans'],
  ])('%p -> %s', (languages, expected) => {
    expect(pickAdminLocale(languages)).toBe(expected);
  });
});

describe('applyBrowserLocale', () => {
  const storage = (initial: Record<string, string> = {}) => {
    const map = new Map(Object.entries(initial));
    return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
  };
  it('stores the browser choice on the first visit', () => {
    const s = storage();
    applyBrowserLocale(s, ['zh-CN']);
    expect(s.map.get(LANGUAGE_STORAGE_KEY)).toBe('zh-Hans');
  });
  it('never overrides a language the admin chose', () => {
    const s = storage({ [LANGUAGE_STORAGE_KEY]: 'en' });
    applyBrowserLocale(s, ['zh-CN']);
    expect(s.map.get(LANGUAGE_STORAGE_KEY)).toBe('en');
  });
});

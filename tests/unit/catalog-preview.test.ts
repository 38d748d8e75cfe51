import { signPreviewToken, verifyPreviewToken } from '../../src/catalog/preview-token';
import { previewSettings, previewUrl } from '../../src/catalog/preview-url';
import {
  SERVICE_CARD_FIELDS,
  SERVICE_DETAIL_FIELDS,
  serviceCard as cardQuery,
  serviceDetail as detailQuery,
  BODY_POPULATE,
} from '../../src/api/service/shapes';
import { serviceCard, serviceDetail, block } from '../../src/api/service/schemas';
import { trimMedia } from '../../src/catalog/controller';

const SECRET = 'unit-test-preview-secret';
const NOW = Date.UTC(2026, 10, 1, 8, 0, 0);
const claim = { uid: 'api::service.service', documentId: 'doc1', locale: 'zh-Hans' };

describe('preview tokens', () => {
  it('round-trips a claim until it expires', () => {
    const token = signPreviewToken(SECRET, claim, NOW, 60_000);
    expect(verifyPreviewToken(SECRET, token, NOW + 59_999)).toEqual({ ...claim, exp: NOW + 60_000 });
    expect(verifyPreviewToken(SECRET, token, NOW + 60_000)).toBeNull();
  });

  it.each([
    ['another secret', (t: string) => verifyPreviewToken('other-secret', t, NOW)],
    ['an empty secret', (t: string) => verifyPreviewToken('', t, NOW)],
    [
      'a changed claim',
      (t: string) => {
        const [, sig] = t.split('.');
        const forged = Buffer.from(JSON.stringify({ ...claim, documentId: 'doc2', exp: NOW + 60_000 })).toString('base64url');
        return verifyPreviewToken(SECRET, `${forged}.${sig}`, NOW);
      },
    ],
    ['a truncated signature', (t: string) => verifyPreviewToken(SECRET, t.slice(0, -2), NOW)],
    ['an extra part', (t: string) => verifyPreviewToken(SECRET, `${t}.x`, NOW)],
    ['garbage', () => verifyPreviewToken(SECRET, 'not-a-token', NOW)],
    ['a non-string', () => verifyPreviewToken(SECRET, 42, NOW)],
    ['an oversized string', () => verifyPreviewToken(SECRET, 'a'.repeat(5000), NOW)],
  ])('rejects %s', (_label, check) => {
    expect(check(signPreviewToken(SECRET, claim, NOW, 60_000))).toBeNull();
  });

  it('refuses to sign without a secret', () => {
    expect(() => signPreviewToken('', claim)).toThrow();
  });
});

describe('preview URLs of the H5 detail page', () => {
  const env =
    (values: Record<string, string>) =>
    (key: string, fallback = '') =>
      values[key] ?? fallback;

  it('is off without H5_PUBLIC_URL', () => {
    expect(previewUrl(previewSettings(env({})), { uid: claim.uid, documentId: 'doc1', slug: 'a', locale: 'en', status: 'draft' })).toBeNull();
  });

  it('links a published page without a token', () => {
    const settings = previewSettings(env({ H5_PUBLIC_URL: 'https://m.example.com/h5/', PREVIEW_SECRET: SECRET }));
    expect(previewUrl(settings, { uid: claim.uid, documentId: 'doc1', slug: 'infusion-at-home', locale: 'zh-Hans', status: 'published' })).toBe(
      'https://m.example.com/h5/#/services/infusion-at-home?locale=zh-Hans',
    );
  });

  it('gives a draft a token for that document and locale', () => {
    const settings = previewSettings(env({ H5_PUBLIC_URL: 'https://m.example.com/h5', PREVIEW_SECRET: SECRET }));
    const url = new URL(previewUrl(settings, { uid: claim.uid, documentId: 'doc1', slug: 'infusion-at-home', locale: 'en', status: 'draft' }, NOW)!);
    expect(url.origin + url.pathname).toBe('https://m.example.com/h5/');
    const [route, query] = url.hash.slice(1).split('?');
    expect(route).toBe('/services/infusion-at-home');
    const params = new URLSearchParams(query);
    expect(params.get('status')).toBe('draft');
    expect(params.get('locale')).toBe('en');
    expect(verifyPreviewToken(SECRET, params.get('preview'), NOW + 1000)).toEqual(
      expect.objectContaining({ uid: claim.uid, documentId: 'doc1', locale: 'en' }),
    );
  });

  it('follows a configured path pattern', () => {
    const settings = previewSettings(env({ H5_PUBLIC_URL: 'https://m.example.com', H5_SERVICE_PATH: '/{locale}/service/{documentId}?from=cms' }));
    expect(previewUrl(settings, { uid: claim.uid, documentId: 'doc 1', slug: 's', locale: 'en', status: 'published' })).toBe(
      'https://m.example.com/en/service/doc%201?from=cms&locale=en',
    );
  });
});

describe('list and detail shapes agree with the response schemas', () => {
  const relationKeys = (query: { populate: Record<string, unknown> }) => Object.keys(query.populate);
  const always = ['id', 'documentId'];

  it('a card carries exactly the card fields and relations', () => {
    expect(Object.keys(serviceCard.shape).sort()).toEqual([...always, ...SERVICE_CARD_FIELDS, ...relationKeys(cardQuery)].sort());
  });

  it('a detail page carries exactly the detail fields and relations', () => {
    expect(Object.keys(serviceDetail.shape).sort()).toEqual([...always, ...SERVICE_DETAIL_FIELDS, ...relationKeys(detailQuery)].sort());
  });

  it('populates every block the body may hold', () => {
    const schema = require('../../src/api/service/content-types/service/schema.json');
    const components: string[] = schema.attributes.body.components;
    expect(Object.keys(BODY_POPULATE.on).sort()).toEqual([...components].sort());
    expect(block.options.map((o: any) => o.shape.__component.value).sort()).toEqual([...components].sort());
  });
});

describe('pictures in the default shapes', () => {
  it('keep where each responsive format is and how big, nothing else', () => {
    const format = (name: string, width: number) => ({
      name: `${name}_a.webp`,
      hash: `${name}_a`,
      ext: '.webp',
      mime: 'image/webp',
      path: null,
      width,
      height: width / 2,
      size: 2.5,
      sizeInBytes: 2500,
      url: `/uploads/${name}_a.webp`,
    });
    const cover = {
      id: 1,
      documentId: 'f1',
      url: '/uploads/a.webp',
      alternativeText: 'alt',
      width: 960,
      height: 480,
      formats: { thumbnail: format('thumbnail', 245), small: format('small', 500) },
    };
    const data = [{ name: 'x', cover, body: [{ __component: 'blocks.gallery', images: [cover] }], formats: 'not a picture' }];
    const slim = {
      ...cover,
      formats: { thumbnail: { url: '/uploads/thumbnail_a.webp', width: 245, height: 122.5 }, small: { url: '/uploads/small_a.webp', width: 500, height: 250 } },
    };
    expect(trimMedia(data)).toEqual([{ name: 'x', cover: slim, body: [{ __component: 'blocks.gallery', images: [slim] }], formats: 'not a picture' }]);
    expect(trimMedia({ ...cover, formats: null })).toEqual({ ...cover, formats: null });
  });
});

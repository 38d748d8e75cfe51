/**
 * Unpublished catalog content is not public. Stock Strapi 5 serves drafts to anyone who may read the published
 * version (`?status=draft`, GraphQL `status: DRAFT`); the catalog refuses that unless the caller holds an API
 * token or a preview token the admin's Preview handed out for that very document.
 */
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { adminToken } from '../../helpers/orders';
import { graphql, signedInUser } from '../../helpers/users';

const SERVICE = 'api::service.service';
const H5 = 'https://m.example.test/h5';
let app: TestApp;
let admin: Record<string, string>;
let documentId = '';
let otherId = '';

const pricing = { unit: 'per_visit', basePriceFen: 9900, minUnits: 1 };
const serviceData = (name: string, slug: string) => ({
  name,
  slug,
  summary: '预览测试',
  pricing,
  dailyStartTime: '08:00:00.000',
  dailyEndTime: '20:00:00.000',
  minLeadMinutes: 60,
  travelBufferMinutes: 30,
  active: true,
  body: [{ __component: 'blocks.notice', tone: 'warning', body: '已发布的提示' }],
});

beforeAll(async () => {
  app = await bootStrapi({ env: { H5_PUBLIC_URL: H5, PREVIEW_SECRET: 'drafts-preview-test-secret' } });
  const docs = app.strapi.documents(SERVICE as any);
  const published = await docs.create({ data: serviceData('已发布的名称', 'preview-me'), locale: 'zh-Hans', status: 'published' } as any);
  documentId = published.documentId;
  // The editor is working on the next version: the draft differs from what is published.
  await docs.update({ documentId, locale: 'zh-Hans', data: { name: '尚未发布的名称' } } as any);
  otherId = (await docs.create({ data: serviceData('另一个服务', 'other-service'), locale: 'zh-Hans', status: 'published' } as any)).documentId;
  admin = (await adminToken(app)).auth;
});

afterAll(async () => {
  await app?.stop();
});

const expectRefused = (res: any) => {
  expect(res.status).toBe(403);
  expect(res.body).toEqual({
    data: null,
    error: expect.objectContaining({ status: 403, message: expect.stringContaining('草稿'), details: { code: 'DRAFT_NOT_PUBLIC' } }),
  });
  expect(JSON.stringify(res.body)).not.toContain('尚未发布的名称');
};

describe('drafts are not public', () => {
  it('the published version is what everyone reads', async () => {
    expect((await app.http().get('/api/services/by-slug/preview-me').expect(200)).body.data.name).toBe('已发布的名称');
    expect((await app.http().get(`/api/services/${documentId}?status=published`).expect(200)).body.data.name).toBe('已发布的名称');
  });

  it.each([
    ['list', () => `/api/services?status=draft`],
    ['one by documentId', () => `/api/services/${documentId}?status=draft`],
    ['one by slug', () => '/api/services/by-slug/preview-me?status=draft'],
    ['categories', () => '/api/service-categories?status=draft'],
  ])('REST refuses the public a draft (%s)', async (_label, url) => {
    expectRefused(await app.http().get(url()));
  });

  it('a signed-in customer gets no drafts either', async () => {
    const customer = await signedInUser(app);
    expectRefused(await app.http().get(`/api/services/${documentId}?status=draft`).set(customer.auth));
  });

  it('GraphQL refuses status: DRAFT and still answers published queries', async () => {
    const refused = await graphql(app, {}, '{ services(status: DRAFT) { name } }');
    expect(refused.data?.services ?? null).toBeNull();
    expect(refused.errors?.[0]?.message).toContain('草稿');
    const published = await graphql(app, {}, '{ services(filters: { slug: { eq: "preview-me" } }) { name } }');
    expect(published.data.services.map((s: any) => s.name)).toEqual(['已发布的名称']);
  });

  it('an API token (a trusted integration) may read drafts', async () => {
    const token = await app.strapi.service('admin::api-token').create({ name: 'drafts', description: '', type: 'read-only', lifespan: null });
    const res = await app.http().get(`/api/services/${documentId}?status=draft`).set('Authorization', `Bearer ${token.accessKey}`).expect(200);
    expect(res.body.data.name).toBe('尚未发布的名称');
  });
});

describe('Preview in the Content Manager', () => {
  async function previewUrl(id: string, status: 'draft' | 'published', locale = 'zh-Hans') {
    const res = await app.http().get(`/content-manager/preview/url/${SERVICE}`).query({ documentId: id, locale, status }).set(admin).expect(200);
    return new URL(res.body.data.url);
  }
  const tokenOf = (url: URL) => new URLSearchParams(url.hash.split('?')[1]).get('preview');

  it('points at the H5 detail page of the entry', async () => {
    const url = await previewUrl(documentId, 'published');
    expect(`${url.origin}${url.pathname}`).toBe(`${H5}/`);
    expect(url.hash).toBe('#/services/preview-me?locale=zh-Hans');
  });

  it('gives a draft a token that opens this draft, and nothing else', async () => {
    const url = await previewUrl(documentId, 'draft');
    const token = tokenOf(url)!;
    expect(token).toBeTruthy();
    const draft = await app.http().get('/api/services/by-slug/preview-me?status=draft&locale=zh-Hans').set('X-Preview-Token', token).expect(200);
    expect(draft.body.data.name).toBe('尚未发布的名称');
    expect(draft.body.data.body[0]).toEqual(expect.objectContaining({ __component: 'blocks.notice', body: '已发布的提示' }));
    // Previews are never cached, here or at a CDN.
    expect(draft.headers['x-cache']).toBe('BYPASS');
    expect(draft.headers['cache-control']).toBe('private, no-store');
    expect((await app.http().get(`/api/services/${documentId}?status=draft`).set('X-Preview-Token', token).expect(200)).body.data.name).toBe('尚未发布的名称');

    expectRefused(await app.http().get(`/api/services/${otherId}?status=draft`).set('X-Preview-Token', token));
    expectRefused(await app.http().get('/api/services/by-slug/other-service?status=draft').set('X-Preview-Token', token));
    expectRefused(await app.http().get(`/api/services/${documentId}?status=draft&locale=en`).set('X-Preview-Token', token));
    expectRefused(await app.http().get('/api/services?status=draft').set('X-Preview-Token', token));
    const forged = `${token.split('.')[0]}.${'A'.repeat(43)}`;
    expectRefused(await app.http().get(`/api/services/${documentId}?status=draft`).set('X-Preview-Token', forged));
  });

  it('is only for editors', async () => {
    await app.http().get(`/content-manager/preview/url/${SERVICE}`).query({ documentId, locale: 'zh-Hans', status: 'draft' }).expect(401);
  });
});

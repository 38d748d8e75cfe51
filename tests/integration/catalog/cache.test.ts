/**
 * The public catalog response cache never answers with something an editor has since changed. Every kind of
 * change goes through the admin panel's own API (Content Manager, Media Library, Users & Permissions), exactly as
 * an editor's click would: field, relation, relation target, component, media, publish, unpublish, delete,
 * locale, and permissions. Each check first makes sure the old answer is cached (X-Cache: HIT).
 */
import fs from 'node:fs';
import path from 'node:path';
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { adminToken } from '../../helpers/orders';

let app: TestApp;
let admin: Record<string, string>;
const ids: Record<string, string> = {};
let coverId = 0;

const SERVICE = 'api::service.service';
const CATEGORY = 'api::service-category.service-category';
const HOSPITAL = 'api::hospital.hospital';
const cm = (uid: string, documentId = '', suffix = '') => `/content-manager/collection-types/${uid}${documentId ? `/${documentId}` : ''}${suffix}`;

const pricing = {
  unit: 'per_visit',
  basePriceFen: 10000,
  minUnits: 1,
  maxUnits: 10,
  nightSurchargeFen: 0,
  weekendSurchargePercent: 0,
  holidaySurchargePercent: 0,
  dependentSurchargeFen: 0,
  visitMinutes: 60,
};

async function fixtures() {
  const docs = (uid: string) => app.strapi.documents(uid as any);
  const beijing = await docs('api::city.city').create({ data: { code: '110100', name: '北京市', active: true } } as any);
  const shanghai = await docs('api::city.city').create({ data: { code: '310100', name: '上海市', active: true } } as any);
  ids.beijing = beijing.documentId;
  ids.shanghai = shanghai.documentId;
  for (const [key, slug, name] of [
    ['catA', 'cat-a', '分类甲'],
    ['catB', 'cat-b', '分类乙'],
  ]) {
    const c = await docs(CATEGORY).create({ data: { name, slug, sortOrder: 1 }, locale: 'zh-Hans', status: 'published' } as any);
    ids[key] = c.documentId;
  }
  const png = path.join(__dirname, '../../fixtures/red-2x2.png');
  const [file]: any[] = await app.strapi
    .plugin('upload')
    .service('upload')
    .upload({
      data: { fileInfo: { name: 'cover.png', alternativeText: '旧的替代文字' } },
      files: { filepath: png, originalFilename: 'cover.png', mimetype: 'image/png', size: fs.statSync(png).size },
    });
  coverId = file.id;
  const service = await docs(SERVICE).create({
    data: {
      name: '缓存测试服务',
      slug: 'cache-test',
      summary: '用于缓存测试',
      category: ids.catA,
      cover: coverId,
      pricing,
      body: [
        { __component: 'blocks.rich-text', body: '第一版正文' },
        { __component: 'blocks.image', image: coverId, caption: '图' },
      ],
      dailyStartTime: '08:00:00.000',
      dailyEndTime: '20:00:00.000',
      minLeadMinutes: 60,
      travelBufferMinutes: 30,
      active: true,
      sortOrder: 1,
      cities: [ids.beijing],
    },
    locale: 'zh-Hans',
    status: 'published',
  } as any);
  ids.service = service.documentId;
  const hospital = await docs(HOSPITAL).create({
    data: {
      name: '缓存测试医院',
      slug: 'cache-test-hospital',
      grade: 'grade_3a',
      city: ids.beijing,
      address: '东城区某路 1 号',
      latitude: 39.9,
      longitude: 116.4,
      departments: [{ name: '心内科' }],
      active: true,
    },
  } as any);
  ids.hospital = hospital.documentId;
}

beforeAll(async () => {
  app = await bootStrapi();
  await fixtures();
  admin = (await adminToken(app)).auth;
});

afterAll(async () => {
  await app?.stop();
});

/** GETs `url` until it is served from the cache, and returns that cached body. */
async function cached(url: string) {
  await app.http().get(url).expect(200);
  const res = await app.http().get(url).expect(200);
  expect(res.headers['x-cache']).toBe('HIT');
  return res.body;
}

const get = async (url: string) => app.http().get(url);
const publish = (uid: string, documentId: string, locale = 'zh-Hans') =>
  app
    .http()
    .post(cm(uid, documentId, `/actions/publish?locale=${locale}`))
    .set(admin)
    .send({})
    .expect(200);
const card = (body: any, slug = 'cache-test') => body.data.find((s: any) => s.slug === slug);

describe('HTTP caching semantics', () => {
  it('answers a repeat with the cached body, a strong ETag, 304 on If-None-Match and CDN-friendly Cache-Control', async () => {
    const first = await get('/api/cities?sort=code');
    const second = await get('/api/cities?sort=code');
    expect(second.headers['x-cache']).toBe('HIT');
    expect(second.body).toEqual(first.body);
    expect(second.headers.etag).toMatch(/^"[\w-]{27}"$/);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers['content-type']).toMatch(/^application\/json/);
    expect(second.headers['cache-control']).toBe('public, max-age=0, s-maxage=30, stale-while-revalidate=30');
    const revalidated = await app.http().get('/api/cities?sort=code').set('If-None-Match', second.headers.etag);
    expect(revalidated.status).toBe(304);
    expect(revalidated.text ?? '').toBe('');
    expect((await app.http().get('/api/cities?sort=code').set('If-None-Match', '"other"')).status).toBe(200);
  });

  it('keys on locale, filters, sort, pagination, fields and populate', async () => {
    const variants = [
      '/api/cities?sort=code:asc',
      '/api/cities?sort=code:desc',
      '/api/cities?filters[code][$eq]=310100',
      '/api/cities?pagination[pageSize]=1&pagination[page]=2',
      '/api/cities?fields[0]=name',
      '/api/services?locale=en',
      '/api/services?populate[category]=true&fields[0]=slug',
    ];
    const firsts = [];
    for (const url of variants) firsts.push((await get(url)).body);
    for (const [i, url] of variants.entries()) {
      const again = await get(url);
      expect(again.headers['x-cache']).toBe('HIT');
      expect(again.body).toEqual(firsts[i]);
    }
    expect(firsts[0].data.map((c: any) => c.code)).toEqual(['110100', '310100']);
    expect(firsts[1].data.map((c: any) => c.code)).toEqual(['310100', '110100']);
    expect(firsts[2].data.map((c: any) => c.code)).toEqual(['310100']);
    expect(firsts[3].data.map((c: any) => c.code)).toHaveLength(1);
    expect(Object.keys(firsts[4].data[0]).sort()).toEqual(['documentId', 'id', 'name']);
    expect(firsts[5].data).toEqual([]);
    expect(Object.keys(firsts[6].data[0]).sort()).toEqual(['category', 'documentId', 'id', 'slug']);
  });

  it('never serves or stores answers for signed-in, token or draft requests', async () => {
    await cached('/api/services');
    const token = await app.strapi.service('admin::api-token').create({ name: 'cache-test', description: '', type: 'read-only', lifespan: null });
    const withToken = await app.http().get('/api/services').set('Authorization', `Bearer ${token.accessKey}`).expect(200);
    expect(withToken.headers['x-cache']).toBe('BYPASS');
    expect(withToken.headers['cache-control']).toBe('private, no-store');
    const drafts = await app.http().get('/api/services?status=draft').set('Authorization', `Bearer ${token.accessKey}`).expect(200);
    expect(drafts.headers['x-cache']).toBe('BYPASS');
    // A public draft request is refused, encoded or not, and its answer is not cached either.
    for (const url of ['/api/services?status=draft', '/api/services?%73tatus=draft']) {
      const refused = await get(url);
      expect(refused.status).toBe(403);
      expect(refused.headers['x-cache']).toBe('BYPASS');
    }
  });

  it('does not cache errors', async () => {
    for (let i = 0; i < 2; i += 1) {
      const res = await get('/api/services/does-not-exist');
      expect(res.status).toBe(404);
      expect(res.headers['x-cache']).toBe('MISS');
    }
  });
});

describe('no stale answer after an editor’s change', () => {
  it('field of a content type without drafts (hospital name)', async () => {
    expect((await cached('/api/hospitals')).data[0].name).toBe('缓存测试医院');
    await app.http().put(cm(HOSPITAL, ids.hospital)).set(admin).send({ name: '缓存测试医院（新址）' }).expect(200);
    const after = await get('/api/hospitals');
    expect(after.headers['x-cache']).toBe('MISS');
    expect(after.body.data[0].name).toBe('缓存测试医院（新址）');
  });

  it('field of a service: a saved draft leaves the public page as it was, publishing shows the change', async () => {
    const url = '/api/services/by-slug/cache-test';
    expect((await cached(url)).data.name).toBe('缓存测试服务');
    await app
      .http()
      .put(cm(SERVICE, ids.service, '?locale=zh-Hans'))
      .set(admin)
      .send({ name: '缓存测试服务（草稿）' })
      .expect(200);
    expect((await get(url)).body.data.name).toBe('缓存测试服务');
    await publish(SERVICE, ids.service);
    expect((await get(url)).body.data.name).toBe('缓存测试服务（草稿）');
    expect((await get(`/api/services/${ids.service}`)).body.data.name).toBe('缓存测试服务（草稿）');
  });

  it('relation (the service moves to another category)', async () => {
    expect(card(await cached('/api/services')).category.slug).toBe('cat-a');
    await app
      .http()
      .put(cm(SERVICE, ids.service, '?locale=zh-Hans'))
      .set(admin)
      .send({ category: { connect: [{ documentId: ids.catB, locale: 'zh-Hans' }], disconnect: [{ documentId: ids.catA, locale: 'zh-Hans' }] } })
      .expect(200);
    await publish(SERVICE, ids.service);
    expect(card((await get('/api/services')).body).category.slug).toBe('cat-b');
  });

  it('relation target (the category is renamed and published)', async () => {
    expect(card(await cached('/api/services')).category.name).toBe('分类乙');
    await app
      .http()
      .put(cm(CATEGORY, ids.catB, '?locale=zh-Hans'))
      .set(admin)
      .send({ name: '分类乙（改名）' })
      .expect(200);
    await publish(CATEGORY, ids.catB);
    expect(card((await get('/api/services')).body).category.name).toBe('分类乙（改名）');
  });

  it('component (price rule, departments) and dynamic-zone block', async () => {
    expect(card(await cached('/api/services')).pricing.basePriceFen).toBe(10000);
    const detailUrl = '/api/services/by-slug/cache-test';
    expect((await cached(detailUrl)).data.body[0].body).toBe('第一版正文');
    await app
      .http()
      .put(cm(SERVICE, ids.service, '?locale=zh-Hans'))
      .set(admin)
      .send({ pricing: { ...pricing, basePriceFen: 12800 }, body: [{ __component: 'blocks.rich-text', body: '第二版正文' }] })
      .expect(200);
    await publish(SERVICE, ids.service);
    expect(card((await get('/api/services')).body).pricing.basePriceFen).toBe(12800);
    expect((await get(detailUrl)).body.data.body.map((b: any) => b.body)).toEqual(['第二版正文']);

    expect((await cached('/api/hospitals')).data[0].departments.map((d: any) => d.name)).toEqual(['心内科']);
    await app
      .http()
      .put(cm(HOSPITAL, ids.hospital))
      .set(admin)
      .send({ departments: [{ name: '心内科' }, { name: '检验科', floor: '医技楼 1 层' }] })
      .expect(200);
    expect((await get('/api/hospitals')).body.data[0].departments.map((d: any) => d.name)).toEqual(['心内科', '检验科']);
  });

  it('media (the cover’s alternative text is edited in the media library)', async () => {
    expect(card(await cached('/api/services')).cover.alternativeText).toBe('旧的替代文字');
    await app
      .http()
      .post(`/upload?id=${coverId}`)
      .set(admin)
      .field('fileInfo', JSON.stringify({ alternativeText: '新的替代文字', name: 'cover.png' }))
      .expect(200);
    expect(card((await get('/api/services')).body).cover.alternativeText).toBe('新的替代文字');
  });

  it('publish (a new service appears in the list)', async () => {
    const before = await cached('/api/services');
    expect(card(before, 'cache-new')).toBeUndefined();
    const created = await app
      .http()
      .post(`${cm(SERVICE)}?locale=zh-Hans`)
      .set(admin)
      .send({
        name: '新上架服务',
        slug: 'cache-new',
        pricing,
        dailyStartTime: '08:00:00.000',
        dailyEndTime: '20:00:00.000',
        minLeadMinutes: 60,
        travelBufferMinutes: 30,
        active: true,
      })
      .expect(201);
    ids.fresh = created.body.data.documentId;
    expect(card((await get('/api/services')).body, 'cache-new')).toBeUndefined(); // a draft is not public
    await publish(SERVICE, ids.fresh);
    const after = (await get('/api/services')).body;
    expect(card(after, 'cache-new')).toBeDefined();
    expect(after.meta.pagination.total).toBe(before.meta.pagination.total + 1);
  });

  it('unpublish (the service leaves the list and its page)', async () => {
    expect(card(await cached('/api/services'), 'cache-new')).toBeDefined();
    expect((await cached('/api/services/by-slug/cache-new')).data.slug).toBe('cache-new');
    await app
      .http()
      .post(cm(SERVICE, ids.fresh, '/actions/unpublish?locale=zh-Hans'))
      .set(admin)
      .send({})
      .expect(200);
    expect(card((await get('/api/services')).body, 'cache-new')).toBeUndefined();
    expect((await get('/api/services/by-slug/cache-new')).status).toBe(404);
  });

  it('delete (a hospital and a service)', async () => {
    expect((await cached('/api/hospitals')).data).toHaveLength(1);
    await app.http().delete(cm(HOSPITAL, ids.hospital)).set(admin).expect(200);
    expect((await get('/api/hospitals')).body.data).toEqual([]);

    await publish(SERVICE, ids.fresh);
    expect(card(await cached('/api/services'), 'cache-new')).toBeDefined();
    await app
      .http()
      .delete(cm(SERVICE, ids.fresh, '?locale=zh-Hans'))
      .set(admin)
      .expect(200);
    expect(card((await get('/api/services')).body, 'cache-new')).toBeUndefined();
  });

  it('locale (an English translation is added and published, then deleted)', async () => {
    expect((await cached('/api/services?locale=en')).data).toEqual([]);
    await app
      .http()
      .put(cm(SERVICE, ids.service, '?locale=en'))
      .set(admin)
      .send({
        name: 'Cache test service',
        slug: 'cache-test',
        pricing: { ...pricing, basePriceFen: 12800 },
        dailyStartTime: '08:00:00.000',
        dailyEndTime: '20:00:00.000',
        minLeadMinutes: 60,
        travelBufferMinutes: 30,
        active: true,
      })
      .expect(200);
    await publish(SERVICE, ids.service, 'en');
    expect((await get('/api/services?locale=en')).body.data.map((s: any) => s.name)).toEqual(['Cache test service']);
    expect((await cached('/api/services/by-slug/cache-test?locale=en')).data.name).toBe('Cache test service');
    await app
      .http()
      .delete(cm(SERVICE, ids.service, '?locale=en'))
      .set(admin)
      .expect(200);
    expect((await get('/api/services?locale=en')).body.data).toEqual([]);
    expect((await get('/api/services/by-slug/cache-test?locale=en')).status).toBe(404);
    // The Chinese page is untouched.
    expect((await get('/api/services/by-slug/cache-test')).body.data.name).toBe('缓存测试服务（草稿）');
  });

  it('permissions (the public role loses read access to cities)', async () => {
    await cached('/api/cities');
    const publicRole = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
    const roleRes = await app.http().get(`/users-permissions/roles/${publicRole.id}`).set(admin).expect(200);
    const permissions = roleRes.body.role.permissions;
    permissions['api::city'].controllers.city.find.enabled = false;
    await app
      .http()
      .put(`/users-permissions/roles/${publicRole.id}`)
      .set(admin)
      .send({ name: publicRole.name, description: publicRole.description, permissions })
      .expect(200);
    expect((await get('/api/cities')).status).toBe(403);
  });
});

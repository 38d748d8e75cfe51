import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { serviceListResponse, serviceDetailResponse, categoryListResponse } from '../../../src/api/service/schemas';

let app: TestApp;

beforeAll(async () => {
  // The one test file that seeds the demo pages and pictures: they go through Strapi's upload service like an editor's.
  app = await bootStrapi({ env: { SEED_DEMO: 'true', SEED_DEMO_PAGES: 'true', SEED_DEMO_PICTURES: 'true' } });
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

describe('demo catalog', () => {
  it('lists the seeded services as cards: name, summary, cover, price from and unit, category', async () => {
    const res = await app.http().get('/api/services?pagination[pageSize]=100').expect(200);
    const { data: services, meta } = serviceListResponse.parse(res.body);
    expect(meta.pagination.total).toBeGreaterThanOrEqual(20);
    for (const slug of ['infusion-at-home', 'venous-blood-draw', 'suture-removal-dressing']) {
      expect(services.map((s) => s.slug)).toContain(slug);
    }
    const infusion = services.find((s) => s.slug === 'infusion-at-home')!;
    expect(infusion).toMatchObject({
      name: '打针输液',
      locale: 'zh-Hans',
      active: true,
      category: { slug: 'injection-infusion' },
      pricing: { unit: 'per_visit', minUnits: 1 },
    });
    expect(infusion.summary).toMatch(/[\u4e00-\u9fa5]/);
    for (const service of services) {
      expect(Number.isInteger(service.pricing!.basePriceFen)).toBe(true);
      expect(service.pricing!.basePriceFen).toBeGreaterThan(0);
      expect(service.category?.name).toBeTruthy();
    }
    // A card is a card: no page, no terms (80 KB per 25 items before; now about 1.5 KB an item with its cover formats).
    for (const heavy of ['body', 'notes', 'priceStandard', 'serviceHours', 'cities', 'requiredCredentialTypes']) expect(infusion).not.toHaveProperty(heavy);
    expect(JSON.stringify(res.body).length / services.length).toBeLessThan(2500);
  });

  it('returns one service with its whole page, by documentId and by slug', async () => {
    const raw = (await app.http().get('/api/services/by-slug/venous-blood-draw').expect(200)).body;
    const bySlug = serviceDetailResponse.parse(raw).data;
    expect(bySlug.name).toBe('静脉采血');
    expect(bySlug.pricing!.unit).toBe('per_visit');
    expect(bySlug.requiredCredentialTypes.map((c) => c.code)).toContain('nurse_license');
    expect(bySlug.cities.length).toBeGreaterThanOrEqual(1);
    expect(bySlug.notes).toMatch(/[\u4e00-\u9fa5]/);
    expect(bySlug.serviceHours).toMatch(/[\u4e00-\u9fa5]/);
    expect(bySlug.priceStandard).toContain('¥');
    const byId = (await app.http().get(`/api/services/${bySlug.documentId}`).expect(200)).body.data;
    expect(byId).toEqual(raw.data);
    await app.http().get('/api/services/by-slug/no-such-service').expect(404);
    const bad = await app.http().get('/api/services/by-slug/Not_A_Slug').expect(400);
    expect(bad.body.error.details).toEqual({ code: 'VALIDATION_FAILED', key: 'slug' });
  });

  it('composes every seeded page from blocks, with pictures in responsive formats', async () => {
    const res = await app.http().get('/api/services?pagination[pageSize]=100&fields[0]=slug').expect(200);
    for (const { slug } of res.body.data) {
      const page = serviceDetailResponse.parse((await app.http().get(`/api/services/by-slug/${slug}`).expect(200)).body).data;
      expect(page.cover?.url).toMatch(new RegExp(`^/uploads/cover_${slug.replace(/-/g, '_')}_\\w+\\.webp$`));
      expect(Object.keys(page.cover!.formats ?? {}).sort()).toEqual(['medium', 'small', 'thumbnail']);
      expect(page.cover!.formats!.thumbnail).toEqual({ url: expect.stringMatching(/^\/uploads\/thumbnail_/), width: 245, height: expect.any(Number) });
      const kinds = page.body.map((b) => b.__component);
      expect(kinds).toEqual(
        expect.arrayContaining(['blocks.image', 'blocks.rich-text', 'blocks.process', 'blocks.price-table', 'blocks.gallery', 'blocks.faq', 'blocks.notice']),
      );
      const picture = page.body.find((b) => b.__component === 'blocks.image') as any;
      expect(picture.image.url).toMatch(/^\/uploads\/scene_/);
      expect(picture.caption).toMatch(/[\u4e00-\u9fa5]/);
      const steps = (page.body.find((b) => b.__component === 'blocks.process') as any).steps;
      expect(steps.map((s: any) => s.order)).toEqual(steps.map((_: any, i: number) => i + 1));
      const prices = (page.body.find((b) => b.__component === 'blocks.price-table') as any).rows;
      expect(prices[0].amountFen).toBe(page.pricing!.basePriceFen);
    }
    // The pictures really are where the URLs say (local provider), formats included.
    const cover = (await app.http().get('/api/services/by-slug/infusion-at-home').expect(200)).body.data.cover;
    for (const url of [cover.url, cover.formats.thumbnail.url]) {
      const file = await app.http().get(url).expect(200);
      expect(file.headers['content-type']).toBe('image/webp');
    }
    // Each picture was uploaded once, however many pages show it.
    const files = await app.strapi.db.query('plugin::upload.file').findMany({ select: ['name'] });
    expect(new Set(files.map((f: any) => f.name)).size).toBe(files.length);
  });

  it('gives every category an icon picture', async () => {
    const { data } = categoryListResponse.parse((await app.http().get('/api/service-categories?pagination[pageSize]=100').expect(200)).body);
    expect(data.length).toBe(11);
    for (const category of data) expect(category.iconImage?.url).toMatch(/^\/uploads\/icon_/);
  });

  it('lists the six top-level categories in order, with the tree', async () => {
    const res = await app.http().get('/api/service-categories?filters[parent][id][$null]=true&sort=sortOrder:asc&pagination[pageSize]=50').expect(200);
    expect(res.body.data.map((c: any) => c.name)).toEqual(['在线预约陪护', '护理', '住院陪护', '上门护理', '就医陪诊', '个性化照护']);
    const homeNursing = res.body.data.find((c: any) => c.slug === 'home-nursing');
    expect(homeNursing.children.length).toBeGreaterThan(0);
  });

  it('has the whole category tree in English, parents included', async () => {
    const zh = (await app.http().get('/api/service-categories?pagination[pageSize]=100').expect(200)).body.data;
    const en = (await app.http().get('/api/service-categories?locale=en&pagination[pageSize]=100').expect(200)).body.data;
    expect(en.map((c: any) => c.slug).sort()).toEqual(zh.map((c: any) => c.slug).sort());
    for (const category of en) {
      expect(category.locale).toBe('en');
      expect(category.name).toMatch(/^[A-Za-z &]+$/);
      expect(category.description).toMatch(/^[\x20-\x7E\u2013\u2019]+$/);
      const chinese = zh.find((c: any) => c.slug === category.slug);
      expect(category.parent?.slug ?? null).toBe(chinese.parent?.slug ?? null);
    }
    const homeNursing = en.find((c: any) => c.slug === 'home-nursing');
    expect(homeNursing.children.map((c: any) => c.name).sort()).toEqual(['Blood Sampling', 'Injection & Infusion', 'Wound Care']);
  });

  it('has at least five services in English, pages and prices included', async () => {
    const { data } = serviceListResponse.parse((await app.http().get('/api/services?locale=en&pagination[pageSize]=100').expect(200)).body);
    expect(data.length).toBeGreaterThanOrEqual(5);
    for (const card of data) {
      const page = serviceDetailResponse.parse((await app.http().get(`/api/services/by-slug/${card.slug}?locale=en`).expect(200)).body).data;
      const chinese = (await app.http().get(`/api/services/by-slug/${card.slug}`).expect(200)).body.data;
      expect(page.locale).toBe('en');
      expect(page.documentId).toBe(chinese.documentId);
      expect(`${page.name} ${page.summary} ${page.notes} ${page.serviceHours}`).not.toMatch(/[\u4e00-\u9fa5]/);
      expect(page.priceStandard).toMatch(/^- Base price: ¥/);
      // Shared (non-localized) fields are the same in both languages: price rule, times, cover.
      const { id: _enId, ...enPricing } = page.pricing!;
      const { id: _zhId, ...zhPricing } = chinese.pricing;
      expect(enPricing).toEqual(zhPricing);
      expect(page.dailyStartTime).toBe(chinese.dailyStartTime);
      expect(page.cover?.url).toBe(chinese.cover.url);
      expect(page.category?.name).toMatch(/^[A-Za-z &]+$/);
      const text = JSON.stringify(page.body.filter((b) => b.__component !== 'blocks.image' && b.__component !== 'blocks.gallery'));
      expect(text).not.toMatch(/[\u4e00-\u9fa5]/);
      expect(page.body.some((b) => b.__component === 'blocks.image')).toBe(true);
    }
  });

  it('has two cities and a dozen hospitals with coordinates and departments', async () => {
    const cities = await app.http().get('/api/cities').expect(200);
    expect(cities.body.data.map((c: any) => c.code).sort()).toEqual(['110100', '310100']);
    const hospitals = await app.http().get('/api/hospitals?pagination[pageSize]=100&populate=*').expect(200);
    expect(hospitals.body.data.length).toBeGreaterThanOrEqual(12);
    for (const h of hospitals.body.data) {
      expect(typeof h.latitude === 'number' || typeof h.latitude === 'string').toBe(true);
      expect(h.departments.length).toBeGreaterThan(0);
      expect(h.city.code).toMatch(/^\d{6}$/);
    }
  });

  it('seeding again creates nothing', async () => {
    const { seedCatalog } = require('../../../dist/src/seed/seed-catalog');
    const before = await app.strapi.db.query('api::service.service').count();
    const files = await app.strapi.db.query('plugin::upload.file').count();
    const result = await seedCatalog(app.strapi, () => undefined);
    expect(result.created).toBe(0);
    expect(await app.strapi.db.query('api::service.service').count()).toBe(before);
    expect(await app.strapi.db.query('plugin::upload.file').count()).toBe(files);
  });
});

describe('catalog access and bad input', () => {
  it('is read-only for the public', async () => {
    // Editors write through the admin panel; the content API has no write routes for the catalog at all.
    expect([404, 405]).toContain(
      (
        await app
          .http()
          .post('/api/services')
          .send({ data: { name: 'x' } })
      ).status,
    );
    expect([404, 405]).toContain((await app.http().delete('/api/cities/abc')).status);
    expect(await app.strapi.db.query('api::service.service').count({ where: { name: 'x' } })).toBe(0);
    await app.http().get('/api/users').expect(403);
  });

  it.each([
    ['unknown filter field', '/api/services?filters[nope][$eq]=1'],
    ['unknown operator', '/api/services?filters[name][$bogus]=1'],
    ['unknown sort field', '/api/services?sort=nope:asc'],
    ['bad sort direction', '/api/services?sort=name:sideways'],
    ['unknown populate', '/api/services?populate[nope]=true'],
    ['unknown field', '/api/services?fields[0]=nope'],
    ['non-numeric page', '/api/services?pagination[page]=abc'],
    ['negative page size', '/api/services?pagination[pageSize]=-5'],
    ['mixed pagination', '/api/services?pagination[page]=1&pagination[start]=0'],
    ['filter on a private field', '/api/services?filters[createdBy][id][$eq]=1'],
    ['malformed filters', '/api/services?filters=oops'],
    ['bad status', '/api/services?status=bogus'],
    ['unknown top-level param', '/api/services?bogus=1'],
    ['bad locale', '/api/service-categories?locale=xx-YY'],
  ])('%s gets a 4xx in Strapi error shape', async (_label, url) => {
    const res = await app.http().get(url);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.data).toBeNull();
    expect(res.body.error).toEqual(expect.objectContaining({ status: res.status, name: expect.any(String), message: expect.any(String) }));
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js:\d+/);
  });

  it('answers an unknown document with 404', async () => {
    const res = await app.http().get('/api/services/doesnotexist').expect(404);
    expect(res.body.error.status).toBe(404);
  });
});

describe('booking plugin', () => {
  it('answers its health check with version and database client', async () => {
    const res = await app.http().get('/api/booking/health').expect(200);
    expect(res.body.data).toEqual(expect.objectContaining({ status: 'ok', plugin: 'booking', version: expect.stringMatching(/^\d+\.\d+\.\d+/) }));
    expect(res.body.data.database.client).toBe(app.client === 'postgres' ? 'postgres' : 'sqlite');
  });
});

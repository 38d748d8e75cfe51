import { bootStrapi, type TestApp } from '../../helpers/strapi';

let app: TestApp;

beforeAll(async () => {
  app = await bootStrapi({ env: { SEED_DEMO: 'true' } });
});

afterAll(async () => {
  await app?.stop();
});

describe('demo catalog', () => {
  it('lists the seeded services in Chinese with detail fields and prices', async () => {
    const res = await app.http().get('/api/services?pagination[pageSize]=100').expect(200);
    const services = res.body.data;
    expect(res.body.meta.pagination.total).toBeGreaterThanOrEqual(20);
    for (const slug of ['infusion-at-home', 'venous-blood-draw', 'suture-removal-dressing']) {
      expect(services.map((s: any) => s.slug)).toContain(slug);
    }
    const infusion = services.find((s: any) => s.slug === 'infusion-at-home');
    expect(infusion.name).toBe('打针输液');
    expect(infusion.locale).toBe('zh-Hans');
    expect(infusion.content).toMatch(/[\u4e00-\u9fa5]/);
    expect(infusion.notes).toMatch(/[\u4e00-\u9fa5]/);
    expect(infusion.serviceHours).toMatch(/[\u4e00-\u9fa5]/);
    expect(infusion.priceStandard).toContain('¥');
    expect(infusion.process.length).toBeGreaterThanOrEqual(3);
    expect(infusion.process.map((p: any) => p.order)).toEqual(infusion.process.map((_: any, i: number) => i + 1));
    expect(Number.isInteger(infusion.pricing.basePriceFen)).toBe(true);
    expect(infusion.pricing.basePriceFen).toBeGreaterThan(0);
    expect(infusion.category.name).toBeTruthy();
    expect(infusion.requiredCredentialTypes.map((c: any) => c.code)).toContain('nurse_license');
    expect(infusion.cities.length).toBeGreaterThanOrEqual(1);
    for (const service of services) {
      expect(Number.isInteger(service.pricing.basePriceFen)).toBe(true);
    }
  });

  it('returns one service by documentId with its detail page', async () => {
    const list = await app.http().get('/api/services?filters[slug][$eq]=venous-blood-draw').expect(200);
    const { documentId } = list.body.data[0];
    const res = await app.http().get(`/api/services/${documentId}`).expect(200);
    expect(res.body.data.name).toBe('静脉采血');
    expect(res.body.data.pricing.unit).toBe('per_visit');
  });

  it('lists the six top-level categories in order, with the tree', async () => {
    const res = await app
      .http()
      .get('/api/service-categories?filters[parent][id][$null]=true&sort=sortOrder:asc&pagination[pageSize]=50')
      .expect(200);
    expect(res.body.data.map((c: any) => c.name)).toEqual(['在线预约陪护', '护理', '住院陪护', '上门护理', '就医陪诊', '个性化照护']);
    const homeNursing = res.body.data.find((c: any) => c.slug === 'home-nursing');
    expect(homeNursing.children.length).toBeGreaterThan(0);
  });

  it('keeps an English translation of the categories', async () => {
    const res = await app.http().get('/api/service-categories?locale=en&filters[slug][$eq]=home-nursing').expect(200);
    expect(res.body.data[0].name).toMatch(/[A-Za-z]/);
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
    const result = await seedCatalog(app.strapi, () => undefined);
    expect(result.created).toBe(0);
    expect(await app.strapi.db.query('api::service.service').count()).toBe(before);
  });
});

describe('catalog access and bad input', () => {
  it('is read-only for the public', async () => {
    // Editors write through the admin panel; the content API has no write routes for the catalog at all.
    expect([404, 405]).toContain((await app.http().post('/api/services').send({ data: { name: 'x' } })).status);
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
    expect(res.body).toEqual(
      expect.objectContaining({ status: 'ok', plugin: 'booking', version: expect.stringMatching(/^\d+\.\d+\.\d+/) }),
    );
    expect(res.body.database.client).toBe(app.client === 'postgres' ? 'postgres' : 'sqlite');
  });
});

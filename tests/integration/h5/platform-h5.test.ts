/**
 * What the platform does for the H5 apps: serves the build at /h5/ (SPA fallback, cache headers, no escape from
 * the build folder), shows development SMS codes through the dev outbox only while the dev gateway is in use, and
 * seeds the demo people (idempotent, trained and dispatchable, never in production). With a real SMS gateway the
 * outbox does not exist: tests/integration/h5/dev-sms-outbox-real-gateway.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { serviceBySlug, beijingAt, BEIJING } from '../../helpers/orders';
import { DEMO_CAREGIVERS, DEMO_CUSTOMER, seedDemoPeople } from '../../../src/seed/demo-people';

const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'h5-dist-'));
fs.mkdirSync(path.join(dist, 'assets'));
fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>安心陪护</title><div id="root"></div>');
fs.writeFileSync(path.join(dist, 'config.js'), 'window.__H5_CONFIG__ = {};');
fs.writeFileSync(path.join(dist, 'assets', 'index-Ab12Cd34.js'), 'console.log("h5")');

let app: TestApp;

beforeAll(async () => {
  app = await bootStrapi({ env: { SEED_DEMO: 'true', SEED_DEMO_PEOPLE: 'true', H5_DIST_DIR: dist } });
}, 300_000);

afterAll(async () => {
  await app?.stop();
  fs.rmSync(dist, { recursive: true, force: true });
});

describe('serving the H5 build at /h5/', () => {
  it('answers the app, its files and client-side routes with the right caching', async () => {
    const bare = await app.http().get('/h5');
    expect(bare.status).toBe(302);
    expect(bare.headers.location).toBe('/h5/');

    for (const route of ['/h5/', '/h5/orders/abc123', '/h5/caregiver', '/h5/caregiver/orders/x1y2z3']) {
      const res = await app.http().get(route);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toContain('<div id="root">');
    }

    const asset = await app.http().get('/h5/assets/index-Ab12Cd34.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toMatch(/max-age=31536000.*immutable/);

    const config = await app.http().get('/h5/config.js');
    expect(config.text).toContain('__H5_CONFIG__');
    expect(config.headers['cache-control']).toBe('no-cache');
  });

  it('gives a missing file a 404 instead of the app, and never leaves the build folder', async () => {
    expect((await app.http().get('/h5/assets/index-OLD.js')).status).toBe(404);
    expect((await app.http().get('/h5/favicon.png')).status).toBe(404);
    for (const sneaky of ['/h5/%2e%2e/%2e%2e/package.json', '/h5/..%2f..%2fpackage.json', '/h5/assets/..%2f..%2f..%2fpackage.json']) {
      const res = await app.http().get(sneaky);
      expect(res.text ?? '').not.toContain('care-escort-platform');
    }
  });

  it('leaves other paths and methods to the rest of the platform', async () => {
    expect((await app.http().post('/h5/').send({})).status).toBe(405);
    expect((await app.http().get('/h5x')).status).toBe(404);
    expect((await app.http().get('/api/booking/health')).status).toBe(200);
  });
});

describe('development SMS outbox', () => {
  it('shows the code the dev gateway sent, and that code signs in', async () => {
    const phone = '13700000777';
    expect((await app.http().get('/api/dev/sms-outbox').query({ phone })).status).toBe(404);
    await app.http().post('/api/booking/auth/sms/send').send({ phone }).expect(200);
    const shown = await app.http().get('/api/dev/sms-outbox').query({ phone }).expect(200);
    expect(shown.body.data).toMatchObject({ phone, code: expect.stringMatching(/^\d{6}$/) });
    expect(shown.headers['cache-control']).toBe('no-store');
    const login = await app.http().post('/api/booking/auth/sms/login').send({ phone, code: shown.body.data.code });
    expect(login.status).toBe(200);
    expect(login.body.data.jwt).toBeTruthy();
  });
});

describe('demo people', () => {
  const users = () => app.strapi.db.query('plugin::users-permissions.user');

  it('seeds a customer with a patient and two approved, trained caregivers who can be dispatched', async () => {
    const customer = await users().findOne({ where: { phone: DEMO_CUSTOMER.phone } });
    expect(customer.displayName).toBe(DEMO_CUSTOMER.displayName);
    expect(await app.strapi.db.query('plugin::booking.patient').count({ where: { ownerId: customer.id } })).toBe(1);

    const fullEscort = await serviceBySlug(app, 'full-escort');
    const training = app.strapi.plugin('booking').service('training');
    const required = await training.requiredCourseIdsFor(fullEscort.documentId);
    expect(required.length).toBeGreaterThan(0);
    for (const person of DEMO_CAREGIVERS) {
      const user = await users().findOne({ where: { phone: person.phone }, populate: { role: true } });
      expect(user.role.type).toBe('caregiver');
      const profile = await app.strapi.db.query('api::caregiver.caregiver').findOne({ where: { user: { id: user.id } }, populate: { city: true } });
      expect(profile).toMatchObject({ status: 'approved', realName: person.realName, city: { code: BEIJING } });
      expect(Object.keys(profile.workingHours).sort()).toEqual(['fri', 'mon', 'sat', 'sun', 'thu', 'tue', 'wed']);
      expect(await training.passedCourseIds(user.id)).toEqual(expect.arrayContaining(required));
    }

    // Booked and paid, the demo customer's order is offered to one of them.
    const session = await app.strapi.plugin('booking').service('accounts').signInWithPhone(DEMO_CUSTOMER.phone);
    const auth = { Authorization: `Bearer ${session.jwt}` };
    const patients = await app.http().get('/api/booking/patients').set(auth).expect(200);
    const hospital = await app.strapi.db.query('api::hospital.hospital').findOne({ where: { slug: 'pumch' } });
    const created = await app
      .http()
      .post('/api/booking/orders')
      .set(auth)
      .send({
        serviceId: fullEscort.documentId,
        patientId: patients.body.data[0].documentId,
        cityCode: BEIJING,
        startAt: beijingAt(2, 9),
        units: 1,
        place: { type: 'hospital', hospitalId: hospital.documentId },
        contactName: '张伟',
        contactPhone: DEMO_CUSTOMER.phone,
      })
      .expect(201);
    const order = await app.strapi.db.query('plugin::booking.order').findOne({ where: { documentId: created.body.data.documentId } });
    await app.strapi
      .plugin('booking')
      .service('order-lifecycle')
      .markPaid(order.id, { amountFen: order.totalFen, reference: `demo-${order.id}` });
    const offer = await app.strapi.db.query('plugin::booking.dispatch-offer').findOne({ where: { orderId: order.id, status: 'offered' } });
    const offered = await users().findOne({ where: { id: offer.caregiverUserId } });
    expect(DEMO_CAREGIVERS.map((c) => c.phone)).toContain(offered.phone);
  });

  it('is idempotent and never runs in production', async () => {
    const count = async () => ({
      users: await users().count(),
      caregivers: await app.strapi.db.query('api::caregiver.caregiver').count(),
      credentials: await app.strapi.db.query('api::caregiver-credential.caregiver-credential').count(),
      attempts: await app.strapi.db.query('plugin::booking.exam-attempt').count(),
      patients: await app.strapi.db.query('plugin::booking.patient').count(),
    });
    const before = await count();
    expect(await seedDemoPeople(app.strapi)).toEqual({ created: 0 });
    expect(await count()).toEqual(before);

    // Even with the demo people gone, production seeds nothing.
    const demoPhones = [DEMO_CUSTOMER.phone, ...DEMO_CAREGIVERS.map((c) => c.phone)];
    await users().updateMany({ where: { phone: { $in: demoPhones } }, data: { phone: null } });
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      expect(await seedDemoPeople(app.strapi)).toEqual({ created: 0, skipped: 'production' });
    } finally {
      process.env.NODE_ENV = previous;
    }
    expect(await count()).toEqual(before);
  });
});

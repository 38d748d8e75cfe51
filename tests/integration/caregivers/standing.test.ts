/**
 * A caregiver's standing after approval: suspension (audited, blocks caregiver routes, hides the public profile,
 * lifted again), credential expiry (one notice 30 days ahead, then expired and the badge gone), presence and
 * working hours, the autoOffline job, public list filters. The app runs with the Tencent FaceID provider pointed at
 * its signature-checking fake, so an application's real-name check goes through the SDK.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { adminToken, approvedCaregiver, BEIJING, serviceBySlug } from '../../helpers/orders';
import { signedInUser } from '../../helpers/users';
import { computeIdCardCheckDigit } from '../../../src/plugins/booking/server/src/domain/id-card';
import { startFakeFaceId, type FakeFaceId } from '../../fakes/tencent-faceid';

const png = fs.readFileSync(path.resolve(__dirname, '../../fixtures/red-2x2.png'));
const id = (first17: string) => first17 + computeIdCardCheckDigit(first17);
const ZHAO = id('11010219780911301'); // male
const DAY = 86_400_000;
const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

let app: TestApp;
let fake: FakeFaceId;
let service: any;
let ops: Awaited<ReturnType<typeof adminToken>>;
let wang: Awaited<ReturnType<typeof approvedCaregiver>>;
let li: Awaited<ReturnType<typeof approvedCaregiver>>;
let nurseType: any;
const savedProxy: Record<string, string | undefined> = {};

beforeAll(async () => {
  for (const k of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY']) {
    savedProxy[k] = process.env[k];
    delete process.env[k];
  }
  fake = await startFakeFaceId({ secretId: 'AKIDstanding0001', secretKey: 'standing-secret-0123', people: { [ZHAO]: '赵建国' } });
  app = await bootStrapi({
    env: {
      SEED_DEMO: 'true',
      IDENTITY_PROVIDER: 'tencent',
      IDENTITY_TENCENT_SECRET_ID: 'AKIDstanding0001',
      IDENTITY_TENCENT_SECRET_KEY: 'standing-secret-0123',
      IDENTITY_TENCENT_ENDPOINT: fake.endpoint,
      IDENTITY_TENCENT_PROTOCOL: 'http',
    },
  });
  service = await serviceBySlug(app, 'venous-blood-draw');
  ops = await adminToken(app);
  wang = await approvedCaregiver(app, [service.documentId], { name: '王秀兰', gender: 'female', eligible: false });
  li = await approvedCaregiver(app, [service.documentId], { name: '李强', gender: 'male', eligible: false });
  const q = app.strapi.db.query('api::caregiver.caregiver');
  await q.update({
    where: { id: wang.caregiver.id },
    data: { rating: 4.9, ratingCount: 31, yearsOfExperience: 3, birthDate: '1975-05-01', homeLatitude: 39.99, homeLongitude: 116.47 },
  });
  await q.update({
    where: { id: li.caregiver.id },
    data: { rating: 4.5, ratingCount: 12, yearsOfExperience: 12, birthDate: '1970-01-01', homeLatitude: 39.91, homeLongitude: 116.4 },
  });
  nurseType = await app.strapi.db.query('api::credential-type.credential-type').findOne({ where: { code: 'nurse_license' } });
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
  for (const [k, v] of Object.entries(savedProxy)) if (v !== undefined) process.env[k] = v;
});

describe('real-name check through the Tencent FaceID adapter', () => {
  async function apply(realName: string, user?: Awaited<ReturnType<typeof signedInUser>>) {
    user ??= await signedInUser(app);
    const upload = async () =>
      (await app.http().post('/api/booking/caregiver-applications/photos').set(user.auth).attach('file', png, 'id.png').expect(201)).body.data.id;
    const body = {
      realName,
      idNumber: ZHAO,
      idCardFrontId: await upload(),
      idCardBackId: await upload(),
      yearsOfExperience: 2,
      cityCode: BEIJING,
      serviceCityCodes: [BEIJING],
      home: { latitude: 39.95, longitude: 116.35 },
      serviceRadiusKm: 10,
      skills: [service.documentId],
    };
    return app.http().post('/api/booking/caregiver-applications').set(user.auth).send(body);
  }

  test('a name that does not match the registry is refused and nothing is written', async () => {
    const before = await app.strapi.db.query('api::caregiver.caregiver').count();
    const res = await apply('赵建军');
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/姓名与身份证号码不一致/);
    expect(await app.strapi.db.query('api::caregiver.caregiver').count()).toBe(before);
  });

  test('a registry outage is a 502 with a retry hint', async () => {
    fake.setNextError('FailedOperation.UnKnown', '内部未知错误');
    const res = await apply('赵建国');
    expect(res.status).toBe(502);
    expect(res.body.error.message).toMatch(/稍后再试/);
  });

  test('one user gets a few checks a day: the route is no name/ID-number oracle', async () => {
    const prober = await signedInUser(app);
    for (const guess of ['赵建一', '赵建二', '赵建三', '赵建四', '赵建五']) expect((await apply(guess, prober)).status).toBe(422);
    const blocked = await apply('赵建国', prober);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.message).toMatch(/上限/);
    expect(fake.calls.filter((c) => c.name === '赵建国')).toHaveLength(0);
    const checks = await app.strapi.db.query('plugin::booking.identity-check').findMany({ where: { userId: prober.user.id } });
    expect(checks).toHaveLength(5);
    expect(JSON.stringify(checks)).not.toContain(ZHAO);
  });

  test('a matching name passes; the verification result is stored without the number', async () => {
    const res = await apply('赵建国');
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ gender: 'male', idVerified: true });
    const row = await app.strapi.db.query('api::caregiver.caregiver').findOne({ where: { documentId: res.body.data.documentId } });
    expect(row.idVerification).toMatchObject({ provider: 'tencent', verdict: 'match', providerCode: '0' });
    expect(JSON.stringify(row.idVerification)).not.toContain(ZHAO);
    expect(fake.calls.at(-1)).toMatchObject({ idCard: ZHAO, result: '0' });
  });
});

describe('public list', () => {
  const list = (query: string) => app.http().get(`/api/booking/caregivers?serviceId=${service.documentId}&cityCode=${BEIJING}&${query}`).expect(200);

  test('sorts by rating, experience and distance, and filters by gender', async () => {
    const ids = (res: any) =>
      res.body.data.map((c: any) => c.documentId).filter((d: string) => [wang.caregiver.documentId, li.caregiver.documentId].includes(d));
    expect(ids(await list('sort=rating'))).toEqual([wang.caregiver.documentId, li.caregiver.documentId]);
    expect(ids(await list('sort=experience'))).toEqual([li.caregiver.documentId, wang.caregiver.documentId]);
    const near = await list('sort=distance&lat=39.9087&lng=116.3975');
    expect(ids(near)).toEqual([li.caregiver.documentId, wang.caregiver.documentId]);
    // Issue 18 item 11: bands, never a figure that would let anyone triangulate a home.
    expect(near.body.data[0].distanceBand).toBe('<1km');
    expect(JSON.stringify(near.body.data)).not.toContain('distanceKm');
    const one = await app.http().get(`/api/booking/caregivers/${li.caregiver.documentId}?lat=39.9087&lng=116.3975`).expect(200);
    expect(one.body.data.distanceBand).toBe('<1km');
    expect(one.body.data).not.toHaveProperty('distanceKm');
    const women = await list('gender=female');
    expect(women.body.data.every((c: any) => c.gender === 'female')).toBe(true);
    expect(women.body.data.map((c: any) => c.name)).toContain('王阿姨');
    expect(near.body.data.find((c: any) => c.documentId === li.caregiver.documentId)).toMatchObject({
      name: '李师傅',
      ageBand: expect.stringMatching(/岁/),
      rating: 4.5,
      reviewCount: 12,
    });
  });

  test('bad queries are 400', async () => {
    expect((await app.http().get('/api/booking/caregivers?sort=distance')).status).toBe(400);
    expect((await app.http().get('/api/booking/caregivers?lat=39.9')).status).toBe(400);
    expect((await app.http().get('/api/booking/caregivers?cityCode=beijing')).status).toBe(400);
    expect((await app.http().get('/api/booking/caregivers?idNumber=1')).status).toBe(400);
    expect((await app.http().get('/api/booking/caregivers/zzzzzzzzzzzzzzzzzzzzzzzz')).status).toBe(404);
  });
});

describe('credential expiry job', () => {
  let credentialId: number;
  const run = (now = new Date()) => app.strapi.plugin('booking').service('jobs').run('expireCredentials', now);
  const badges = async () => (await app.http().get(`/api/booking/caregivers/${wang.caregiver.documentId}`).expect(200)).body.data.badges;

  beforeAll(async () => {
    const row = await app.strapi.db.query('api::caregiver-credential.caregiver-credential').create({
      data: { caregiver: wang.caregiver.id, credentialType: nurseType.id, numberMasked: 'HL**01', status: 'approved', validUntil: dateIn(20) },
    });
    credentialId = row.id;
  });

  test('20 days ahead: one notice, however often the job runs', async () => {
    expect(await badges()).toEqual([nurseType.name]);
    expect((await run()).processed).toBeGreaterThanOrEqual(1);
    await run();
    const notices = await app.strapi.db.query('plugin::booking.notification').findMany({ where: { userId: wang.user.id, kind: 'credential_expiring' } });
    expect(notices).toHaveLength(1);
    expect(notices[0].body).toContain(nurseType.name);
    const row = await app.strapi.db.query('api::caregiver-credential.caregiver-credential').findOne({ where: { id: credentialId } });
    expect(row).toMatchObject({ status: 'approved', notifiedExpiryAt: expect.anything() });
  });

  test('past validUntil: expired, the badge disappears, the caregiver is told once', async () => {
    await run(new Date(Date.now() + 22 * DAY));
    await run(new Date(Date.now() + 23 * DAY));
    const row = await app.strapi.db.query('api::caregiver-credential.caregiver-credential').findOne({ where: { id: credentialId } });
    expect(row.status).toBe('expired');
    expect(await app.strapi.db.query('plugin::booking.notification').count({ where: { userId: wang.user.id, kind: 'credential_expired' } })).toBe(1);
    // Public badges are judged on today's date too: move the date into the past to see the live view drop it.
    await app.strapi.db.query('api::caregiver-credential.caregiver-credential').update({ where: { id: credentialId }, data: { validUntil: dateIn(-1) } });
    expect(await badges()).toEqual([]);
  });
});

describe('presence and working hours', () => {
  test('going online records the position and a heartbeat; autoOffline ends it after silence', async () => {
    const res = await app.http().post('/api/booking/caregiver/status').set(li.auth).send({ online: true, latitude: 39.91, longitude: 116.4 }).expect(200);
    expect(res.body.data).toMatchObject({ online: true, latitude: 39.91, longitude: 116.4 });
    expect((await app.http().post('/api/booking/caregiver/status').set(li.auth).send({ online: true })).status).toBe(400);
    const jobs = app.strapi.plugin('booking').service('jobs');
    await jobs.run('autoOffline', new Date(Date.now() + 5 * 60_000));
    expect((await app.strapi.db.query('api::caregiver.caregiver').findOne({ where: { id: li.caregiver.id } })).online).toBe(true);
    await jobs.run('autoOffline', new Date(Date.now() + 16 * 60_000));
    expect((await app.strapi.db.query('api::caregiver.caregiver').findOne({ where: { id: li.caregiver.id } })).online).toBe(false);
  });

  test('a position written through the API reads back unchanged on both databases (issue 18 item 19)', async () => {
    // numeric(10,2) on PostgreSQL used to round this to 39.99 / 116.47 (≈1 km off) while SQLite kept it whole.
    const point = { latitude: 39.998765, longitude: 116.473219 };
    const res = await app
      .http()
      .post('/api/booking/caregiver/status')
      .set(wang.auth)
      .send({ online: true, ...point })
      .expect(200);
    expect(res.body.data).toMatchObject(point);
    const row = await app.strapi.db
      .query('api::caregiver.caregiver')
      .findOne({ where: { id: wang.caregiver.id }, select: ['currentLatitude', 'currentLongitude'] });
    expect([Number(row.currentLatitude), Number(row.currentLongitude)]).toEqual([point.latitude, point.longitude]);
    // Hospitals (written by editors through the document service) keep their precision too.
    const city = await app.strapi.db.query('api::city.city').findOne({ where: { code: BEIJING } });
    const hospital = await app.strapi.documents('api::hospital.hospital').create({
      data: {
        name: '精度测试医院',
        slug: 'precision-test-hospital',
        grade: 'grade_3a',
        address: '东城区帅府园1号',
        district: '东城区',
        city: city.id,
        latitude: 39.912718,
        longitude: 116.417496,
        active: true,
      } as any,
    } as any);
    const stored = await app.strapi.db
      .query('api::hospital.hospital')
      .findOne({ where: { documentId: hospital.documentId }, select: ['latitude', 'longitude'] });
    expect([Number(stored.latitude), Number(stored.longitude)]).toEqual([39.912718, 116.417496]);
  });

  test('customers cannot set caregiver status', async () => {
    const customer = await signedInUser(app);
    expect((await app.http().post('/api/booking/caregiver/status').set(customer.auth).send({ online: false })).status).toBe(403);
  });

  test('working hours are validated and stored sorted', async () => {
    const res = await app
      .http()
      .put('/api/booking/caregiver/working-hours')
      .set(li.auth)
      .send({
        schedule: {
          mon: [
            { start: '13:00', end: '18:00' },
            { start: '08:00', end: '12:00' },
          ],
          sat: [{ start: '09:00', end: '00:00' }],
        },
      })
      .expect(200);
    expect(res.body.data.workingHours.mon).toEqual([
      { start: '08:00', end: '12:00' },
      { start: '13:00', end: '18:00' },
    ]);
    const overlap = await app
      .http()
      .put('/api/booking/caregiver/working-hours')
      .set(li.auth)
      .send({
        schedule: {
          tue: [
            { start: '08:00', end: '12:00' },
            { start: '11:00', end: '13:00' },
          ],
        },
      });
    expect(overlap.status).toBe(400);
    expect(overlap.body.error.message).toMatch(/重叠/);
    expect(
      (
        await app
          .http()
          .put('/api/booking/caregiver/working-hours')
          .set(li.auth)
          .send({ schedule: { funday: [] } })
      ).status,
    ).toBe(400);
    expect(
      (
        await app
          .http()
          .put('/api/booking/caregiver/working-hours')
          .set(li.auth)
          .send({ schedule: { mon: [{ start: '8:00', end: '25:00' }] } })
      ).status,
    ).toBe(400);
  });
});

describe('suspension', () => {
  const cg = () => li.caregiver.documentId;

  test('needs the caregivers.manage permission and a reason', async () => {
    const editor = await adminToken(app, 'strapi-editor');
    expect((await app.http().post(`/booking/caregivers/${cg()}/suspend`).set(editor.auth).send({ reason: '多次投诉' })).status).toBe(403);
    expect((await app.http().post(`/booking/caregivers/${cg()}/suspend`).set(ops.auth).send({})).status).toBe(400);
    expect(
      (await app.http().post(`/booking/caregivers/${cg()}/suspend`).set(ops.auth).send({ reason: '多次投诉', until: '2020-01-01T00:00:00+08:00' })).status,
    ).toBe(400);
  });

  test('a suspended caregiver is refused on caregiver routes and hidden from the public list, until lifted', async () => {
    await app.http().get('/api/booking/caregiver/orders').set(li.auth).expect(200);
    const until = new Date(Date.now() + 7 * DAY).toISOString();
    await app.http().post(`/booking/caregivers/${cg()}/suspend`).set(ops.auth).send({ reason: '服务中多次迟到', until }).expect(200);

    for (const call of [
      app.http().get('/api/booking/caregiver/orders').set(li.auth),
      app.http().post('/api/booking/caregiver/status').set(li.auth).send({ online: false }),
      app.http().put('/api/booking/caregiver/working-hours').set(li.auth).send({ schedule: {} }),
    ]) {
      const res = await call;
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe('您的账号已被暂停接单');
    }
    const listed = await app.http().get(`/api/booking/caregivers?serviceId=${service.documentId}`).expect(200);
    expect(listed.body.data.map((c: any) => c.documentId)).not.toContain(cg());
    expect((await app.http().get(`/api/booking/caregivers/${cg()}`)).status).toBe(404);

    await app.http().post(`/booking/caregivers/${cg()}/lift-suspension`).set(ops.auth).send({ reason: '已完成培训整改' }).expect(200);
    expect((await app.http().post(`/booking/caregivers/${cg()}/lift-suspension`).set(ops.auth).send({ reason: '再次解除' })).status).toBe(409);
    await app.http().get('/api/booking/caregiver/orders').set(li.auth).expect(200);

    // Indefinite suspension (no end date) blocks the same way.
    await app.http().post(`/booking/caregivers/${cg()}/suspend`).set(ops.auth).send({ reason: '涉嫌违规，调查中' }).expect(200);
    expect((await app.http().get('/api/booking/caregiver/orders').set(li.auth)).status).toBe(403);
    await app.http().post(`/booking/caregivers/${cg()}/lift-suspension`).set(ops.auth).send({ reason: '调查结束，无违规' }).expect(200);

    const logs = await app.strapi.db.query('plugin::booking.audit-log').findMany({ where: { subjectId: cg() }, orderBy: { id: 'asc' } });
    expect(logs.map((l: any) => l.action)).toEqual(['caregiver.suspend', 'caregiver.lift_suspension', 'caregiver.suspend', 'caregiver.lift_suspension']);
    expect(logs[0]).toMatchObject({
      adminId: ops.user.id,
      reason: '服务中多次迟到',
      before: expect.objectContaining({ suspendedUntil: null }),
      after: expect.objectContaining({ suspendedUntil: expect.any(String) }),
    });
    expect(logs[2].after).toMatchObject({ status: 'suspended' });
  });
});

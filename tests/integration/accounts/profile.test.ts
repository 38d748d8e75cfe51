import fs from 'node:fs';
import path from 'node:path';
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { startSmsGateway } from '../../helpers/sms';
import { graphql, signedInUser } from '../../helpers/users';

let app: TestApp;
let sms: Awaited<ReturnType<typeof startSmsGateway>>;
let alice: Awaited<ReturnType<typeof signedInUser>>;
let bob: Awaited<ReturnType<typeof signedInUser>>;
const users = () => app.strapi.db.query('plugin::users-permissions.user');
const HEALTH = '糖尿病，胰岛素治疗中';

beforeAll(async () => {
  sms = await startSmsGateway();
  app = await bootStrapi({ env: sms.env });
  alice = await signedInUser(app);
  bob = await signedInUser(app);
});

afterAll(async () => {
  await app?.stop();
  await sms?.gateway.close();
});

describe('profile and privacy', () => {
  it('reads my profile with safe privacy defaults', async () => {
    const res = await app.http().get('/api/booking/me').set(alice.auth).expect(200);
    expect(res.body.data).toEqual(
      expect.objectContaining({
        phone: alice.phone,
        privacy: { phoneVisibleToCaregiver: 'masked', allowAnalytics: false, marketingOptIn: false },
        hasPassword: false,
      }),
    );
  });

  it('updates name, gender, birth date, contact phone, health status and privacy settings', async () => {
    const res = await app
      .http()
      .put('/api/booking/me')
      .set(alice.auth)
      .send({
        displayName: '李华',
        gender: 'female',
        birthDate: '1988-04-12',
        contactPhone: '13912345678',
        healthStatus: HEALTH,
        privacy: { phoneVisibleToCaregiver: 'full', allowAnalytics: true },
      })
      .expect(200);
    expect(res.body.data).toEqual(
      expect.objectContaining({
        displayName: '李华',
        gender: 'female',
        birthDate: '1988-04-12',
        contactPhone: '13912345678',
        healthStatus: HEALTH,
        privacy: { phoneVisibleToCaregiver: 'full', allowAnalytics: true, marketingOptIn: false },
      }),
    );
    const raw = JSON.stringify(await app.strapi.db.connection('up_users').select('*'));
    expect(raw).not.toContain('胰岛素');
  });

  it('uploads an avatar', async () => {
    const png = fs.readFileSync(path.join(__dirname, '../../fixtures/red-2x2.png'));
    const res = await app.http().post('/api/booking/me/avatar').set(alice.auth).attach('file', png, 'me.png').expect(200);
    expect(res.body.data.avatar.url).toMatch(/^\/uploads\/.+\.png$/);
    const bad = await app.http().post('/api/booking/me/avatar').set(alice.auth).attach('file', Buffer.from('not an image'), 'me.txt');
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
  });

  it('records the accepted privacy policy version with the time', async () => {
    const before = Date.now();
    await app.http().post('/api/booking/me/consents').set(alice.auth).send({ document: 'privacy_policy', version: '2026-11-01' }).expect(200);
    const me = await app.http().get('/api/booking/me').set(alice.auth).expect(200);
    expect(me.body.data.privacyPolicyVersion).toBe('2026-11-01');
    expect(new Date(me.body.data.privacyConsentAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const consents = await app.http().get('/api/booking/me/consents').set(alice.auth).expect(200);
    expect(consents.body.data[0]).toEqual(expect.objectContaining({ document: 'privacy_policy', version: '2026-11-01' }));
  });

  it.each([
    ['oversized name', { displayName: '张'.repeat(31) }],
    ['bad phone', { contactPhone: '123' }],
    ['bad date', { birthDate: '1988-02-30' }],
    ['unknown privacy key', { privacy: { sellMyData: true } }],
    ['protected field', { blocked: false }],
    ['role escalation', { role: 1 }],
    ['oversized health text', { healthStatus: 'x'.repeat(2001) }],
  ])('refuses %s with 400 and changes nothing', async (_label, body) => {
    const before = await users().findOne({ where: { id: alice.user.id } });
    const res = await app.http().put('/api/booking/me').set(alice.auth).send(body);
    expect(res.status).toBe(400);
    const after = await users().findOne({ where: { id: alice.user.id } });
    expect(after.updatedAt).toEqual(before.updatedAt);
  });
});

describe('no route reaches another user’s account', () => {
  it('users-permissions routes refuse reading or changing another user', async () => {
    expect((await app.http().get(`/api/users/${alice.user.id}`).set(bob.auth)).status).toBe(403);
    expect((await app.http().put(`/api/users/${alice.user.id}`).set(bob.auth).send({ username: 'hacked' })).status).toBe(403);
    expect((await app.http().get('/api/users').set(bob.auth)).status).toBe(403);
    expect((await app.http().delete(`/api/users/${alice.user.id}`).set(bob.auth)).status).toBe(403);
  });

  it('GraphQL refuses reading or changing another user', async () => {
    const read = await graphql(app, bob.auth, 'query { usersPermissionsUsers { documentId phone } }');
    expect(read.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const write = await graphql(app, bob.auth, `mutation { updateUsersPermissionsUser(id: "${alice.user.id}", data: { username: "hacked" }) { data { id } } }`);
    expect(write.errors?.length).toBeGreaterThan(0);
    const alicesRow = await users().findOne({ where: { id: alice.user.id } });
    expect(alicesRow.username).not.toBe('hacked');
  });

  it('/me is always the caller', async () => {
    const res = await app.http().get('/api/booking/me').set(bob.auth).expect(200);
    expect(res.body.data.id).toBe(bob.user.id);
    expect(res.body.data.phone).toBe(bob.phone);
  });
});

describe('my data', () => {
  it('exports everything held about me as JSON', async () => {
    await app.http().post('/api/booking/patients').set(alice.auth).send({ name: '李父', relationship: 'parent', medicalHistory: '痛风' }).expect(201);
    const res = await app.http().get('/api/booking/me/export').set(alice.auth).expect(200);
    expect(res.headers['content-disposition']).toContain('my-data.json');
    expect(res.body.data.profile.healthStatus).toBe(HEALTH);
    expect(res.body.data.patients[0]).toEqual(expect.objectContaining({ name: '李父', medicalHistory: '痛风' }));
    expect(res.body.data.consents.length).toBeGreaterThan(0);
    expect(JSON.stringify(res.body)).not.toContain(bob.phone);
  });

  it('deletes my account after an SMS confirmation: personal data erased, sign-in impossible', async () => {
    const refused = await app.http().post('/api/booking/me/delete').set(alice.auth).send({ code: '123456', confirm: '注销' });
    expect(refused.status).toBe(400);

    // An order of Alice's, written directly: only its survival and anonymisation matter here.
    const { id: orderId } = await app.strapi.db.query('plugin::booking.order').create({
      data: {
        orderNo: '2026112599999999',
        userId: alice.user.id,
        patientId: 1,
        serviceDocumentId: 'svc',
        cityCode: '110100',
        status: 'completed',
        paymentStatus: 'paid',
        startAt: new Date(),
        endAt: new Date(),
        unit: 'per_visit',
        units: 1,
        placeType: 'home',
        address: { text: '北京市朝阳区某街道 8 号' },
        contactName: '李华',
        contactPhone: alice.phone,
        serviceSnapshot: { name: '打针输液' },
        priceLines: [],
        totalFen: 12800,
        paidFen: 12800,
        refundedFen: 0,
      },
    });
    await app.http().post('/api/booking/me/sms/send').set(alice.auth).send({ purpose: 'delete_account' }).expect(200);
    await app
      .http()
      .post('/api/booking/me/delete')
      .set(alice.auth)
      .send({ code: sms.lastCode(alice.phone), confirm: '注销账号' })
      .expect(200);

    const row = await users().findOne({ where: { id: alice.user.id } });
    expect(row).toEqual(expect.objectContaining({ phone: null, displayName: null, healthStatusCipher: null, blocked: true }));
    expect(row.username).toMatch(/^deleted_/);
    expect(await app.strapi.db.query('plugin::booking.patient').count({ where: { ownerId: alice.user.id } })).toBe(0);
    expect(await app.strapi.db.query('plugin::booking.sms-code').count({ where: { phone: alice.phone } })).toBe(0);
    // Orders are kept for accounting, without the person.
    const kept = await app.strapi.db.query('plugin::booking.order').findOne({ where: { id: orderId } });
    expect(kept).toEqual(expect.objectContaining({ userId: alice.user.id, contactName: '已注销用户', contactPhone: '', address: null, patientId: null }));
    expect(kept.totalFen).toBe(12800);
    // The old token no longer opens the account.
    const me = await app.http().get('/api/booking/me').set(alice.auth);
    expect([401, 403, 404]).toContain(me.status);
    // Signing in with the same phone later starts a new, empty account.
    const again = await app.strapi.plugin('booking').service('accounts').signInWithPhone(alice.phone);
    expect(again.user.id).not.toBe(alice.user.id);
  });
});

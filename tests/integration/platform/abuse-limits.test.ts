/**
 * Abuse limits of the public routes that write (issue 18 item 18): unverified payment callbacks, analytics events,
 * catalog search, WeChat website login starts, and the per-instance cap on SSE streams. Hammering past a limit
 * answers 429 RATE_LIMITED in Strapi's error shape and the table stops growing; traffic within the limits (and
 * every verified payment callback) still works; the counters are rows of the database, so every instance sharing
 * it sees the same limit. Client IPs come from X-Forwarded-For (TRUST_PROXY=true), as behind a load balancer.
 */
import type { AddressInfo } from 'node:net';
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { beijingAt, customerWithPatient, orderBody, serviceBySlug } from '../../helpers/orders';
import { signedInUser } from '../../helpers/users';
import { openSse, until, type SseClient } from '../../helpers/sse';
import { sandboxSignature } from '../../../src/plugins/booking/server/src/providers/payment/sandbox';

let app: TestApp;
const table = (uid: string) => app.strapi.db.query(uid as any);
const notifications = () => table('plugin::booking.payment-notification');
const analyticsEvents = () => table('plugin::booking.analytics-event');
const states = () => table('plugin::booking.oauth-state');
const counters = () => app.strapi.db.connection('booking_rate_counters');
const secret = () => process.env.PAYMENT_SANDBOX_SECRET as string;

beforeAll(async () => {
  app = await bootStrapi({
    env: {
      SEED_DEMO: 'true',
      TRUST_PROXY: 'true',
      WECHAT_WEB_APP_ID: 'wxweb00000000001',
      WECHAT_WEB_APP_SECRET: 'web-secret-for-tests',
      LIMIT_UNVERIFIED_CALLBACKS_PER_IP_PER_HOUR: '5',
      LIMIT_UNVERIFIED_CALLBACKS_PER_HOUR: '8',
      LIMIT_ANALYTICS_EVENTS_PER_IP_PER_MINUTE: '30',
      LIMIT_ANALYTICS_EVENTS_PER_MINUTE: '50',
      LIMIT_SEARCH_PER_IP_PER_MINUTE: '5',
      LIMIT_SEARCH_PER_MINUTE: '8',
      LIMIT_WECHAT_AUTHORIZE_PER_IP_PER_HOUR: '5',
      LIMIT_WECHAT_AUTHORIZE_PER_HOUR: '8',
      REALTIME_MAX_STREAMS_PER_INSTANCE: '2',
    },
  });
});

afterAll(async () => {
  await app?.stop();
});

/** Counters are fixed windows: start a burst well inside one, so a window boundary cannot reset it midway. */
async function awayFromWindowEnd(windowSeconds: number) {
  const left = windowSeconds * 1000 - (Date.now() % (windowSeconds * 1000));
  if (left < 10_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

function expectLimited(res: { status: number; body: any; headers: Record<string, string> }, limit: string) {
  expect(res.status).toBe(429);
  expect(res.body).toEqual({
    data: null,
    error: expect.objectContaining({ status: 429, name: 'TooManyRequestsError', details: expect.objectContaining({ code: 'RATE_LIMITED', limit }) }),
  });
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
}

const forged = (ip: string, n: number) =>
  app
    .http()
    .post('/api/booking/payments/notify/sandbox')
    .set('X-Forwarded-For', ip)
    .set('Content-Type', 'application/json')
    .set('x-sandbox-signature', 'f'.repeat(64))
    .send(JSON.stringify({ kind: 'payment', tradeNo: `FORGED${n}`, providerTxnId: `F${n}`, amountFen: 1, status: 'succeeded' }));

describe('payment callbacks whose signature does not verify', () => {
  it('are stored only up to the per-IP and global caps, then refused with 429; verified ones still apply', async () => {
    await awayFromWindowEnd(3600);
    const unverified = () => notifications().count({ where: { verified: false } });
    const before = await unverified();

    for (let i = 0; i < 5; i += 1) expect((await forged('203.0.113.1', i)).status).toBe(400);
    expectLimited(await forged('203.0.113.1', 5), 'unverified-callbacks:ip');
    // Another address has its own per-IP budget, but all of them share the global one (8).
    for (let i = 0; i < 3; i += 1) expect((await forged('203.0.113.2', i)).status).toBe(400);
    for (let i = 0; i < 5; i += 1) expectLimited(await forged(`203.0.113.${10 + i}`, i), 'unverified-callbacks:all');
    expect(await unverified()).toBe(before + 8);

    // A genuine callback from the exhausted address is verified first and never limited.
    const service = await serviceBySlug(app, 'full-escort');
    const customer = await customerWithPatient(app);
    const order = await app
      .http()
      .post('/api/booking/orders')
      .set(customer.auth)
      .send(orderBody(service, customer.patientId, { startAt: beijingAt(3, 10) }))
      .expect(201);
    const started = await app
      .http()
      .post(`/api/booking/orders/${order.body.data.documentId}/payments`)
      .set(customer.auth)
      .send({ channel: 'sandbox', scene: 'sandbox' })
      .expect(201);
    const { tradeNo, amountFen } = started.body.data.payment;
    const raw = JSON.stringify({ kind: 'payment', tradeNo, providerTxnId: 'SB-LIMITS-1', amountFen, status: 'succeeded' });
    await app
      .http()
      .post('/api/booking/payments/notify/sandbox')
      .set('X-Forwarded-For', '203.0.113.1')
      .set('Content-Type', 'application/json')
      .set('x-sandbox-signature', sandboxSignature(secret(), raw))
      .send(raw)
      .expect(200);
    expect(await table('plugin::booking.order').findOne({ where: { documentId: order.body.data.documentId } })).toEqual(
      expect.objectContaining({ paymentStatus: 'paid' }),
    );
    expect(await notifications().findOne({ where: { tradeNo } })).toEqual(expect.objectContaining({ verified: true, outcome: 'applied' }));
  });
});

describe('analytics events', () => {
  const ingest = (ip: string, count: number, deviceId: string) =>
    app
      .http()
      .post('/api/booking/analytics/events')
      .set('X-Forwarded-For', ip)
      .send({ deviceId, events: Array.from({ length: count }, () => ({ type: 'caregiver_view', caregiverId: 1, occurredAt: new Date().toISOString() })) });

  it('are limited by the rows they write, per IP and globally', async () => {
    await awayFromWindowEnd(60);
    const rows = (deviceId: string) => analyticsEvents().count({ where: { deviceId } });
    await ingest('198.51.100.1', 20, 'dev-limit-1').expect(202);
    expectLimited(await ingest('198.51.100.1', 20, 'dev-limit-1'), 'analytics-events:ip');
    // A refused batch counts nothing: the remaining 10 of the budget are still there.
    await ingest('198.51.100.1', 10, 'dev-limit-1').expect(202);
    expectLimited(await ingest('198.51.100.1', 1, 'dev-limit-1'), 'analytics-events:ip');
    expect(await rows('dev-limit-1')).toBe(30);

    await ingest('198.51.100.2', 20, 'dev-limit-2').expect(202);
    expectLimited(await ingest('198.51.100.3', 1, 'dev-limit-3'), 'analytics-events:all');
    expect(await rows('dev-limit-2')).toBe(20);
    expect(await rows('dev-limit-3')).toBe(0);
  });
});

describe('catalog search', () => {
  const search = (ip: string, deviceId: string) =>
    app
      .http()
      .get(`/api/booking/search?q=${encodeURIComponent('陪诊')}&deviceId=${deviceId}`)
      .set('X-Forwarded-For', ip);

  it('is limited per IP and globally, and stops logging when refused', async () => {
    await awayFromWindowEnd(60);
    const logged = (deviceId: string) => analyticsEvents().count({ where: { deviceId, type: 'search' } });
    for (let i = 0; i < 5; i += 1) await search('192.0.2.1', 'dev-search-1').expect(200);
    for (let i = 0; i < 5; i += 1) expectLimited(await search('192.0.2.1', 'dev-search-1'), 'search:ip');
    expect(await logged('dev-search-1')).toBe(5);
    for (let i = 0; i < 3; i += 1) await search('192.0.2.2', 'dev-search-2').expect(200);
    expectLimited(await search('192.0.2.3', 'dev-search-3'), 'search:all');
    expect(await logged('dev-search-3')).toBe(0);
  });

  it('counts in the database: a counter another instance wrote applies here', async () => {
    // What a second app on the same database leaves behind: the row of an exhausted window for this address.
    await awayFromWindowEnd(60);
    const start = Math.floor(Date.now() / 60_000) * 60_000;
    await counters().insert({ bucket: 'search:ip|60|192.0.2.99', window_start: start, hits: 5, expires_at: start + 60_000 });
    expectLimited(await app.http().get('/api/booking/search?q=test').set('X-Forwarded-For', '192.0.2.99'), 'search:ip');
    // The refusal counted nothing.
    const row = await counters().where({ bucket: 'search:ip|60|192.0.2.99', window_start: start }).first();
    expect(Number(row.hits)).toBe(5);
  });
});

describe('WeChat website login starts', () => {
  const authorize = (ip: string) =>
    app.http().get('/api/booking/auth/wechat/web/authorize').query({ redirectUri: 'https://h5.example.com/cb' }).set('X-Forwarded-For', ip);

  it('store a state only within the limits; the purge job deletes what expired', async () => {
    await awayFromWindowEnd(3600);
    const before = await states().count();
    for (let i = 0; i < 5; i += 1) await authorize('100.64.0.1').expect(200);
    expectLimited(await authorize('100.64.0.1'), 'wechat-authorize:ip');
    for (let i = 0; i < 3; i += 1) await authorize('100.64.0.2').expect(200);
    expectLimited(await authorize('100.64.0.3'), 'wechat-authorize:all');
    expect(await states().count()).toBe(before + 8);

    // A day later: states and counters have expired, unverified callbacks are still within their 30 days.
    const jobs = app.strapi.plugin('booking').service('jobs');
    const unverified = await notifications().count({ where: { verified: false } });
    expect(unverified).toBeGreaterThan(0);
    const dayLater = await jobs.run('purgeAbuseRecords', new Date(Date.now() + 86_400_000));
    expect(dayLater.processed).toBeGreaterThan(0);
    expect(await states().count()).toBe(0);
    expect(Number(((await counters().count({ n: '*' })) as Array<{ n: number | string }>)[0]?.n)).toBe(0);
    expect(await notifications().count({ where: { verified: false } })).toBe(unverified);
    // After the retention, unverified callbacks go too; verified ones stay for audit.
    const verified = await notifications().count({ where: { verified: true } });
    await jobs.run('purgeAbuseRecords', new Date(Date.now() + 31 * 86_400_000));
    expect(await notifications().count({ where: { verified: false } })).toBe(0);
    expect(await notifications().count({ where: { verified: true } })).toBe(verified);
    // The limits start afresh once the counters are gone.
    await authorize('100.64.0.1').expect(200);
  });
});

describe('SSE streams', () => {
  it('are capped per instance: past the cap a stream is refused with 429, and room frees up when one closes', async () => {
    const server = app.strapi.server.httpServer;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/booking/me/events`;
    const realtime = app.strapi.plugin('booking').service('realtime');
    const users = [await signedInUser(app), await signedInUser(app), await signedInUser(app)];
    const open: SseClient[] = [];
    try {
      for (const user of users.slice(0, 2)) {
        const stream = openSse(url, user.auth);
        open.push(stream);
        expect(await stream.status).toBe(200);
      }
      await until(() => realtime.streamCount() === 2, 5000, 'two streams');
      const refused = await app.http().get('/api/booking/me/events').set(users[2].auth);
      expectLimited(refused as any, 'realtime-streams');

      open[0].close();
      await until(() => realtime.streamCount() === 1, 5000, 'a stream to close');
      const third = openSse(url, users[2].auth);
      open.push(third);
      expect(await third.status).toBe(200);
    } finally {
      for (const stream of open) stream.close();
    }
  });
});

/**
 * In-app inbox, order-transition notices (inbox rows, SMS after commit) and the live event stream over a real HTTP
 * connection. On PostgreSQL the stream is fed by LISTEN/NOTIFY, proven by notifying from a separate connection,
 * the way another app instance would.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { bootStrapi, databaseClient, type TestApp } from '../../helpers/strapi';
import { startSmsGateway } from '../../helpers/sms';
import { signedInUser } from '../../helpers/users';

const { adminConnectionConfig } = require('../../helpers/pg-admin');

type User = Awaited<ReturnType<typeof signedInUser>>;
interface SseEvent {
  event: string;
  data: any;
}

let app: TestApp;
let sms: Awaited<ReturnType<typeof startSmsGateway>>;
let alice: User;
let bob: User;
let carol: User; // a caregiver's account
let baseUrl: string;
let orderCounter = 0;

const service = (name: string) => app.strapi.plugin('booking').service(name);
const inbox = () => app.strapi.db.query('plugin::booking.notification');
const pgOnly = databaseClient() === 'postgres' ? it : it.skip;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** A minimal EventSource over node's http client: collects frames, answers status and headers. */
function openStream(path: string, headers: Record<string, string> = {}) {
  const events: SseEvent[] = [];
  let raw = '';
  let all = '';
  let ended!: Promise<void>;
  let req!: http.ClientRequest;
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    req = http.get(`${baseUrl}${path}`, { headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
      res.setEncoding('utf8');
      ended = new Promise((done) => res.on('end', done));
      res.on('data', (chunk: string) => {
        all += chunk;
        raw += chunk;
        let end: number;
        while ((end = raw.indexOf('\n\n')) >= 0) {
          const frame = raw.slice(0, end);
          raw = raw.slice(end + 2);
          const event = /^event: (.*)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (event && data !== undefined) events.push({ event, data: JSON.parse(data) });
          else events.push({ event: frame.startsWith('retry:') ? 'retry' : 'comment', data: frame });
        }
      });
      resolve(res);
    });
    req.on('error', reject);
  });
  const next = (event: string, match: (data: any) => boolean = () => true, timeoutMs?: number) =>
    until(() => events.find((e) => e.event === event && match(e.data)), `event ${event}`, timeoutMs);
  /** The whole body, for answers that are not a stream (errors). */
  const json = async () => {
    await response;
    await ended;
    return JSON.parse(all);
  };
  return { events, response, next, json, close: () => req.destroy() };
}

function createOrder(overrides: Record<string, unknown> = {}) {
  orderCounter += 1;
  return app.strapi.db.query('plugin::booking.order').create({
    data: {
      orderNo: `CE26050300${String(orderCounter).padStart(2, '0')}`,
      userId: alice.user.id,
      caregiverUserId: carol.user.id,
      serviceId: 1,
      cityCode: '110000',
      status: 'accepted',
      startAt: new Date('2026-05-03T00:30:00Z'),
      endAt: new Date('2026-05-03T04:30:00Z'),
      unit: 'hour',
      units: 4,
      placeType: 'hospital',
      contactName: '王秀英',
      contactPhone: alice.phone,
      serviceSnapshot: { name: '医院陪诊' },
      priceLines: [],
      totalFen: 20000,
      ...overrides,
    },
  });
}

const orderSms = (phone: string) => sms.gateway.messages.filter((m) => m.phone === phone && m.templateCode === 'SMS_480000002');

beforeAll(async () => {
  sms = await startSmsGateway();
  app = await bootStrapi({ env: sms.env });
  [alice, bob, carol] = [await signedInUser(app), await signedInUser(app), await signedInUser(app)];
  const server = app.strapi.server.httpServer;
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.stop();
  await sms?.gateway.close();
});

describe('inbox (站内消息)', () => {
  let aliceIds: number[];
  let bobId: number;

  beforeAll(async () => {
    aliceIds = [];
    for (const n of [1, 2, 3])
      aliceIds.push((await service('notifications').notify(alice.user.id, { kind: 'system', title: `消息 ${n}`, body: `内容 ${n}` })).id);
    bobId = (await service('notifications').notify(bob.user.id, { kind: 'system', title: '别人的消息', body: '内容' })).id;
  });

  it('lists only the caller’s messages, newest first, with pagination', async () => {
    const res = await app.http().get('/api/booking/notifications').set(alice.auth).expect(200);
    expect(res.body.data.map((n: any) => n.title)).toEqual(['消息 3', '消息 2', '消息 1']);
    expect(res.body.data[0]).toEqual(expect.objectContaining({ kind: 'system', body: '内容 3', readAt: null }));
    expect(res.body.meta.pagination).toEqual({ page: 1, pageSize: 20, pageCount: 1, total: 3 });
    const page2 = await app.http().get('/api/booking/notifications?page=2&pageSize=2').set(alice.auth).expect(200);
    expect(page2.body.data.map((n: any) => n.title)).toEqual(['消息 1']);
    await app.http().get('/api/booking/notifications?pageSize=51').set(alice.auth).expect(400);
    await app.http().get('/api/booking/notifications?unreadOnly=yes').set(alice.auth).expect(400);
  });

  it('marks only the caller’s own messages read; another user’s id is silently untouched', async () => {
    const res = await app
      .http()
      .post('/api/booking/notifications/read')
      .set(alice.auth)
      .send({ ids: [aliceIds[0], bobId] })
      .expect(200);
    expect(res.body.data).toEqual({ count: 1, unreadCount: 2 });
    expect((await inbox().findOne({ where: { id: bobId } })).readAt).toBeNull();
    const unread = await app.http().get('/api/booking/notifications?unreadOnly=true').set(alice.auth).expect(200);
    expect(unread.body.data.map((n: any) => n.id)).toEqual([aliceIds[2], aliceIds[1]]);
    const count = await app.http().get('/api/booking/notifications/unread-count').set(alice.auth).expect(200);
    expect(count.body.data).toEqual({ unreadCount: 2 });
  });

  it('marks all read, and refuses malformed bodies', async () => {
    const res = await app.http().post('/api/booking/notifications/read').set(alice.auth).send({ all: true }).expect(200);
    expect(res.body.data).toEqual({ count: 2, unreadCount: 0 });
    expect(await service('notifications').unreadCount(bob.user.id)).toBe(1);
    for (const body of [{}, { ids: [] }, { ids: Array.from({ length: 101 }, (_, i) => i + 1) }, { all: false }, { ids: [1], all: true }]) {
      await app.http().post('/api/booking/notifications/read').set(alice.auth).send(body).expect(400);
    }
  });
});

describe('order transition notices', () => {
  it('writes inbox rows for user and caregiver in the transaction and texts the user after the commit', async () => {
    const order = await createOrder();
    const before = orderSms(alice.phone).length;
    await app.strapi.db.transaction(async ({ trx }) => {
      await service('notifications').onOrderTransition({ order, from: 'pending_acceptance', to: 'accepted', action: 'accept', actorType: 'caregiver' }, trx);
      // Not yet committed: nothing may have been texted.
      expect(orderSms(alice.phone).length).toBe(before);
    });
    const mine = await inbox().findMany({ where: { orderId: order.id } });
    expect(mine.map((n: any) => [n.userId, n.kind, n.title]).sort()).toEqual(
      [
        [alice.user.id, 'order_accepted', '陪护人员已接单'],
        [carol.user.id, 'order_assigned', '您有新的服务订单'],
      ].sort(),
    );
    expect(mine[0].data).toEqual(expect.objectContaining({ orderNo: order.orderNo, status: 'accepted', action: 'accept' }));
    const text = await until(() => orderSms(alice.phone)[before], 'the order_update SMS');
    expect(text.params).toEqual({ orderNo: order.orderNo, status: '待服务' });
    expect(orderSms(carol.phone)).toHaveLength(0);
  });

  it('writes nothing and texts nobody when the transaction rolls back', async () => {
    const order = await createOrder();
    const before = sms.gateway.messages.length;
    await expect(
      // No trx passed, as order-lifecycle calls it: the surrounding transaction is found all the same.
      app.strapi.db.transaction(async () => {
        await service('notifications').onOrderTransition({ order, from: 'accepted', to: 'cancelled', action: 'cancel', actorType: 'operator' });
        throw new Error('transition failed later');
      }),
    ).rejects.toThrow('transition failed later');
    await sleep(300);
    expect(await inbox().count({ where: { orderId: order.id } })).toBe(0);
    expect(sms.gateway.messages.length).toBe(before);
  });

  it('tells both parties of a cancellation, and a failing SMS gateway does not fail the transition', async () => {
    const order = await createOrder({ status: 'cancelled' });
    sms.gateway.setNextError('isv.OUT_OF_SERVICE', '业务停机');
    const rows = await service('notifications').onOrderTransition({ order, from: 'accepted', to: 'cancelled', action: 'cancel', actorType: 'user' });
    expect(rows.map((r: any) => [r.userId, r.title])).toEqual([
      [alice.user.id, '订单已取消'],
      [carol.user.id, '订单已取消'],
    ]);
  });

  it('texts the user when an unpaid order times out', async () => {
    const order = await createOrder({ status: 'cancelled', caregiverUserId: null });
    const before = orderSms(alice.phone).length;
    await service('notifications').onOrderTransition({ order, from: 'pending_payment', to: 'cancelled', action: 'timeout_cancel', actorType: 'system' });
    expect(orderSms(alice.phone)[before]?.params).toEqual({ orderNo: order.orderNo, status: '已取消' });
    expect((await inbox().findOne({ where: { orderId: order.id } })).title).toBe('订单超时未支付已取消');
  });
});

describe('live events (GET /api/booking/me/events)', () => {
  it('streams events to the signed-in user only, with SSE headers, retry hint and a ready baseline', async () => {
    const mine = openStream('/api/booking/me/events', alice.auth);
    const other = openStream('/api/booking/me/events', bob.auth);
    const res = await mine.response;
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(res.headers['cache-control']).toContain('no-cache');
    expect((await mine.next('ready')).data).toEqual({ unreadCount: expect.any(Number) });
    await other.next('ready');
    expect(mine.events[0]).toEqual({ event: 'retry', data: 'retry: 5000' });

    await service('realtime').publish(alice.user.id, { kind: 'test', data: { hello: '世界' } });
    expect((await mine.next('test')).data).toEqual({ hello: '世界' });
    const note = await service('notifications').notify(alice.user.id, { kind: 'system', title: '实时消息', body: '内容' });
    expect((await mine.next('notification')).data).toEqual(expect.objectContaining({ id: note.id, kind: 'system', title: '实时消息' }));
    await sleep(200);
    expect(other.events.filter((e) => e.event === 'test' || e.event === 'notification')).toEqual([]);

    const open = service('realtime').streamCount();
    mine.close();
    other.close();
    await until(() => service('realtime').streamCount() === open - 2 || undefined, 'streams to be unsubscribed');
  });

  it('accepts ?access_token= (EventSource cannot send headers) and delivers only committed events', async () => {
    const stream = openStream(`/api/booking/me/events?access_token=${encodeURIComponent(alice.jwt)}`);
    expect((await stream.response).statusCode).toBe(200);
    await stream.next('ready');
    await app.strapi.db
      .transaction(async ({ trx }) => {
        await service('realtime').publish(alice.user.id, { kind: 'rolled_back', data: {} }, trx);
        throw new Error('rollback');
      })
      .catch(() => undefined);
    await app.strapi.db.transaction(async ({ trx }) => {
      await service('realtime').publish(alice.user.id, { kind: 'committed', data: { n: 1 } }, trx);
      await sleep(100);
      expect(stream.events.some((e) => e.event === 'committed')).toBe(false);
    });
    await stream.next('committed');
    expect(stream.events.some((e) => e.event === 'rolled_back')).toBe(false);
    stream.close();
  });

  it('answers 401 in Strapi’s error shape for a missing, bad or malformed credential', async () => {
    for (const [path, headers] of [
      ['/api/booking/me/events', {}],
      ['/api/booking/me/events?access_token=not-a-jwt', {}],
      ['/api/booking/me/events', { Authorization: 'Bearer not-a-jwt' }],
      ['/api/booking/me/events', { Authorization: `Token ${alice.jwt}` }],
    ] as Array<[string, Record<string, string>]>) {
      const stream = openStream(path, headers);
      expect((await stream.response).statusCode).toBe(401);
      const body = await stream.json();
      expect(body).toEqual({ data: null, error: expect.objectContaining({ status: 401, name: 'UnauthorizedError' }) });
    }
  });

  it('keeps access_token out of the request log, also when validation rejects the request (issue 18 item 17)', async () => {
    const logged: string[] = [];
    const spy = jest.spyOn(app.strapi.log, 'http').mockImplementation(((line: string) => {
      logged.push(String(line));
    }) as any);
    try {
      const rejected = await app.http().get(`/api/booking/me/events?access_token=${encodeURIComponent(alice.jwt)}&unexpected=1`);
      expect(rejected.status).toBe(400);
      const tooLong = await app.http().get(`/api/booking/me/events?access_token=${'x'.repeat(5000)}`);
      expect(tooLong.status).toBe(400);
    } finally {
      spy.mockRestore();
    }
    const lines = logged.filter((l) => l.includes('/api/booking/me/events'));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain(alice.jwt);
      expect(line).not.toContain('xxxxxxxx');
      expect(line).toContain('access_token=[REDACTED]');
    }
  });

  it('answers 403 when the role is not granted the stream action (revocable like any route)', async () => {
    const permissions = app.strapi.db.query('plugin::users-permissions.permission');
    const grant = await permissions.findOne({
      where: { action: 'plugin::booking.notifications.stream', role: { type: 'authenticated' } },
      populate: ['role'],
    });
    await permissions.delete({ where: { id: grant.id } });
    const stream = openStream(`/api/booking/me/events?access_token=${encodeURIComponent(alice.jwt)}`);
    expect((await stream.response).statusCode).toBe(403);
    await permissions.create({ data: { action: grant.action, role: grant.role.id } });
  });

  pgOnly('delivers a NOTIFY raised by another connection (another app instance) through LISTEN', async () => {
    const stream = openStream('/api/booking/me/events', alice.auth);
    await stream.next('ready');
    const other = new Client({ ...adminConnectionConfig(), database: app.databaseName });
    await other.connect();
    try {
      const payload = JSON.stringify({ userId: alice.user.id, kind: 'from_elsewhere', data: { orderId: 42 } });
      await other.query('select pg_notify($1, $2)', ['booking_events', payload]);
      expect((await stream.next('from_elsewhere')).data).toEqual({ orderId: 42 });

      // The LISTEN connection is cut: the instance reconnects, tells streams to resync, and hears NOTIFY again.
      await other.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'booking-realtime' and datname = current_database()");
      await stream.next('resync', undefined, 10_000);
      await other.query('select pg_notify($1, $2)', ['booking_events', JSON.stringify({ userId: alice.user.id, kind: 'after_reconnect', data: {} })]);
      await stream.next('after_reconnect');
    } finally {
      await other.end();
      stream.close();
    }
  });
});

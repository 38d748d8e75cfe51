/**
 * Behaviour analytics: event ingestion (anonymous by device, signed-in with the privacy setting honoured),
 * server-recorded order events, catalog search over Chinese text with its search events, and the keyword and
 * funnel figures against a generated event set.
 */
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { adminToken, beijingAt, customerWithPatient, orderBody, serviceBySlug } from '../../helpers/orders';
import { signedInUser } from '../../helpers/users';
import { addDays, bj, bjMidnight, HOUR, parseCsv, rng } from './dataset';

let app: TestApp;
let admin: { auth: Record<string, string> };
let venous: any;
const now = Date.now();
const today = bj(now);
const events = () => app.strapi.db.query('plugin::booking.analytics-event');
const users = () => app.strapi.db.query('plugin::users-permissions.user');
const ingest = (body: object, auth: Record<string, string> = {}) => app.http().post('/api/booking/analytics/events').set(auth).send(body);
const view = (extra: Record<string, unknown> = {}) => ({
  type: 'service_view',
  occurredAt: new Date().toISOString(),
  serviceDocumentId: venous.documentId,
  ...extra,
});
const search = (q: string, extra = '') => app.http().get(`/api/booking/search?q=${encodeURIComponent(q)}${extra}`);

beforeAll(async () => {
  app = await bootStrapi({ env: { SEED_DEMO: 'true' } });
  admin = await adminToken(app);
  venous = await app.strapi
    .documents('api::service.service')
    .findFirst({ filters: { name: '静脉采血' }, status: 'published', locale: 'zh-Hans', populate: { category: true } } as any);
});

afterAll(async () => {
  await app?.stop();
});

describe('event ingestion', () => {
  it('records anonymous events by device, with the category from the catalog', async () => {
    const res = await ingest({
      deviceId: 'dev-anon-0001',
      sessionId: 'sess-0001',
      events: [view(), view({ type: 'checkout_step', step: 'select_time' })],
    }).expect(202);
    expect(res.body.data).toEqual({ accepted: 2, dropped: 0, reasons: {} });
    const rows = await events().findMany({ where: { deviceId: 'dev-anon-0001' } });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual(expect.objectContaining({ userId: null, sessionId: 'sess-0001', categorySlug: venous.category.slug, source: 'client' }));
  });

  it('drops every event of a user who has not allowed analytics, and keeps those of one who has', async () => {
    const optedOut = await signedInUser(app);
    const res = await ingest({ deviceId: 'dev-user-0001', events: [view(), view()] }, optedOut.auth).expect(202);
    expect(res.body.data).toEqual({ accepted: 0, dropped: 2, reasons: { analytics_disabled: 2 } });
    expect(await events().count({ where: { deviceId: 'dev-user-0001' } })).toBe(0);

    await app
      .http()
      .put('/api/booking/me')
      .set(optedOut.auth)
      .send({ privacy: { allowAnalytics: true } })
      .expect(200);
    const again = await ingest({ events: [view()] }, optedOut.auth).expect(202);
    expect(again.body.data.accepted).toBe(1);
    expect(await events().count({ where: { userId: optedOut.user.id } })).toBe(1);
  });

  it('drops events outside the time window and refuses bad batches', async () => {
    const stale = await ingest({ deviceId: 'dev-anon-0002', events: [view({ occurredAt: new Date(now - 8 * 24 * HOUR).toISOString() }), view()] }).expect(202);
    expect(stale.body.data).toEqual({ accepted: 1, dropped: 1, reasons: { out_of_time_window: 1 } });
    await ingest({ events: [view()] }).expect(400); // anonymous without a device
    await ingest({ deviceId: 'dev-anon-0002', events: [view({ type: 'order_paid' })] }).expect(400); // server-only type
    await ingest({ deviceId: 'dev-anon-0002', events: Array.from({ length: 101 }, () => view()) }).expect(400);
    await ingest({ deviceId: 'dev-anon-0002', events: [] }).expect(400);
    await ingest({ deviceId: 'dev-anon-0002', events: [view({ userId: 5 })] }).expect(400);
    await ingest({ deviceId: 'dev-anon-0002', events: [view()] }, { Authorization: 'Bearer not-a-token' }).expect(401);
  });

  it('records order events on the server for consenting users only', async () => {
    const service = await serviceBySlug(app, 'full-escort');
    const lifecycle = app.strapi.plugin('booking').service('order-lifecycle');
    const run = async (allow: boolean) => {
      const customer = await customerWithPatient(app);
      await users().update({ where: { id: customer.user.id }, data: { allowAnalytics: allow } });
      const res = await app
        .http()
        .post('/api/booking/orders')
        .set(customer.auth)
        .send(orderBody(service, customer.patientId, { startAt: beijingAt(3, 9) }))
        .expect(201);
      const order = await app.strapi.db.query('plugin::booking.order').findOne({ where: { documentId: res.body.data.documentId } });
      await lifecycle.markPaid(order.id, { amountFen: order.totalFen, reference: `an-${order.id}` });
      await lifecycle.cancel(order.id, { type: 'user', id: customer.user.id }, '计划有变');
      return { order, rows: await events().findMany({ where: { orderId: order.id }, orderBy: { id: 'asc' } }) };
    };
    const yes = await run(true);
    expect(yes.order.serviceSnapshot.categorySlug).toEqual(expect.any(String));
    expect(yes.rows.map((r: any) => r.type)).toEqual(['order_submitted', 'order_paid', 'order_cancelled']);
    expect(yes.rows[1]).toEqual(
      expect.objectContaining({
        source: 'server',
        categorySlug: yes.order.serviceSnapshot.categorySlug,
        amountFen: yes.order.totalFen,
        cityCode: yes.order.cityCode,
      }),
    );
    expect((await run(false)).rows).toEqual([]);
  });
});

describe('catalog search', () => {
  it.each([
    ['采血', '静脉采血'],
    ['打针', '打针输液'],
    ['上门打针', '打针输液'],
  ])('%s finds %s', async (q, name) => {
    const res = await search(q, '&deviceId=dev-search-01').expect(200);
    expect(res.body.data.map((s: any) => s.name)).toContain(name);
    expect(res.body.meta.pagination.total).toBe(res.body.data.length);
  });

  it('ranks name hits above summary hits', async () => {
    const res = await search('采血').expect(200);
    const kinds = res.body.data.map((s: any) => s.matchedIn);
    expect(kinds[0]).toBe('name');
    expect(kinds.lastIndexOf('name')).toBeLessThan(kinds.indexOf('summary') === -1 ? Infinity : kinds.indexOf('summary'));
  });

  it('records searches with their result count, and no-result keywords show up in the figures', async () => {
    await search('火星旅行', '&deviceId=dev-search-01').expect(200);
    await search('火星旅行', '&deviceId=dev-search-02').expect(200);
    const none = await search('火星旅行').expect(200); // anonymous without a device: answered, not recorded
    expect(none.body).toEqual({ data: [], meta: { query: '火星旅行', pagination: { page: 1, pageSize: 10, total: 0 } } });
    const rows = await events().findMany({ where: { type: 'search', keyword: '火星旅行' } });
    expect(rows).toHaveLength(2);
    expect(rows[0].resultsCount).toBe(0);
    const figures = await app.http().get(`/booking/analytics/keywords?from=${today}&to=${today}&noResults=true`).set(admin.auth).expect(200);
    expect(figures.body.data).toEqual([{ keyword: '火星旅行', searches: 2, noResultSearches: 2, searchers: 2 }]);
  });

  it('filters by city and refuses bad input', async () => {
    expect((await search('采血', '&cityCode=999999').expect(200)).body.data).toEqual([]);
    await search('').expect(400);
    await search('采血'.repeat(11)).expect(400);
    await app.http().get('/api/booking/search?q=a&sort=name').expect(400);
    expect((await search('100%_!').expect(200)).body.data).toEqual([]);
  });
});

describe('keyword and funnel figures', () => {
  const from = addDays(today, -5);
  const to = addDays(today, -1);
  const generated: any[] = [];

  beforeAll(async () => {
    const r = rng(3);
    const keywords = ['陪诊', '采血', '打针', '陪诊,"挂号"', '=1+1', '住院陪护'];
    const categories = ['escort', 'nursing', 'care'];
    for (let i = 0; i < 400; i += 1) {
      const day = addDays(today, -r.int(1, 6)); // day 6 is outside the range on purpose
      const at = new Date(bjMidnight(day) + r.int(0, 86_399) * 1000);
      const person = r.next() < 0.5 ? { userId: r.int(1, 15), deviceId: null } : { userId: null, deviceId: `dev-gen-${r.int(1, 20)}` };
      const type = r.pick(['search', 'service_view', 'service_view', 'order_submitted', 'order_paid', 'order_completed']);
      const row = {
        ...person,
        type,
        source: 'server',
        occurredAt: at,
        receivedAt: at,
        categorySlug: type === 'search' ? null : r.pick(categories),
        keyword: type === 'search' ? r.pick(keywords) : null,
        resultsCount: type === 'search' ? r.int(0, 2) : null,
      };
      generated.push(row);
    }
    await events().createMany({ data: generated });
  });

  const inRange = (e: any) => bj(e.occurredAt.getTime()) >= from && bj(e.occurredAt.getTime()) <= to;
  const actor = (e: any) => (e.userId ? `u${e.userId}` : `d${e.deviceId}`);

  it('top keywords and no-result keywords', async () => {
    const res = await app.http().get(`/booking/analytics/keywords?from=${from}&to=${to}`).set(admin.auth).expect(200);
    const expected = new Map<string, any>();
    for (const e of generated.filter((x) => x.type === 'search' && inRange(x))) {
      const k = expected.get(e.keyword) ?? { keyword: e.keyword, searches: 0, noResultSearches: 0, people: new Set() };
      k.searches += 1;
      k.noResultSearches += e.resultsCount === 0 ? 1 : 0;
      k.people.add(actor(e));
      expected.set(e.keyword, k);
    }
    const want = [...expected.values()].map((k) => ({
      keyword: k.keyword,
      searches: k.searches,
      noResultSearches: k.noResultSearches,
      searchers: k.people.size,
    }));
    const sorted = [...res.body.data].sort((a: any, b: any) => a.keyword.localeCompare(b.keyword));
    expect(sorted).toEqual(want.sort((a, b) => a.keyword.localeCompare(b.keyword)));
    for (let i = 1; i < res.body.data.length; i += 1) expect(res.body.data[i - 1].searches).toBeGreaterThanOrEqual(res.body.data[i].searches);

    const csv = await app.http().get(`/booking/analytics/keywords?from=${from}&to=${to}&format=csv`).set(admin.auth).expect(200);
    const table = parseCsv(csv.text.slice(1));
    expect(table[0]).toEqual(['关键词', '搜索次数', '无结果次数', '搜索人数']);
    expect(
      table
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(want.map((k) => (k.keyword.startsWith('=') ? `'${k.keyword}` : k.keyword)).sort());
  });

  it('view → order → pay → complete funnel by category, distinct people per step', async () => {
    const res = await app.http().get(`/booking/analytics/funnel?from=${from}&to=${to}`).set(admin.auth).expect(200);
    const steps = ['service_view', 'order_submitted', 'order_paid', 'order_completed'];
    const count = (category: string | null, step: string) =>
      new Set(generated.filter((e) => e.type === step && inRange(e) && (category === null || e.categorySlug === category)).map(actor)).size;
    const byCategory = Object.fromEntries(res.body.data.map((r: any) => [r.categorySlug, [r.viewers, r.submitters, r.payers, r.completers]]));
    expect(byCategory['']).toEqual(steps.map((s) => count(null, s)));
    for (const c of ['escort', 'nursing', 'care']) expect(byCategory[c]).toEqual(steps.map((s) => count(c, s)));
    expect(res.body.data[0].viewToOrder).toBe(Math.round((count(null, 'order_submitted') / count(null, 'service_view')) * 10000) / 10000);
  });
});

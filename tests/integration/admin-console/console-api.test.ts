/**
 * The admin routes behind the operators' console: seeded operator roles (idempotent, never undoing an operator's
 * edits) and what each role may call, the first admin's language, the order search box and filters, the order
 * drawer's detail, the caregiver, review and alert lists, audit-queue filters, and bad input.
 */
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { adminToken, beijingAt, BEIJING, customerWithPatient, orderBody, serviceBySlug } from '../../helpers/orders';
import { dispatchableCaregiver, paidOrder } from '../../helpers/dispatch';
import { seedOperatorRoles } from '../../../src/plugins/booking/server/src/admin-roles';

const FIRST_ADMIN = 'owner@example.com';
let app: TestApp;
let service: any;
let customer: Awaited<ReturnType<typeof customerWithPatient>>;
let supervisor: Awaited<ReturnType<typeof adminToken>>;
let auditor: Awaited<ReturnType<typeof adminToken>>;
let dispatcher: Awaited<ReturnType<typeof adminToken>>;
let serviceDesk: Awaited<ReturnType<typeof adminToken>>;
let assignedOrder: any;
let openOrder: any;
let caregiverName: string;

const roleByCode = (code: string) => app.strapi.db.query('admin::role').findOne({ where: { code } });
const actionsOf = async (roleId: number) =>
  (await app.strapi.db.query('admin::permission').findMany({ where: { role: roleId }, select: ['action'] })).map((p: any) => p.action).sort();

beforeAll(async () => {
  app = await bootStrapi({ env: { SEED_DEMO: 'true', ADMIN_EMAIL: FIRST_ADMIN, ADMIN_PASSWORD: 'Owner2026pass' } });
  service = await serviceBySlug(app, 'full-escort');
  customer = await customerWithPatient(app);
  [supervisor, auditor, dispatcher, serviceDesk] = await Promise.all([
    adminToken(app, 'booking-supervisor'),
    adminToken(app, 'booking-auditor'),
    adminToken(app, 'booking-dispatcher'),
    adminToken(app, 'booking-service-desk'),
  ]);
  const caregiver = await dispatchableCaregiver(app, service, { name: '李桂香' });
  caregiverName = caregiver.caregiver.realName;
  // One order the dispatcher assigned to 李桂香, one waiting, one unpaid with another contact phone.
  assignedOrder = await paidOrder(app, customer, orderBody(service, customer.patientId, { startAt: beijingAt(2, 9), contactPhone: '13911112222' }));
  await app
    .http()
    .post(`/booking/dispatch/orders/${assignedOrder.documentId}/assign`)
    .set(dispatcher.auth)
    .send({ caregiverId: caregiver.caregiver.documentId })
    .expect(200);
  openOrder = await paidOrder(app, customer, orderBody(service, customer.patientId, { startAt: beijingAt(4, 9), contactPhone: '13833334444' }));
  await app
    .http()
    .post('/api/booking/orders')
    .set(customer.auth)
    .send(orderBody(service, customer.patientId, { startAt: beijingAt(5, 9), contactPhone: '13755556666' }))
    .expect(201);
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

describe('seeded operator roles', () => {
  it('creates 审核员, 调度员, 客服, 财务 and 运营主管 with their booking permissions', async () => {
    const expected: Record<string, string[]> = {
      'booking-auditor': ['caregivers.read', 'credentials.audit'],
      'booking-dispatcher': ['caregivers.read', 'dispatch.assign', 'orders.manage', 'orders.read'],
      'booking-service-desk': ['caregivers.read', 'complaints.handle', 'orders.read', 'reviews.moderate', 'suggestions.handle'],
      'booking-finance': ['analytics.read', 'caregivers.read', 'orders.read', 'settlement.manage', 'settlement.pay', 'settlement.read'],
    };
    for (const [code, actions] of Object.entries(expected)) {
      const role = await roleByCode(code);
      expect(await actionsOf(role.id)).toEqual(actions.map((a) => `plugin::booking.${a}`));
    }
    expect((await roleByCode('booking-supervisor')).name).toBe('运营主管');
    // The supervisor holds every permission the plugin registers.
    expect((await actionsOf((await roleByCode('booking-supervisor')).id)).length).toBe(15);
  });

  it('each role reaches its own routes and gets 403 on the others', async () => {
    const order = `/booking/dispatch/orders/${openOrder.documentId}`;
    await app.http().get(`${order}/candidates`).set(auditor.auth).expect(403);
    await app.http().post(`${order}/assign`).set(auditor.auth).send({ caregiverId: 'abcdefghij1234567890abcd' }).expect(403);
    await app.http().get('/booking/orders').set(auditor.auth).expect(403);
    await app.http().get('/booking/audit/applications').set(auditor.auth).expect(200);
    await app.http().get('/booking/audit/applications').set(dispatcher.auth).expect(403);
    await app.http().get('/booking/complaints').set(dispatcher.auth).expect(403);
    await app.http().get('/booking/reviews').set(serviceDesk.auth).expect(200);
    await app.http().get('/booking/analytics/funnel?from=2026-01-01&to=2026-01-31').set(serviceDesk.auth).expect(403);
    await app.http().get('/booking/risk/freezes').set(dispatcher.auth).expect(403);
    await app.http().post('/booking/caregivers/abcdefghij1234567890abcd/suspend').set(serviceDesk.auth).send({ reason: '测试' }).expect(403);
    await app.http().get('/booking/caregivers').set(serviceDesk.auth).expect(200);
    await app.http().get('/booking/risk/freezes').set(supervisor.auth).expect(200);
    // Filter choices for every seeded role.
    const options = await app.http().get('/booking/console/options').set(auditor.auth).expect(200);
    expect(options.body.data.cities.map((c: any) => c.code)).toContain(BEIJING);
    expect(options.body.data.services.map((s: any) => s.documentId)).toContain(service.documentId);
    await app.http().get('/booking/console/options').expect(401);
  });

  it('re-seeding never undoes an operator: removed actions stay removed, renames stay, deleted roles stay deleted', async () => {
    const dispatcherRole = await roleByCode('booking-dispatcher');
    await app.strapi.db.query('admin::permission').deleteMany({ where: { role: dispatcherRole.id, action: 'plugin::booking.orders.manage' } });
    await app.strapi.db.query('admin::role').update({ where: { id: dispatcherRole.id }, data: { name: '夜班调度' } });
    const auditorRole = await roleByCode('booking-auditor');
    await app.strapi.db.query('admin::permission').deleteMany({ where: { role: auditorRole.id } });
    await app.strapi.db.query('admin::role').delete({ where: { id: auditorRole.id } });
    const rolesBefore = await app.strapi.db.query('admin::role').count();

    await seedOperatorRoles(app.strapi);
    await seedOperatorRoles(app.strapi);

    const after = await roleByCode('booking-dispatcher');
    expect(after.name).toBe('夜班调度');
    expect(await actionsOf(after.id)).not.toContain('plugin::booking.orders.manage');
    expect(await actionsOf(after.id)).toContain('plugin::booking.dispatch.assign');
    expect(await roleByCode('booking-auditor')).toBeNull();
    expect(await app.strapi.db.query('admin::role').count()).toBe(rolesBefore);
  });

  it('the first admin opens the panel in Chinese', async () => {
    const owner = await app.strapi.db.query('admin::user').findOne({ where: { email: FIRST_ADMIN } });
    expect(owner.preferedLanguage).toBe('zh-Hans');
  });
});

describe('order search', () => {
  const search = async (query: Record<string, string>) => {
    const res = await app.http().get('/booking/orders').query(query).set(dispatcher.auth).expect(200);
    return res.body.data.map((o: any) => o.orderNo).sort();
  };

  it('finds by full order number, part of it, phone tail and caregiver name', async () => {
    expect(await search({ q: assignedOrder.orderNo })).toEqual([assignedOrder.orderNo]);
    expect(await search({ q: openOrder.orderNo.slice(-8) })).toEqual([openOrder.orderNo]);
    expect(await search({ q: '4444' })).toEqual([openOrder.orderNo]);
    expect(await search({ q: caregiverName })).toEqual([assignedOrder.orderNo]);
    expect(await search({ q: '没有这个人' })).toEqual([]);
    // The account's own phone tail finds every order it placed, whatever the contact on the order.
    const all = await search({});
    expect(all).toHaveLength(3);
    expect(await search({ q: customer.phone.slice(-4) })).toEqual(all);
  });

  it('filters by status, city, service and service date, and pages on the server', async () => {
    expect(await search({ status: 'accepted' })).toEqual([assignedOrder.orderNo]);
    expect(await search({ status: 'pending_acceptance,accepted' })).toEqual([assignedOrder.orderNo, openOrder.orderNo].sort());
    expect(await search({ cityCode: '310100' })).toEqual([]);
    expect(await search({ serviceId: service.documentId, q: '4444' })).toEqual([openOrder.orderNo]);
    const beijingDay = new Date(new Date(beijingAt(4, 9)).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(await search({ from: beijingDay, to: beijingDay })).toEqual([openOrder.orderNo]);
    const page = await app.http().get('/booking/orders').query({ pageSize: 2, page: 2 }).set(dispatcher.auth).expect(200);
    expect(page.body.data).toHaveLength(1);
    expect(page.body.meta.pagination).toMatchObject({ page: 2, pageSize: 2, total: 3, pageCount: 2 });
  });

  it.each([
    [{ status: 'flying' }, /状态/],
    [{ from: '2026-13-01' }, /日期/],
    [{ cityCode: 'beijing' }, /城市/],
    [{ q: 'x'.repeat(31) }, /搜索内容/],
    [{ pageSize: '1000' }, /pageSize|100/],
    [{ from: '2026-03-01', to: '2026-01-01' }, /结束日期/],
  ])('refuses %p with a 400 in Strapi’s error shape', async (query, message) => {
    const res = await app.http().get('/booking/orders').query(query).set(dispatcher.auth);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ data: null, error: { status: 400 } });
    expect(JSON.stringify(res.body.error)).toMatch(message);
  });
});

describe('order detail for the drawer', () => {
  it('carries the timeline, payments, offers and the masked contact', async () => {
    const res = await app.http().get(`/booking/orders/${assignedOrder.documentId}`).set(dispatcher.auth).expect(200);
    const o = res.body.data;
    expect(o.timeline.map((e: any) => e.action)).toEqual(expect.arrayContaining(['submit', 'assign']));
    expect(o.contactPhone).not.toContain('1111');
    expect(Array.isArray(o.payments)).toBe(true);
    expect(Array.isArray(o.refunds)).toBe(true);
    expect(Array.isArray(o.changeRequests)).toBe(true);
    // markPaid dispatched the order before the operator assigned it: the cancelled offer is in the record.
    expect(o.offers.length).toBeGreaterThanOrEqual(1);
    expect(o.offers[0]).toHaveProperty('expiresAt');
    await app.http().get('/booking/orders/zzzzzzzzzzzzzzzzzzzzzzzz').set(dispatcher.auth).expect(404);
  });
});

describe('lists', () => {
  it('caregivers with standing, complaints and training plan; filtered by name and status', async () => {
    const res = await app.http().get('/booking/caregivers').query({ q: '桂香' }).set(serviceDesk.auth).expect(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({ realName: '李桂香', status: 'approved', suspended: false, complaintCount: 0 });
    expect(res.body.data[0].trainingPlan).toHaveProperty('month');
    expect(res.body.data[0]).not.toHaveProperty('idNumberCipher');
    const pending = await app.http().get('/booking/caregivers').query({ status: 'pending' }).set(serviceDesk.auth).expect(200);
    expect(pending.body.data).toEqual([]);
  });

  it('audit queue filters by city and application date', async () => {
    const city = await app.strapi.db.query('api::city.city').findOne({ where: { code: BEIJING } });
    const applicant = await customerWithPatient(app);
    await app.strapi.db.query('api::caregiver.caregiver').create({
      data: { user: applicant.user.id, realName: '赵春梅', gender: 'female', status: 'pending', city: city.id, appliedAt: new Date('2026-03-05T02:00:00Z') },
    });
    // The auditor's role was deleted above (its token no longer reaches the queue); the supervisor audits too.
    const as = (query: Record<string, string>) => app.http().get('/booking/audit/applications').query(query).set(supervisor.auth).expect(200);
    expect((await as({ cityCode: BEIJING })).body.data.map((a: any) => a.realName)).toEqual(['赵春梅']);
    expect((await as({ cityCode: '310100' })).body.data).toEqual([]);
    expect((await as({ from: '2026-03-05', to: '2026-03-05' })).body.data).toHaveLength(1);
    expect((await as({ from: '2026-03-06', to: '2026-03-31' })).body.data).toHaveLength(0);
    await app.http().get('/booking/audit/applications').set(auditor.auth).expect(403);
  });

  it('alerts page on the server and name their order', async () => {
    await app.strapi.db
      .query('plugin::booking.operator-alert')
      .create({ data: { kind: 'dispatch_failed', orderId: openOrder.id, message: '附近没有可派的陪护人员' } });
    const res = await app.http().get('/booking/dispatch/alerts').query({ open: 'true', pageSize: 1 }).set(dispatcher.auth).expect(200);
    expect(res.body.data[0].order).toEqual({ documentId: openOrder.documentId, orderNo: openOrder.orderNo });
    expect(res.body.meta.pagination).toMatchObject({ page: 1, pageSize: 1 });
    // Assigning the order deals with its alert.
    const caregiver = await app.strapi.db.query('api::caregiver.caregiver').findOne({ where: { realName: caregiverName } });
    await app
      .http()
      .post(`/booking/dispatch/orders/${openOrder.documentId}/assign`)
      .set(dispatcher.auth)
      .send({ caregiverId: caregiver.documentId })
      .expect(200);
    const after = await app.http().get('/booking/dispatch/alerts').query({ open: 'true' }).set(dispatcher.auth).expect(200);
    expect(after.body.data.map((a: any) => a.orderId)).not.toContain(openOrder.id);
  });

  it('reviews by visibility', async () => {
    const visible = await app.http().get('/booking/reviews').query({ hidden: 'false' }).set(serviceDesk.auth).expect(200);
    expect(visible.body.meta.pagination.total).toBe(0);
    await app.http().get('/booking/reviews').query({ hidden: 'maybe' }).set(serviceDesk.auth).expect(400);
  });
});

describe('fresh install', () => {
  it('keeps Strapi’s own roles: the operator roles do not stop the admin plugin from creating Super Admin', async () => {
    const codes = (await app.strapi.db.query('admin::role').findMany({ select: ['code'] })).map((r: any) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['strapi-super-admin', 'strapi-editor', 'strapi-author', 'booking-supervisor']));
    const owner = await app.strapi.db.query('admin::user').findOne({ where: { email: FIRST_ADMIN }, populate: { roles: { select: ['code'] } } });
    expect(owner.roles.map((r: any) => r.code)).toEqual(['strapi-super-admin']);
  });
});

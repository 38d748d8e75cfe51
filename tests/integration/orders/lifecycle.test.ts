import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { approvedCaregiver, beijingAt, customerWithPatient, orderBody, serviceBySlug } from '../../helpers/orders';
import { graphql } from '../../helpers/users';
import { quotePrice } from '../../../src/plugins/booking/server/src/domain/pricing';

let app: TestApp;
let service: any; // 陪诊 per half day
let customer: Awaited<ReturnType<typeof customerWithPatient>>;
let caregiver: Awaited<ReturnType<typeof approvedCaregiver>>;
const orders = () => app.strapi.db.query('plugin::booking.order');
const events = () => app.strapi.db.query('plugin::booking.order-event');
const lifecycle = () => app.strapi.plugin('booking').service('order-lifecycle');

beforeAll(async () => {
  app = await bootStrapi({ env: { SEED_DEMO: 'true' } });
  service = await serviceBySlug(app, 'full-escort');
  customer = await customerWithPatient(app);
  caregiver = await approvedCaregiver(app, [service.documentId]);
});

afterAll(async () => {
  await app?.stop();
});

const submit = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  app.http().post('/api/booking/orders').set(customer.auth).set(headers).send(body);

describe('submit', () => {
  it('prices with the pure pricing rule, snapshots the service and numbers the order', async () => {
    const body = orderBody(service, customer.patientId);
    const res = await submit(body).expect(201);
    const order = res.body.data;
    const expected = quotePrice(
      service.pricing,
      { start: new Date(body.startAt as string), units: body.units as number, patientDependent: false },
      app.strapi.config.get('plugin::booking.orders.calendar'),
    );
    expect(order.totalFen).toBe(expected.totalFen);
    expect(Number.isInteger(order.totalFen)).toBe(true);
    expect(order.priceLines).toEqual(JSON.parse(JSON.stringify(expected.lines)));
    expect(order.orderNo).toMatch(/^\d{8}\d{8}$/);
    expect(order.status).toBe('pending_payment');
    expect(order.paymentStatus).toBe('unpaid');
    expect(order.service.name).toBe(service.name);
    expect(order.timeline).toEqual([expect.objectContaining({ action: 'submit', from: null, to: 'pending_payment', actorType: 'user' })]);

    // The snapshot survives a later price change by an editor.
    const row = await orders().findOne({ where: { documentId: order.documentId } });
    expect(row.serviceSnapshot.pricing.basePriceFen).toBe(service.pricing.basePriceFen);
  });

  it('answers a fresh order exactly as reading it back does (the submit does not read its row back)', async () => {
    const hospital = await app.strapi.db
      .query('api::hospital.hospital')
      .findOne({ where: { active: true, city: { code: '110100' }, publishedAt: { $notNull: true } } });
    const dependent = await customerWithPatient(app, { selfCareAbility: 'dependent' });
    const cases = [
      { who: customer, body: orderBody(service, customer.patientId, { startAt: beijingAt(6, 9) }) },
      {
        who: dependent,
        body: orderBody(service, dependent.patientId, {
          startAt: beijingAt(7, 8, 30),
          place: { type: 'hospital', hospitalId: hospital.documentId, department: '心内科' },
          caregiverId: caregiver.documentId,
          genderPreference: 'female',
          notes: null,
        }),
      },
    ];
    for (const { who, body } of cases) {
      const fresh = (await app.http().post('/api/booking/orders').set(who.auth).send(body).expect(201)).body.data;
      const stored = (await app.http().get(`/api/booking/orders/${fresh.documentId}`).set(who.auth).expect(200)).body.data;
      expect(fresh).toEqual(stored);
      // And the row holds what Strapi's create would have written: a generated documentId, one creation time.
      const row = await orders().findOne({ where: { documentId: fresh.documentId } });
      expect(row.updatedAt).toEqual(row.createdAt);
      expect(row.documentId).toMatch(/^[a-z0-9]{20,}$/);
    }
  });

  it('charges the surcharge for a patient who cannot care for themselves', async () => {
    const dependent = await customerWithPatient(app, { selfCareAbility: 'dependent' });
    const body = orderBody(service, dependent.patientId);
    const res = await app.http().post('/api/booking/orders').set(dependent.auth).send(body).expect(201);
    const expected = quotePrice(
      service.pricing,
      { start: new Date(body.startAt as string), units: body.units as number, patientDependent: true },
      app.strapi.config.get('plugin::booking.orders.calendar'),
    );
    expect(res.body.data.totalFen).toBe(expected.totalFen);
  });

  it('returns the first result for a retried submit with the same Idempotency-Key', async () => {
    const body = orderBody(service, customer.patientId, { startAt: beijingAt(4, 10) });
    const key = 'retry-key-0001';
    const first = await submit(body, { 'Idempotency-Key': key }).expect(201);
    const [again, parallel1, parallel2] = await Promise.all([
      submit(body, { 'Idempotency-Key': key }),
      submit(body, { 'Idempotency-Key': key }),
      submit(body, { 'Idempotency-Key': key }),
    ]);
    for (const res of [again, parallel1, parallel2]) {
      expect(res.status).toBe(200);
      expect(res.body.data.documentId).toBe(first.body.data.documentId);
    }
    expect(await orders().count({ where: { userId: customer.user.id, startAt: new Date(body.startAt as string) } })).toBe(1);
    expect((await submit(body, { 'Idempotency-Key': 'bad key!' })).status).toBe(400);
  });
});

describe('lifecycle', () => {
  it('runs from payment to completion, one event per transition', async () => {
    const created = await submit(orderBody(service, customer.patientId, { startAt: beijingAt(5, 9) })).expect(201);
    const id = created.body.data.documentId;
    const row = await orders().findOne({ where: { documentId: id } });

    await lifecycle().markPaid(row.id, { amountFen: row.totalFen, reference: 'test-payment-1' });
    const cg = (path: string, body: Record<string, unknown> = {}) =>
      app.http().post(`/api/booking/caregiver/orders/${id}/${path}`).set(caregiver.auth).send(body);
    await cg('accept').expect(200);
    await cg('depart').expect(200);
    await cg('arrive').expect(200);
    await cg('start').expect(200);
    const missingSummary = await cg('finish');
    expect(missingSummary.status).toBe(400);
    await cg('finish', { summary: '陪同完成挂号、心电图与取药，老人情况平稳。' }).expect(200);
    const done = await app.http().post(`/api/booking/orders/${id}/confirm`).set(customer.auth).send({}).expect(200);

    expect(done.body.data.status).toBe('completed');
    expect(done.body.data.timeline.map((e: any) => [e.action, e.from, e.to, e.actorType])).toEqual([
      ['submit', null, 'pending_payment', 'user'],
      ['pay', 'pending_payment', 'pending_acceptance', 'system'],
      ['accept', 'pending_acceptance', 'accepted', 'caregiver'],
      ['depart', 'accepted', 'departed', 'caregiver'],
      ['arrive', 'departed', 'arrived', 'caregiver'],
      ['start', 'arrived', 'in_service', 'caregiver'],
      ['finish', 'in_service', 'finished', 'caregiver'],
      ['confirm', 'finished', 'completed', 'user'],
    ]);
    expect(await events().count({ where: { orderId: row.id } })).toBe(8);
    const final = await orders().findOne({ where: { id: row.id } });
    expect(final.serviceSummary).toContain('心电图');
    expect(final.completedAt).toBeTruthy();
  });

  it('refuses a payment whose amount differs from the order total', async () => {
    const created = await submit(orderBody(service, customer.patientId, { startAt: beijingAt(6, 9) })).expect(201);
    const row = await orders().findOne({ where: { documentId: created.body.data.documentId } });
    await expect(lifecycle().markPaid(row.id, { amountFen: row.totalFen - 1, reference: 'x' })).rejects.toMatchObject({ status: 409 });
    expect((await orders().findOne({ where: { id: row.id } })).status).toBe('pending_payment');
  });

  it('a compare-and-swap miss is a 409 and writes no event', async () => {
    const created = await submit(orderBody(service, customer.patientId, { startAt: beijingAt(7, 9) })).expect(201);
    const row = await orders().findOne({ where: { documentId: created.body.data.documentId } });
    const before = await events().count({ where: { orderId: row.id } });
    const results = await Promise.allSettled([
      lifecycle().markPaid(row.id, { amountFen: row.totalFen, reference: 'p1' }),
      lifecycle().markPaid(row.id, { amountFen: row.totalFen, reference: 'p2' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await events().count({ where: { orderId: row.id } })).toBe(before + 1);
  });
});

describe('open unpaid orders per user (issue 18 item 9)', () => {
  it('the cap refuses one more unpaid order (409) and frees up once one is paid or cancelled', async () => {
    const key = 'plugin::booking.orders.maxOpenUnpaidOrders';
    const saved = app.strapi.config.get(key);
    app.strapi.config.set(key, 3);
    try {
      const hoarder = await customerWithPatient(app);
      const body = (d: number) => orderBody(service, hoarder.patientId, { startAt: beijingAt(d, 10), caregiverId: caregiver.caregiver.documentId });
      const opened = [];
      // Two at once for the last free place: exactly one gets it.
      opened.push((await app.http().post('/api/booking/orders').set(hoarder.auth).send(body(30)).expect(201)).body.data.documentId);
      opened.push((await app.http().post('/api/booking/orders').set(hoarder.auth).send(body(31)).expect(201)).body.data.documentId);
      const race = await Promise.all([32, 33].map((d) => app.http().post('/api/booking/orders').set(hoarder.auth).send(body(d))));
      expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
      const refused = race.find((r) => r.status === 409)!;
      expect(refused.body.error.details).toMatchObject({ code: 'TOO_MANY_UNPAID_ORDERS', limit: 3 });
      expect(await orders().count({ where: { userId: hoarder.user.id, status: 'pending_payment' } })).toBe(3);
      // Only the three kept orders hold the caregiver's calendar.
      expect(
        await app.strapi.db.query('plugin::booking.schedule-slot').count({
          where: {
            caregiverId: caregiver.caregiver.id,
            active: true,
            orderId: { $in: (await orders().findMany({ where: { userId: hoarder.user.id }, select: ['id'] })).map((o: any) => o.id) },
          },
        }),
      ).toBe(3);
      await app.http().post(`/api/booking/orders/${opened[0]}/cancel`).set(hoarder.auth).send({}).expect(200);
      await app.http().post('/api/booking/orders').set(hoarder.auth).send(body(34)).expect(201);
    } finally {
      app.strapi.config.set(key, saved);
    }
  });
});

describe('who sees what', () => {
  it('hides other users’ orders (404) and shows the caregiver patient details only while active', async () => {
    const created = await submit(orderBody(service, customer.patientId, { startAt: beijingAt(8, 9) })).expect(201);
    const id = created.body.data.documentId;
    const stranger = await customerWithPatient(app);
    await app.http().get(`/api/booking/orders/${id}`).set(stranger.auth).expect(404);
    await app.http().post(`/api/booking/orders/${id}/cancel`).set(stranger.auth).send({}).expect(404);

    const row = await orders().findOne({ where: { documentId: id } });
    await lifecycle().markPaid(row.id, { amountFen: row.totalFen, reference: 'see-1' });
    // Not assigned yet: the caregiver cannot open it.
    await app.http().get(`/api/booking/caregiver/orders/${id}`).set(caregiver.auth).expect(404);
    await app.http().post(`/api/booking/caregiver/orders/${id}/accept`).set(caregiver.auth).send({}).expect(200);
    const active = await app.http().get(`/api/booking/caregiver/orders/${id}`).set(caregiver.auth).expect(200);
    expect(active.body.data.patient.medicalHistory).toBe('高血压');
    expect(active.body.data.contactPhone).toBe('138****8000');
    expect(active.body.data.address.text).toContain('望京西园');
    expect(active.body.data.notes).toContain('听力');
    expect(active.body.data.contactName).toBe('张伟');

    const other = await approvedCaregiver(app, [service.documentId], { name: '李师傅', gender: 'male', eligible: false });
    await app.http().get(`/api/booking/caregiver/orders/${id}`).set(other.auth).expect(404);

    await app.http().post(`/api/booking/orders/${id}/cancel`).set(customer.auth).send({ reason: '行程有变' }).expect(200);
    const after = await app.http().get(`/api/booking/caregiver/orders/${id}`).set(caregiver.auth).expect(200);
    expect(after.body.data.patient.medicalHistory).toBeUndefined();
    expect(after.body.data.contactPhone).toBeNull();
    // Issue 18 item 10: once the order is over the caregiver keeps the district only.
    expect(after.body.data.address).toEqual({ district: '朝阳区' });
    expect(after.body.data.notes).toBeNull();
    expect(after.body.data.contactName).toBeNull();
  });

  it('a caregiver merely named on an order (unpaid) sees the district only: no address, notes or contact', async () => {
    const created = await submit(orderBody(service, customer.patientId, { startAt: beijingAt(9, 9), caregiverId: caregiver.caregiver.documentId })).expect(201);
    const named = await app.http().get(`/api/booking/caregiver/orders/${created.body.data.documentId}`).set(caregiver.auth).expect(200);
    expect(named.body.data.status).toBe('pending_payment');
    expect(named.body.data.address).toEqual({ district: '朝阳区' });
    expect(JSON.stringify(named.body.data)).not.toMatch(/望京西园|听力|张伟|13800138000/);
    expect(named.body.data.contactName).toBeNull();
    expect(named.body.data.contactPhone).toBeNull();
  });

  it('a customer cannot use caregiver routes', async () => {
    const res = await app.http().get('/api/booking/caregiver/orders').set(customer.auth);
    expect(res.status).toBe(403);
  });

  it('lists my orders by status, paged', async () => {
    const res = await app.http().get('/api/booking/orders?status=pending_payment&page=1&pageSize=2').set(customer.auth).expect(200);
    expect(res.body.data.length).toBeLessThanOrEqual(2);
    expect(res.body.data.every((o: any) => o.status === 'pending_payment')).toBe(true);
    expect(res.body.meta.pagination.total).toBeGreaterThanOrEqual(res.body.data.length);
    expect((await app.http().get('/api/booking/orders?status=lost').set(customer.auth)).status).toBe(400);
    expect((await app.http().get('/api/booking/orders?pageSize=500').set(customer.auth)).status).toBe(400);
  });
});

describe('GraphQL', () => {
  it('submits, reads and cancels through the same services, with the same rules', async () => {
    const body = orderBody(service, customer.patientId, { startAt: beijingAt(20, 10) });
    const created = await graphql(
      app,
      customer.auth,
      'mutation($d: BookingOrderInput!, $k: String) { submitOrder(data: $d, idempotencyKey: $k) { documentId status totalFen priceLines { code quantity unitAmountFen amountFen } caregiver { name } timeline { action to at } } }',
      { d: body, k: 'graphql-key-01' },
    );
    expect(created.errors).toBeUndefined();
    const id = created.data.submitOrder.documentId;
    // Explicit object types: the price breakdown is typed, and its lines add up to the total.
    const lines = created.data.submitOrder.priceLines;
    expect(lines.reduce((sum: number, l: any) => sum + l.amountFen, 0)).toBe(created.data.submitOrder.totalFen);
    expect(lines.every((l: any) => l.quantity * l.unitAmountFen === l.amountFen)).toBe(true);
    expect(created.data.submitOrder.timeline[0]).toEqual(expect.objectContaining({ action: expect.any(String), at: expect.any(String) }));
    const replay = await graphql(
      app,
      customer.auth,
      'mutation($d: BookingOrderInput!, $k: String) { submitOrder(data: $d, idempotencyKey: $k) { documentId status totalFen priceLines { code quantity unitAmountFen amountFen } caregiver { name } timeline { action to at } } }',
      { d: body, k: 'graphql-key-01' },
    );
    expect(replay.data.submitOrder.documentId).toBe(id);

    const stranger = await customerWithPatient(app);
    const peek = await graphql(app, stranger.auth, 'query($id: ID!) { myOrder(documentId: $id) { documentId } }', { id });
    expect(peek.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const before = await orders().count();
    const bad = await graphql(app, customer.auth, 'mutation($d: BookingOrderInput!) { submitOrder(data: $d) { documentId } }', { d: { ...body, units: -3 } });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await orders().count()).toBe(before);

    const list = await graphql(
      app,
      customer.auth,
      'query { myOrders(status: "pending_payment", pageSize: 50) { data { documentId status } meta { pagination { total } } } }',
    );
    expect(list.data.myOrders.data.some((o: any) => o.documentId === id)).toBe(true);
    const cancelled = await graphql(app, customer.auth, 'mutation($id: ID!) { cancelMyOrder(documentId: $id, reason: "不需要了") { status cancelFeeFen } }', {
      id,
    });
    expect(cancelled.data.cancelMyOrder.status).toBe('cancelled');
  });
});

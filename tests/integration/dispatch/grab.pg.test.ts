/**
 * The order hall under contention: 50 eligible caregivers grab one order at the same moment over HTTP. The order's
 * compare-and-swap and the schedule reserve must let exactly one win. PostgreSQL only (real concurrent
 * transactions on a connection pool); on SQLite writes are serialised by construction.
 */
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { beijingAt, customerWithPatient, orderBody, serviceBySlug } from '../../helpers/orders';
import { dispatchableCaregiver } from '../../helpers/dispatch';

const onPostgres = process.env.DATABASE_CLIENT === 'postgres';
const d = onPostgres ? describe : describe.skip;
const GRABBERS = 50;

it(`hall contention tests ${onPostgres ? 'run' : 'are skipped: they need DATABASE_CLIENT=postgres'}`, () => {
  expect(typeof onPostgres).toBe('boolean');
});

d('order hall contention', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await bootStrapi({ env: { SEED_DEMO: 'true' } });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it(`${GRABBERS} caregivers grab one hall order at once: exactly one 200, the rest 409`, async () => {
    const service = await serviceBySlug(app, 'full-escort');
    const customer = await customerWithPatient(app);
    const grabbers = [];
    for (let i = 0; i < GRABBERS; i += 1) grabbers.push(await dispatchableCaregiver(app, service, { name: `抢单${i}` }));

    const submitted = await app
      .http()
      .post('/api/booking/orders')
      .set(customer.auth)
      .send(orderBody(service, customer.patientId, { startAt: beijingAt(4, 9) }))
      .expect(201);
    const orders = app.strapi.db.query('plugin::booking.order');
    const row = await orders.findOne({ where: { documentId: submitted.body.data.documentId } });
    // Straight to the hall: no offer is made, everyone sees it.
    await orders.update({ where: { id: row.id }, data: { dispatchMode: 'hall' } });
    await app.strapi.plugin('booking').service('order-lifecycle').markPaid(row.id, { amountFen: row.totalFen, reference: 'grab-test' });
    expect(await app.strapi.db.query('plugin::booking.dispatch-offer').count({ where: { orderId: row.id } })).toBe(0);

    const hall = await app.http().get('/api/booking/caregiver/hall').set(grabbers[0].auth).expect(200);
    expect(hall.body.data.map((o: any) => o.documentId)).toContain(row.documentId);

    const results = await Promise.all(grabbers.map((g) => app.http().post(`/api/booking/caregiver/hall/${row.documentId}/grab`).set(g.auth).send({})));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(GRABBERS - 1);
    for (const lost of results.filter((r) => r.status === 409)) expect(lost.body.error.message).toBe('订单已被抢');

    const winner = grabbers[statuses.indexOf(200)];
    const after = await orders.findOne({ where: { id: row.id } });
    expect(after).toMatchObject({ status: 'accepted', caregiverId: winner.caregiver.id });
    expect(await app.strapi.db.query('plugin::booking.schedule-slot').count({ where: { orderId: row.id, active: true } })).toBe(1);
    expect(await app.strapi.db.query('plugin::booking.order-event').count({ where: { orderId: row.id, action: 'accept' } })).toBe(1);
  });
});

/**
 * Two app instances (separate processes, separate connection pools) on one PostgreSQL database: the guarantees
 * that must hold across instances, not just inside one process. Runs only with DATABASE_CLIENT=postgres; on
 * SQLite there is one instance by construction.
 */
import { bootStrapi, dropPgDatabase, type TestApp } from '../../helpers/strapi';
import { approvedCaregiver, beijingAt, customerWithPatient, orderBody, serviceBySlug } from '../../helpers/orders';
import { startInstances, type Instances } from '../../helpers/instances';
import { Client } from 'pg';

const { adminConnectionConfig } = require('../../helpers/pg-admin');

const onPostgres = process.env.DATABASE_CLIENT === 'postgres';
const d = onPostgres ? describe : describe.skip;

it(`multi-instance tests ${onPostgres ? 'run' : 'are skipped: they need DATABASE_CLIENT=postgres'}`, () => {
  expect(typeof onPostgres).toBe('boolean');
});

const SUBMITS = 100;
const UNPAID = 20;

d('two instances on one PostgreSQL database', () => {
  let app: TestApp;
  let instances: Instances;
  let databaseName = '';
  let service: any;
  let customer: Awaited<ReturnType<typeof customerWithPatient>>;
  let caregiver: Awaited<ReturnType<typeof approvedCaregiver>>;
  const unpaidIds: number[] = [];

  /** Reads the shared database directly: booting a third app just to look would cost seconds. */
  const sql = async (text: string, params: unknown[] = []) => {
    const client = new Client({ ...adminConnectionConfig(), database: databaseName });
    await client.connect();
    try {
      return (await client.query(text, params)).rows;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    // One instance first: it creates the schema, seeds the catalog and the fixtures, then leaves.
    app = await bootStrapi({ env: { SEED_DEMO: 'true' }, keepDatabase: true });
    databaseName = app.databaseName;
    service = await serviceBySlug(app, 'full-escort');
    customer = await customerWithPatient(app);
    caregiver = await approvedCaregiver(app, [service.documentId]);
    for (let i = 0; i < UNPAID; i += 1) {
      const res = await app
        .http()
        .post('/api/booking/orders')
        .set(customer.auth)
        .send(orderBody(service, customer.patientId, { startAt: beijingAt(5 + (i % 5), 7 + (i % 6)) }));
      if (res.status !== 201) throw new Error(`fixture order failed: ${JSON.stringify(res.body)}`);
    }
    const unpaid = await app.strapi.db
      .query('plugin::booking.order')
      .findMany({ where: { userId: customer.user.id, status: 'pending_payment' }, select: ['id'] });
    unpaidIds.push(...unpaid.map((o: any) => o.id as number));
    expect(unpaidIds).toHaveLength(UNPAID);
    await app.stop();
    instances = await startInstances(2, { databaseName });
  }, 120_000);

  afterAll(async () => {
    await instances?.stop();
    if (databaseName) await dropPgDatabase(databaseName).catch(() => undefined);
  }, 60_000);

  it(`${SUBMITS} concurrent submits for overlapping slots of one caregiver: one 201, the rest 409`, async () => {
    const send = (i: number) =>
      fetch(`${instances.urls[i % instances.urls.length]}/api/booking/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...customer.auth },
        // Slots between 09:00 and 09:50 of the same day: every pair overlaps.
        body: JSON.stringify(orderBody(service, customer.patientId, { caregiverId: caregiver.caregiver.documentId, startAt: beijingAt(3, 9, (i % 6) * 10) })),
      }).then(async (res) => ({ status: res.status, body: (await res.json()) as any }));

    const results = await Promise.all(Array.from({ length: SUBMITS }, (_, i) => send(i)));
    const created = results.filter((r) => r.status === 201);
    const conflicts = results.filter((r) => r.status === 409);
    expect(created).toHaveLength(1);
    expect(conflicts).toHaveLength(SUBMITS - 1);
    expect(new Set(conflicts.map((r) => r.body.error?.details?.code))).toEqual(new Set(['CAREGIVER_BUSY']));

    const slots = await sql('select order_id from booking_schedule_slots where caregiver_id = $1 and active', [caregiver.caregiver.id]);
    const orders = await sql('select id, document_id from booking_orders where preferred_caregiver_id = $1', [caregiver.caregiver.id]);
    expect(slots).toHaveLength(1);
    // The losers' transactions rolled back: no order without its slot, and the slot is the winner's.
    expect(orders).toHaveLength(1);
    expect(orders[0].document_id).toBe(created[0].body.data.documentId);
    expect(slots[0].order_id).toBe(orders[0].id);
  }, 60_000);

  it('the same job started on both instances at once cancels each unpaid order exactly once', async () => {
    const now = new Date(Date.now() + 16 * 60_000).toISOString();
    const [a, b] = await Promise.all([instances.runJob(0, 'cancelUnpaid', now), instances.runJob(1, 'cancelUnpaid', now)]);
    expect(a.failed + b.failed).toBe(0);
    // The advisory lock lets one instance sweep while the other skips; if the second started only after the
    // first had finished, it found nothing left. Either way the work is not done twice.
    expect(a.ran && b.ran ? Math.min(a.processed, b.processed) : 0).toBe(0);
    expect(a.processed + b.processed).toBeGreaterThanOrEqual(UNPAID);

    const events = (await sql("select order_id from booking_order_events where action = 'timeout_cancel'")).map((e) => e.order_id as number);
    const statuses = await sql('select status from booking_orders where id = any($1)', [unpaidIds]);
    for (const id of unpaidIds) expect(events.filter((orderId) => orderId === id)).toHaveLength(1);
    expect(new Set(events).size).toBe(events.length);
    expect(events).toHaveLength(a.processed + b.processed);
    expect(statuses.map((o) => o.status)).toEqual(unpaidIds.map(() => 'cancelled'));

    // And again on both: nothing left to do.
    const again = await Promise.all([instances.runJob(0, 'cancelUnpaid', now), instances.runJob(1, 'cancelUnpaid', now)]);
    expect(again.map((r) => r.processed)).toEqual([0, 0]);
  }, 60_000);
});

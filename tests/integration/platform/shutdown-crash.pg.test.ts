/**
 * Instances as separate processes on one PostgreSQL database, signalled like an orchestrator would:
 * - SIGTERM: the instance stops accepting, finishes the request and the job in progress, tells SSE clients to
 *   retry, releases its job lock and exits 0; past SHUTDOWN_TIMEOUT_MS it exits 1 anyway.
 * - SIGKILL under mixed load (submits, payments with signed notifications, SSE clients): everything a client was
 *   told succeeded exists, no payment is applied twice, the survivor takes the job lock, streams reconnect.
 * PostgreSQL only: on SQLite there is one instance by construction.
 */
import { Client } from 'pg';
import { bootStrapi, dropPgDatabase } from '../../helpers/strapi';
import { beijingAt, customerWithPatient, orderBody, serviceBySlug } from '../../helpers/orders';
import { startInstances, type Instances } from '../../helpers/instances';
import { openSse, until } from '../../helpers/sse';
import { sandboxSignature } from '../../../src/plugins/booking/server/src/providers/payment/sandbox';
const { adminConnectionConfig } = require('../../helpers/pg-admin');

const onPostgres = process.env.DATABASE_CLIENT === 'postgres';
const d = onPostgres ? describe : describe.skip;

it(`process-signal tests ${onPostgres ? 'run' : 'are skipped: they need DATABASE_CLIENT=postgres'}`, () => {
  expect(typeof onPostgres).toBe('boolean');
});

interface Fixture {
  databaseName: string;
  service: any;
  customers: Array<{ auth: Record<string, string>; patientId: string; jwt: string }>;
  unpaidOrderId: number;
}

/** One in-process app creates the schema, catalog and customers, then leaves the database to the instances. */
async function prepare(customerCount: number): Promise<Fixture> {
  const app = await bootStrapi({ env: { SEED_DEMO: 'true' }, keepDatabase: true });
  try {
    const service = await serviceBySlug(app, 'full-escort');
    const customers = [];
    for (let i = 0; i < customerCount; i += 1) customers.push(await customerWithPatient(app));
    const res = await app
      .http()
      .post('/api/booking/orders')
      .set(customers[0].auth)
      .send(orderBody(service, customers[0].patientId, { startAt: beijingAt(6, 8) }));
    if (res.status !== 201) throw new Error(`fixture order: ${JSON.stringify(res.body)}`);
    const unpaid = await app.strapi.db.query('plugin::booking.order').findOne({ where: { documentId: res.body.data.documentId }, select: ['id'] });
    return { databaseName: app.databaseName, service, customers, unpaidOrderId: unpaid.id };
  } finally {
    await app.stop();
  }
}

// pg_locks lists the whole server's locks: other test files, running in parallel on their own databases, hold
// advisory locks of their own (jobs, per-customer submits). Only this file's database counts.
const ADVISORY_LOCKS_HERE = `select count(*)::int as n from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`;

function sqlOn(databaseName: string) {
  return async (text: string, params: unknown[] = []) => {
    const client = new Client({ ...adminConnectionConfig(), database: databaseName });
    await client.connect();
    try {
      return (await client.query(text, params)).rows;
    } finally {
      await client.end();
    }
  };
}

/** Holds ACCESS EXCLUSIVE on the orders table from a connection of its own: every order query waits until release. */
async function lockOrders(databaseName: string) {
  const client = new Client({ ...adminConnectionConfig(), database: databaseName });
  await client.connect();
  await client.query('begin');
  await client.query('lock table booking_orders in access exclusive mode');
  return async () => {
    await client.query('commit');
    await client.end();
  };
}

const post = (url: string, auth: Record<string, string>, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) });

d('SIGTERM: graceful shutdown', () => {
  let fx: Fixture;
  let instances: Instances | undefined;

  beforeAll(async () => {
    fx = await prepare(1);
  }, 300_000);

  afterAll(async () => {
    await instances?.stop();
    if (fx?.databaseName) await dropPgDatabase(fx.databaseName).catch(() => undefined);
  }, 60_000);

  it('finishes the in-flight request and the running job, tells streams to retry, releases the lock, exits 0', async () => {
    instances = await startInstances(1, { databaseName: fx.databaseName, env: { SHUTDOWN_TIMEOUT_MS: '15000' } });
    const url = instances.urls[0];
    const customer = fx.customers[0];
    const stream = openSse(`${url}/api/booking/me/events`, customer.auth);
    expect(await stream.status).toBe(200);
    await until(() => stream.events().some((e) => e.event === 'ready'), 10_000, 'the stream baseline');

    const release = await lockOrders(fx.databaseName);
    let released = false;
    try {
      // Both wait on the table lock: a job run that has taken its advisory lock, and an order submission.
      const job = instances.runJob(0, 'cancelUnpaid', new Date(Date.now() + 86_400_000).toISOString()).catch((error: Error) => error);
      const submit = post(`${url}/api/booking/orders`, customer.auth, orderBody(fx.service, customer.patientId, { startAt: beijingAt(7, 9) }));
      const sql = sqlOn(fx.databaseName);
      await until(async () => (await sql(`${ADVISORY_LOCKS_HERE} and granted`))[0].n > 0, 10_000, 'the job lock');

      const exited = instances.signal(0, 'SIGTERM');
      // Stops accepting: a new connection is refused while the old request still waits.
      await until(
        async () =>
          fetch(`${url}/health/live`).then(
            () => false,
            () => true,
          ),
        10_000,
        'the listener to close',
      );
      // SSE clients are told to come back (to another instance) soon, and the stream ends.
      await stream.ended;
      expect(stream.text()).toMatch(/retry: 1000\nevent: shutdown\n/);

      await release();
      released = true;
      const res = await submit;
      expect(res.status).toBe(201);
      expect(await exited).toEqual({ code: 0, signal: null });
      await job; // the reply may or may not have crossed IPC before exit; the database says whether the job finished
      const [fixtureOrder] = await sql('select status from booking_orders where id = $1', [fx.unpaidOrderId]);
      expect(fixtureOrder.status).toBe('cancelled');
      expect((await sql(ADVISORY_LOCKS_HERE))[0].n).toBe(0);
    } finally {
      if (!released) await release();
    }
  }, 300_000);

  it('exits 1 at the deadline when the work does not finish', async () => {
    instances = await startInstances(1, { databaseName: fx.databaseName, env: { SHUTDOWN_TIMEOUT_MS: '1500' } });
    const customer = fx.customers[0];
    const release = await lockOrders(fx.databaseName);
    try {
      const submit = post(
        `${instances.urls[0]}/api/booking/orders`,
        customer.auth,
        orderBody(fx.service, customer.patientId, { startAt: beijingAt(8, 9) }),
      ).then(
        (res) => `answered ${res.status}`,
        () => 'connection lost',
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      // The table lock is released only after this line: the deadline, not the work, ended the process (without
      // it the exit would never come and the test would time out).
      expect(await instances.signal(0, 'SIGTERM')).toEqual({ code: 1, signal: null });
      expect(await submit).toBe('connection lost');
    } finally {
      await release();
    }
  }, 300_000);
});

d('SIGKILL of one of two instances under mixed load', () => {
  let fx: Fixture;
  let instances: Instances | undefined;
  const secret = () => process.env.PAYMENT_SANDBOX_SECRET as string;

  beforeAll(async () => {
    fx = await prepare(4);
    instances = await startInstances(2, { databaseName: fx.databaseName, env: { PAYMENT_SANDBOX_ENABLED: 'true' } });
  }, 400_000);

  afterAll(async () => {
    await instances?.stop();
    if (fx?.databaseName) await dropPgDatabase(fx.databaseName).catch(() => undefined);
  }, 60_000);

  it('loses nothing acknowledged, applies no payment twice, hands the job lock and the streams to the survivor', async () => {
    const inst = instances as Instances;
    const sql = sqlOn(fx.databaseName);
    let victimAlive = true;
    let stop = false;
    let slot = 0;
    const acknowledgedOrders = new Set<string>();
    const acknowledgedPayments = new Set<string>();
    const statuses: number[] = [];

    // Streams of every customer on the instance about to die.
    const streams = fx.customers.map((c) => openSse(`${inst.urls[1]}/api/booking/me/events`, c.auth));
    for (const s of streams) expect(await s.status).toBe(200);

    // The victim holds a job's advisory lock at the moment it dies: its run waits on a table the load never touches.
    const complaintsLock = new Client({ ...adminConnectionConfig(), database: fx.databaseName });
    await complaintsLock.connect();
    await complaintsLock.query('begin');
    await complaintsLock.query('lock table booking_complaints in access exclusive mode');
    void inst.runJob(1, 'complaintDeadlines').catch(() => undefined);
    await until(async () => (await sql(`${ADVISORY_LOCKS_HERE} and granted`))[0].n > 0, 10_000, 'the victim to take the job lock');

    // A load balancer's view: round robin while both live, the survivor afterwards; a dropped request is retried by the client, not acknowledged.
    const pick = (n: number) => inst.urls[victimAlive ? n % 2 : 0];
    async function worker(c: Fixture['customers'][number], w: number) {
      for (let n = w; !stop; n += 1) {
        try {
          const mine = slot++;
          const submit = await post(
            `${pick(n)}/api/booking/orders`,
            c.auth,
            orderBody(fx.service, c.patientId, { startAt: beijingAt(2 + Math.floor(mine / 12), 7 + (mine % 12)) }),
          );
          statuses.push(submit.status);
          if (submit.status !== 201) continue;
          const orderId = ((await submit.json()) as any).data.documentId as string;
          acknowledgedOrders.add(orderId);
          const pay = await post(`${pick(n + 1)}/api/booking/orders/${orderId}/payments`, c.auth, { channel: 'sandbox', scene: 'sandbox' });
          statuses.push(pay.status);
          if (pay.status !== 201) continue;
          const { tradeNo, amountFen } = ((await pay.json()) as any).data.payment;
          const raw = JSON.stringify({ kind: 'payment', tradeNo, providerTxnId: `SB-CRASH-${tradeNo}`, amountFen, status: 'succeeded' });
          // The provider retries its notification, here on both instances at once.
          const acks = await Promise.allSettled(
            [pick(n), pick(n + 1)].map((base) =>
              fetch(`${base}/api/booking/payments/notify/sandbox`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'x-sandbox-signature': sandboxSignature(secret(), raw) },
                body: raw,
              }),
            ),
          );
          for (const ack of acks) if (ack.status === 'fulfilled') statuses.push(ack.value.status);
          if (acks.some((a) => a.status === 'fulfilled' && a.value.status === 200)) acknowledgedPayments.add(tradeNo);
        } catch {
          // Connection reset by the dying instance: nothing was acknowledged.
        }
      }
    }
    const load = fx.customers.map((c, w) => worker(c, w));
    await until(() => acknowledgedPayments.size >= 6, 60_000, 'some paid orders before the crash');
    expect(await inst.signal(1, 'SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    victimAlive = false;
    const paidAtCrash = acknowledgedPayments.size;
    await until(() => acknowledgedPayments.size >= paidAtCrash + 6, 60_000, 'the survivor to carry the load');
    stop = true;
    await Promise.all(load);
    await complaintsLock.query('commit');
    await complaintsLock.end();

    // No 5xx was ever acknowledged to a client, before or after the crash.
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    // Every acknowledged order and payment exists; each payment was applied exactly once.
    const orders = await sql('select "document_id", status, payment_status, paid_fen, total_fen from booking_orders where document_id = any($1)', [
      [...acknowledgedOrders],
    ]);
    expect(new Set(orders.map((o: any) => o.document_id))).toEqual(acknowledgedOrders);
    const payments = await sql(
      `select p.trade_no, p.status, o.payment_status, o.paid_fen, o.total_fen from booking_payments p join booking_orders o on o.id = p.order_id where p.trade_no = any($1)`,
      [[...acknowledgedPayments]],
    );
    expect(payments).toHaveLength(acknowledgedPayments.size);
    for (const p of payments)
      expect({ trade: p.trade_no, status: p.status, order: p.payment_status, paid: p.paid_fen }).toEqual({
        trade: p.trade_no,
        status: 'succeeded',
        order: 'paid',
        paid: p.total_fen,
      });
    const twice = await sql(`select order_id, count(*)::int as n from booking_order_events where action = 'pay' group by order_id having count(*) > 1`);
    expect(twice).toEqual([]);

    // The dead instance's job lock went with its connection: the survivor runs the job.
    expect(await inst.runJob(0, 'complaintDeadlines')).toEqual(expect.objectContaining({ ran: true, failed: 0 }));

    // Streams on the dead instance ended; reconnected to the survivor they get a fresh baseline.
    await Promise.all(streams.map((s) => s.ended));
    const again = openSse(`${inst.urls[0]}/api/booking/me/events`, fx.customers[0].auth);
    expect(await again.status).toBe(200);
    await until(() => again.events().some((e) => e.event === 'ready'), 10_000, 'the baseline after reconnecting');
    again.close();
  }, 300_000);
});

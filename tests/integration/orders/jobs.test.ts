/**
 * The timeout jobs, driven directly with an explicit `now` far enough ahead (no sleeping). Each job must change a
 * due order exactly once, leave everything else alone, and change nothing on a second run.
 */
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { approvedCaregiver, beijingAt, customerWithPatient, orderBody, serviceBySlug } from '../../helpers/orders';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let app: TestApp;
let service: any;
let customer: Awaited<ReturnType<typeof customerWithPatient>>;
let caregiver: Awaited<ReturnType<typeof approvedCaregiver>>;
const orders = () => app.strapi.db.query('plugin::booking.order');
const events = () => app.strapi.db.query('plugin::booking.order-event');
const lifecycle = () => app.strapi.plugin('booking').service('order-lifecycle');
const jobs = () => app.strapi.plugin('booking').service('jobs');
const later = (ms: number) => new Date(Date.now() + ms);

beforeAll(async () => {
  app = await bootStrapi({ env: { SEED_DEMO: 'true' } });
  service = await serviceBySlug(app, 'full-escort');
  customer = await customerWithPatient(app);
  caregiver = await approvedCaregiver(app, [service.documentId]);
});

afterAll(async () => {
  await app?.stop();
});

/** Submits over REST and returns the order row; `withCaregiver` names the caregiver (holds their schedule). */
async function submitted(startAt: string, withCaregiver = false) {
  const body = orderBody(service, customer.patientId, { startAt, ...(withCaregiver ? { caregiverId: caregiver.caregiver.documentId } : {}) });
  const res = await app.http().post('/api/booking/orders').set(customer.auth).send(body);
  if (res.status !== 201) throw new Error(`submit failed: ${res.status} ${JSON.stringify(res.body)}`);
  return orders().findOne({ where: { documentId: res.body.data.documentId } });
}

async function paid(row: any) {
  await lifecycle().markPaid(row.id, { amountFen: row.totalFen, reference: `job-test-${row.id}` });
  return orders().findOne({ where: { id: row.id } });
}

const caregiverStep = (row: any, step: string, body: Record<string, unknown> = {}) =>
  app.http().post(`/api/booking/caregiver/orders/${row.documentId}/${step}`).set(caregiver.auth).send(body).expect(200);

async function accepted(startAt: string) {
  const row = await paid(await submitted(startAt, true));
  await caregiverStep(row, 'accept');
  return orders().findOne({ where: { id: row.id } });
}

const eventsOf = async (orderId: number, action: string) => events().findMany({ where: { orderId, action } });
const status = async (id: number) => (await orders().findOne({ where: { id } })).status;

describe('cancelUnpaid', () => {
  it('cancels an unpaid order once after the payment window and leaves a paid order alone', async () => {
    const unpaid = await submitted(beijingAt(3, 9));
    const paidOrder = await paid(await submitted(beijingAt(3, 13)));

    // Inside the payment window nothing is due.
    await jobs().cancelUnpaid(new Date());
    expect(await status(unpaid.id)).toBe('pending_payment');

    const now = later(16 * MINUTE);
    const first = await jobs().cancelUnpaid(now);
    expect(first).toMatchObject({ job: 'cancelUnpaid', ran: true, failed: 0 });
    expect(first.processed).toBeGreaterThanOrEqual(1);

    const cancelled = await orders().findOne({ where: { id: unpaid.id } });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.cancelFeeFen).toBe(0);
    expect(cancelled.refundedFen).toBe(0);
    const timeouts = await eventsOf(unpaid.id, 'timeout_cancel');
    expect(timeouts).toEqual([
      expect.objectContaining({ fromStatus: 'pending_payment', toStatus: 'cancelled', actorType: 'system', reason: '超时未支付，系统自动取消' }),
    ]);

    expect(await status(paidOrder.id)).toBe('pending_acceptance');
    expect(await eventsOf(paidOrder.id, 'timeout_cancel')).toHaveLength(0);

    // Idempotent: a second run finds nothing due and writes nothing.
    const eventsBefore = await events().count({});
    const second = await jobs().cancelUnpaid(now);
    expect(second).toMatchObject({ ran: true, processed: 0, failed: 0 });
    expect(await events().count({})).toBe(eventsBefore);
  });

  it('a payment racing the job either wins or loses, never both', async () => {
    const row = await submitted(beijingAt(4, 9));
    const [job, payment] = await Promise.allSettled([
      jobs().cancelUnpaid(later(16 * MINUTE)),
      lifecycle().markPaid(row.id, { amountFen: row.totalFen, reference: `race-${row.id}` }),
    ]);
    expect(job.status).toBe('fulfilled');
    const final = await orders().findOne({ where: { id: row.id } });
    const pays = await eventsOf(row.id, 'pay');
    const timeouts = await eventsOf(row.id, 'timeout_cancel');
    if (payment.status === 'fulfilled') {
      // The payment won: the job must not have cancelled the now-paid order.
      expect(final.status).toBe('pending_acceptance');
      expect([pays.length, timeouts.length]).toEqual([1, 0]);
    } else {
      expect(payment.reason).toMatchObject({ status: 409 });
      expect(final.status).toBe('cancelled');
      expect([pays.length, timeouts.length]).toEqual([0, 1]);
    }
  });
});

describe('expireChangeRequests', () => {
  it('expires a change request the caregiver did not answer, once', async () => {
    const row = await accepted(beijingAt(5, 9));
    const res = await app
      .http()
      .post(`/api/booking/orders/${row.documentId}/changes`)
      .set(customer.auth)
      .send({ startAt: beijingAt(5, 13) })
      .expect(202);
    const requestId = res.body.data.changeRequest.documentId;
    const requests = () => app.strapi.db.query('plugin::booking.change-request');

    await jobs().expireChangeRequests(new Date());
    expect((await requests().findOne({ where: { documentId: requestId } })).status).toBe('pending');

    const now = later(3 * HOUR);
    const first = await jobs().expireChangeRequests(now);
    expect(first.processed).toBeGreaterThanOrEqual(1);
    const expired = await requests().findOne({ where: { documentId: requestId } });
    expect(expired.status).toBe('expired');
    // The order keeps its original time.
    expect(new Date((await orders().findOne({ where: { id: row.id } })).startAt).getTime()).toBe(new Date(row.startAt).getTime());
    expect((await jobs().expireChangeRequests(now)).processed).toBe(0);
  });
});

describe('remindUpcoming', () => {
  it('reminds customer and caregiver once, shortly before the start', async () => {
    const soon = await accepted(beijingAt(6, 9));
    const farther = await accepted(beijingAt(8, 9));
    const now = new Date(new Date(soon.startAt).getTime() - 60 * MINUTE);

    const first = await jobs().remindUpcoming(now);
    expect(first).toMatchObject({ ran: true, failed: 0 });
    expect(first.processed).toBeGreaterThanOrEqual(1);
    const reminded = await orders().findOne({ where: { id: soon.id } });
    expect(reminded.remindedAt).toBeTruthy();
    expect((await orders().findOne({ where: { id: farther.id } })).remindedAt).toBeNull();

    const inbox = await app.strapi.db.query('plugin::booking.notification').findMany({ where: { orderId: soon.id, kind: 'order_reminder' } });
    if (app.strapi.plugin('booking').service('notifications')) {
      expect(inbox.map((n: any) => n.userId).sort()).toEqual([customer.user.id, caregiver.user.id].sort());
      expect(inbox[0].title).toBe('服务即将开始');
    }

    const second = await jobs().remindUpcoming(now);
    expect(second.processed).toBe(0);
    const again = await orders().findOne({ where: { id: soon.id } });
    expect(new Date(again.remindedAt).getTime()).toBe(new Date(reminded.remindedAt).getTime());
    const inboxAfter = await app.strapi.db.query('plugin::booking.notification').count({ where: { orderId: soon.id, kind: 'order_reminder' } });
    expect(inboxAfter).toBe(inbox.length);
  });
});

describe('autoConfirm', () => {
  it('completes a finished order the customer did not confirm in time', async () => {
    const row = await accepted(beijingAt(10, 9));
    for (const step of ['depart', 'arrive', 'start']) await caregiverStep(row, step);
    await caregiverStep(row, 'finish', { summary: '陪同就诊完成，已送老人回家。' });
    expect(await status(row.id)).toBe('finished');

    await jobs().autoConfirm(new Date());
    expect(await status(row.id)).toBe('finished');

    const now = later(25 * HOUR);
    const first = await jobs().autoConfirm(now);
    expect(first).toMatchObject({ ran: true, failed: 0 });
    expect(await status(row.id)).toBe('completed');
    expect(await eventsOf(row.id, 'auto_confirm')).toEqual([
      expect.objectContaining({ fromStatus: 'finished', toStatus: 'completed', actorType: 'system', reason: '超时自动确认完成' }),
    ]);
    expect((await jobs().autoConfirm(now)).processed).toBe(0);
    expect(await eventsOf(row.id, 'auto_confirm')).toHaveLength(1);
  });
});

describe('runExclusive', () => {
  const onPostgres = process.env.DATABASE_CLIENT === 'postgres' ? it : it.skip;

  onPostgres('skips the run while another instance holds the job lock', async () => {
    const knex = app.strapi.db.connection;
    const holder = await knex.transaction();
    try {
      await holder.raw('select pg_advisory_xact_lock(hashtext(?))', ['booking-job:cancelUnpaid']);
      expect(await jobs().cancelUnpaid(later(16 * MINUTE))).toMatchObject({ ran: false, processed: 0 });
    } finally {
      await holder.rollback();
    }
    expect(await jobs().cancelUnpaid(later(16 * MINUTE))).toMatchObject({ ran: true });
  });

  it('runs every job by name', async () => {
    for (const name of ['cancelUnpaid', 'expireChangeRequests', 'remindUpcoming', 'autoConfirm']) {
      expect(await jobs().run(name)).toMatchObject({ job: name, ran: true, failed: 0 });
    }
    expect(() => jobs().run('nope')).toThrow(/unknown booking job/);
  });
});

/**
 * 补差价 (issue 18 item 1): a change that raises the price of a paid order applies only once the difference is paid
 * through a real payment attempt, and lapses when it is not; a price drop is still refunded at once. The old code
 * applied the dearer change on credit (8 → 3 → 8 hours gave a refund and then a free upsize).
 */
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { approvedCaregiver, beijingAt, customerWithPatient, orderBody, serviceBySlug } from '../../helpers/orders';

let app: TestApp;
let service: any;
let customer: Awaited<ReturnType<typeof customerWithPatient>>;
let caregiver: Awaited<ReturnType<typeof approvedCaregiver>>;
let day = 3;
const orders = () => app.strapi.db.query('plugin::booking.order');
const refunds = () => app.strapi.db.query('plugin::booking.refund');
const changeRequests = () => app.strapi.db.query('plugin::booking.change-request');
const changes = () => app.strapi.plugin('booking').service('order-changes');

beforeAll(async () => {
  app = await bootStrapi({ env: { SEED_DEMO: 'true' } });
  service = await serviceBySlug(app, 'dedicated-caregiver-hourly');
  customer = await customerWithPatient(app);
  caregiver = await approvedCaregiver(app, [service.documentId]);
});

afterAll(async () => {
  await app?.stop();
});

const startPayment = (id: string, extra: Record<string, unknown> = {}) =>
  app
    .http()
    .post(`/api/booking/orders/${id}/payments`)
    .set(customer.auth)
    .send({ channel: 'sandbox', scene: 'sandbox', ...extra });
const complete = (tradeNo: string) =>
  app.http().post(`/api/booking/payments/sandbox/${tradeNo}/complete`).set(customer.auth).send({ result: 'success' }).expect(200);
const change = (id: string, body: Record<string, unknown>) => app.http().post(`/api/booking/orders/${id}/changes`).set(customer.auth).send(body);
const detail = async (id: string) => (await app.http().get(`/api/booking/orders/${id}`).set(customer.auth).expect(200)).body.data;

/** An order paid through the sandbox channel (a real payment row, so refunds have something to go back to). */
async function paidOrder(units: number, overrides: Record<string, unknown> = {}) {
  const res = await app
    .http()
    .post('/api/booking/orders')
    .set(customer.auth)
    .send(orderBody(service, customer.patientId, { startAt: beijingAt(day++, 9), units, ...overrides }));
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  const id = res.body.data.documentId as string;
  await complete((await startPayment(id).expect(201)).body.data.payment.tradeNo);
  return { id, row: await orders().findOne({ where: { documentId: id } }) };
}

describe('a dearer change of a paid order (补差价)', () => {
  it('waits for the difference, shows it on the change and the order, and applies once the supplement is paid', async () => {
    const { id, row } = await paidOrder(3);
    const res = await change(id, { units: 6 }).expect(202);
    const request = res.body.data.changeRequest;
    expect(res.body.data.applied).toBe(false);
    expect(request.status).toBe('awaiting_payment');
    expect(request.chargeFen).toBe(request.newTotalFen - row.totalFen);
    expect(request.chargeFen).toBeGreaterThan(0);

    // Nothing changed yet, and the order detail says what is due.
    const before = await detail(id);
    expect(before.units).toBe(3);
    expect(before.totalFen).toBe(row.totalFen);
    expect(before.pendingChange).toEqual(expect.objectContaining({ documentId: request.documentId, status: 'awaiting_payment', chargeFen: request.chargeFen }));

    // The ordinary payment route refuses to charge the order again; the supplement charges exactly the difference.
    expect((await startPayment(id).expect(409)).body.error.details.code).toBe('ORDER_NOT_PAYABLE');
    const started = await startPayment(id, { changeRequest: request.documentId }).expect(201);
    expect(started.body.data.payment).toEqual(expect.objectContaining({ amountFen: request.chargeFen, purpose: 'supplement' }));
    await complete(started.body.data.payment.tradeNo);

    const after = await orders().findOne({ where: { id: row.id } });
    expect(after).toEqual(expect.objectContaining({ units: 6, totalFen: request.newTotalFen, paidFen: row.totalFen + request.chargeFen, refundedFen: 0 }));
    expect(await changeRequests().findOne({ where: { documentId: request.documentId } })).toEqual(expect.objectContaining({ status: 'accepted' }));
    expect((await detail(id)).pendingChange).toBeNull();
    // A second attempt for the settled change is refused.
    expect((await startPayment(id, { changeRequest: request.documentId }).expect(409)).body.error.details.code).toBe('CHANGE_CLOSED');
  });

  it('8 → 3 → 8 hours: the drop is refunded, the rise is not free', async () => {
    const { id, row } = await paidOrder(8);
    const down = await change(id, { units: 3 }).expect(200);
    expect(down.body.data.applied).toBe(true);
    const small = await orders().findOne({ where: { id: row.id } });
    expect(small.refundedFen).toBe(row.totalFen - small.totalFen);

    const up = await change(id, { units: 8 }).expect(202);
    expect(up.body.data.changeRequest.chargeFen).toBe(row.totalFen - small.totalFen);
    const still = await orders().findOne({ where: { id: row.id } });
    expect(still).toEqual(expect.objectContaining({ units: 3, totalFen: small.totalFen }));
    // Another change is refused while this one waits for its money.
    expect((await change(id, { units: 4 }).expect(409)).body.error.details.code).toBe('CHANGE_PENDING');
  });

  it('lapses when not paid in time; a supplement landing afterwards is refunded and the order keeps its terms', async () => {
    const { id, row } = await paidOrder(3);
    const request = (await change(id, { units: 4 }).expect(202)).body.data.changeRequest;
    const started = await startPayment(id, { changeRequest: request.documentId }).expect(201);

    expect(await changes().expireDue(new Date(Date.now() + 24 * 3600_000))).toBeGreaterThanOrEqual(1);
    expect(await changeRequests().findOne({ where: { documentId: request.documentId } })).toEqual(expect.objectContaining({ status: 'lapsed' }));
    expect((await startPayment(id, { changeRequest: request.documentId }).expect(409)).body.error.details.code).toBe('CHANGE_CLOSED');

    await complete(started.body.data.payment.tradeNo);
    const after = await orders().findOne({ where: { id: row.id } });
    expect(after).toEqual(
      expect.objectContaining({ units: 3, totalFen: row.totalFen, paidFen: row.totalFen + request.chargeFen, refundedFen: request.chargeFen }),
    );
    expect(await refunds().findMany({ where: { orderId: row.id } })).toEqual([expect.objectContaining({ source: 'change', amountFen: request.chargeFen })]);
  });

  it('after acceptance: the caregiver agrees, then the difference is due before it applies', async () => {
    const { id, row } = await paidOrder(3, { caregiverId: caregiver.caregiver.documentId });
    await app.http().post(`/api/booking/caregiver/orders/${id}/accept`).set(caregiver.auth).send({}).expect(200);
    const request = (await change(id, { units: 6 }).expect(202)).body.data.changeRequest;
    expect(request.status).toBe('pending');

    const agreed = await app.http().post(`/api/booking/caregiver/change-requests/${request.documentId}/accept`).set(caregiver.auth).send({}).expect(200);
    expect(agreed.body.data).toEqual(expect.objectContaining({ status: 'awaiting_payment', chargeFen: request.newTotalFen - row.totalFen }));
    expect((await orders().findOne({ where: { id: row.id } })).units).toBe(3);

    await complete((await startPayment(id, { changeRequest: request.documentId }).expect(201)).body.data.payment.tradeNo);
    const after = await orders().findOne({ where: { id: row.id } });
    expect(after).toEqual(expect.objectContaining({ status: 'accepted', units: 6, totalFen: request.newTotalFen }));
    // The caregiver's calendar follows the longer service.
    const [slot] = await app.strapi.db.query('plugin::booking.schedule-slot').findMany({ where: { orderId: row.id, active: true } });
    expect(new Date(slot.endAt).getTime()).toBeGreaterThanOrEqual(new Date(after.endAt).getTime());
  });

  it('a cheaper change still applies at once, and an unpaid order is simply re-priced', async () => {
    const res = await app
      .http()
      .post('/api/booking/orders')
      .set(customer.auth)
      .send(orderBody(service, customer.patientId, { startAt: beijingAt(day++, 9), units: 3 }))
      .expect(201);
    const applied = await change(res.body.data.documentId, { units: 5 }).expect(200);
    expect(applied.body.data.applied).toBe(true);
    expect(applied.body.data.order.units).toBe(5);
    expect(applied.body.data.order.pendingChange).toBeNull();
  });

  it('a supplement that does not cover the new total lapses the change and goes back', async () => {
    const { row } = await paidOrder(3);
    const later = new Date(new Date(row.startAt).getTime());
    const dearer = {
      startAt: later,
      endAt: new Date(later.getTime() + 6 * 3600_000),
      units: 6,
      lines: row.priceLines,
      totalFen: row.totalFen + 10_000,
      place: {},
    };
    const request = await changeRequests().create({
      data: {
        orderId: row.id,
        requestedByUserId: row.userId,
        status: 'awaiting_payment',
        changes: { units: 6 },
        newStartAt: dearer.startAt,
        newEndAt: dearer.endAt,
        newTotalFen: dearer.totalFen,
        priceDiffFen: 10_000,
        baseTotalFen: row.totalFen,
        chargeFen: 10_000,
        expiresAt: new Date(Date.now() + 600_000),
      },
    });
    // A supplement of the wrong size cannot satisfy it: the change lapses and the money goes back.
    const payment = await app.strapi.db.query('plugin::booking.payment').create({
      data: {
        orderId: row.id,
        changeRequestId: request.id,
        userId: row.userId,
        channel: 'sandbox',
        scene: 'sandbox',
        tradeNo: `${row.orderNo}P09`,
        amountFen: 5_000,
        status: 'succeeded',
      },
    });
    const outcome = await app.strapi.db.transaction(() => changes().settleSupplement(payment));
    expect(outcome).toBe('refunded_late');
    expect(await orders().findOne({ where: { id: row.id } })).toEqual(expect.objectContaining({ units: 3, totalFen: row.totalFen, refundedFen: 5_000 }));
  });
});

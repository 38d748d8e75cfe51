/**
 * The payment pipeline end to end on the sandbox channel (HMAC-signed callbacks through the public notify
 * route): applied once, signatures first, amounts checked, refunds bounded, risk freezes and their lifting.
 */
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { adminToken, beijingAt, customerWithPatient, orderBody, serviceBySlug } from '../../helpers/orders';
import { sandboxSignature } from '../../../src/plugins/booking/server/src/providers/payment/sandbox';

let app: TestApp;
let service: any;
let day = 2;
const secret = () => process.env.PAYMENT_SANDBOX_SECRET as string;
const orders = () => app.strapi.db.query('plugin::booking.order');
const payments = () => app.strapi.db.query('plugin::booking.payment');
const refunds = () => app.strapi.db.query('plugin::booking.refund');

beforeAll(async () => {
  app = await bootStrapi({ env: { SEED_DEMO: 'true', PAYMENT_SANDBOX_ENABLED: 'true' } });
  service = await serviceBySlug(app, 'full-escort');
});

afterAll(async () => {
  await app?.stop();
});

async function orderFor(customer: Awaited<ReturnType<typeof customerWithPatient>>) {
  const res = await app
    .http()
    .post('/api/booking/orders')
    .set(customer.auth)
    .send(orderBody(service, customer.patientId, { startAt: beijingAt(day++, 10) }))
    .expect(201);
  return res.body.data.documentId as string;
}
const startPayment = (customer: any, orderId: string, extra: Record<string, unknown> = {}) =>
  app
    .http()
    .post(`/api/booking/orders/${orderId}/payments`)
    .set(customer.auth)
    .send({ channel: 'sandbox', scene: 'sandbox', ...extra });
function notify(body: Record<string, unknown>, signature?: string) {
  const raw = JSON.stringify(body);
  return app
    .http()
    .post('/api/booking/payments/notify/sandbox')
    .set('Content-Type', 'application/json')
    .set('x-sandbox-signature', signature ?? sandboxSignature(secret(), raw))
    .send(raw);
}

describe('paying an order', () => {
  it('applies a verified notification once, however often it arrives', async () => {
    const customer = await customerWithPatient(app);
    const orderId = await orderFor(customer);
    const started = await startPayment(customer, orderId).expect(201);
    const { tradeNo, amountFen } = started.body.data.payment;
    expect(tradeNo).toMatch(/^\d{16}P01$/);

    const body = { kind: 'payment', tradeNo, providerTxnId: 'SB-TXN-0001', amountFen, status: 'succeeded' };
    const acks = [];
    for (let i = 0; i < 20; i += 1) acks.push((await notify(body)).status);
    expect(acks.every((s) => s === 200)).toBe(true);

    const order = await orders().findOne({ where: { documentId: orderId } });
    expect(order).toEqual(expect.objectContaining({ status: 'pending_acceptance', paymentStatus: 'paid', paidFen: amountFen }));
    expect(await app.strapi.db.query('plugin::booking.order-event').count({ where: { orderId: order.id, action: 'pay' } })).toBe(1);
    expect(await app.strapi.db.query('plugin::booking.payment-notification').count({ where: { tradeNo } })).toBe(20);
  });

  it('rejects a forged signature before reading anything, and changes nothing', async () => {
    const customer = await customerWithPatient(app);
    const orderId = await orderFor(customer);
    const { tradeNo, amountFen } = (await startPayment(customer, orderId).expect(201)).body.data.payment;
    const res = await notify({ kind: 'payment', tradeNo, providerTxnId: 'FORGED', amountFen, status: 'succeeded' }, 'f'.repeat(64));
    expect(res.status).toBe(400);
    expect((await orders().findOne({ where: { documentId: orderId } })).status).toBe('pending_payment');
    const audit = await app.strapi.db.query('plugin::booking.payment-notification').findOne({ where: { outcome: 'bad_signature' }, orderBy: { id: 'desc' } });
    expect(audit.verified).toBe(false);
  });

  it('does not apply an amount that differs from the order, freezes the payer and alerts', async () => {
    const customer = await customerWithPatient(app);
    const orderId = await orderFor(customer);
    const { tradeNo, amountFen } = (await startPayment(customer, orderId).expect(201)).body.data.payment;
    await notify({ kind: 'payment', tradeNo, providerTxnId: 'SB-TXN-MISMATCH', amountFen: amountFen - 100, status: 'succeeded' }).expect(200);
    expect((await orders().findOne({ where: { documentId: orderId } })).status).toBe('pending_payment');
    expect((await payments().findOne({ where: { tradeNo } })).status).toBe('pending');
    const frozen = await startPayment(customer, orderId);
    expect(frozen.status).toBe(403);
    expect(frozen.body.error.message).toContain('冻结');
    const inbox = await app.http().get('/api/booking/notifications').set(customer.auth).expect(200);
    expect(inbox.body.data.some((n: any) => n.kind === 'risk_alert')).toBe(true);

    // An operator reviews and lifts the freeze; paying works again.
    const ops = await adminToken(app);
    const freezes = await app.http().get('/booking/risk/freezes?active=true').set(ops.auth).expect(200);
    const freeze = freezes.body.data.find((f: any) => f.userId === customer.user.id);
    await app.http().post(`/booking/risk/freezes/${freeze.documentId}/lift`).set(ops.auth).send({ note: '核实为渠道金额展示错误' }).expect(200);
    await startPayment(customer, orderId).expect(201);
  });

  it('freezes payments after a burst of attempts and tells the user', async () => {
    const customer = await customerWithPatient(app);
    const orderId = await orderFor(customer);
    const statuses = [];
    for (let i = 0; i < 11; i += 1) statuses.push((await startPayment(customer, orderId, { deviceId: 'device-burst-01' })).status);
    expect(statuses.slice(0, 9).every((s) => s === 201)).toBe(true);
    expect(statuses[9]).toBe(429);
    expect(statuses[10]).toBe(403);
    const events = await app.strapi.db.query('plugin::booking.risk-event').findMany({ where: { userId: customer.user.id, rule: 'attempts_per_user' } });
    expect(events.length).toBe(1);
  });

  it('refuses to pay someone else’s order, a paid order or with an unknown channel scene', async () => {
    const customer = await customerWithPatient(app);
    const other = await customerWithPatient(app);
    const orderId = await orderFor(customer);
    expect((await startPayment(other, orderId)).status).toBe(404);
    expect((await startPayment(customer, orderId, { scene: 'jsapi' })).status).toBe(400);
    expect((await startPayment(customer, orderId, { channel: 'bitcoin' })).status).toBe(400);
    const { tradeNo } = (await startPayment(customer, orderId).expect(201)).body.data.payment;
    await app.http().post(`/api/booking/payments/sandbox/${tradeNo}/complete`).set(customer.auth).send({ result: 'success' }).expect(200);
    expect((await startPayment(customer, orderId)).status).toBe(409);
  });
});

describe('refunds', () => {
  it('sends a cancellation refund to the original channel and marks the order refunded', async () => {
    const customer = await customerWithPatient(app);
    const orderId = await orderFor(customer);
    const { tradeNo } = (await startPayment(customer, orderId).expect(201)).body.data.payment;
    await app.http().post(`/api/booking/payments/sandbox/${tradeNo}/complete`).set(customer.auth).send({ result: 'success' }).expect(200);
    await app.http().post(`/api/booking/orders/${orderId}/cancel`).set(customer.auth).send({ reason: '不需要了' }).expect(200);
    const result = await app.strapi.plugin('booking').service('refund-processor').processPending();
    expect(result.sent).toBeGreaterThanOrEqual(1);
    const order = await orders().findOne({ where: { documentId: orderId } });
    const [refund] = await refunds().findMany({ where: { orderId: order.id } });
    expect(refund).toEqual(expect.objectContaining({ status: 'succeeded', channel: 'sandbox', amountFen: order.paidFen }));
    expect(order.paymentStatus).toBe('refunded');
  });

  it('never refunds more than was paid, even when refunds race', async () => {
    const customer = await customerWithPatient(app);
    const orderId = await orderFor(customer);
    const { tradeNo } = (await startPayment(customer, orderId).expect(201)).body.data.payment;
    await app.http().post(`/api/booking/payments/sandbox/${tradeNo}/complete`).set(customer.auth).send({ result: 'success' }).expect(200);
    const order = await orders().findOne({ where: { documentId: orderId } });
    const lifecycle = app.strapi.plugin('booking').service('order-lifecycle');
    const share = Math.ceil(order.paidFen * 0.6);
    const attempts = await Promise.allSettled(
      [1, 2].map(() => app.strapi.db.transaction(async () => lifecycle.requestRefund(order, share, 'complaint', '投诉退款'))),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    const after = await orders().findOne({ where: { id: order.id } });
    expect(after.refundedFen).toBe(share);
    expect(after.refundedFen).toBeLessThanOrEqual(after.paidFen);
    const fresh = await orders().findOne({ where: { id: order.id } });
    await expect(
      app.strapi.db.transaction(async () => lifecycle.requestRefund(fresh, fresh.paidFen - fresh.refundedFen + 1, 'complaint', '超额')),
    ).rejects.toMatchObject({ status: 409 });
  });
});

/**
 * Issue 18 item 4: the refund processor honours the gateway's `retryable` flag, a finally failed refund gives its
 * amount back to the order and alerts operators, and an order paid twice is refunded across both payments, never
 * more than each captured.
 */
import path from 'node:path';
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { adminToken, beijingAt, customerWithPatient, orderBody, serviceBySlug } from '../../helpers/orders';

// The class the running (compiled) plugin checks with instanceof.
const { PaymentGatewayError } = require(path.resolve(__dirname, '../../../src/plugins/booking/dist/server/providers/payment/types'));

let app: TestApp;
let service: any;
let customer: Awaited<ReturnType<typeof customerWithPatient>>;
let day = 2;
const orders = () => app.strapi.db.query('plugin::booking.order');
const refunds = () => app.strapi.db.query('plugin::booking.refund');
const processor = () => app.strapi.plugin('booking').service('refund-processor');
const sandbox = () => app.strapi.plugin('booking').service('payment-providers').get('sandbox');

beforeAll(async () => {
  app = await bootStrapi({ env: { SEED_DEMO: 'true' } });
  service = await serviceBySlug(app, 'full-escort');
  customer = await customerWithPatient(app);
});

afterAll(async () => {
  await app?.stop();
});

async function newOrder() {
  const res = await app
    .http()
    .post('/api/booking/orders')
    .set(customer.auth)
    .send(orderBody(service, customer.patientId, { startAt: beijingAt(day++, 10) }))
    .expect(201);
  return res.body.data.documentId as string;
}
const startPayment = async (id: string) =>
  (await app.http().post(`/api/booking/orders/${id}/payments`).set(customer.auth).send({ channel: 'sandbox', scene: 'sandbox' }).expect(201)).body.data.payment
    .tradeNo as string;
const complete = (tradeNo: string) =>
  app.http().post(`/api/booking/payments/sandbox/${tradeNo}/complete`).set(customer.auth).send({ result: 'success' }).expect(200);

/** A sandbox-paid order, cancelled before acceptance: one pending full refund. */
async function cancelledPaidOrder() {
  const id = await newOrder();
  await complete(await startPayment(id));
  await app.http().post(`/api/booking/orders/${id}/cancel`).set(customer.auth).send({ reason: '不需要了' }).expect(200);
  const order = await orders().findOne({ where: { documentId: id } });
  expect(order.refundedFen).toBe(order.paidFen);
  return order;
}

it('a permanent refusal fails the refund at once, restores the refundable total and alerts operators', async () => {
  const order = await cancelledPaidOrder();
  const spy = jest.spyOn(sandbox(), 'refund').mockRejectedValue(new PaymentGatewayError('ERROR: 交易已关闭，不能退款', false));
  try {
    await processor().processPending();
    await processor().processPending();
    expect(spy).toHaveBeenCalledTimes(1); // never retried
  } finally {
    spy.mockRestore();
  }
  const [refund] = await refunds().findMany({ where: { orderId: order.id } });
  expect(refund).toMatchObject({ status: 'failed', attempts: 1 });
  expect(refund.lastError).toContain('交易已关闭');
  expect((await orders().findOne({ where: { id: order.id } })).refundedFen).toBe(0);
  const ops = await adminToken(app);
  const alerts = await app.http().get('/booking/dispatch/alerts').set(ops.auth).expect(200);
  expect(alerts.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'refund_failed', orderId: order.id })]));
});

it('a retryable gateway error keeps the refund pending for the next run, which settles it', async () => {
  const order = await cancelledPaidOrder();
  const spy = jest.spyOn(sandbox(), 'refund').mockRejectedValueOnce(new PaymentGatewayError('timeout', true));
  try {
    await processor().processPending();
    const [refund] = await refunds().findMany({ where: { orderId: order.id } });
    expect(refund).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await orders().findOne({ where: { id: order.id } })).refundedFen).toBe(order.paidFen);
    await processor().processPending();
  } finally {
    spy.mockRestore();
  }
  const [settled] = await refunds().findMany({ where: { orderId: order.id } });
  expect(settled).toMatchObject({ status: 'succeeded', attempts: 2 });
  expect((await orders().findOne({ where: { id: order.id } })).paymentStatus).toBe('refunded');
});

it('an order paid twice is refunded across both payments, never more than each captured', async () => {
  const id = await newOrder();
  const first = await startPayment(id);
  const second = await startPayment(id);
  await complete(first);
  await complete(second); // late duplicate: recorded as paid and given straight back
  await app.http().post(`/api/booking/orders/${id}/cancel`).set(customer.auth).send({ reason: '不需要了' }).expect(200);
  const order = await orders().findOne({ where: { documentId: id } });
  expect(order.paidFen).toBe(2 * order.totalFen);
  expect(order.refundedFen).toBe(order.paidFen);
  for (let i = 0; i < 3; i += 1) await processor().processPending();
  const rows = await refunds().findMany({ where: { orderId: order.id } });
  expect(rows.every((r: any) => r.status === 'succeeded')).toBe(true);
  const payments = await app.strapi.db.query('plugin::booking.payment').findMany({ where: { orderId: order.id, status: 'succeeded' } });
  expect(payments).toHaveLength(2);
  for (const payment of payments) {
    const back = rows.filter((r: any) => r.paymentId === payment.id).reduce((s: number, r: any) => s + r.amountFen, 0);
    expect(back).toBe(payment.amountFen);
  }
  expect((await orders().findOne({ where: { id: order.id } })).paymentStatus).toBe('refunded');
});

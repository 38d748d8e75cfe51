/**
 * Issue 18 item 3: inputs and races that used to end in a 500 on the payment routes are clear 4xx answers, and
 * the reconciliation job carries on past a channel it cannot build. (UnionPay without returnUrl is tested against
 * the configured channel in alipay-unionpay-flow.test.ts.)
 */
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { beijingAt, customerWithPatient, orderBody, serviceBySlug } from '../../helpers/orders';

let app: TestApp;
let service: any;
let day = 2;
const payments = () => app.strapi.db.query('plugin::booking.payment');

beforeAll(async () => {
  app = await bootStrapi({ env: { SEED_DEMO: 'true' } });
  service = await serviceBySlug(app, 'full-escort');
});

afterAll(async () => {
  await app?.stop();
});

async function newOrder() {
  const customer = await customerWithPatient(app);
  const res = await app
    .http()
    .post('/api/booking/orders')
    .set(customer.auth)
    .send(orderBody(service, customer.patientId, { startAt: beijingAt(day++, 10) }))
    .expect(201);
  return { customer, orderId: res.body.data.documentId as string };
}
const start = (customer: any, orderId: string, body: Record<string, unknown> = { channel: 'sandbox', scene: 'sandbox' }) =>
  app.http().post(`/api/booking/orders/${orderId}/payments`).set(customer.auth).send(body);

it('two concurrent payment starts for one order: one attempt, the other a 409, never a 500', async () => {
  const { customer, orderId } = await newOrder();
  const answers = await Promise.all([start(customer, orderId), start(customer, orderId), start(customer, orderId)]);
  const statuses = answers.map((r) => r.status).sort();
  expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
  expect(statuses).toContain(201);
  for (const refused of answers.filter((r) => r.status === 409)) expect(refused.body.error.details.code).toBe('PAYMENT_IN_PROGRESS');
  const order = await app.strapi.db.query('plugin::booking.order').findOne({ where: { documentId: orderId } });
  const rows = await payments().findMany({ where: { orderId: order.id } });
  expect(new Set(rows.map((r: any) => r.tradeNo)).size).toBe(rows.length);
  expect(rows.length).toBe(statuses.filter((s) => s === 201).length);
});

describe('the sandbox channel outside development and test', () => {
  const saved = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = saved;
  });

  it.each(['production', 'staging'])('NODE_ENV=%s with PAYMENT_SANDBOX_ENABLED=true: 422 CHANNEL_UNAVAILABLE, no attempt recorded', async (nodeEnv) => {
    const { customer, orderId } = await newOrder();
    // The channel was already built by the tests above: the environment is checked on every use, not once.
    process.env.NODE_ENV = nodeEnv;
    const res = await start(customer, orderId);
    expect(res.status).toBe(422);
    expect(res.body.error.details.code).toBe('CHANNEL_UNAVAILABLE');
    const order = await app.strapi.db.query('plugin::booking.order').findOne({ where: { documentId: orderId } });
    expect(await payments().count({ where: { orderId: order.id } })).toBe(0);
  });
});

it('reconciliation settles the other channels when one channel cannot be built', async () => {
  const { customer, orderId } = await newOrder();
  await start(customer, orderId).expect(201);
  const order = await app.strapi.db.query('plugin::booking.order').findOne({ where: { documentId: orderId } });
  const old = new Date(Date.now() - 10 * 60_000);
  // An attempt on a channel this instance has no configuration for (switched off since), older than the good one.
  await payments().create({
    data: {
      orderId: order.id,
      userId: customer.user.id,
      channel: 'wechat',
      scene: 'native',
      tradeNo: `${order.orderNo}P90`,
      amountFen: order.totalFen,
      status: 'pending',
      expiresAt: new Date(Date.now() + 60_000),
      clientIp: '127.0.0.1',
    },
  });
  await payments().updateMany({ where: { orderId: order.id }, data: { createdAt: old } });
  const outcome = await app.strapi.plugin('booking').service('reconciliation').run(new Date());
  expect(outcome.unavailable).toBeGreaterThanOrEqual(1);
  expect(outcome.checked).toBeGreaterThanOrEqual(2);
  // The sandbox attempt was looked at (the job reached it after the unavailable one).
  const sandbox = await payments().findOne({ where: { orderId: order.id, channel: 'sandbox' } });
  expect(sandbox.lastCheckedAt).not.toBeNull();
});

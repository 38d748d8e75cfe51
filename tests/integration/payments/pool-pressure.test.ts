/**
 * Work done inside a transaction must stay on that transaction's connection. With a pool of two connections, a
 * burst of concurrent callbacks deadlocks (every connection held by a transaction waiting for another one) if any
 * code on the payment path queries outside its transaction; Knex then times out acquiring a connection.
 */
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { beijingAt, customerWithPatient, orderBody, serviceBySlug } from '../../helpers/orders';

let app: TestApp;

beforeAll(async () => {
  app = await bootStrapi({ env: { SEED_DEMO: 'true', PAYMENT_SANDBOX_ENABLED: 'true', DATABASE_POOL_MAX: '2', DATABASE_CONNECTION_TIMEOUT: '8000' } });
});

afterAll(async () => {
  await app?.stop();
});

it('applies a burst of concurrent payment callbacks without exhausting a small pool', async () => {
  const service = await serviceBySlug(app, 'full-escort');
  const customer = await customerWithPatient(app, { selfCareAbility: 'independent' });
  // Analytics consent on: the analytics hooks on the payment path run too.
  await app
    .http()
    .put('/api/booking/me')
    .set(customer.auth)
    .send({ privacy: { allowAnalytics: true } })
    .expect(200);
  const trades: string[] = [];
  for (let i = 0; i < 6; i += 1) {
    const order = await app
      .http()
      .post('/api/booking/orders')
      .set(customer.auth)
      .send(orderBody(service, customer.patientId, { startAt: beijingAt(2 + i, 10) }))
      .expect(201);
    const started = await app
      .http()
      .post(`/api/booking/orders/${order.body.data.documentId}/payments`)
      .set(customer.auth)
      .send({ channel: 'sandbox', scene: 'sandbox' })
      .expect(201);
    trades.push(started.body.data.payment.tradeNo);
  }
  const results = await Promise.all(
    trades.map((tradeNo) => app.http().post(`/api/booking/payments/sandbox/${tradeNo}/complete`).set(customer.auth).send({ result: 'success' })),
  );
  expect(results.map((r) => r.status)).toEqual(trades.map(() => 200));
  expect(await app.strapi.db.query('plugin::booking.payment').count({ where: { tradeNo: { $in: trades }, status: 'succeeded' } })).toBe(trades.length);
}, 60_000);

it('applies concurrent callbacks for bulk-created hall orders too', async () => {
  const { sandboxSignature } = require('../../../src/plugins/booking/server/src/providers/payment/sandbox');
  const user = await app.strapi.plugin('booking').service('accounts').signInWithPhone('19800001111');
  const now = Date.now();
  const trades: string[] = [];
  for (let i = 0; i < 6; i += 1) {
    const order = await app.strapi.db.query('plugin::booking.order').create({
      data: {
        orderNo: `20991125${String(i).padStart(8, '0')}`,
        userId: user.user.id,
        serviceDocumentId: 'bench',
        cityCode: '110100',
        status: 'pending_payment',
        paymentStatus: 'unpaid',
        startAt: new Date(now + 86_400_000),
        endAt: new Date(now + 90_000_000),
        unit: 'per_visit',
        units: 1,
        placeType: 'home',
        contactName: '压测',
        contactPhone: '13800138000',
        serviceSnapshot: { name: '压测服务' },
        priceLines: [],
        totalFen: 19900,
        paidFen: 0,
        refundedFen: 0,
        dispatchMode: 'hall',
      },
    });
    const tradeNo = `${order.orderNo}P01`;
    await app.strapi.db.query('plugin::booking.payment').create({
      data: {
        orderId: order.id,
        userId: user.user.id,
        channel: 'sandbox',
        scene: 'sandbox',
        tradeNo,
        amountFen: 19900,
        status: 'pending',
        expiresAt: new Date(now + 3_600_000),
      },
    });
    trades.push(tradeNo);
  }
  const results = await Promise.all(
    trades.map((tradeNo, i) => {
      const body = JSON.stringify({ kind: 'payment', tradeNo, providerTxnId: `SB-BULK-${i}`, amountFen: 19900, status: 'succeeded' });
      return app
        .http()
        .post('/api/booking/payments/notify/sandbox')
        .set('Content-Type', 'application/json')
        .set('x-sandbox-signature', sandboxSignature(process.env.PAYMENT_SANDBOX_SECRET, body))
        .send(body);
    }),
  );
  expect(results.map((r) => r.status)).toEqual(trades.map(() => 200));
}, 60_000);

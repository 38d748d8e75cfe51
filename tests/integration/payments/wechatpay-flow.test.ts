/**
 * WeChat Pay v3 through the app: the real client library signs requests to a loopback fake that verifies them
 * as WeChat does, and the fake sends signed, AES-GCM-encrypted notifications to the app's public callback route.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { startFakeWechatPay, type FakeWechatPay } from '../../fakes/wechatpay';
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { beijingAt, customerWithPatient, orderBody, serviceBySlug } from '../../helpers/orders';

const MCH_ID = '1900000109';
const APP_ID = 'wxd678efh567hg6787';
const SERIAL = '5F1C72E2A8931B72A2E13AF8DEE92471EB397115';
const API_V3_KEY = 'a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb';
const merchant = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

let fake: FakeWechatPay;
let app: TestApp;
let service: any;
let callbackBase: string;
let day = 2;
const orders = () => app.strapi.db.query('plugin::booking.order');
const payments = () => app.strapi.db.query('plugin::booking.payment');
const setCallbackBase = (url: string) => app.strapi.config.set('plugin::booking.payments.callbackBaseUrl', url);

beforeAll(async () => {
  fake = await startFakeWechatPay({
    mchId: MCH_ID,
    merchantSerialNo: SERIAL,
    merchantPublicKeyPem: merchant.publicKey,
    apiV3Key: API_V3_KEY,
    platformMode: 'publicKey',
  });
  app = await bootStrapi({
    env: {
      SEED_DEMO: 'true',
      WECHATPAY_MCH_ID: MCH_ID,
      WECHATPAY_APP_ID: APP_ID,
      WECHATPAY_MERCHANT_SERIAL_NO: SERIAL,
      WECHATPAY_MERCHANT_PRIVATE_KEY: merchant.privateKey,
      WECHATPAY_API_V3_KEY: API_V3_KEY,
      WECHATPAY_BASE_URL: fake.baseUrl,
      WECHATPAY_PUBLIC_KEY_ID: fake.platformSerial,
      WECHATPAY_PUBLIC_KEY: fake.platformPublicKeyPem,
      WECHATPAY_TIMEOUT_MS: '800',
    },
  });
  await new Promise<void>((resolve) => app.strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  callbackBase = `http://127.0.0.1:${(app.strapi.server.httpServer.address() as AddressInfo).port}`;
  setCallbackBase(callbackBase);
  service = await serviceBySlug(app, 'full-escort');
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

async function newPaymentAttempt() {
  const customer = await customerWithPatient(app);
  const created = await app
    .http()
    .post('/api/booking/orders')
    .set(customer.auth)
    .send(orderBody(service, customer.patientId, { startAt: beijingAt(day++, 10) }))
    .expect(201);
  const orderId = created.body.data.documentId as string;
  const res = await app
    .http()
    .post(`/api/booking/orders/${orderId}/payments`)
    .set(customer.auth)
    .send({ channel: 'wechat', scene: 'jsapi', openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' });
  return { customer, orderId, res };
}
const orderOf = (documentId: string) => orders().findOne({ where: { documentId } });
const payEvents = async (documentId: string) =>
  app.strapi.db.query('plugin::booking.order-event').count({ where: { orderId: (await orderOf(documentId)).id, action: 'pay' } });

it('pays with JSAPI: signed prepay, encrypted notification applied once, 204 to WeChat', async () => {
  const { orderId, res } = await newPaymentAttempt();
  expect(res.status).toBe(201);
  const { payment, clientPayload } = res.body.data;
  expect(clientPayload).toEqual(
    expect.objectContaining({ appId: APP_ID, signType: 'RSA', package: expect.stringMatching(/^prepay_id=/), paySign: expect.any(String) }),
  );

  const delivery = await fake.completePayment(payment.tradeNo);
  expect(delivery.status).toBe(204);
  for (let i = 0; i < 19; i += 1)
    expect((await fake.sendNotification(`${callbackBase}/api/booking/payments/notify/wechat`, delivery.notification)).status).toBe(204);

  const order = await orderOf(orderId);
  expect(order).toEqual(expect.objectContaining({ status: 'pending_acceptance', paymentStatus: 'paid', paidFen: payment.amountFen }));
  expect(await payEvents(orderId)).toBe(1);
  const row = await payments().findOne({ where: { tradeNo: payment.tradeNo } });
  expect(row.providerTxnId).toMatch(/^4200/);
});

it('refuses stale, forged and tampered notifications with a retry answer and applies nothing', async () => {
  const { orderId, res } = await newPaymentAttempt();
  const { tradeNo, amountFen } = res.body.data.payment;
  const resource = {
    mchid: MCH_ID,
    appid: APP_ID,
    out_trade_no: tradeNo,
    transaction_id: '4200000000000000000000000001',
    trade_state: 'SUCCESS',
    success_time: new Date().toISOString(),
    amount: { total: amountFen, payer_total: amountFen, currency: 'CNY' },
  };
  const url = `${callbackBase}/api/booking/payments/notify/wechat`;
  const stale = await fake.sendNotification(url, fake.notification('TRANSACTION.SUCCESS', resource, { timestamp: Math.floor(Date.now() / 1000) - 3600 }));
  const unknownSerial = await fake.sendNotification(
    url,
    fake.notification('TRANSACTION.SUCCESS', resource, { serial: 'PUB_KEY_ID_0000000000000000000000000000' }),
  );
  const tampered = await fake.sendNotification(url, fake.notification('TRANSACTION.SUCCESS', resource, { tamperCiphertext: true }));
  const wrongKey = await fake.sendNotification(url, fake.notification('TRANSACTION.SUCCESS', resource, { apiV3Key: 'X'.repeat(32) }));
  for (const answer of [stale, unknownSerial, tampered, wrongKey]) expect(answer.status).toBe(500);
  expect((await orderOf(orderId)).status).toBe('pending_payment');
  expect(await app.strapi.db.query('plugin::booking.payment-notification').count({ where: { tradeNo: null, verified: false } })).toBeGreaterThanOrEqual(4);
});

it('a provider timeout leaves the payment pending; a notification arriving before the client got its answer still pays', async () => {
  fake.hang(1);
  const { orderId, res } = await newPaymentAttempt();
  expect(res.status).toBe(502);
  const pending = await payments().findOne({ where: { orderId: (await orderOf(orderId)).id } });
  expect(pending.status).toBe('pending');
  const resource = {
    mchid: MCH_ID,
    appid: APP_ID,
    out_trade_no: pending.tradeNo,
    transaction_id: '4200000000000000000000000777',
    trade_state: 'SUCCESS',
    success_time: new Date().toISOString(),
    amount: { total: pending.amountFen, payer_total: pending.amountFen, currency: 'CNY' },
  };
  const answer = await fake.sendNotification(`${callbackBase}/api/booking/payments/notify/wechat`, fake.notification('TRANSACTION.SUCCESS', resource));
  expect(answer.status).toBe(204);
  expect((await orderOf(orderId)).status).toBe('pending_acceptance');
});

it('reconciliation settles a payment whose notification never arrived, exactly once', async () => {
  setCallbackBase('http://127.0.0.1:9'); // the notify_url given to WeChat leads nowhere: the notification is lost
  const { orderId, res } = await newPaymentAttempt();
  setCallbackBase(callbackBase);
  const { tradeNo } = res.body.data.payment;
  await fake.completePayment(tradeNo).catch(() => undefined);
  expect((await orderOf(orderId)).status).toBe('pending_payment');

  const jobs = app.strapi.plugin('booking').service('jobs');
  const later = new Date(Date.now() + 5 * 60_000);
  const first = await jobs.run('reconcilePayments', later);
  const second = await jobs.run('reconcilePayments', later);
  expect(first.processed).toBeGreaterThanOrEqual(1);
  expect(second.processed).toBe(0);
  expect((await orderOf(orderId)).status).toBe('pending_acceptance');
  expect(await payEvents(orderId)).toBe(1);
});

it('refunds to WeChat; a refund notification that overtakes the processor settles it and nothing is sent twice', async () => {
  const { customer, orderId, res } = await newPaymentAttempt();
  await fake.completePayment(res.body.data.payment.tradeNo);
  await app.http().post(`/api/booking/orders/${orderId}/cancel`).set(customer.auth).send({ reason: '家属自己陪同' }).expect(200);
  const order = await orderOf(orderId);
  const refund = await app.strapi.db.query('plugin::booking.refund').findOne({ where: { orderId: order.id } });
  expect(refund.status).toBe('pending');

  const jobs = app.strapi.plugin('booking').service('jobs');
  await jobs.run('processRefunds');
  const sent = await app.strapi.db.query('plugin::booking.refund').findOne({ where: { id: refund.id } });
  expect(sent.status).toBe('processing');
  expect(fake.refunds.get(refund.refundNo)?.refund).toBe(refund.amountFen);

  const delivery = await fake.completeRefund(refund.refundNo, 'SUCCESS');
  expect(delivery.status).toBe(204);
  await fake.sendNotification(`${callbackBase}/api/booking/payments/notify/wechat`, delivery.notification);
  await jobs.run('processRefunds');
  const settled = await app.strapi.db.query('plugin::booking.refund').findOne({ where: { id: refund.id } });
  expect(settled.status).toBe('succeeded');
  expect((await orderOf(orderId)).paymentStatus).toBe('refunded');
  expect([...fake.requests].filter((r) => r.url.startsWith('/v3/refund/domestic/refunds') && r.method === 'POST')).toHaveLength(1);
});

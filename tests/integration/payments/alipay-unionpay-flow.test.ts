/**
 * Alipay (official alipay-sdk, RSA2) and UnionPay card payments (ACP 5.1 signing written with node:crypto) through
 * the app, each against a loopback fake gateway that verifies our signatures and signs its own notifications.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { startFakeAlipay, type FakeAlipay } from '../../fakes/alipay';
import { startFakeUnionPay, type FakeUnionPay } from '../../fakes/unionpay';
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { beijingAt, customerWithPatient, orderBody, serviceBySlug } from '../../helpers/orders';

const keys = () =>
  generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const alipayApp = keys();
const unionMerchant = keys();
const ALIPAY_APP_ID = '2021000122671080';
const UNION_CERT_ID = '68759663125';

let alipay: FakeAlipay;
let unionpay: FakeUnionPay;
let app: TestApp;
let service: any;
let day = 2;
const orders = () => app.strapi.db.query('plugin::booking.order');

beforeAll(async () => {
  alipay = await startFakeAlipay({ appId: ALIPAY_APP_ID, appPublicKeyPem: alipayApp.publicKey });
  unionpay = await startFakeUnionPay({ merchantPublicKeyPem: unionMerchant.publicKey, merchantCertId: UNION_CERT_ID });
  app = await bootStrapi({
    env: {
      SEED_DEMO: 'true',
      ALIPAY_APP_ID,
      ALIPAY_PRIVATE_KEY: alipayApp.privateKey,
      ALIPAY_PUBLIC_KEY: alipay.alipayPublicKeyPem,
      ALIPAY_GATEWAY: alipay.gateway,
      UNIONPAY_MER_ID: unionpay.merId,
      UNIONPAY_SIGN_CERT_ID: UNION_CERT_ID,
      UNIONPAY_SIGN_PRIVATE_KEY: unionMerchant.privateKey,
      UNIONPAY_TRUSTED_SIGN_CERTS: unionpay.rootCertPem,
      UNIONPAY_FRONT_TRANS_URL: unionpay.frontTransUrl,
      UNIONPAY_BACK_TRANS_URL: unionpay.backTransUrl,
      UNIONPAY_SINGLE_QUERY_URL: unionpay.singleQueryUrl,
    },
  });
  await new Promise<void>((resolve) => app.strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  app.strapi.config.set('plugin::booking.payments.callbackBaseUrl', `http://127.0.0.1:${(app.strapi.server.httpServer.address() as AddressInfo).port}`);
  service = await serviceBySlug(app, 'full-escort');
});

afterAll(async () => {
  await app?.stop();
  await alipay?.close();
  await unionpay?.close();
});

async function payWith(channel: 'alipay' | 'unionpay', scene: string) {
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
    .send({ channel, scene, returnUrl: 'https://h5.example.com/paid' })
    .expect(201);
  return { customer, orderId, ...res.body.data };
}

describe('Alipay', () => {
  it('page pay: the customer opens the signed cashier URL, the RSA2 notification is applied once', async () => {
    const { orderId, payment, clientPayload } = await payWith('alipay', 'page');
    expect(clientPayload.redirectUrl).toContain(alipay.gateway);
    await fetch(String(clientPayload.redirectUrl)); // the customer's browser at Alipay's cashier
    const first = await alipay.completePayment(payment.tradeNo);
    expect(first.status).toBe(200);
    expect(first.body).toBe('success');
    const order = await orders().findOne({ where: { documentId: orderId } });
    expect(order).toEqual(expect.objectContaining({ status: 'pending_acceptance', paidFen: payment.amountFen }));
    expect(await app.strapi.db.query('plugin::booking.order-event').count({ where: { orderId: order.id, action: 'pay' } })).toBe(1);
  });

  it('a tampered or unsigned notification is refused with "failure" and changes nothing', async () => {
    const { orderId, payment, clientPayload } = await payWith('alipay', 'wap');
    await fetch(String(clientPayload.redirectUrl));
    const fields = {
      out_trade_no: payment.tradeNo,
      trade_no: '2026112522001400000000000001',
      trade_status: 'TRADE_SUCCESS',
      total_amount: (payment.amountFen / 100).toFixed(2),
      app_id: ALIPAY_APP_ID,
      notify_time: '2026-11-25 10:00:00',
      notify_type: 'trade_status_sync',
      notify_id: 'n1',
    };
    const tampered = await alipay.sendNotification(fields, { tamper: true });
    const unsigned = await alipay.sendNotification(fields, { unsigned: true });
    expect(tampered.body).toBe('failure');
    expect(unsigned.body).toBe('failure');
    expect((await orders().findOne({ where: { documentId: orderId } })).status).toBe('pending_payment');
  });

  it('refunds a cancelled order through alipay.trade.refund', async () => {
    const { customer, orderId, payment, clientPayload } = await payWith('alipay', 'page');
    await fetch(String(clientPayload.redirectUrl));
    await alipay.completePayment(payment.tradeNo);
    await app.http().post(`/api/booking/orders/${orderId}/cancel`).set(customer.auth).send({ reason: '改期' }).expect(200);
    await app.strapi.plugin('booking').service('jobs').run('processRefunds');
    const order = await orders().findOne({ where: { documentId: orderId } });
    const refund = await app.strapi.db.query('plugin::booking.refund').findOne({ where: { orderId: order.id } });
    expect(refund.status).toBe('succeeded');
    expect(order.paymentStatus).toBe('refunded');
  });
});

describe('UnionPay (bank cards)', () => {
  it('without returnUrl is a 400 RETURN_URL_REQUIRED (was a 500), and no attempt is recorded', async () => {
    const customer = await customerWithPatient(app);
    const created = await app
      .http()
      .post('/api/booking/orders')
      .set(customer.auth)
      .send(orderBody(service, customer.patientId, { startAt: beijingAt(day++, 10) }))
      .expect(201);
    const res = await app
      .http()
      .post(`/api/booking/orders/${created.body.data.documentId}/payments`)
      .set(customer.auth)
      .send({ channel: 'unionpay', scene: 'card' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.code).toBe('RETURN_URL_REQUIRED');
    const order = await orders().findOne({ where: { documentId: created.body.data.documentId } });
    expect(await app.strapi.db.query('plugin::booking.payment').count({ where: { orderId: order.id } })).toBe(0);
  });

  it('returns an auto-submit form (card data never touches us) and applies the signed back notification once', async () => {
    const { orderId, payment, clientPayload } = await payWith('unionpay', 'card');
    expect(clientPayload.action).toBe(unionpay.frontTransUrl);
    expect(JSON.stringify(clientPayload)).not.toMatch(/accNo|cvn2|cardNo/i);
    await fetch(String(clientPayload.action), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(clientPayload.fields).toString(),
    });
    const first = await unionpay.completePayment(payment.tradeNo);
    expect(first.status).toBe(200);
    const order = await orders().findOne({ where: { documentId: orderId } });
    expect(order.status).toBe('pending_acceptance');
    const row = await app.strapi.db.query('plugin::booking.payment').findOne({ where: { tradeNo: payment.tradeNo } });
    expect(row.providerData.txnTime).toMatch(/^\d{14}$/);
  });

  it('refuses a tampered notification', async () => {
    const { orderId, payment, clientPayload } = await payWith('unionpay', 'card');
    await fetch(String(clientPayload.action), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(clientPayload.fields).toString(),
    });
    const answer = await unionpay.sendNotification({ orderId: payment.tradeNo, txnAmt: String(payment.amountFen), respCode: '00' }, { tamper: true } as any);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect((await orders().findOne({ where: { documentId: orderId } })).status).toBe('pending_payment');
  });
});

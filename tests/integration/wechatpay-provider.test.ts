/**
 * The WeChat Pay v3 provider drives wechatpay-axios-plugin against a loopback fake that verifies every request's
 * WECHATPAY2-SHA256-RSA2048 signature and signs every answer, in both platform-verification modes (X.509 platform
 * certificate, and WeChat Pay public key). Callbacks travel over HTTP to a receiver that verifies them with the
 * provider and answers with its acknowledgement. No Strapi boot.
 */
import http from 'node:http';
import { createVerify, generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createWechatPayProvider, WechatPayApiError, type WechatPayConfig } from '../../src/plugins/booking/server/src/providers/payment/wechatpay';
import {
  PaymentGatewayError,
  PaymentSignatureError,
  type CreatePaymentInput,
  type PaymentProvider,
  type VerifiedNotification,
} from '../../src/plugins/booking/server/src/providers/payment/types';
import { startFakeWechatPay, type FakeWechatPay, type RecordedRequest } from '../fakes/wechatpay';

const MCH_ID = '1900000109';
const APP_ID = 'wx8888888888888888';
const MERCHANT_SERIAL = '3775B6A45ACD588826D15E583A95F5DD0A5AF7C1';
const API_V3_KEY = 'Kd7pQ2vX9mZ4tR8wL1yB6nC3hF5jG0sA';
const pem = (pair: ReturnType<typeof rsa>) => ({
  privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
});
const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const merchant = pem(rsa());

/** Receives callbacks the way the platform's route does: verify, then answer with the provider's acknowledgement. */
async function startReceiver() {
  const received: Array<{ verified?: VerifiedNotification; error?: unknown }> = [];
  let provider: PaymentProvider | undefined;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
      let ok = false;
      try {
        received.push({ verified: await provider!.verifyNotification({ headers, rawBody: body }) });
        ok = true;
      } catch (error) {
        received.push({ error });
      }
      const ack = provider!.acknowledge(ok);
      res.writeHead(ack.status, { 'content-type': ack.contentType });
      res.end(ack.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/booking/payments/wechat/notify`,
    received,
    use: (p: PaymentProvider) => void (provider = p),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function rejection<E extends Error>(promise: Promise<unknown>, type: new (...args: any[]) => E): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

/** Replays a request the plugin signed, possibly altered, straight at the fake. */
function replay(baseUrl: string, request: RecordedRequest): Promise<{ status: number; body: string }> {
  const { host, port } = new URL(baseUrl);
  const headers = { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) };
  return new Promise((resolve, reject) => {
    const req = http.request({ host: host.split(':')[0], port, method: request.method, path: request.url, headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

// axios honours $http_proxy; every request here must stay on loopback.
const savedProxy: Record<string, string | undefined> = {};
beforeAll(() => {
  for (const k of ['http_proxy', 'HTTP_PROXY']) {
    savedProxy[k] = process.env[k];
    delete process.env[k];
  }
});
afterAll(() => {
  for (const [k, v] of Object.entries(savedProxy)) if (v !== undefined) process.env[k] = v;
});

let tradeSeq = 0;
const newTradeNo = () => `CE${Date.now()}${String(++tradeSeq).padStart(4, '0')}`;

describe.each(['certificate', 'publicKey'] as const)('WeChat Pay provider, platform %s mode', (platformMode) => {
  let fake: FakeWechatPay;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let provider: PaymentProvider;
  const config = (overrides: Partial<WechatPayConfig> = {}): WechatPayConfig => ({
    mchId: MCH_ID,
    appId: APP_ID,
    merchantSerialNo: MERCHANT_SERIAL,
    merchantPrivateKeyPem: merchant.privateKey,
    apiV3Key: API_V3_KEY,
    baseUrl: fake.baseUrl,
    ...(platformMode === 'certificate'
      ? { platformCertificates: { [fake.platformSerial]: fake.platformCertificatePem as string } }
      : { publicKeyId: fake.platformSerial, publicKeyPem: fake.platformPublicKeyPem }),
    timeoutMs: 2000,
    ...overrides,
  });
  const input = (overrides: Partial<CreatePaymentInput> = {}): CreatePaymentInput => ({
    tradeNo: newTradeNo(),
    amountFen: 12800,
    description: '安心陪护-医院陪诊 4 小时',
    notifyUrl: receiver.url,
    scene: 'jsapi',
    payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', clientIp: '203.0.113.7' },
    expiresAt: new Date(Date.now() + 15 * 60_000),
    ...overrides,
  });

  beforeAll(async () => {
    fake = await startFakeWechatPay({
      mchId: MCH_ID,
      merchantSerialNo: MERCHANT_SERIAL,
      merchantPublicKeyPem: merchant.publicKey,
      apiV3Key: API_V3_KEY,
      platformMode,
    });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await fake.close();
    await receiver.close();
  });
  beforeEach(() => {
    provider = createWechatPayProvider(config());
    receiver.use(provider);
  });

  it('uses the expected kind of platform serial', () => {
    if (platformMode === 'certificate') {
      expect(fake.platformSerial).toMatch(/^[0-9A-F]{40}$/);
      expect(fake.platformCertificatePem).toContain('BEGIN CERTIFICATE');
    } else {
      expect(fake.platformSerial).toMatch(/^PUB_KEY_ID_\d+$/);
    }
  });

  it('creates a JSAPI payment the fake authenticated, with pay params signed by the merchant key', async () => {
    const order = input();
    const result = await provider.create(order);
    const request = fake.requests.at(-1) as RecordedRequest;
    expect(request).toMatchObject({ method: 'POST', url: '/v3/pay/transactions/jsapi', status: 200 });
    expect(request.headers.authorization).toMatch(new RegExp(`^WECHATPAY2-SHA256-RSA2048 mchid="${MCH_ID}",serial_no="${MERCHANT_SERIAL}",`));
    expect(JSON.parse(request.body)).toMatchObject({
      appid: APP_ID,
      mchid: MCH_ID,
      out_trade_no: order.tradeNo,
      notify_url: receiver.url,
      amount: { total: 12800, currency: 'CNY' },
      payer: { openid: order.payer?.openid },
      time_expire: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/),
    });
    const prepayId = fake.trades.get(order.tradeNo)?.prepayId;
    const p = result.clientPayload as Record<string, string>;
    expect(result).toMatchObject({ channel: 'wechat', scene: 'jsapi' });
    expect(p).toMatchObject({ appId: APP_ID, package: `prepay_id=${prepayId}`, signType: 'RSA', timeStamp: expect.stringMatching(/^\d{10}$/) });
    const message = `${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`;
    expect(
      createVerify('RSA-SHA256')
        .update(message)
        .verify(merchant.publicKey, p.paySign as string, 'base64'),
    ).toBe(true);
  });

  it('creates native (code_url) and H5 (h5_url with redirect_url) payments', async () => {
    const native = await provider.create(input({ scene: 'native', payer: undefined }));
    expect(native.clientPayload.codeUrl).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=/);
    const h5 = await provider.create(input({ scene: 'h5', returnUrl: 'https://care.example.cn/orders/1?paid=1' }));
    expect(h5.clientPayload.h5Url).toMatch(/^https:\/\/wx\.tenpay\.com\/.*&redirect_url=https%3A%2F%2Fcare\.example\.cn%2Forders%2F1%3Fpaid%3D1$/);
    expect(JSON.parse((fake.requests.at(-1) as RecordedRequest).body).scene_info).toEqual({ payer_client_ip: '203.0.113.7', h5_info: { type: 'Wap' } });
    await expect(provider.create(input({ scene: 'h5', payer: {} }))).rejects.toThrow('clientIp');
    await expect(provider.create(input({ scene: 'jsapi', payer: {} }))).rejects.toThrow('openid');
  });

  it('the fake really checks signatures: a wrong merchant key and an altered replay are refused with SIGN_ERROR', async () => {
    const impostor = createWechatPayProvider(config({ merchantPrivateKeyPem: pem(rsa()).privateKey }));
    const error = await rejection(impostor.create(input()), WechatPayApiError);
    expect(error).toMatchObject({ code: 'SIGN_ERROR', httpStatus: 401, retryable: false });

    const order = input({ scene: 'native', payer: undefined });
    await provider.create(order);
    const signed = fake.requests.at(-1) as RecordedRequest;
    const altered = { ...signed, body: signed.body.replace('"total":12800', '"total":1') };
    expect(altered.body).not.toBe(signed.body);
    expect(await replay(fake.baseUrl, altered)).toMatchObject({ status: 401, body: expect.stringContaining('SIGN_ERROR') });
    expect(await replay(fake.baseUrl, { ...signed, url: signed.url + '?x=1' })).toMatchObject({ status: 401 });
    // Unaltered, the same signed request is accepted (and returns the same order, idempotently).
    expect(await replay(fake.baseUrl, signed)).toMatchObject({ status: 200 });
  });

  it('a paid order arrives as a signed, encrypted TRANSACTION.SUCCESS the provider verifies and acknowledges with 204', async () => {
    const order = input();
    await provider.create(order);
    const delivery = await fake.completePayment(order.tradeNo, { transactionId: '4200001234202501011234567890' });
    expect(delivery).toMatchObject({ status: 204, body: '' });
    expect(receiver.received.at(-1)?.verified).toMatchObject({
      kind: 'payment',
      tradeNo: order.tradeNo,
      providerTxnId: '4200001234202501011234567890',
      amountFen: 12800,
      status: 'succeeded',
      occurredAt: expect.any(Date),
      raw: { event_type: 'TRANSACTION.SUCCESS', resource: { appid: APP_ID, mchid: MCH_ID } },
    });
    expect(delivery.notification.headers['wechatpay-serial']).toBe(fake.platformSerial);
  });

  describe('refuses callbacks that are not genuine and fresh', () => {
    const resource = () => ({
      appid: APP_ID,
      mchid: MCH_ID,
      out_trade_no: 'CE20250101000001',
      transaction_id: '4200000000000000000000000001',
      trade_state: 'SUCCESS',
      success_time: '2025-01-01T10:00:00+08:00',
      amount: { total: 100, payer_total: 100, currency: 'CNY' },
    });
    const verify = (n: { headers: Record<string, string>; body: string }) => provider.verifyNotification({ headers: n.headers, rawBody: n.body });

    it('accepts a genuine one sent 200 s ago, with headers in any case', async () => {
      const n = fake.notification('TRANSACTION.SUCCESS', resource(), { timestamp: Math.floor(Date.now() / 1000) - 200 });
      const shouting = Object.fromEntries(Object.entries(n.headers).map(([k, v]) => [k.toUpperCase(), v]));
      await expect(verify({ headers: shouting, body: n.body })).resolves.toMatchObject({ tradeNo: 'CE20250101000001', amountFen: 100 });
    });

    it.each([
      [
        'a forged signature',
        (n: any) => ({ ...n, headers: { ...n.headers, 'wechatpay-signature': Buffer.alloc(256, 7).toString('base64') } }),
        'does not verify',
      ],
      ['an altered body', (n: any) => ({ ...n, body: n.body.replace('支付成功', '支付失败') }), 'does not verify'],
      ['missing headers', (n: any) => ({ ...n, headers: { ...n.headers, 'wechatpay-nonce': undefined } }), 'missing'],
    ])('%s', async (_label, alter, message) => {
      const error = await rejection(verify(alter(fake.notification('TRANSACTION.SUCCESS', resource()))), PaymentSignatureError);
      expect(error.message).toContain(message);
    });

    it('a stale (replayed) timestamp, even though correctly signed', async () => {
      const stale = fake.notification('TRANSACTION.SUCCESS', resource(), { timestamp: Math.floor(Date.now() / 1000) - 301 });
      expect((await rejection(verify(stale), PaymentSignatureError)).message).toContain('window');
      const future = fake.notification('TRANSACTION.SUCCESS', resource(), { timestamp: Math.floor(Date.now() / 1000) + 400 });
      await rejection(verify(future), PaymentSignatureError);
    });

    it('an unknown Wechatpay-Serial', async () => {
      const n = fake.notification('TRANSACTION.SUCCESS', resource(), { serial: 'PUB_KEY_ID_0114232134912410000000000000' });
      expect((await rejection(verify(n), PaymentSignatureError)).message).toContain('unknown Wechatpay-Serial');
    });

    it('a tampered ciphertext or one sealed with another APIv3 key, though the envelope signature is valid', async () => {
      await rejection(verify(fake.notification('TRANSACTION.SUCCESS', resource(), { tamperCiphertext: true })), PaymentSignatureError);
      await rejection(verify(fake.notification('TRANSACTION.SUCCESS', resource(), { apiV3Key: 'X'.repeat(32) })), PaymentSignatureError);
    });

    it('a resource for another merchant, and the failure acknowledgement WeChat retries on', async () => {
      await rejection(verify(fake.notification('TRANSACTION.SUCCESS', { ...resource(), mchid: '1900000999' })), PaymentSignatureError);
      expect(provider.acknowledge(false)).toEqual({ status: 500, contentType: 'application/json', body: '{"code":"FAIL","message":"失败"}' });
      expect(provider.acknowledge(true)).toMatchObject({ status: 204, body: '' });
    });
  });

  it('queries, closes and treats a never-created order as pending', async () => {
    const order = input();
    await provider.create(order);
    await expect(provider.query(order.tradeNo)).resolves.toEqual({ status: 'pending', providerTxnId: undefined, amountFen: 12800 });
    expect((fake.requests.at(-1) as RecordedRequest).url).toBe(`/v3/pay/transactions/out-trade-no/${order.tradeNo}?mchid=${MCH_ID}`);
    await provider.close(order.tradeNo);
    expect(fake.requests.at(-1)).toMatchObject({ url: `/v3/pay/transactions/out-trade-no/${order.tradeNo}/close`, status: 204, body: `{"mchid":"${MCH_ID}"}` });
    await expect(provider.query(order.tradeNo)).resolves.toMatchObject({ status: 'closed' });
    await expect(provider.close(order.tradeNo)).resolves.toBeUndefined(); // ORDER_CLOSED: already done
    await expect(provider.query('CE_NEVER_CREATED_1')).resolves.toEqual({ status: 'pending' });
    await expect(provider.close('CE_NEVER_CREATED_1')).resolves.toBeUndefined();

    const paid = input();
    await provider.create(paid);
    await fake.completePayment(paid.tradeNo);
    await expect(provider.query(paid.tradeNo)).resolves.toEqual({
      status: 'succeeded',
      providerTxnId: fake.trades.get(paid.tradeNo)?.transactionId,
      amountFen: 12800,
    });
    expect(await rejection(provider.close(paid.tradeNo), WechatPayApiError)).toMatchObject({ code: 'ORDERPAID', retryable: false });
  });

  it('refunds, queries the refund and verifies the REFUND.SUCCESS callback', async () => {
    const order = input({ amountFen: 10000 });
    await provider.create(order);
    await fake.completePayment(order.tradeNo);
    const refundNo = `RF${order.tradeNo}`;
    const refund = { tradeNo: order.tradeNo, refundNo, amountFen: 3000, totalFen: 10000, reason: '用户取消订单', notifyUrl: receiver.url };
    const started = await provider.refund(refund);
    expect(started).toEqual({ status: 'pending', providerRefundId: expect.stringMatching(/^50\d{30}$/) });
    expect(JSON.parse((fake.requests.at(-1) as RecordedRequest).body)).toEqual({
      out_trade_no: order.tradeNo,
      out_refund_no: refundNo,
      reason: '用户取消订单',
      notify_url: receiver.url,
      amount: { refund: 3000, total: 10000, currency: 'CNY' },
    });
    await expect(provider.refund(refund)).resolves.toEqual(started); // same out_refund_no: the same refund
    await expect(provider.queryRefund(refundNo, order.tradeNo)).resolves.toEqual(started);

    expect(await fake.completeRefund(refundNo)).toMatchObject({ status: 204 });
    expect(receiver.received.at(-1)?.verified).toMatchObject({
      kind: 'refund',
      tradeNo: order.tradeNo,
      refundNo,
      providerTxnId: started.providerRefundId,
      amountFen: 3000,
      status: 'succeeded',
    });
    await expect(provider.queryRefund(refundNo, order.tradeNo)).resolves.toEqual({ status: 'succeeded', providerRefundId: started.providerRefundId });

    const tooMuch = await rejection(provider.refund({ ...refund, refundNo: `${refundNo}B`, amountFen: 8000 }), WechatPayApiError);
    expect(tooMuch).toMatchObject({ code: 'INVALID_REQUEST', retryable: false });
    expect(await rejection(provider.queryRefund('RF_UNKNOWN', order.tradeNo), WechatPayApiError)).toMatchObject({ code: 'RESOURCE_NOT_EXISTS' });
  });
});

describe('WeChat Pay provider, gateway failures and configuration', () => {
  let fake: FakeWechatPay;
  const config = (overrides: Partial<WechatPayConfig> = {}): WechatPayConfig => ({
    mchId: MCH_ID,
    appId: APP_ID,
    merchantSerialNo: MERCHANT_SERIAL,
    merchantPrivateKeyPem: merchant.privateKey,
    apiV3Key: API_V3_KEY,
    baseUrl: fake.baseUrl,
    publicKeyId: fake.platformSerial,
    publicKeyPem: fake.platformPublicKeyPem,
    timeoutMs: 300,
    ...overrides,
  });
  beforeAll(async () => {
    fake = await startFakeWechatPay({
      mchId: MCH_ID,
      merchantSerialNo: MERCHANT_SERIAL,
      merchantPublicKeyPem: merchant.publicKey,
      apiV3Key: API_V3_KEY,
      platformMode: 'publicKey',
    });
  });
  afterAll(() => fake.close());

  it('a gateway that never answers is a retryable PaymentGatewayError, as is a closed port', async () => {
    fake.hang();
    const started = Date.now();
    const error = await rejection(createWechatPayProvider(config()).query('CE_TIMEOUT_0001'), PaymentGatewayError);
    expect(error).toMatchObject({ retryable: true, message: expect.stringContaining('unreachable') });
    expect(Date.now() - started).toBeLessThan(2000);
    const closed = http.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => closed.once('listening', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(
      await rejection(createWechatPayProvider(config({ baseUrl: `http://127.0.0.1:${port}` })).query('CE_CLOSED_0001'), PaymentGatewayError),
    ).toMatchObject({ retryable: true });
  });

  it.each([
    [500, 'SYSTEM_ERROR', true],
    [429, 'FREQUENCY_LIMITED', true],
    [403, 'NOT_ENOUGH', true],
    [403, 'NO_AUTH', false],
    [400, 'PARAM_ERROR', false],
  ])('HTTP %i %s is a WechatPayApiError, retryable=%s', async (status, code, retryable) => {
    fake.failNext(status, code);
    const error = await rejection(createWechatPayProvider(config()).query('CE_FAILING_0001'), WechatPayApiError);
    expect(error).toMatchObject({ code, httpStatus: status, retryable });
  });

  it('an answer whose platform signature does not verify is refused, not trusted', async () => {
    const provider = createWechatPayProvider(config());
    await provider.create({
      tradeNo: 'CE_SIGNED_ANSWER1',
      amountFen: 100,
      description: 'x',
      notifyUrl: 'https://care.example.cn/n',
      scene: 'native',
      expiresAt: new Date(Date.now() + 60_000),
    });
    fake.corruptNextResponse();
    const error = await rejection(provider.query('CE_SIGNED_ANSWER1'), PaymentGatewayError);
    expect(error.message).toContain('failed verification');
    // Answers signed by a key the provider does not know are refused the same way.
    const stranger = createWechatPayProvider(config({ publicKeyId: 'PUB_KEY_ID_0000000000000000000000000000', publicKeyPem: pem(rsa()).publicKey }));
    expect((await rejection(stranger.query('CE_SIGNED_ANSWER1'), PaymentGatewayError)).message).toContain('EV3_RES_HEADER_PLATFORM_SERIAL');
  });

  it('refuses unusable configuration at construction', () => {
    expect(() => createWechatPayProvider(config({ apiV3Key: 'short' }))).toThrow('apiV3Key');
    expect(() => createWechatPayProvider(config({ publicKeyId: undefined, publicKeyPem: undefined }))).toThrow('platformCertificates');
    expect(() => createWechatPayProvider(config({ publicKeyId: 'ABC123' }))).toThrow('PUB_KEY_ID_');
    expect(() => createWechatPayProvider(config({ mchId: '' }))).toThrow('mchId');
  });

  it('refuses a platform certificate filed under another serial', async () => {
    const certFake = await startFakeWechatPay({
      mchId: MCH_ID,
      merchantSerialNo: MERCHANT_SERIAL,
      merchantPublicKeyPem: merchant.publicKey,
      apiV3Key: API_V3_KEY,
      platformMode: 'certificate',
    });
    try {
      expect(certFake.certificateTool).toBe('openssl');
      const certs = { '1234ABCD': certFake.platformCertificatePem as string };
      expect(() => createWechatPayProvider(config({ publicKeyId: undefined, publicKeyPem: undefined, platformCertificates: certs }))).toThrow('has serial');
    } finally {
      await certFake.close();
    }
  });
});

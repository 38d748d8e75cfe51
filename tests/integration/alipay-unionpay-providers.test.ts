/**
 * The Alipay adapter (driving the official alipay-sdk) and the UnionPay ACP 5.1.0 adapter against loopback fakes
 * that verify every request signature and sign every answer and notification the way the gateways do.
 * Notifications travel over real HTTP to a small endpoint that runs verifyNotification + acknowledge, as the
 * plugin's controller will. No Strapi boot.
 */
import http from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createAlipayProvider, type AlipayProviderConfig } from '../../src/plugins/booking/server/src/providers/payment/alipay';
import { createUnionPayProvider, type UnionPayProviderConfig } from '../../src/plugins/booking/server/src/providers/payment/unionpay';
import {
  PaymentGatewayError,
  PaymentSignatureError,
  type CreatePaymentInput,
  type PaymentProvider,
  type VerifiedNotification,
} from '../../src/plugins/booking/server/src/providers/payment/types';
import { startFakeAlipay, type FakeAlipay } from '../fakes/alipay';
import { opensslCertificate, startFakeUnionPay, UNIONPAY_SIGNER_SUBJECT, type FakeUnionPay, type TestCertificate } from '../fakes/unionpay';

interface Endpoint {
  url: string;
  received: Array<{ verified?: VerifiedNotification; error?: unknown }>;
  close(): Promise<void>;
}

/** Our notify URL: verifies with the provider and answers with its acknowledge(), like the plugin controller. */
async function notifyEndpoint(provider: () => PaymentProvider): Promise<Endpoint> {
  const received: Endpoint['received'] = [];
  const server = http.createServer((req, res) => {
    let rawBody = '';
    req.on('data', (c) => (rawBody += c));
    req.on('end', async () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
      const outcome = await provider()
        .verifyNotification({ headers, rawBody })
        .then(
          (verified) => ({ verified }),
          (error: unknown) => ({ error }),
        );
      received.push(outcome);
      const ack = provider().acknowledge('verified' in outcome);
      res.writeHead(ack.status, { 'content-type': ack.contentType });
      res.end(ack.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`;
  return { url, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function gatewayError(promise: Promise<unknown>): Promise<PaymentGatewayError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PaymentGatewayError);
  return error as PaymentGatewayError;
}

const inAnHour = () => new Date(Date.now() + 3600_000);
let savedProxy: Record<string, string | undefined> = {};
beforeAll(() => {
  // axios honours $http_proxy; these requests must stay on loopback.
  savedProxy = { http_proxy: process.env.http_proxy, HTTP_PROXY: process.env.HTTP_PROXY };
  delete process.env.http_proxy;
  delete process.env.HTTP_PROXY;
});
afterAll(() => Object.entries(savedProxy).forEach(([k, v]) => v !== undefined && (process.env[k] = v)));

describe('Alipay provider against the RSA2-verifying fake gateway', () => {
  const appId = '2021004100000001';
  const appKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const appPrivateKeyPem = appKeys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  let fake: FakeAlipay;
  let endpoint: Endpoint;
  let provider: PaymentProvider;
  const make = (overrides: Partial<AlipayProviderConfig> = {}) =>
    createAlipayProvider({
      appId,
      privateKeyPem: appPrivateKeyPem,
      alipayPublicKeyPem: fake.alipayPublicKeyPem,
      gateway: fake.gateway,
      timeoutMs: 2000,
      ...overrides,
    });
  const input = (tradeNo: string, amountFen: number, scene: 'page' | 'wap' | 'app' = 'page'): CreatePaymentInput => ({
    tradeNo,
    amountFen,
    scene,
    description: '陪诊服务 4小时',
    notifyUrl: endpoint.url,
    returnUrl: 'https://care.example.com/paid',
    expiresAt: inAnHour(),
  });
  /** What the buyer's browser (or the Alipay app) does with the client payload. */
  async function openCashier(payload: Record<string, unknown>): Promise<void> {
    const response = payload.orderString
      ? await fetch(fake.gateway, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: String(payload.orderString) })
      : await fetch(String(payload.redirectUrl));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('fake cashier');
  }

  beforeEach(async () => {
    fake = await startFakeAlipay({ appId, appPublicKeyPem: appKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString() });
    provider = make();
    endpoint = await notifyEndpoint(() => provider);
  });
  afterEach(() => Promise.all([fake.close(), endpoint.close()]));

  it('page payment: signed redirect accepted, notification verified, query agrees (12345 fen = 123.45)', async () => {
    const created = await provider.create(input('2026030100000042A1', 12345));
    expect(created).toMatchObject({ channel: 'alipay', scene: 'page', clientPayload: { redirectUrl: expect.stringContaining(fake.gateway) } });
    await openCashier(created.clientPayload);
    expect(fake.rejections).toEqual([]);
    expect(fake.trades.get('2026030100000042A1')).toMatchObject({ totalAmount: '123.45', method: 'alipay.trade.page.pay', subject: '陪诊服务 4小时' });
    await expect(provider.query('2026030100000042A1')).resolves.toMatchObject({ status: 'pending' });

    const answer = await fake.completePayment('2026030100000042A1');
    expect(answer).toMatchObject({ status: 200, body: 'success' });
    const trade = fake.trades.get('2026030100000042A1');
    expect(endpoint.received).toEqual([
      {
        verified: expect.objectContaining({
          kind: 'payment',
          tradeNo: '2026030100000042A1',
          providerTxnId: trade?.tradeNo,
          amountFen: 12345,
          status: 'succeeded',
        }),
      },
    ]);
    await expect(provider.query('2026030100000042A1')).resolves.toEqual({ status: 'succeeded', providerTxnId: trade?.tradeNo, amountFen: 12345 });
  });

  it.each([
    ['wap', 1, '0.01'],
    ['app', 100, '1.00'],
    ['page', 9_999_999_999, '99999999.99'],
  ] as const)('%s scene carries %i fen as %s yuan', async (scene, fen, yuan) => {
    const created = await provider.create(input(`T${scene}${fen}`, fen, scene));
    await openCashier(created.clientPayload);
    expect(fake.trades.get(`T${scene}${fen}`)).toMatchObject({ totalAmount: yuan, method: `alipay.trade.${scene}.pay` });
    await fake.completePayment(`T${scene}${fen}`);
    expect(endpoint.received[0]?.verified?.amountFen).toBe(fen);
  });

  it('refunds synchronously, is idempotent per refundNo, and reports the refund notification', async () => {
    await openCashier((await provider.create(input('T20260301R', 12345))).clientPayload);
    await fake.completePayment('T20260301R');
    const refund = { tradeNo: 'T20260301R', refundNo: 'R1', amountFen: 2345, totalFen: 12345, reason: '客户取消', notifyUrl: endpoint.url };
    const tradeNo = fake.trades.get('T20260301R')?.tradeNo;
    await expect(provider.refund(refund)).resolves.toEqual({ status: 'succeeded', providerRefundId: `${tradeNo}:R1` });
    // The repeat moves no money (fund_change N) and is confirmed through the refund query.
    await expect(provider.refund(refund)).resolves.toEqual({ status: 'succeeded', providerRefundId: `${tradeNo}:R1` });
    expect(fake.trades.get('T20260301R')?.refundedFen).toBe(2345);
    await expect(provider.queryRefund('R1', 'T20260301R')).resolves.toMatchObject({ status: 'succeeded' });
    await expect(provider.queryRefund('R-unknown', 'T20260301R')).resolves.toEqual({ status: 'pending' });
    await expect(provider.refund({ ...refund, refundNo: 'R2', amountFen: 10001 })).resolves.toEqual({ status: 'failed' });

    expect(await fake.notifyRefund('T20260301R', 'R1')).toMatchObject({ body: 'success' });
    expect(endpoint.received[1]?.verified).toMatchObject({ kind: 'refund', tradeNo: 'T20260301R', refundNo: 'R1', amountFen: 2345, status: 'succeeded' });
  });

  it('close: an opened trade is closed, an unopened one needs nothing, a paid one is refused', async () => {
    await openCashier((await provider.create(input('TCLOSE1', 500))).clientPayload);
    await provider.close('TCLOSE1');
    await expect(provider.query('TCLOSE1')).resolves.toMatchObject({ status: 'closed' });
    await expect(provider.close('TNEVEROPENED')).resolves.toBeUndefined();
    await openCashier((await provider.create(input('TPAID1', 500))).clientPayload);
    await fake.completePayment('TPAID1');
    expect((await gatewayError(provider.close('TPAID1'))).message).toContain('ACQ.TRADE_STATUS_ERROR');
  });

  it('rejects tampered, unsigned, other-app and stale notifications and acknowledges them as failure', async () => {
    await openCashier((await provider.create(input('TNOTIFY1', 1000))).clientPayload);
    fake.trades.get('TNOTIFY1')!.status = 'TRADE_SUCCESS';
    const genuine = { out_trade_no: 'TNOTIFY1', trade_no: '2026000001', total_amount: '10.00', trade_status: 'TRADE_SUCCESS', app_id: appId, notify_time: '' };
    const at = (ms: number) => new Date(Date.now() + 8 * 3600_000 + ms).toISOString().slice(0, 19).replace('T', ' ');
    genuine.notify_time = at(0);
    expect(await fake.sendNotification(genuine, { tamper: true })).toMatchObject({ body: 'failure' });
    expect(await fake.sendNotification(genuine, { unsigned: true })).toMatchObject({ body: 'failure' });
    expect(await fake.sendNotification({ ...genuine, app_id: '2021000000009999' })).toMatchObject({ body: 'failure' });
    expect(await fake.sendNotification({ ...genuine, notify_time: at(-26 * 3600_000) })).toMatchObject({ body: 'failure' });
    expect(endpoint.received.map((r) => r.error)).toEqual(Array(4).fill(expect.any(PaymentSignatureError)));
    // Control: the same notification, untouched, is accepted.
    expect(await fake.sendNotification(genuine)).toMatchObject({ body: 'success' });
  });

  it('the fake really checks our signature: a wrong app key and an edited redirect are refused', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const error = await gatewayError(make({ privateKeyPem: stranger }).query('T1'));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('isv.invalid-signature');
    const { redirectUrl } = (await provider.create(input('TEDIT1', 100))).clientPayload as { redirectUrl: string };
    const edited = redirectUrl.replace(encodeURIComponent('"total_amount":"1.00"'), encodeURIComponent('"total_amount":"0.01"'));
    expect(edited).not.toBe(redirectUrl);
    await fetch(edited);
    expect(fake.rejections.map((r) => r.subCode)).toEqual(['isv.invalid-signature', 'isv.invalid-signature']);
    expect(fake.trades.has('TEDIT1')).toBe(false);
  });

  it('gateway faults: busy is retryable, a forged response signature is not, a hung gateway times out', async () => {
    fake.failNext();
    expect(await gatewayError(provider.query('T1'))).toMatchObject({ retryable: true });
    fake.failNext({ httpStatus: 502 });
    expect(await gatewayError(provider.query('T1'))).toMatchObject({ retryable: true });
    fake.forgeNextResponse();
    expect(await gatewayError(provider.query('T1'))).toMatchObject({ retryable: false });
    fake.hang();
    const started = Date.now();
    expect(await gatewayError(make({ timeoutMs: 300 }).query('T1'))).toMatchObject({ retryable: true });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('UnionPay provider against the ACP 5.1.0 fake gateway', () => {
  let merchant: TestCertificate;
  let fake: FakeUnionPay;
  let endpoint: Endpoint;
  let provider: PaymentProvider;
  const make = (overrides: Partial<UnionPayProviderConfig> = {}) =>
    createUnionPayProvider({
      merId: fake.merId,
      signCertId: merchant.certId,
      signPrivateKeyPem: merchant.keyPem,
      trustedSignPubKeyPems: [fake.rootCertPem],
      frontTransUrl: fake.frontTransUrl,
      backTransUrl: fake.backTransUrl,
      singleQueryUrl: fake.singleQueryUrl,
      frontUrl: 'https://care.example.com/paid',
      timeoutMs: 2000,
      ...overrides,
    });
  const input = (tradeNo: string, amountFen: number): CreatePaymentInput => ({
    tradeNo,
    amountFen,
    scene: 'card',
    description: '陪护服务 {夜间}',
    notifyUrl: endpoint.url,
    expiresAt: inAnHour(),
  });
  /** The customer's browser submitting the auto-submit form; card details are typed on UnionPay's page. */
  async function submitForm(payload: Record<string, unknown>): Promise<string> {
    const { action, fields } = payload as { action: string; fields: Record<string, string> };
    const response = await fetch(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    return response.text();
  }
  async function paid(tradeNo: string, fen: number): Promise<string> {
    await submitForm((await provider.create(input(tradeNo, fen))).clientPayload);
    await fake.completePayment(tradeNo);
    return fake.orders.get(tradeNo)?.queryId as string;
  }

  beforeAll(async () => {
    merchant = opensslCertificate({ subject: '/C=CN/O=Care Escort/CN=777290058110048', serial: 0x2f1e3d4c5b6an });
    fake = await startFakeUnionPay({ merchantCertPem: merchant.certPem, merchantCertId: merchant.certId });
  });
  afterAll(() => fake.close());
  beforeEach(async () => {
    provider = make();
    endpoint = await notifyEndpoint(() => provider);
  });
  afterEach(() => endpoint.close());

  it('card payment: signed form accepted, back notification verified, query agrees', async () => {
    const created = await provider.create(input('20260301000000421', 12345));
    const { action, method, fields, formHtml } = created.clientPayload as { action: string; method: string; fields: Record<string, string>; formHtml: string };
    expect([action, method]).toEqual([fake.frontTransUrl, 'POST']);
    expect(fields).toMatchObject({
      version: '5.1.0',
      signMethod: '01',
      certId: merchant.certId,
      txnType: '01',
      txnSubType: '01',
      bizType: '000201',
      channelType: '07',
      accessType: '0',
      currencyCode: '156',
      txnAmt: '12345',
      orderId: '20260301000000421',
      backUrl: endpoint.url,
      frontUrl: 'https://care.example.com/paid',
      riskRateInfo: '{commodityName=陪护服务  夜间 }',
    });
    expect(Math.abs(Number(fields.txnTime) - Number(new Date(Date.now() + 8 * 3600_000).toISOString().replace(/[-T:]/g, '').slice(0, 14)))).toBeLessThan(5);
    expect(Object.keys(fields).filter((k) => /accNo|cvn|expired|pin/i.test(k))).toEqual([]);
    expect(formHtml).toContain(`action="${fake.frontTransUrl}"`);
    expect(formHtml).toContain('value="{commodityName=陪护服务  夜间 }"');

    await expect(provider.query('20260301000000421')).resolves.toEqual({ status: 'pending', providerTxnId: undefined, amountFen: undefined });
    expect(await submitForm(created.clientPayload)).toContain('fake card page');
    // Only the query before submission was answered "no such transaction" (34); the form itself verified.
    expect(fake.rejections).toEqual([expect.objectContaining({ path: '/gateway/api/queryTrans.do', respCode: '34' })]);
    await expect(provider.query('20260301000000421')).resolves.toMatchObject({ status: 'pending' });

    expect(await fake.completePayment('20260301000000421')).toMatchObject({ status: 200, body: 'ok' });
    const queryId = fake.orders.get('20260301000000421')?.queryId;
    expect(endpoint.received).toEqual([
      { verified: expect.objectContaining({ kind: 'payment', tradeNo: '20260301000000421', providerTxnId: queryId, amountFen: 12345, status: 'succeeded' }) },
    ]);
    await expect(provider.query('20260301000000421')).resolves.toEqual({ status: 'succeeded', providerTxnId: queryId, amountFen: 12345 });
  });

  it('refund: accepted (pending), confirmed by notification and by query; over-refunds fail', async () => {
    const queryId = await paid('20260301000000555', 12345);
    const refund = {
      tradeNo: '20260301000000555',
      refundNo: 'R20260301000555',
      amountFen: 2345,
      totalFen: 12345,
      reason: '客户取消',
      notifyUrl: endpoint.url,
      providerTxnId: queryId,
    };
    const accepted = await provider.refund(refund);
    expect(accepted).toEqual({ status: 'pending', providerRefundId: fake.orders.get('R20260301000555')?.queryId });
    await expect(provider.queryRefund('R20260301000555', refund.tradeNo)).resolves.toMatchObject({ status: 'pending' });
    expect(await fake.completeRefund('R20260301000555')).toMatchObject({ status: 200 });
    expect(endpoint.received[1]?.verified).toEqual(
      expect.objectContaining({
        kind: 'refund',
        tradeNo: '20260301000000555',
        refundNo: 'R20260301000555',
        providerTxnId: accepted.providerRefundId,
        amountFen: 2345,
        status: 'succeeded',
      }),
    );
    await expect(provider.queryRefund('R20260301000555', refund.tradeNo)).resolves.toEqual({
      status: 'succeeded',
      providerRefundId: accepted.providerRefundId,
    });
    // Without providerTxnId the original queryId is looked up; 10001 fen more than remains is refused.
    await expect(provider.refund({ ...refund, refundNo: 'R20260301000556', amountFen: 10001, providerTxnId: undefined })).resolves.toEqual({
      status: 'failed',
    });
    expect(fake.rejections.at(-1)).toMatchObject({ respCode: '36' });
  });

  it('carries 1 fen exactly; rejects tampered, stale, impostor-signed and other-merchant notifications (HTTP 500)', async () => {
    await paid('20260301000000777', 1);
    expect(endpoint.received[0]?.verified).toMatchObject({ amountFen: 1, status: 'succeeded' });
    const genuine = endpoint.received[0]?.verified?.raw as Record<string, string>;
    const impostor = opensslCertificate({ subject: UNIONPAY_SIGNER_SUBJECT, serial: 69026275837n });
    for (const options of [{ tamper: true }, { stale: true }, { signWith: impostor }]) {
      expect(await fake.sendNotification(genuine, options)).toMatchObject({ status: 500, body: 'failure' });
    }
    expect(await fake.sendNotification({ ...genuine, merId: '777290058119999' })).toMatchObject({ status: 500 });
    expect(endpoint.received.slice(1).map((r) => r.error)).toEqual(Array(4).fill(expect.any(PaymentSignatureError)));
    // Control: re-signed unchanged it is accepted; pinning the signing certificate itself works too.
    expect(await fake.sendNotification(genuine)).toMatchObject({ status: 200, body: 'ok' });
    provider = make({ trustedSignPubKeyPems: [fake.signCertPem] });
    expect(await fake.sendNotification(genuine)).toMatchObject({ status: 200 });
  });

  it('the fake really checks our signature: an edited form and a wrong key are refused', async () => {
    const created = await provider.create(input('20260301000000888', 100));
    const fields = (created.clientPayload as { fields: Record<string, string> }).fields;
    expect(await submitForm({ ...created.clientPayload, fields: { ...fields, txnAmt: '1' } })).toContain('应答码 11');
    const stranger = opensslCertificate({ subject: '/CN=stranger', serial: 5n });
    const wrongKey = make({ signPrivateKeyPem: stranger.keyPem, resolveTxnTime: async () => fields.txnTime });
    const error = await gatewayError(wrongKey.query('20260301000000888'));
    expect(error).toMatchObject({ retryable: false, message: expect.stringContaining('11') });
    expect(fake.orders.has('20260301000000888')).toBe(false);
  });

  it('gateway faults: busy and HTTP errors are retryable, an untrusted response is not, a hang times out', async () => {
    await provider.create(input('20260301000000999', 100));
    fake.failNext();
    expect(await gatewayError(provider.query('20260301000000999'))).toMatchObject({ retryable: true });
    fake.failNext({ httpStatus: 503 });
    expect(await gatewayError(provider.query('20260301000000999'))).toMatchObject({ retryable: true });
    const otherRoot = opensslCertificate({ subject: '/CN=Other Root', serial: 9n, ca: true });
    const distrusting = make({ trustedSignPubKeyPems: [otherRoot.certPem], resolveTxnTime: async () => '20260301120000' });
    expect(await gatewayError(distrusting.query('20260301000000999'))).toMatchObject({ retryable: false, message: expect.stringContaining('does not chain') });
    fake.hang();
    try {
      expect(await gatewayError(make({ timeoutMs: 300, resolveTxnTime: async () => '20260301120000' }).query('20260301000000999'))).toMatchObject({
        retryable: true,
      });
    } finally {
      fake.hang(false);
    }
  });

  it('close is a documented no-op, bad inputs are refused before anything is sent', async () => {
    await expect(provider.close('20260301000000999')).resolves.toBeUndefined();
    await expect(provider.create(input('short', 100))).rejects.toThrow(RangeError);
    await expect(provider.create(input('20260301000001000', 0))).rejects.toThrow(RangeError);
    await expect(provider.create({ ...input('20260301000001000', 100), scene: 'page' })).rejects.toThrow(RangeError);
    expect((await gatewayError(provider.query('20269999999999999'))).message).toMatch(/txnTime .* unknown/);
  });
});

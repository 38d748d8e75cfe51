/**
 * Alipay notification verification. The known-answer vector is a real trade_status_sync notification with the
 * Alipay public key that verifies it, as published in the official Node SDK's own test suite
 * (alipay/alipay-sdk-nodejs-all, test/alipay.test.ts, "verify sign should delete sign_type"; MIT licensed). The
 * bytes are authentic beyond doubt because an RSA-2048 signature cannot verify by accident: the first test checks it
 * with plain node:crypto, independent of the SDK, which also pins the published rule (sign over the sorted
 * `k=v` of all fields except sign and sign_type). Round-trip cases use a key pair generated here.
 */
import { createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { alipayDateTime, createAlipayProvider, fenToYuan, yuanToFen } from '../../src/plugins/booking/server/src/providers/payment/alipay';
import { PaymentSignatureError, type PaymentProvider } from '../../src/plugins/booking/server/src/providers/payment/types';

// From the SDK test suite (notifyAlipayPublicKeyV1): bare base64 SubjectPublicKeyInfo, as the console shows it.
const PUBLISHED_ALIPAY_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqObrdC7hrgAVM98tK0nv3hSQRGGKT4lBsQjHiGjeYZjOPIPHR5knm2jnnz/YGIXIofVHkA/tAlBAd5DrY7YpvI4tP5EONLtZKC2ghBMx7McI2wRD0xiqzxOQr1FuhZGJ8/AUokBzJrzY+aGX2xcOrxFYRlFilvVLTXg4LWjR1tdPkO6+i7wQZAIVMClPkwVRZEbaERRHlKqTzv2gGv5rDU8gRoe1LeaN+6BlbTqHWkQcNCUNrA8C6l17XAXGKDsm/9TFWwO8EPHHHCaQdjtV5/FdcWIt+L8SR1ss7EXTjYDFtxcKVv9rEoY1lX8T4mX+GbXfZHraG5NCF1+XioL5JwIDAQAB';

// The notification's fields; fund_bill_list arrives on the wire as this JSON text.
const PUBLISHED_NOTIFY: Record<string, string> = {
  gmt_create: '2019-08-15 15:56:22',
  charset: 'utf-8',
  seller_email: 'z97-yuquerevenue@service.aliyun.com',
  subject: '语雀空间 500人规模',
  sign: 'QfTb8tqE1BMhS5qAnXtvsF3/jBkEvu9q9en0pdbBUDDjvKycZhQb7h8GDs4FKfi049PynaNuatxSgLb/nLWZpXyyh0LEWdK2S6Ri7nPwrVgOs08zugLO20vOQz44y3ti2Ncm8/wZts1Fr2gZ7pShnVX3d1B50hbsXnObT1r/U8ONNQjWXd0HIul4TG+Q3fm3svmSvFEy0WnzuhcyHPX5Gm4ELNctL6Qd5YniGJFNcc7kopHYtI/XD9YCKCH6Ct02rzUs9i11C9CsadtZn+WhxF26Dqt9sGEFajkJ8cxUTLi8+VCpLHsgPE8P0y095uQcDdK0YjCh4x7wVSov+lrmOQ==',
  buyer_id: '2088102534368455',
  invoice_amount: '0.10',
  notify_id: '2019081500222155624068450559358070',
  fund_bill_list: '[{"amount":"0.10","fundChannel":"ALIPAYACCOUNT"}]',
  notify_type: 'trade_status_sync',
  trade_status: 'TRADE_SUCCESS',
  receipt_amount: '0.10',
  buyer_pay_amount: '0.10',
  sign_type: 'RSA2',
  app_id: '2019073166072302',
  seller_id: '2088531891668739',
  gmt_payment: '2019-08-15 15:56:24',
  notify_time: '2019-08-15 15:56:25',
  version: '1.0',
  out_trade_no: '20190815155618536-564-57',
  total_amount: '0.10',
  trade_no: '2019081522001468450512505578',
  auth_app_id: '2019073166072302',
  buyer_logon_id: 'xud***@126.com',
  point_amount: '0.00',
};

const appKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  rawBody: new URLSearchParams(fields).toString(),
});
const signingString = (f: Record<string, string>) =>
  Object.keys(f)
    .filter((k) => k !== 'sign' && k !== 'sign_type')
    .sort()
    .map((k) => `${k}=${f[k]}`)
    .join('&');

async function rejected(provider: PaymentProvider, fields: Record<string, string>): Promise<PaymentSignatureError> {
  const error = await provider.verifyNotification(form(fields)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PaymentSignatureError);
  return error as PaymentSignatureError;
}

describe('published Alipay notification (known answer)', () => {
  const provider = createAlipayProvider({
    appId: '2019073166072302',
    privateKeyPem: appKey,
    alipayPublicKeyPem: PUBLISHED_ALIPAY_PUBLIC_KEY,
    now: () => new Date('2019-08-15T07:56:30Z'), // five seconds after notify_time (Beijing 15:56:25)
  });
  const publicKeyPem = `-----BEGIN PUBLIC KEY-----\n${PUBLISHED_ALIPAY_PUBLIC_KEY}\n-----END PUBLIC KEY-----`;

  it('verifies with plain node:crypto over all fields except sign and sign_type', () => {
    const verify = (content: string) =>
      createVerify('RSA-SHA256')
        .update(content, 'utf8')
        .verify(publicKeyPem, PUBLISHED_NOTIFY.sign as string, 'base64');
    expect(verify(signingString(PUBLISHED_NOTIFY))).toBe(true);
    // Keeping sign_type in the string (the request-signing rule) does not verify: the rules differ.
    const withSignType = Object.keys(PUBLISHED_NOTIFY)
      .filter((k) => k !== 'sign')
      .sort()
      .map((k) => `${k}=${PUBLISHED_NOTIFY[k]}`)
      .join('&');
    expect(verify(withSignType)).toBe(false);
  });

  it('the provider accepts it from a form body and maps it to a succeeded payment in fen', async () => {
    await expect(provider.verifyNotification(form(PUBLISHED_NOTIFY))).resolves.toEqual({
      kind: 'payment',
      tradeNo: '20190815155618536-564-57',
      providerTxnId: '2019081522001468450512505578',
      amountFen: 10,
      status: 'succeeded',
      occurredAt: new Date('2019-08-15T07:56:24Z'),
      raw: PUBLISHED_NOTIFY,
    });
  });

  it('rejects any change to a signed field, a missing signature and a downgraded sign_type', async () => {
    await rejected(provider, { ...PUBLISHED_NOTIFY, total_amount: '10.00' });
    await rejected(provider, { ...PUBLISHED_NOTIFY, subject: '语雀空间 501人规模' });
    const { sign: _sign, ...unsigned } = PUBLISHED_NOTIFY;
    expect((await rejected(provider, unsigned)).message).toMatch(/unsigned/);
    expect((await rejected(provider, { ...PUBLISHED_NOTIFY, sign_type: 'RSA' })).message).toMatch(/sign_type/);
  });

  it('rejects it for another app and when notify_time is outside the window', async () => {
    const otherApp = createAlipayProvider({
      appId: '2021000000000000',
      privateKeyPem: appKey,
      alipayPublicKeyPem: PUBLISHED_ALIPAY_PUBLIC_KEY,
      now: () => new Date('2019-08-15T07:56:30Z'),
    });
    expect((await rejected(otherApp, PUBLISHED_NOTIFY)).message).toMatch(/app_id/);
    const twoDaysLater = createAlipayProvider({
      appId: '2019073166072302',
      privateKeyPem: appKey,
      alipayPublicKeyPem: PUBLISHED_ALIPAY_PUBLIC_KEY,
      now: () => new Date('2019-08-17T08:00:00Z'),
    });
    expect((await rejected(twoDaysLater, PUBLISHED_NOTIFY)).message).toMatch(/notify_time/);
  });
});

describe('round trip with an Alipay key pair generated in-test', () => {
  const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = new Date('2026-03-01T04:00:00Z');
  const provider = createAlipayProvider({
    appId: '2021004100000001',
    privateKeyPem: appKey,
    alipayPublicKeyPem: alipay.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    now: () => now,
  });
  const sign = (fields: Record<string, string>) => ({
    ...fields,
    sign_type: 'RSA2',
    sign: createSign('RSA-SHA256').update(signingString(fields), 'utf8').sign(alipay.privateKey, 'base64'),
  });
  const base = {
    app_id: '2021004100000001',
    notify_time: alipayDateTime(now),
    notify_type: 'trade_status_sync',
    out_trade_no: '2026030100000042A1',
    trade_no: '2026030122001400000000000001',
    total_amount: '123.45',
    trade_status: 'TRADE_SUCCESS',
    gmt_payment: '2026-03-01 11:59:58',
    // A value with '%', '+' and '&' shows the values are verified exactly as received, not decoded twice.
    body: '100% care + escort & more',
  };

  it('accepts a signed payment and maps TRADE_CLOSED to closed', async () => {
    await expect(provider.verifyNotification(form(sign(base)))).resolves.toMatchObject({ kind: 'payment', amountFen: 12345, status: 'succeeded' });
    const closed = sign({ ...base, trade_status: 'TRADE_CLOSED', gmt_close: '2026-03-01 12:00:00' });
    await expect(provider.verifyNotification(form(closed))).resolves.toMatchObject({ status: 'closed', occurredAt: new Date('2026-03-01T04:00:00Z') });
  });

  it('maps a notification carrying refund fields to a refund', async () => {
    const refund = sign({
      ...base,
      trade_status: 'TRADE_CLOSED',
      refund_fee: '123.45',
      out_biz_no: 'R2026030100000042',
      gmt_refund: '2026-03-01 11:30:00.123',
    });
    await expect(provider.verifyNotification(form(refund))).resolves.toMatchObject({
      kind: 'refund',
      tradeNo: base.out_trade_no,
      refundNo: 'R2026030100000042',
      providerTxnId: `${base.trade_no}:R2026030100000042`,
      amountFen: 12345,
      status: 'succeeded',
      occurredAt: new Date('2026-03-01T03:30:00.123Z'),
    });
  });

  it('rejects a tampered amount and a notification signed by another key', async () => {
    await rejected(provider, { ...sign(base), total_amount: '1.00' });
    const forger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    await rejected(provider, { ...base, sign_type: 'RSA2', sign: createSign('RSA-SHA256').update(signingString(base)).sign(forger, 'base64') });
  });

  it('acknowledges with the exact text Alipay looks for', () => {
    expect(provider.acknowledge(true)).toEqual({ status: 200, contentType: 'text/plain', body: 'success' });
    expect(provider.acknowledge(false).body).toBe('failure');
  });
});

describe('fen and yuan conversion', () => {
  it.each([
    [1, '0.01'],
    [10, '0.10'],
    [99, '0.99'],
    [100, '1.00'],
    [12345, '123.45'],
    [9_999_999_999, '99999999.99'],
  ])('%i fen is %s yuan and back', (fen, yuan) => {
    expect(fenToYuan(fen)).toBe(yuan);
    expect(yuanToFen(yuan)).toBe(fen);
  });

  it('reads short forms exactly and refuses anything else', () => {
    expect([yuanToFen('0.1'), yuanToFen('5'), yuanToFen('0.29')]).toEqual([10, 500, 29]);
    for (const bad of ['', '1.234', '-1.00', '1e3', ' 1.00', '1,00']) expect(() => yuanToFen(bad)).toThrow(RangeError);
    for (const bad of [0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1]) expect(() => fenToYuan(bad)).toThrow(RangeError);
  });
});

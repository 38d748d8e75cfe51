/**
 * WeChat Pay v3 crypto helpers. Two known-answer vectors come from the official wechatpay-java SDK's own test
 * suite (github.com/wechatpay-apiv3/wechatpay-java, core/src/test): the AEAD_AES_256_GCM vector of
 * AeadAesCipherTest, and the SHA256-with-RSA signature of "message" in RSAVerifierTest together with the test
 * merchant certificate it verifies against (core/src/test/resources/merchant_certificate.pem, a public test
 * certificate, serial 5F1C72E2A8931B72A2E13AF8DEE92471EB397115 as in TestConfig). Both were checked to pass the
 * GCM tag / RSA verification before being copied here. The rest are round trips and tamper checks with key pairs
 * generated in the test.
 */
import { generateKeyPairSync, createVerify } from 'node:crypto';
import {
  buildJsapiPayParams,
  certificateSerial,
  decryptAeadAes256Gcm,
  encryptAeadAes256Gcm,
  jsapiPayMessage,
  notificationMessage,
  platformPublicKey,
  randomNonce,
  sameSerial,
  signSha256Rsa,
  timestampWithinSkew,
  verifySha256Rsa,
  WechatPayCryptoError,
} from '../../src/plugins/booking/server/src/providers/payment/wechatpay-crypto';

const JAVA_SDK_AEAD = {
  apiV3Key: 'a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb',
  nonce: 'uluk4a9R25RW',
  associatedData: 'associatedData',
  ciphertext: 'ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=',
  plaintext: 'message',
};

const JAVA_SDK_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIDrTCCApWgAwIBAgIUXxxy4qiTG3Ki4Tr43ukkces5cRUwDQYJKoZIhvcNAQEL
BQAwZjELMAkGA1UEBhMCQ04xEjAQBgNVBAgMCUd1YW5nZG9uZzERMA8GA1UEBwwI
c2hlbnpoZW4xITAfBgNVBAoMGEludGVybmV0IFdpZGdpdHMgUHR5IEx0ZDENMAsG
A1UEAwwEdGVzdDAeFw0yMjA1MTAwMTU3MTBaFw0yNTA1MDkwMTU3MTBaMGYxCzAJ
BgNVBAYTAkNOMRIwEAYDVQQIDAlHdWFuZ2RvbmcxETAPBgNVBAcMCHNoZW56aGVu
MSEwHwYDVQQKDBhJbnRlcm5ldCBXaWRnaXRzIFB0eSBMdGQxDTALBgNVBAMMBHRl
c3QwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQCaZzehUwzcxdLgGn/U
NryHLdX0yBvCqD0p92/BdlCIBi0dmzZzrfc+FF0xK70AP9b2+Ry5q+zXUU+dPucJ
mgwABiZ+Lte+4euMxqPCEkdEu9lyiphalpoaOVPbmDNatzq9k5a/P454QRWMdkLU
JZCeoL9bF2Gn/2+wWEw3sL8zFFcOM8Jr1PdOLmAx+h7pf/87jcmXXCm+SZqw5MtI
LKQi9zHWujYdMA0IcYNeQaNl1h/NUnungdIHKaaU+17wCXqTcZsipAGoqfqrHx/s
r30ZszOdHYOvFNiB+rhEldBGSLWwSYE6LFkbP9GdQWKIQCip3E5dLj5ZFkDeOv4H
ekf9AgMBAAGjUzBRMB0GA1UdDgQWBBQQicr3Vq+2NG2ykH0nxQxsct1RtTAfBgNV
HSMEGDAWgBQQicr3Vq+2NG2ykH0nxQxsct1RtTAPBgNVHRMBAf8EBTADAQH/MA0G
CSqGSIb3DQEBCwUAA4IBAQCH//ZlSAbc6xRlwKwwfbHMsVpAfo/p+Y3397Gi4sR8
RbsW6a3ezXhbiSGiJxDnerx9Cmp4K6U+D3Fl0N9K6CDWfwpGNiZvjmCxtM/wb7dM
u+4U0MXJGBcaePj4mtV/+qPxSWDCQ+PR5OcYRQnac9LfrffTuejQx5aw9FcD7egI
SYfgkZ/wgHyQcZyhh8s6DuigpEaVGMLLoWDZGJ3D+rt4kXk9y5+03KBB2vobyl6P
+PDgaYrlNR/UQMnKMdkgWp7bebmrcXte32/6FAwK3SuHZOSkteDtRCYhYfG5SGSr
go1ujfIK1zIFyPkKKnsgTUPJXwdC7LI+ZqJuWTyVTNj6
-----END CERTIFICATE-----`;
const JAVA_SDK_SIGNATURE_OF_MESSAGE =
  'Rq+5ZpWV6IHTWE1+9gCrYJKguNgbItpMdlIA+PVCPCdUAKNlohZz7CL7Y8xWDIFJjdGnErMj6Z+Q/h9CF5MV+nAVkqDmBR0uP5pp' +
  'sUEzco4ijvKHsvI2ro4boSW6vSfQs3W8I4QSI9a0/NFIgvj83Fv27LIYZf7deaFWmEwd1fpAeJRCyoKyBeJPdsjVx0//Lqe6' +
  'Wze2zVdliLcBvaHCfpd8+rAVGS+FQDeWgHqJ7n/Zy09LmV1/ghs7pO1mdjdD16SHKlysAD3K5hNGUJX/SHrEXEcu1yO1AOb/' +
  'YvOVkjNh8243rcfXNE5L4ph2XS11vS+2aToKYSOcKUagf0LLaw==';

const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const KEY = '0123456789abcdefABCDEF0123456789';

describe('AEAD_AES_256_GCM (wechatpay-java known answer)', () => {
  it('decrypts the SDK vector', () => {
    const { apiV3Key, nonce, associatedData, ciphertext, plaintext } = JAVA_SDK_AEAD;
    expect(decryptAeadAes256Gcm(apiV3Key, { ciphertext, nonce, associatedData })).toBe(plaintext);
  });

  it('encrypts to the SDK vector (GCM is deterministic for a given key and nonce)', () => {
    const { apiV3Key, nonce, associatedData, ciphertext, plaintext } = JAVA_SDK_AEAD;
    expect(encryptAeadAes256Gcm(apiV3Key, plaintext, nonce, associatedData)).toBe(ciphertext);
  });

  it.each([
    ['a wrong APIv3 key', { apiV3Key: 'b7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb' }],
    ['other associated data', { associatedData: 'transaction' }],
    ['another nonce', { nonce: 'uluk4a9R25RX' }],
    ['a flipped ciphertext bit', { ciphertext: 'ulwSiIajGClcvcOYvOQ7+l+0PAbzzwM=' }],
    ['a truncated tag', { ciphertext: Buffer.from(JAVA_SDK_AEAD.ciphertext, 'base64').subarray(0, 20).toString('base64') }],
    ['a ciphertext shorter than the tag', { ciphertext: 'AAAA' }],
    ['non-base64 ciphertext', { ciphertext: 'not base64!' }],
  ])('refuses %s', (_label, change: Partial<typeof JAVA_SDK_AEAD>) => {
    const v = { ...JAVA_SDK_AEAD, ...change };
    expect(() => decryptAeadAes256Gcm(v.apiV3Key, v)).toThrow(WechatPayCryptoError);
  });

  it('demands a 32-byte key and round-trips UTF-8 JSON', () => {
    expect(() => decryptAeadAes256Gcm('short', JAVA_SDK_AEAD)).toThrow('32 bytes');
    const json = JSON.stringify({ out_trade_no: 'CE20250101', payer: '陪护服务' });
    const sealed = encryptAeadAes256Gcm(KEY, json, 'abcdefghijkl', 'transaction');
    expect(decryptAeadAes256Gcm(KEY, { ciphertext: sealed, nonce: 'abcdefghijkl', associatedData: 'transaction' })).toBe(json);
    // An absent associated_data is the empty string on both sides.
    expect(decryptAeadAes256Gcm(KEY, { ciphertext: encryptAeadAes256Gcm(KEY, 'x', 'abcdefghijkl'), nonce: 'abcdefghijkl' })).toBe('x');
  });
});

describe('SHA256-with-RSA (wechatpay-java known answer)', () => {
  const key = platformPublicKey(JAVA_SDK_CERTIFICATE);

  it('verifies the SDK signature of "message" with the SDK test certificate', () => {
    expect(verifySha256Rsa('message', JAVA_SDK_SIGNATURE_OF_MESSAGE, key)).toBe(true);
  });

  it('reads the certificate serial as WeChat Pay writes it', () => {
    expect(certificateSerial(JAVA_SDK_CERTIFICATE)).toBe('5F1C72E2A8931B72A2E13AF8DEE92471EB397115');
  });

  it('refuses another message, a damaged signature and another key without throwing', () => {
    expect(verifySha256Rsa('message\n', JAVA_SDK_SIGNATURE_OF_MESSAGE, key)).toBe(false);
    expect(verifySha256Rsa('message', 'A' + JAVA_SDK_SIGNATURE_OF_MESSAGE.slice(1), key)).toBe(false);
    expect(verifySha256Rsa('message', JAVA_SDK_SIGNATURE_OF_MESSAGE.replace('+', '*'), key)).toBe(false);
    expect(verifySha256Rsa('message', '', key)).toBe(false);
    expect(verifySha256Rsa('message', JAVA_SDK_SIGNATURE_OF_MESSAGE, rsa().publicKey)).toBe(false);
  });
});

describe('signature messages and RSA with an in-test key pair', () => {
  const pair = rsa();

  it('builds the callback message as timestamp, nonce and body, each line terminated', () => {
    expect(notificationMessage('1554208460', '593BEC0C930BF1AFEB40B4A08C8FB242', '{"id":"1"}')).toBe(
      '1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n{"id":"1"}\n',
    );
    // The body is signed verbatim: an empty body still contributes its (empty) line.
    expect(notificationMessage('1', 'n', '')).toBe('1\nn\n\n');
  });

  it('signs and verifies, and a one-character change in the body breaks it', () => {
    const message = notificationMessage('1700000000', 'NONCE', '{"amount":100}');
    const signature = signSha256Rsa(message, pair.privateKey);
    expect(verifySha256Rsa(message, signature, pair.publicKey)).toBe(true);
    expect(verifySha256Rsa(message.replace('100', '101'), signature, pair.publicKey)).toBe(false);
    expect(verifySha256Rsa(message, signature, rsa().publicKey)).toBe(false);
  });

  it('loads SPKI public keys as well as certificates and rejects anything else', () => {
    const pem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(platformPublicKey(pem).asymmetricKeyType).toBe('rsa');
    expect(certificateSerial(pem)).toBeUndefined();
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => platformPublicKey(ec)).toThrow(WechatPayCryptoError);
    expect(() => platformPublicKey('-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----')).toThrow(WechatPayCryptoError);
  });
});

describe('JSAPI / mini-program pay parameters', () => {
  const merchant = rsa();
  const fixed = { nowMs: 1_700_000_000_999, nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS' };

  it('signs appId, timeStamp, nonceStr and package with the merchant key (signType RSA)', () => {
    const params = buildJsapiPayParams('wx8888888888888888', 'wx201410272009395522657a690389285100', merchant.privateKey, fixed);
    expect(params).toMatchObject({
      appId: 'wx8888888888888888',
      timeStamp: '1700000000',
      nonceStr: fixed.nonceStr,
      package: 'prepay_id=wx201410272009395522657a690389285100',
      signType: 'RSA',
    });
    const expected = `wx8888888888888888\n1700000000\n${fixed.nonceStr}\nprepay_id=wx201410272009395522657a690389285100\n`;
    expect(jsapiPayMessage(params.appId, params.timeStamp, params.nonceStr, params.package)).toBe(expected);
    // Verified independently of the helper under test.
    expect(createVerify('RSA-SHA256').update(expected).verify(merchant.publicKey, params.paySign, 'base64')).toBe(true);
    // PKCS#1 v1.5 is deterministic: the same inputs give the same paySign.
    expect(buildJsapiPayParams('wx8888888888888888', 'wx201410272009395522657a690389285100', merchant.privateKey, fixed).paySign).toBe(params.paySign);
  });

  it('draws a fresh 32-character alphanumeric nonce by default', () => {
    const a = buildJsapiPayParams('wx1', 'p', merchant.privateKey).nonceStr;
    expect(a).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(randomNonce()).not.toBe(a);
    expect(randomNonce(12)).toHaveLength(12);
  });
});

describe('time window and serials', () => {
  const now = 1_700_000_000_000;
  it.each([
    ['1700000000', true],
    ['1700000300', true],
    ['1699999700', true],
    ['1700000301', false],
    ['1699999699', false],
    ['', false],
    ['1700000000.5', false],
    ['-1', false],
    ['17e8', false],
  ])('timestamp %s within 300 s: %s', (ts, ok) => {
    expect(timestampWithinSkew(ts, 300, now)).toBe(ok);
  });

  it('compares serials case-insensitively and ignoring leading zeros', () => {
    expect(sameSerial('5f1c72e2', '5F1C72E2')).toBe(true);
    expect(sameSerial('05F1C72E2', '5F1C72E2')).toBe(true);
    expect(sameSerial('5F1C72E2', '5F1C72E3')).toBe(false);
  });
});

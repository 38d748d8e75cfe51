/**
 * UnionPay ACP 5.1.0 signing. No authentic UnionPay-signed vector is published in a form we can reproduce
 * byte-for-byte, so the construction is pinned two independent ways instead: the sorted string and digest by
 * exact expected values, and the signature against the openssl CLI computing the same two-step rule
 * (PKCS#1 v1.5 signatures are deterministic, so the base64 must match exactly). Certificates come from openssl too.
 */
import { execFileSync } from 'node:child_process';
import { createSign, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkSignPubKeyCert,
  parseUnionPayResponse,
  signUnionPayFields,
  unionPayCertId,
  unionPayDigestHex,
  unionPaySignerName,
  unionPaySortedString,
  verifyUnionPayMessage,
  verifyUnionPaySignature,
} from '../../src/plugins/booking/server/src/providers/payment/unionpay-sign';
import { opensslCertificate, UNIONPAY_SIGNER_SUBJECT, type TestCertificate } from '../fakes/unionpay';

let root: TestCertificate;
let signer: TestCertificate;
let merchant: TestCertificate;
beforeAll(() => {
  root = opensslCertificate({ subject: '/C=CN/O=Test CFCA/CN=Test Root', serial: 1n, ca: true, days: 3650 });
  signer = opensslCertificate({ subject: UNIONPAY_SIGNER_SUBJECT, serial: 69026275837n, issuer: root });
  // A serial above 2^53 shows certId is computed exactly, not through a float.
  merchant = opensslCertificate({ subject: '/C=CN/O=Care Escort/CN=777290058110048', serial: 0x1a2b3c4d5e6f7081n });
});

const request = {
  version: '5.1.0',
  encoding: 'UTF-8',
  signMethod: '01',
  txnType: '01',
  txnSubType: '01',
  bizType: '000201',
  channelType: '07',
  accessType: '0',
  merId: '777290058110048',
  orderId: '2026030100000042A1',
  txnTime: '20260301120000',
  txnAmt: '12345',
  currencyCode: '156',
  backUrl: 'https://pay.example.com/notify/unionpay',
  riskRateInfo: '{commodityName=陪诊服务}',
};

describe('sorted string and digest', () => {
  it('sorts keys ordinally, keeps raw values and empty values, and leaves out signature', () => {
    const fields = { txnAmt: '1', Zeta: 'upper sorts first', accNo: '', backUrl: 'https://x/y?a=1&b=2', signature: 'ignored', a: '{k=v&w=z}' };
    expect(unionPaySortedString(fields)).toBe('Zeta=upper sorts first&a={k=v&w=z}&accNo=&backUrl=https://x/y?a=1&b=2&txnAmt=1');
  });

  it('digests to lower-case hex SHA-256', () => {
    expect(unionPayDigestHex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('signing (method 01, version 5.1.0)', () => {
  it('matches the openssl CLI applying the two-step rule, byte for byte', () => {
    const signed = signUnionPayFields(request, { certId: merchant.certId, privateKeyPem: merchant.keyPem });
    const dir = mkdtempSync(join(tmpdir(), 'unionpay-kat-'));
    try {
      writeFileSync(join(dir, 'key.pem'), merchant.keyPem);
      const sorted = unionPaySortedString(signed);
      const hex = execFileSync('openssl', ['dgst', '-sha256', '-r'], { input: Buffer.from(sorted, 'utf8') })
        .toString()
        .split(' ')[0] as string;
      const expected = execFileSync('openssl', ['dgst', '-sha256', '-sign', join(dir, 'key.pem')], { input: Buffer.from(hex, 'ascii') }).toString('base64');
      expect(signed.signature).toBe(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sets certId before signing, so certId is covered by the signature', () => {
    const signed = signUnionPayFields({ ...request, certId: 'stale', signature: 'stale' }, { certId: merchant.certId, privateKeyPem: merchant.keyPem });
    expect(signed.certId).toBe(merchant.certId);
    expect(unionPaySortedString(signed)).toContain(`certId=${merchant.certId}&`);
    const cert = new X509Certificate(merchant.certPem);
    expect(verifyUnionPaySignature(signed, cert)).toBe(true);
    expect(verifyUnionPaySignature({ ...signed, certId: '1' }, cert)).toBe(false);
  });

  it('round-trips, and any changed, added or removed field breaks it', () => {
    const signed = signUnionPayFields(request, { certId: merchant.certId, privateKeyPem: merchant.keyPem });
    const key = new X509Certificate(merchant.certPem);
    expect(verifyUnionPaySignature(signed, key)).toBe(true);
    expect(verifyUnionPaySignature({ ...signed, txnAmt: '12346' }, key)).toBe(false);
    expect(verifyUnionPaySignature({ ...signed, frontUrl: 'https://evil.example' }, key)).toBe(false);
    const { riskRateInfo: _dropped, ...fewer } = signed;
    expect(verifyUnionPaySignature(fewer, key)).toBe(false);
    expect(verifyUnionPaySignature({ ...signed, signature: 'not base64!' }, key)).toBe(false);
  });

  it('a single-hash signature (SHA256withRSA over the sorted string itself) is not accepted', () => {
    const fields = { ...request, certId: merchant.certId };
    const single = createSign('RSA-SHA256').update(unionPaySortedString(fields), 'utf8').sign(merchant.keyPem, 'base64');
    expect(verifyUnionPaySignature({ ...fields, signature: single }, new X509Certificate(merchant.certPem))).toBe(false);
  });
});

describe('certId', () => {
  it('is the serial number in decimal', () => {
    expect(unionPayCertId(signer.certPem)).toBe('69026275837');
    expect(unionPayCertId(merchant.certPem)).toBe('1885667171979194497'); // = 0x1a2b3c4d5e6f7081;
  });
});

describe('trust in signPubKeyCert', () => {
  const now = () => new Date();

  it('accepts a certificate issued by a configured anchor and naming UnionPay', () => {
    expect(unionPaySignerName(new X509Certificate(signer.certPem))).toBe('中国银联股份有限公司');
    expect(checkSignPubKeyCert(signer.certPem, { anchors: [root.certPem] }, now())).toMatchObject({ ok: true });
  });

  it('accepts a pinned certificate, and refuses an unrelated one with the same name', () => {
    expect(checkSignPubKeyCert(signer.certPem, { anchors: [signer.certPem] }, now())).toMatchObject({ ok: true });
    const impostor = opensslCertificate({ subject: UNIONPAY_SIGNER_SUBJECT, serial: 69026275837n });
    expect(checkSignPubKeyCert(impostor.certPem, { anchors: [root.certPem] }, now())).toEqual({ ok: false, reason: expect.stringMatching(/does not chain/) });
  });

  it('checks the owner name for issued certificates unless disabled', () => {
    const stranger = opensslCertificate({ subject: '/C=CN/CN=041@Z1@某某公司@00000001', serial: 7n, issuer: root });
    expect(checkSignPubKeyCert(stranger.certPem, { anchors: [root.certPem] }, now())).toEqual({ ok: false, reason: expect.stringMatching(/not issued to/) });
    expect(checkSignPubKeyCert(stranger.certPem, { anchors: [root.certPem], signerName: null }, now())).toMatchObject({ ok: true });
  });

  it('refuses expired certificates and garbage', () => {
    const later = new Date(Date.now() + 2 * 365 * 86400 * 1000);
    expect(checkSignPubKeyCert(signer.certPem, { anchors: [root.certPem] }, later)).toEqual({ ok: false, reason: expect.stringMatching(/validity/) });
    expect(checkSignPubKeyCert('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----', { anchors: [root.certPem] }, now()).ok).toBe(false);
  });

  it('verifyUnionPayMessage checks version, method, certificate and signature together', () => {
    const signed = signUnionPayFields({ ...request, respCode: '00', signPubKeyCert: signer.certPem }, { certId: signer.certId, privateKeyPem: signer.keyPem });
    const trust = { anchors: [root.certPem] };
    expect(verifyUnionPayMessage(signed, trust, now())).toEqual({ ok: true });
    expect(verifyUnionPayMessage({ ...signed, version: '5.0.0' }, trust, now())).toMatchObject({ ok: false });
    expect(verifyUnionPayMessage({ ...signed, signMethod: '11' }, trust, now())).toMatchObject({ ok: false });
    expect(verifyUnionPayMessage({ ...signed, respCode: '01' }, trust, now())).toEqual({ ok: false, reason: 'signature does not verify' });
    // Swapping in another trusted certificate changes a signed field, so it cannot be used to dodge the key.
    expect(verifyUnionPayMessage({ ...signed, signPubKeyCert: root.certPem }, { anchors: [root.certPem] }, now())).toMatchObject({ ok: false });
  });
});

describe('parseUnionPayResponse', () => {
  it('splits on & outside braces and keeps = + / and line breaks inside values', () => {
    const cert = '-----BEGIN CERTIFICATE-----\r\nMIIB+a/b==\r\n-----END CERTIFICATE-----';
    const text = `respCode=00&respMsg=成功[0000000]&reserved={a=1&b=2}&signature=ab+c/d==&signPubKeyCert=${cert}&empty=`;
    expect(parseUnionPayResponse(text)).toEqual({
      respCode: '00',
      respMsg: '成功[0000000]',
      reserved: '{a=1&b=2}',
      signature: 'ab+c/d==',
      signPubKeyCert: cert,
      empty: '',
    });
  });
});

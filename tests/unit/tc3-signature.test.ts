/**
 * The TC3-HMAC-SHA256 helper the fake Tencent gateway verifies with, checked against the worked example in Tencent
 * Cloud's "Signature v3" documentation (CVM DescribeInstances, timestamp 1551113065). The page has been revised:
 * the earlier edition signs `content-type;host` with the EXAMPLE keys and publishes the final signature; the current
 * edition also signs x-tc-action but masks the key, so only its canonical-request hash can be reproduced.
 */
import { parseTc3Authorization, sha256Hex, tc3Authorization, tc3CanonicalRequest, tc3Date, tc3StringToSign } from '../fakes/tc3';

const PAYLOAD = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
const TIMESTAMP = 1551113065;
const HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  Host: 'cvm.tencentcloudapi.com',
  'X-TC-Action': 'DescribeInstances',
  'X-TC-Timestamp': String(TIMESTAMP),
  'X-TC-Version': '2017-03-12',
  'X-TC-Region': 'ap-guangzhou',
};
const request = (signedHeaders: string[]) => ({ method: 'POST', path: '/', query: '', headers: HEADERS, signedHeaders, payload: PAYLOAD });

describe('TC3-HMAC-SHA256 (published example)', () => {
  it('hashes the payload as published', () => {
    expect(sha256Hex(PAYLOAD)).toBe('35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064');
  });

  it('uses the UTC date for the credential scope (the same instant is already 2019-02-26 in Beijing)', () => {
    expect(tc3Date(TIMESTAMP)).toBe('2019-02-25');
  });

  it('reproduces the current edition: canonical request with x-tc-action, its hash and the string to sign', () => {
    const canonical = tc3CanonicalRequest(request(['content-type', 'host', 'x-tc-action']));
    expect(canonical).toBe(
      [
        'POST',
        '/',
        '',
        'content-type:application/json; charset=utf-8',
        'host:cvm.tencentcloudapi.com',
        'x-tc-action:describeinstances',
        '',
        'content-type;host;x-tc-action',
        '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
      ].join('\n'),
    );
    expect(sha256Hex(canonical)).toBe('7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84');
    expect(tc3StringToSign(TIMESTAMP, 'cvm', canonical)).toBe(
      'TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84',
    );
  });

  it('reproduces the earlier edition end to end: Authorization with the EXAMPLE keys', () => {
    const authorization = tc3Authorization({
      ...request(['content-type', 'host']),
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
      service: 'cvm',
      timestamp: TIMESTAMP,
    });
    expect(authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, ' +
        'SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
    expect(parseTc3Authorization(authorization)).toEqual({
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      date: '2019-02-25',
      service: 'cvm',
      terminator: 'tc3_request',
      signedHeaders: ['content-type', 'host'],
      signature: '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    });
  });

  it('changes the signature when any signed input changes', () => {
    const base = { ...request(['content-type', 'host']), secretId: 'id', secretKey: 'key', service: 'cvm', timestamp: TIMESTAMP };
    const original = tc3Authorization(base);
    expect(tc3Authorization({ ...base, payload: PAYLOAD.replace('1', '2') })).not.toBe(original);
    expect(tc3Authorization({ ...base, secretKey: 'other' })).not.toBe(original);
    expect(tc3Authorization({ ...base, headers: { ...HEADERS, Host: 'sms.tencentcloudapi.com' } })).not.toBe(original);
    expect(parseTc3Authorization('TC3-HMAC-SHA256 Credential=id, Signature=abc')).toBeNull();
  });
});

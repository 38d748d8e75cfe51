/**
 * The SMS adapters drive the real Aliyun and Tencent Cloud SDKs against loopback fakes that verify each request's
 * signature the way the gateways do. Tampered, stale and replayed requests are sent by hand to show the fakes
 * really check, so a passing send means the SDK's signature was verified, not merely received. No Strapi boot.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createSmsProvider, templateFor, SMS_ERROR } from '../../src/plugins/booking/server/src/providers/sms';
import { createAliyunSmsProvider, type AliyunSmsConfig } from '../../src/plugins/booking/server/src/providers/sms/aliyun';
import { createTencentSmsProvider, type TencentSmsConfig } from '../../src/plugins/booking/server/src/providers/sms/tencent';
import { createDevSmsProvider } from '../../src/plugins/booking/server/src/providers/sms/dev';
import { SmsProviderError, type SmsConfig, type SmsProvider } from '../../src/plugins/booking/server/src/providers/sms/types';
import { startFakeAliyunSms, type FakeAliyunSms, type RawRequest } from '../fakes/aliyun-sms';
import { startFakeTencentSms, type FakeTencentSms } from '../fakes/tencent-sms';
import { acs3Authorization, acs3Date, sha256Hex } from '../fakes/acs3';
import { tc3Authorization } from '../fakes/tc3';

const PHONE = '13812341234';
// Characters that RFC 3986 encoding, JS encodeURIComponent and querystring disagree on, plus non-ASCII.
const AWKWARD = "a b+c*d'e(f)!g~h/验证";

interface Answer {
  status: number;
  json: Record<string, any>;
}

/** Sends a request by hand to a fake on 127.0.0.1, whatever its Host header says. */
function send(port: number, request: RawRequest): Promise<Answer> {
  const headers = { ...request.headers };
  for (const hop of ['content-length', 'connection', 'transfer-encoding']) delete headers[hop];
  headers['content-length'] = String(Buffer.byteLength(request.body));
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: request.method, path: request.url, headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

async function rejection(promise: Promise<unknown>): Promise<SmsProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SmsProviderError);
  return error as SmsProviderError;
}

async function closedPort(): Promise<number> {
  const server = http.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const portOf = (endpoint: string) => Number(endpoint.split(':')[1]);
const verification = { phone: PHONE, templateKey: 'verification_code', params: { code: '482913', minutes: '5' } };

let savedProxy: Record<string, string | undefined> = {};
beforeAll(() => {
  // The Tencent SDK routes through $http_proxy when set; these requests must stay on loopback.
  savedProxy = { http_proxy: process.env.http_proxy, HTTP_PROXY: process.env.HTTP_PROXY };
  delete process.env.http_proxy;
  delete process.env.HTTP_PROXY;
});
afterAll(() => {
  for (const [k, v] of Object.entries(savedProxy)) if (v !== undefined) process.env[k] = v;
});

describe('Aliyun SMS adapter against the ACS3-verifying fake', () => {
  const credentials = { accessKeyId: 'LTAI5tFakeKeyId0001', accessKeySecret: 'fake-secret-0123456789abcdef' };
  let fake: FakeAliyunSms;
  const config = (overrides: Partial<AliyunSmsConfig> = {}): AliyunSmsConfig => ({
    ...credentials,
    endpoint: fake.endpoint,
    protocol: 'http',
    signName: '安心陪护',
    templates: { verification_code: { id: 'SMS_465880123' } },
    ...overrides,
  });
  let provider: SmsProvider;

  beforeEach(async () => {
    fake = await startFakeAliyunSms(credentials);
    provider = createAliyunSmsProvider(config());
  });
  afterEach(() => fake.close());

  it('sends through the SDK and the fake records the verified message', async () => {
    const result = await provider.send({ ...verification, params: { code: '482913', minutes: '5', note: AWKWARD } });
    expect(fake.rejections).toEqual([]);
    expect(fake.messages).toEqual([
      { phone: PHONE, signName: '安心陪护', templateCode: 'SMS_465880123', params: { code: '482913', minutes: '5', note: AWKWARD }, bizId: expect.any(String) },
    ]);
    expect(result).toEqual({ provider: 'aliyun', messageId: fake.messages[0]?.bizId });
    expect(fake.lastRequest()?.headers.authorization).toMatch(/^ACS3-HMAC-SHA256 Credential=LTAI5tFakeKeyId0001,SignedHeaders=host;x-acs-action;/);
  });

  it('a wrong secret is refused by the signature check and surfaces as a non-retryable auth failure', async () => {
    const wrong = createAliyunSmsProvider(config({ accessKeySecret: 'not-the-secret' }));
    const error = await rejection(wrong.send(verification));
    expect(fake.rejections).toEqual([expect.objectContaining({ status: 400, code: 'SignatureDoesNotMatch' })]);
    expect(error).toMatchObject({ code: SMS_ERROR.AUTH_FAILED, retryable: false });
    expect(error.message).toContain('SignatureDoesNotMatch');
    expect(fake.messages).toEqual([]);
  });

  it('an unknown AccessKeyId is refused before any signature work', async () => {
    const error = await rejection(createAliyunSmsProvider(config({ accessKeyId: 'LTAI5tSomebodyElse' })).send(verification));
    expect(fake.rejections[0]).toMatchObject({ status: 404, code: 'InvalidAccessKeyId.NotFound' });
    expect(error.code).toBe(SMS_ERROR.AUTH_FAILED);
  });

  it.each([
    ['isv.BUSINESS_LIMIT_CONTROL', 200, SMS_ERROR.THROTTLED, true],
    ['Throttling.User', 400, SMS_ERROR.THROTTLED, true],
    ['isv.MOBILE_NUMBER_ILLEGAL', 200, SMS_ERROR.INVALID_PHONE, false],
    ['isv.SMS_TEMPLATE_ILLEGAL', 200, SMS_ERROR.REJECTED, false],
    ['ServiceUnavailable', 503, SMS_ERROR.GATEWAY_UNAVAILABLE, true],
  ])('maps gateway code %s (HTTP %i) to %s', async (gatewayCode, status, code, retryable) => {
    fake.setNextError(gatewayCode, 'refused by test', status);
    const error = await rejection(provider.send(verification));
    expect(error).toMatchObject({ code, retryable });
    expect(error.message).toContain(gatewayCode);
    // The error was one-shot: the next send goes through.
    await expect(provider.send(verification)).resolves.toMatchObject({ provider: 'aliyun' });
  });

  it('rejects a signed request whose parameters, body or nonce were tampered with or replayed', async () => {
    await provider.send(verification);
    const signed = fake.lastRequest() as RawRequest;
    const port = portOf(fake.endpoint);

    const otherPhone = { ...signed, url: signed.url.replace(`PhoneNumbers=${PHONE}`, 'PhoneNumbers=13900000000') };
    expect(otherPhone.url).not.toBe(signed.url);
    expect(await send(port, otherPhone)).toMatchObject({ status: 400, json: { Code: 'SignatureDoesNotMatch' } });

    // The signature covers the body through x-acs-content-sha256 (the hash of an empty body here).
    const withBody = { ...signed, body: 'PhoneNumbers=13900000000' };
    expect(await send(port, withBody)).toMatchObject({ status: 400, json: { Code: 'SignatureDoesNotMatch' } });

    expect(await send(port, signed)).toMatchObject({ status: 400, json: { Code: 'SignatureNonceUsed' } });
    expect(fake.messages).toHaveLength(1);
  });

  it('rejects a correctly signed request dated more than 15 minutes away', async () => {
    const port = portOf(fake.endpoint);
    const signedAt = (date: Date): RawRequest => {
      const query: Array<[string, string]> = [
        ['PhoneNumbers', PHONE],
        ['SignName', '安心陪护'],
        ['TemplateCode', 'SMS_465880123'],
        ['TemplateParam', '{"code":"111111"}'],
      ];
      const headers: Record<string, string> = {
        host: fake.endpoint,
        'x-acs-action': 'SendSms',
        'x-acs-version': '2017-05-25',
        'x-acs-date': acs3Date(date),
        'x-acs-signature-nonce': randomUUID(),
        'x-acs-content-sha256': sha256Hex(''),
      };
      const authorization = acs3Authorization(credentials.accessKeyId, credentials.accessKeySecret, {
        method: 'POST',
        path: '/',
        query,
        headers,
        signedHeaders: Object.keys(headers),
        hashedPayload: sha256Hex(''),
      });
      const url = `/?${new URLSearchParams(query).toString().replace(/\+/g, '%20')}`;
      return { method: 'POST', url, headers: { ...headers, authorization }, body: '' };
    };
    expect(await send(port, signedAt(new Date(Date.now() - 20 * 60 * 1000)))).toMatchObject({ status: 400, json: { Code: 'InvalidTimeStamp.Expired' } });
    // Same signer, current time: accepted, so the date alone made the difference.
    expect(await send(port, signedAt(new Date()))).toMatchObject({ status: 200, json: { Code: 'OK', BizId: expect.any(String) } });
  });

  it('an unreachable gateway is a retryable SMS_GATEWAY_UNAVAILABLE', async () => {
    const offline = createAliyunSmsProvider(config({ endpoint: `127.0.0.1:${await closedPort()}` }));
    expect(await rejection(offline.send(verification))).toMatchObject({ code: SMS_ERROR.GATEWAY_UNAVAILABLE, retryable: true });
  });

  it('an unregistered template key fails before anything is sent', async () => {
    const error = await rejection(provider.send({ ...verification, templateKey: 'order_accepted' }));
    expect(error).toMatchObject({ code: SMS_ERROR.TEMPLATE_MISSING, retryable: false });
    expect(fake.lastRequest()).toBeUndefined();
  });
});

describe('Tencent Cloud SMS adapter against the TC3-verifying fake', () => {
  const credentials = { secretId: 'AKIDfakeSecretId0123456789', secretKey: 'fakeSecretKey0123456789abcdef' };
  let fake: FakeTencentSms;
  const config = (overrides: Partial<TencentSmsConfig> = {}): TencentSmsConfig => ({
    ...credentials,
    endpoint: fake.endpoint,
    protocol: 'http',
    region: 'ap-guangzhou',
    sdkAppId: '1400123456',
    signName: '安心陪护',
    templates: { verification_code: { id: '2086734', paramOrder: ['code', 'minutes'] } },
    ...overrides,
  });
  let provider: SmsProvider;

  beforeEach(async () => {
    fake = await startFakeTencentSms(credentials);
    provider = createTencentSmsProvider(config());
  });
  afterEach(() => fake.close());

  it('sends with the params in template order and the fake records the verified message', async () => {
    // Insertion order deliberately differs from paramOrder.
    const result = await provider.send({ phone: PHONE, templateKey: 'verification_code', params: { minutes: '5', code: '482913' } });
    expect(fake.rejections).toEqual([]);
    expect(fake.messages).toEqual([
      { phone: PHONE, sdkAppId: '1400123456', signName: '安心陪护', templateId: '2086734', params: ['482913', '5'], serialNo: expect.any(String) },
    ]);
    expect(result).toEqual({ provider: 'tencent', messageId: fake.messages[0]?.serialNo });
    expect(JSON.parse(fake.lastRequest()?.body ?? '{}').PhoneNumberSet).toEqual([`+86${PHONE}`]);
  });

  it('a wrong secret key is refused by the signature check and surfaces as a non-retryable auth failure', async () => {
    const error = await rejection(createTencentSmsProvider(config({ secretKey: 'not-the-key' })).send(verification));
    expect(fake.rejections).toEqual([expect.objectContaining({ code: 'AuthFailure.SignatureFailure' })]);
    expect(error).toMatchObject({ code: SMS_ERROR.AUTH_FAILED, retryable: false });
    expect(fake.messages).toEqual([]);
  });

  it('addressed by IP the SDK signs service "127" instead of "sms", and the fake refuses it', async () => {
    const byIp = createTencentSmsProvider(config({ endpoint: `127.0.0.1:${fake.port}` }));
    const error = await rejection(byIp.send(verification));
    expect(fake.rejections[0]?.code).toBe('AuthFailure.SignatureFailure');
    expect(fake.lastRequest()?.headers.authorization).toContain('/127/tc3_request');
    expect(error.code).toBe(SMS_ERROR.AUTH_FAILED);
  });

  it.each([
    ['LimitExceeded.PhoneNumberThirtySecondLimit', 'status', SMS_ERROR.THROTTLED, true],
    ['RequestLimitExceeded', 'error', SMS_ERROR.THROTTLED, true],
    ['InvalidParameterValue.IncorrectPhoneNumber', 'status', SMS_ERROR.INVALID_PHONE, false],
    ['FailedOperation.TemplateIncorrectOrUnapproved', 'error', SMS_ERROR.REJECTED, false],
    ['InternalError.Timeout', 'error', SMS_ERROR.GATEWAY_UNAVAILABLE, true],
  ] as const)('maps gateway code %s (in %s) to %s', async (gatewayCode, where, code, retryable) => {
    fake.setNextError(gatewayCode, 'refused by test', where);
    const error = await rejection(provider.send(verification));
    expect(error).toMatchObject({ code, retryable });
    expect(error.message).toContain(gatewayCode);
    await expect(provider.send(verification)).resolves.toMatchObject({ provider: 'tencent' });
  });

  it('rejects a signed request whose body was tampered with', async () => {
    await provider.send(verification);
    const signed = fake.lastRequest() as RawRequest;
    // Control: TC3 has no nonce, so the untouched request passes again...
    expect(await send(fake.port, signed)).toMatchObject({ json: { Response: { SendStatusSet: [{ Code: 'Ok' }] } } });
    // ...and the only change here is the code inside the signed body.
    const tampered = { ...signed, body: signed.body.replace('482913', '000000') };
    expect(tampered.body).not.toBe(signed.body);
    expect(await send(fake.port, tampered)).toMatchObject({ status: 200, json: { Response: { Error: { Code: 'AuthFailure.SignatureFailure' } } } });
    expect(fake.messages.map((m) => m.params[0])).toEqual(['482913', '482913']);
  });

  it('rejects a correctly signed request whose timestamp is more than 5 minutes off', async () => {
    const signedAt = (timestamp: number): RawRequest => {
      const body = JSON.stringify({
        PhoneNumberSet: [`+86${PHONE}`],
        SmsSdkAppId: '1400123456',
        SignName: '安心陪护',
        TemplateId: '2086734',
        TemplateParamSet: ['1', '5'],
      });
      const headers: Record<string, string> = {
        host: fake.endpoint,
        'content-type': 'application/json',
        'x-tc-action': 'SendSms',
        'x-tc-version': '2021-01-11',
        'x-tc-timestamp': String(timestamp),
      };
      const authorization = tc3Authorization({
        ...credentials,
        service: 'sms',
        timestamp,
        method: 'POST',
        path: '/',
        query: '',
        payload: body,
        headers: { ...headers, host: 'sms.localhost' },
        signedHeaders: ['content-type', 'host'],
      });
      return { method: 'POST', url: '/', headers: { ...headers, authorization }, body };
    };
    const now = Math.floor(Date.now() / 1000);
    expect(await send(fake.port, signedAt(now - 400))).toMatchObject({ json: { Response: { Error: { Code: 'AuthFailure.SignatureExpire' } } } });
    expect(await send(fake.port, signedAt(now))).toMatchObject({ json: { Response: { SendStatusSet: [{ Code: 'Ok', Fee: 1 }] } } });
  });

  it('an unreachable gateway is a retryable SMS_GATEWAY_UNAVAILABLE', async () => {
    const offline = createTencentSmsProvider(config({ endpoint: `sms.localhost:${await closedPort()}` }));
    expect(await rejection(offline.send(verification))).toMatchObject({ code: SMS_ERROR.GATEWAY_UNAVAILABLE, retryable: true });
  });

  it('refuses params that do not fit the template order before sending', async () => {
    const missing = await rejection(provider.send({ ...verification, params: { code: '482913' } }));
    const extra = await rejection(provider.send({ ...verification, params: { code: '1', minutes: '5', who: 'x' } }));
    expect([missing.code, extra.code]).toEqual([SMS_ERROR.TEMPLATE_PARAMS, SMS_ERROR.TEMPLATE_PARAMS]);
    expect(fake.lastRequest()).toBeUndefined();
  });
});

describe('dev SMS provider', () => {
  it('logs the message with the number masked and the params in clear, and returns a fresh id', async () => {
    const lines: string[] = [];
    const provider = createDevSmsProvider({ info: (m) => lines.push(m), warn: (m) => lines.push(m) });
    const first = await provider.send(verification);
    const second = await provider.send(verification);
    expect(lines[0]).toBe('[sms:dev] to 138****1234 template verification_code params {"code":"482913","minutes":"5"}');
    expect(lines.join('\n')).not.toContain(PHONE);
    expect(first.provider).toBe('dev');
    expect(first.messageId).not.toBe(second.messageId);
  });

  it('refuses to be created in production', () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      expect(() => createDevSmsProvider({ info: () => {}, warn: () => {} })).toThrow(/refused unless NODE_ENV is development or test \(got "production"\)/);
    } finally {
      process.env.NODE_ENV = previous;
    }
  });
});

describe('createSmsProvider', () => {
  const logger = { info: () => {}, warn: () => {} };
  const aliyun = { accessKeyId: 'id', accessKeySecret: 'secret', signName: '安心陪护', templates: { verification_code: { id: 'SMS_1' } } };
  const tencent = {
    secretId: 'id',
    secretKey: 'key',
    sdkAppId: '1400123456',
    signName: '安心陪护',
    templates: { verification_code: { id: '2086734', paramOrder: ['code'] } },
  };

  it('builds the configured provider', () => {
    expect(createSmsProvider({ provider: 'dev' }, logger).name).toBe('dev');
    expect(createSmsProvider({ provider: 'aliyun', aliyun }, logger).name).toBe('aliyun');
    expect(createSmsProvider({ provider: 'tencent', tencent }, logger).name).toBe('tencent');
  });

  it.each<[string, SmsConfig, RegExp]>([
    ['missing section', { provider: 'aliyun' }, /booking\.sms\.aliyun settings are missing/],
    ['blank secret', { provider: 'aliyun', aliyun: { ...aliyun, accessKeySecret: ' ' } }, /aliyun\.accessKeySecret/],
    ['no templates', { provider: 'aliyun', aliyun: { ...aliyun, templates: {} } }, /templates is empty/],
    ['endpoint with scheme', { provider: 'aliyun', aliyun: { ...aliyun, endpoint: 'https://dysmsapi.aliyuncs.com' } }, /host\[:port\]/],
    ['bad protocol', { provider: 'tencent', tencent: { ...tencent, protocol: 'ftp' as 'http' } }, /protocol must be/],
    ['non-numeric SdkAppId', { provider: 'tencent', tencent: { ...tencent, sdkAppId: 'my-app' } }, /sdkAppId must be numeric/],
    [
      'template name instead of id',
      { provider: 'tencent', tencent: { ...tencent, templates: { verification_code: { id: '验证码' } } } },
      /not a valid tencent template id/,
    ],
    ['unknown provider', { provider: 'twilio' as 'dev' }, /must be dev, aliyun or tencent/],
  ])('rejects a misconfiguration: %s', (_label, config, message) => {
    expect(() => createSmsProvider(config, logger)).toThrow(message);
  });

  it('templateFor finds registered templates and reports unknown keys as SMS_TEMPLATE_MISSING', () => {
    expect(templateFor({ provider: 'tencent', tencent }, 'verification_code')).toEqual({ id: '2086734', paramOrder: ['code'] });
    expect(templateFor({ provider: 'dev' }, 'anything')).toEqual({ id: 'anything' });
    expect(() => templateFor({ provider: 'aliyun', aliyun }, 'constructor')).toThrow(
      expect.objectContaining({ name: 'SmsProviderError', code: 'SMS_TEMPLATE_MISSING', retryable: false }),
    );
  });
});

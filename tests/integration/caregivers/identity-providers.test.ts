/**
 * The identity adapters drive the real SDKs (Tencent Cloud CommonClient, Aliyun Cloudauth) against loopback fakes
 * that verify each request's signature the way the gateways do; a wrong secret and a hand-forged request are
 * refused. No Strapi boot.
 */
import http from 'node:http';
import { computeIdCardCheckDigit } from '../../../src/plugins/booking/server/src/domain/id-card';
import { createIdentityProvider, IdentityProviderError } from '../../../src/plugins/booking/server/src/providers/identity';
import { startFakeFaceId, type FakeFaceId } from '../../fakes/tencent-faceid';
import { startFakeCloudauth, type FakeCloudauth } from '../../fakes/aliyun-cloudauth';
import { tc3Authorization } from '../../fakes/tc3';

const id = (first17: string) => first17 + computeIdCardCheckDigit(first17);
const WANG = id('11010519750312002');
const LI = id('31010419820607101');
const NOBODY = id('44030519900101123');
const people = { [WANG]: '王秀英', [LI]: '李建国' };

let savedProxy: Record<string, string | undefined> = {};
beforeAll(() => {
  // The SDKs honour $http_proxy; these requests must stay on loopback.
  savedProxy = {
    http_proxy: process.env.http_proxy,
    HTTP_PROXY: process.env.HTTP_PROXY,
    https_proxy: process.env.https_proxy,
    HTTPS_PROXY: process.env.HTTPS_PROXY,
  };
  for (const k of Object.keys(savedProxy)) delete process.env[k];
});
afterAll(() => {
  for (const [k, v] of Object.entries(savedProxy)) if (v !== undefined) process.env[k] = v;
});

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IdentityProviderError);
  return error as IdentityProviderError;
}

describe('sandbox provider', () => {
  const sandbox = createIdentityProvider({ provider: 'sandbox' }, 'development');
  test('accepts a number with a valid GB 11643 checksum, refuses a broken one', async () => {
    expect((await sandbox.verify({ realName: '王秀英', idNumber: WANG })).verdict).toBe('match');
    const broken = WANG.slice(0, 17) + (WANG.endsWith('0') ? '1' : '0');
    expect((await sandbox.verify({ realName: '王秀英', idNumber: broken })).verdict).toBe('mismatch');
  });
  test('is refused in production', () => {
    expect(() => createIdentityProvider({ provider: 'sandbox' }, 'production')).toThrow(
      /only allowed when NODE_ENV is development or test \(got "production"\)/,
    );
  });
  test('an unknown provider name is a configuration error', () => {
    expect(() => createIdentityProvider({ provider: 'nope' as never })).toThrow(/IDENTITY_PROVIDER/);
  });
});

describe('Tencent Cloud FaceID IdCardVerification against the TC3-verifying fake', () => {
  const credentials = { secretId: 'AKIDfakeFaceId0001', secretKey: 'faceid-secret-0123456789' };
  let fake: FakeFaceId;
  beforeAll(async () => {
    fake = await startFakeFaceId({ ...credentials, people });
  });
  afterAll(() => fake.close());
  const provider = (overrides: Record<string, string> = {}) =>
    createIdentityProvider({ provider: 'tencent', tencent: { ...credentials, endpoint: fake.endpoint, protocol: 'http', ...overrides } });

  test.each([
    ['registered name and number', '王秀英', WANG, 'match', '0'],
    ['another person’s name', '王秀兰', WANG, 'mismatch', '-1'],
    ['a number not in the registry', '张三', NOBODY, 'not_found', '-5'],
  ])('%s', async (_label, realName, idNumber, verdict, code) => {
    const result = await provider().verify({ realName, idNumber });
    expect(result).toMatchObject({ provider: 'tencent', verdict, providerCode: code });
    expect(result.requestId).toMatch(/\w{8}-/);
    expect(fake.calls.at(-1)).toMatchObject({ idCard: idNumber, name: realName });
  });

  test('a wrong secret key is refused by the signature check', async () => {
    const error = await failure(provider({ secretKey: 'not-the-secret' }).verify({ realName: '王秀英', idNumber: WANG }));
    expect(error.code).toBe('AuthFailure.SignatureFailure');
    expect(fake.rejections.at(-1)?.code).toBe('AuthFailure.SignatureFailure');
  });

  test('an unknown SecretId is refused', async () => {
    expect((await failure(provider({ secretId: 'AKIDnobody' }).verify({ realName: '王秀英', idNumber: WANG }))).code).toBe('AuthFailure.SecretIdNotFound');
  });

  test('a request forged by hand (body swapped after signing) is refused', async () => {
    await provider().verify({ realName: '王秀英', idNumber: WANG });
    const signed = fake.lastRequest()!;
    const forgedBody = JSON.stringify({ IdCard: LI, Name: '李建国' });
    const answer = await new Promise<any>((resolve, reject) => {
      const headers = { ...signed.headers, 'content-length': String(Buffer.byteLength(forgedBody)) };
      const req = http.request({ host: '127.0.0.1', port: fake.port, method: 'POST', path: signed.url, headers, agent: false }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve(JSON.parse(text)));
      });
      req.on('error', reject);
      req.end(forgedBody);
    });
    expect(answer.Response.Error.Code).toBe('AuthFailure.SignatureFailure');

    // A signature made with the wrong key over the right bytes fails the same way.
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      host: `faceid.localhost`,
      'x-tc-action': 'IdCardVerification',
      'x-tc-timestamp': String(timestamp),
      'x-tc-version': '2018-03-01',
    };
    headers.authorization = tc3Authorization({
      ...credentials,
      secretKey: 'forged',
      service: 'faceid',
      timestamp,
      method: 'POST',
      path: '/',
      query: '',
      headers,
      signedHeaders: ['content-type', 'host'],
      payload: forgedBody,
    });
    const forged = await new Promise<any>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: fake.port, method: 'POST', path: '/', headers, agent: false }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve(JSON.parse(text)));
      });
      req.on('error', reject);
      req.end(forgedBody);
    });
    expect(forged.Response.Error.Code).toBe('AuthFailure.SignatureFailure');
    expect(fake.calls.filter((c) => c.idCard === LI)).toHaveLength(0);
  });

  test('a registry outage is an error, not a verdict', async () => {
    fake.setNextError('FailedOperation.UnKnown', '内部未知错误');
    expect((await failure(provider().verify({ realName: '王秀英', idNumber: WANG }))).code).toBe('FailedOperation.UnKnown');
  });
});

describe('Aliyun Cloudauth Id2MetaVerify against the ACS3-verifying fake', () => {
  const credentials = { accessKeyId: 'LTAI5tFakeCloudauth01', accessKeySecret: 'cloudauth-secret-abcdef0123' };
  let fake: FakeCloudauth;
  beforeAll(async () => {
    fake = await startFakeCloudauth({ ...credentials, people });
  });
  afterAll(() => fake.close());
  const provider = (overrides: Record<string, string> = {}) =>
    createIdentityProvider({ provider: 'aliyun', aliyun: { ...credentials, endpoint: fake.endpoint, protocol: 'http', ...overrides } });

  test.each([
    ['registered name and number', '李建国', LI, 'match', '1'],
    ['another person’s name', '李建军', LI, 'mismatch', '2'],
    ['a number not in the registry', '张三', NOBODY, 'not_found', '3'],
  ])('%s', async (_label, realName, idNumber, verdict, code) => {
    const result = await provider().verify({ realName, idNumber });
    expect(result).toMatchObject({ provider: 'aliyun', verdict, providerCode: code });
    expect(fake.calls.at(-1)).toMatchObject({ identifyNum: idNumber, userName: realName });
  });

  test('a wrong AccessKey secret is refused by the signature check', async () => {
    const before = fake.calls.length;
    const error = await failure(provider({ accessKeySecret: 'wrong-secret' }).verify({ realName: '李建国', idNumber: LI }));
    expect(error.code).toBe('SignatureDoesNotMatch');
    expect(fake.rejections.at(-1)).toMatchObject({ status: 400, code: 'SignatureDoesNotMatch' });
    expect(fake.calls.length).toBe(before);
  });

  test('an unknown AccessKeyId is refused', async () => {
    expect((await failure(provider({ accessKeyId: 'LTAInobody' }).verify({ realName: '李建国', idNumber: LI }))).code).toBe('InvalidAccessKeyId.NotFound');
  });

  test('an unreachable gateway is an error, not a verdict', async () => {
    const server = http.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as { port: number };
    await new Promise((r) => server.close(r));
    expect((await failure(provider({ endpoint: `127.0.0.1:${port}` }).verify({ realName: '李建国', idNumber: LI }))).code).toBeTruthy();
  });
});

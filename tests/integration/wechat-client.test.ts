/**
 * The real WeChat client against the loopback fake (no Strapi boot): every request crosses a socket, so query
 * building, response parsing, error mapping and token caching are all exercised as in production.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DomainError } from '../../src/plugins/booking/server/src/domain/errors';
import {
  MINI_ACCESS_TOKEN_CACHE_KEY,
  createWechatClient,
  type CachedWechatToken,
  type WechatClient,
  type WechatTokenCache,
} from '../../src/plugins/booking/server/src/providers/wechat/client';
import { WechatUpstreamError } from '../../src/plugins/booking/server/src/providers/wechat/errors';
import type { WechatConfig } from '../../src/plugins/booking/server/src/providers/wechat/types';
import { FAKE_CODE_TTL_MS, startFakeWechat, type FakeWechat } from '../fakes/wechat-api';

const MINI = { appId: 'wxmini0000000001', appSecret: 'mini-secret-9f8e7d6c5b4a' };
const WEB = { appId: 'wxweb00000000002', appSecret: 'web-secret-1a2b3c4d5e6f' };

class MemoryTokenCache implements WechatTokenCache {
  readonly store = new Map<string, CachedWechatToken>();
  async get(key: string) {
    const hit = this.store.get(key);
    return hit ? { ...hit } : null;
  }
  async set(key: string, value: CachedWechatToken) {
    this.store.set(key, { ...value });
  }
}

let clock: number;
const now = () => clock;
let fake: FakeWechat;
let cache: MemoryTokenCache;
let client: WechatClient;

function configFor(overrides: Partial<WechatConfig> = {}): WechatConfig {
  const { apiBaseUrl, openBaseUrl } = fake;
  return { apiBaseUrl, openBaseUrl, mini: MINI, web: WEB, timeoutMs: 2000, ...overrides };
}

const callsTo = (path: string) => fake.calls.filter((c) => c.path === path).length;
/** Issues a phone code in the fake and redeems it through the client (`via` picks another client). */
const askPhone = (phone = '13812341234', countryCode?: string, via?: WechatClient) =>
  (via ?? client).getMiniProgramPhoneNumber(fake.issuePhoneCode(phone, countryCode));

/** Returns what the promise rejected with, failing the test if it resolved. */
const rejection = (promise: Promise<unknown>): Promise<any> =>
  promise.then(
    () => Promise.reject(new Error('expected a rejection')),
    (error: unknown) => error,
  );

/** Secrets and tokens must not show up anywhere a logger could print them. */
function expectNoSecrets(error: unknown, ...more: string[]) {
  const err = error as Error;
  const dump = `${err.message}\n${err.stack}\n${JSON.stringify(err)}\n${String(err)}`;
  for (const secret of [MINI.appSecret, WEB.appSecret, 'APP_AT_', 'WEB_AT_', ...more]) expect(dump).not.toContain(secret);
}

beforeEach(async () => {
  clock = Date.UTC(2025, 0, 6, 2, 0, 0);
  fake = await startFakeWechat({ mini: MINI, web: WEB, now });
  cache = new MemoryTokenCache();
  client = createWechatClient(configFor(), { tokenCache: cache, now });
});

afterEach(async () => {
  await fake.close();
});

describe('mini-program login (jscode2session)', () => {
  it('returns openid and unionid, and never the session_key', async () => {
    const code = fake.issueMiniCode({ openid: 'o-mini-1', unionid: 'u-1' });
    const identity = await client.miniProgramLogin(code);
    expect(identity).toEqual({ channel: 'mini', openid: 'o-mini-1', unionid: 'u-1' });
    expect(JSON.stringify(identity)).not.toMatch(/session/);
    expect(fake.calls[0]).toEqual({
      path: '/sns/jscode2session',
      query: { appid: MINI.appId, secret: MINI.appSecret, js_code: code, grant_type: 'authorization_code' },
    });
  });

  it('omits unionid when WeChat has none (mini-program not bound to an Open Platform account)', async () => {
    const identity = await client.miniProgramLogin(fake.issueMiniCode({ openid: 'o-mini-2' }));
    expect(identity).toEqual({ channel: 'mini', openid: 'o-mini-2' });
    expect('unionid' in identity).toBe(false);
  });

  it('rejects a reused, unknown or expired code with 400 WECHAT_INVALID_CODE', async () => {
    const code = fake.issueMiniCode({ openid: 'o-mini-3' });
    await client.miniProgramLogin(code);
    for (const attempt of [code, 'never-issued-code']) {
      const error = await rejection(client.miniProgramLogin(attempt));
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'WECHAT_INVALID_CODE', status: 400, message: '微信登录凭证无效或已过期，请重新授权' });
    }
    const stale = fake.issueMiniCode({ openid: 'o-mini-3' });
    clock += FAKE_CODE_TTL_MS + 1000;
    expect(await rejection(client.miniProgramLogin(stale))).toMatchObject({ code: 'WECHAT_INVALID_CODE', status: 400 });
  });

  it('rejects an empty or absurd code locally without calling WeChat', async () => {
    for (const bad of ['', '   ', 'x'.repeat(1000), 'a b']) {
      expect(await rejection(client.miniProgramLogin(bad))).toMatchObject({ code: 'WECHAT_INVALID_CODE', status: 400 });
    }
    expect(fake.calls).toHaveLength(0);
  });

  it('turns a wrong secret into a 502 WechatUpstreamError that does not contain the secret', async () => {
    const wrong = { ...MINI, appSecret: 'wrong-secret-should-not-leak' };
    const misconfigured = createWechatClient(configFor({ mini: wrong }), { tokenCache: cache, now });
    const error = await rejection(misconfigured.miniProgramLogin(fake.issueMiniCode({ openid: 'o' })));
    expect(error).toBeInstanceOf(WechatUpstreamError);
    expect(error).toMatchObject({ status: 502, code: 'WECHAT_MISCONFIGURED', errcode: 40125, message: '微信服务暂时不可用，请稍后再试' });
    expectNoSecrets(error, wrong.appSecret);
  });

  it('turns a wrong appid into a 502 as well', async () => {
    const misconfigured = createWechatClient(configFor({ mini: { ...MINI, appId: 'wxnope' } }), { tokenCache: cache, now });
    const error = await rejection(misconfigured.miniProgramLogin(fake.issueMiniCode({ openid: 'o' })));
    expect(error).toMatchObject({ status: 502, code: 'WECHAT_MISCONFIGURED', errcode: 40013 });
  });

  it.each([
    [45011, 429, 'WECHAT_RATE_LIMITED', '微信登录过于频繁，请稍后再试'],
    [40226, 403, 'WECHAT_HIGH_RISK_USER', '该微信账号存在安全风险，暂不能登录'],
  ])('maps errcode %i to %i %s', async (errcode, status, code, message) => {
    fake.failNext(errcode);
    const error = await rejection(client.miniProgramLogin(fake.issueMiniCode({ openid: 'o' })));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ status, code, message });
  });
});

describe('network failures', () => {
  it('maps a refused connection to a 502 without leaking the secret from the request URL', async () => {
    const closedUrl = fake.apiBaseUrl;
    await fake.close();
    fake = await startFakeWechat({ mini: MINI, web: WEB, now }); // afterEach closes this one
    const offline = createWechatClient(configFor({ apiBaseUrl: closedUrl }), { tokenCache: cache, now });
    const error = await rejection(offline.miniProgramLogin('some-code'));
    expect(error).toBeInstanceOf(WechatUpstreamError);
    expect(error).toMatchObject({ status: 502, code: 'WECHAT_NETWORK', detail: 'ECONNREFUSED' });
    expectNoSecrets(error);
    expect(error.cause).toBeUndefined();
  });

  it('maps a timeout to a 502', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const silent = http.createServer(() => undefined); // never answers
    silent.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const slow = createWechatClient(configFor({ apiBaseUrl: `http://127.0.0.1:${port}`, timeoutMs: 200 }), { tokenCache: cache, now });
      const error = await rejection(slow.webLogin('some-code'));
      expect(error).toMatchObject({ status: 502, code: 'WECHAT_NETWORK', detail: 'ECONNABORTED' });
      expectNoSecrets(error);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('website QR login', () => {
  it('builds the qrconnect URL in the order WeChat expects', () => {
    const url = client.webAuthorizeUrl({ redirectUri: 'https://care.example.cn/auth/wechat/callback?from=a&b=1', state: 'st8Fx_-9' });
    expect(url).toBe(
      `${fake.openBaseUrl}/connect/qrconnect?appid=${WEB.appId}` +
        '&redirect_uri=https%3A%2F%2Fcare.example.cn%2Fauth%2Fwechat%2Fcallback%3Ffrom%3Da%26b%3D1' +
        '&response_type=code&scope=snsapi_login&state=st8Fx_-9#wechat_redirect',
    );
    expect(url).not.toContain(WEB.appSecret);
  });

  it('refuses a relative redirect or an unsafe state', () => {
    expect(() => client.webAuthorizeUrl({ redirectUri: '/callback', state: 'abc' })).toThrow(TypeError);
    expect(() => client.webAuthorizeUrl({ redirectUri: 'javascript:alert(1)', state: 'abc' })).toThrow(TypeError);
    expect(() => client.webAuthorizeUrl({ redirectUri: 'https://a.cn/cb', state: '' })).toThrow(TypeError);
    expect(() => client.webAuthorizeUrl({ redirectUri: 'https://a.cn/cb', state: 'a&b=c' })).toThrow(TypeError);
  });

  it('exchanges the code, fetches the profile and returns a web identity', async () => {
    const code = fake.issueWebCode({
      openid: 'o-web-1',
      unionid: 'u-1',
      nickname: '张阿姨',
      headimgurl: 'http://thirdwx.qlogo.cn/mmopen/abc/132',
    });
    const identity = await client.webLogin(code);
    expect(identity).toEqual({
      channel: 'web',
      openid: 'o-web-1',
      unionid: 'u-1',
      nickname: '张阿姨',
      avatarUrl: 'https://thirdwx.qlogo.cn/mmopen/abc/132',
    });
    expect(fake.calls.map((c) => c.path)).toEqual(['/sns/oauth2/access_token', '/sns/userinfo']);
    expect(fake.calls[0].query).toMatchObject({ appid: WEB.appId, secret: WEB.appSecret, code, grant_type: 'authorization_code' });
    expect(fake.calls[1].query).toMatchObject({ openid: 'o-web-1', lang: 'zh_CN' });
    expect(fake.calls[1].query.access_token).toMatch(/^WEB_AT_/);
  });

  it('leaves out profile fields WeChat did not provide', async () => {
    expect(await client.webLogin(fake.issueWebCode({ openid: 'o-web-2' }))).toEqual({ channel: 'web', openid: 'o-web-2' });
  });

  it('rejects a reused web code, and a mini-program code (it belongs to another app)', async () => {
    const code = fake.issueWebCode({ openid: 'o-web-3' });
    await client.webLogin(code);
    expect(await rejection(client.webLogin(code))).toMatchObject({ code: 'WECHAT_INVALID_CODE', status: 400 });
    const miniCode = fake.issueMiniCode({ openid: 'o-mini' });
    expect(await rejection(client.webLogin(miniCode))).toMatchObject({ code: 'WECHAT_INVALID_CODE', status: 400 });
  });

  it('fails with a 502 when userinfo rejects the user token', async () => {
    fake.failNext(40001, 'invalid credential', '/sns/userinfo');
    const error = await rejection(client.webLogin(fake.issueWebCode({ openid: 'o-web-4' })));
    expect(error).toMatchObject({ status: 502, code: 'WECHAT_ACCESS_TOKEN_INVALID' });
  });
});

describe('mini-program phone number (getuserphonenumber)', () => {
  const TOKEN_PATH = '/cgi-bin/token';
  const PHONE_PATH = '/wxa/business/getuserphonenumber';

  it('fetches an app token once, caches it and reuses it for the next call', async () => {
    expect(await askPhone()).toEqual({ phone: '13812341234', countryCode: '86' });
    expect(await askPhone('13912345678')).toEqual({ phone: '13912345678', countryCode: '86' });
    expect(callsTo(TOKEN_PATH)).toBe(1);
    expect(callsTo(PHONE_PATH)).toBe(2);
    expect(fake.calls.find((c) => c.path === TOKEN_PATH)?.query).toEqual({
      grant_type: 'client_credential',
      appid: MINI.appId,
      secret: MINI.appSecret,
    });
    const cached = cache.store.get(MINI_ACCESS_TOKEN_CACHE_KEY);
    expect(cached).toEqual({ value: expect.stringMatching(/^APP_AT_/), expiresAt: clock + 7200 * 1000 });
    expect(fake.calls.filter((c) => c.path === PHONE_PATH).map((c) => c.query.access_token)).toEqual([cached!.value, cached!.value]);
  });

  it('shares one token fetch between concurrent calls', async () => {
    const phones = ['13800000001', '13800000002', '13800000003'];
    const results = await Promise.all(phones.map((p) => askPhone(p)));
    expect(results.map((r) => r.phone)).toEqual(phones);
    expect(callsTo(TOKEN_PATH)).toBe(1);
  });

  it('refreshes the token five minutes before it expires', async () => {
    await askPhone();
    clock += 7200 * 1000 - 6 * 60 * 1000; // 6 minutes left: still used
    await askPhone();
    expect(callsTo(TOKEN_PATH)).toBe(1);
    clock += 2 * 60 * 1000; // 4 minutes left: refreshed
    await askPhone();
    expect(callsTo(TOKEN_PATH)).toBe(2);
  });

  it('refreshes once and retries when WeChat says the cached token is invalid (40001)', async () => {
    // A token revoked upstream but still "fresh" by our clock, as after another server called /cgi-bin/token.
    await cache.set(MINI_ACCESS_TOKEN_CACHE_KEY, { value: 'APP_AT_revoked', expiresAt: clock + 3600 * 1000 });
    expect(await askPhone()).toEqual({ phone: '13812341234', countryCode: '86' });
    expect(fake.calls.map((c) => c.path)).toEqual([PHONE_PATH, TOKEN_PATH, PHONE_PATH]);
    expect(cache.store.get(MINI_ACCESS_TOKEN_CACHE_KEY)?.value).not.toBe('APP_AT_revoked');
  });

  it('refreshes on an expired token (42001) too', async () => {
    await askPhone();
    fake.failNext(42001, 'access_token expired', PHONE_PATH);
    expect(await askPhone()).toMatchObject({ phone: '13812341234' });
    expect(callsTo(TOKEN_PATH)).toBe(2);
  });

  it('gives up after one refresh if the new token is rejected as well', async () => {
    await askPhone();
    fake.failNext(40001, 'invalid credential', PHONE_PATH);
    fake.failNext(40001, 'invalid credential', PHONE_PATH);
    const error = await rejection(askPhone());
    expect(error).toMatchObject({ status: 502, code: 'WECHAT_ACCESS_TOKEN_INVALID', errcode: 40001 });
    expectNoSecrets(error);
    expect(callsTo(TOKEN_PATH)).toBe(2);
    expect(callsTo(PHONE_PATH)).toBe(3);
  });

  it('rejects a used or unknown phone code with 400', async () => {
    const code = fake.issuePhoneCode('13812341234');
    await client.getMiniProgramPhoneNumber(code);
    expect(await rejection(client.getMiniProgramPhoneNumber(code))).toMatchObject({ code: 'WECHAT_INVALID_CODE', status: 400 });
    expect(await rejection(client.getMiniProgramPhoneNumber('nope'))).toMatchObject({ code: 'WECHAT_INVALID_CODE', status: 400 });
  });

  it('accepts only mainland numbers (422), without echoing the number', async () => {
    const error = await rejection(askPhone('4155550100', '1'));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'WECHAT_PHONE_NOT_MAINLAND', status: 422 });
    expect(JSON.stringify({ m: error.message, d: error.details })).not.toContain('4155550100');
  });

  it('maps a wrong secret on /cgi-bin/token to a 502 without the secret', async () => {
    const wrong = { ...MINI, appSecret: 'wrong-secret-should-not-leak' };
    const misconfigured = createWechatClient(configFor({ mini: wrong }), { tokenCache: cache, now });
    const error = await rejection(askPhone(undefined, undefined, misconfigured));
    expect(error).toMatchObject({ status: 502, code: 'WECHAT_MISCONFIGURED', errcode: 40125 });
    expectNoSecrets(error, wrong.appSecret);
    expect(cache.store.size).toBe(0);
  });

  it('keeps working when the token cache is down', async () => {
    const broken: WechatTokenCache = {
      get: () => Promise.reject(new Error('redis down')),
      set: () => Promise.reject(new Error('redis down')),
    };
    const warnings: string[] = [];
    const resilient = createWechatClient(configFor(), { tokenCache: broken, now, logger: { warn: (m) => warnings.push(m) } });
    expect(await askPhone(undefined, undefined, resilient)).toMatchObject({ phone: '13812341234' });
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.join('\n')).not.toContain('APP_AT_');
  });
});

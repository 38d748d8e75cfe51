/**
 * A loopback stand-in for api.weixin.qq.com, strict where WeChat is strict: appid and secret must both match,
 * codes are single-use and live five minutes, grant_type is checked, and every token is bound to what it was
 * issued for. Failures come back as HTTP 200 with `{ errcode, errmsg }`, exactly like the real service, so the
 * client's error handling is exercised rather than assumed.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface FakeWechatApp {
  appId: string;
  appSecret: string;
}

export interface FakeWechatUser {
  openid: string;
  unionid?: string;
  nickname?: string;
  headimgurl?: string;
}

export interface FakeWechatCall {
  path: string;
  query: Record<string, string>;
}

export interface FakeWechatOptions {
  mini: FakeWechatApp;
  web: FakeWechatApp;
  /** Clock for code and token expiry; defaults to Date.now. */
  now?: () => number;
}

export interface FakeWechat {
  apiBaseUrl: string;
  openBaseUrl: string;
  issueMiniCode(user: { openid: string; unionid?: string }): string;
  issueWebCode(user: FakeWechatUser): string;
  /** `phone` is the number without country code; `countryCode` defaults to '86'. */
  issuePhoneCode(phone: string, countryCode?: string): string;
  /**
   * Queues a failure (HTTP 200, errcode/errmsg) for the next request — to `path` only, when given, so a test can
   * make the second step of a flow fail. Failures are used up in the order they were queued.
   */
  failNext(errcode: number, errmsg?: string, path?: string): void;
  /** Every request received, in order (live array; `calls.length = 0` resets it). */
  calls: FakeWechatCall[];
  close(): Promise<void>;
}

export const FAKE_CODE_TTL_MS = 5 * 60 * 1000;
const TOKEN_TTL_S = 7200;
/** After a new app token is issued WeChat keeps the previous one working for about five minutes. */
const OLD_APP_TOKEN_GRACE_MS = 5 * 60 * 1000;

interface Reply {
  status?: number;
  contentType?: string;
  body: unknown;
}

type Redeemed<T> = { ok: true; value: T } | { ok: false; reply: Reply };

const fail = (errcode: number, errmsg: string): Reply => ({ body: { errcode, errmsg } });
const randomId = (prefix: string, bytes = 16) => `${prefix}${randomBytes(bytes).toString('hex')}`;

/** Single-use codes with a lifetime, as jscode2session, oauth2 and phone codes all are. */
class CodeStore<T> {
  private readonly codes = new Map<string, { value: T; issuedAt: number; used: boolean }>();
  constructor(private readonly now: () => number) {}

  issue(value: T): string {
    const code = randomId('', 16);
    this.codes.set(code, { value, issuedAt: this.now(), used: false });
    return code;
  }

  redeem(code: string | undefined): Redeemed<T> {
    if (!code) return { ok: false, reply: fail(41008, 'missing code') };
    const entry = this.codes.get(code);
    if (!entry || this.now() - entry.issuedAt > FAKE_CODE_TTL_MS) return { ok: false, reply: fail(40029, 'invalid code') };
    if (entry.used) return { ok: false, reply: fail(40163, 'code been used') };
    entry.used = true;
    return { ok: true, value: entry.value };
  }
}

/** WeChat checks the appid before the secret, and reports each with its own code. */
function checkApp(app: FakeWechatApp, query: Record<string, string>): Reply | null {
  if (!query.appid) return fail(41002, 'appid missing');
  if (query.appid !== app.appId) return fail(40013, 'invalid appid');
  if (!query.secret) return fail(41004, 'appsecret missing');
  if (query.secret !== app.appSecret) return fail(40125, 'invalid appsecret');
  return null;
}

function checkGrant(query: Record<string, string>, expected: string): Reply | null {
  return query.grant_type === expected ? null : fail(40002, 'invalid grant_type');
}

export async function startFakeWechat(options: FakeWechatOptions): Promise<FakeWechat> {
  const now = options.now ?? Date.now;
  const { mini, web } = options;
  const miniCodes = new CodeStore<{ openid: string; unionid?: string }>(now);
  const webCodes = new CodeStore<FakeWechatUser>(now);
  const phoneCodes = new CodeStore<{ phone: string; countryCode: string }>(now);
  const webTokens = new Map<string, { user: FakeWechatUser; expiresAt: number }>();
  const appTokens = new Map<string, number>(); // token -> expiresAt
  const failures: Array<{ errcode: number; errmsg: string; path?: string }> = [];
  const calls: FakeWechatCall[] = [];

  function jscode2session(query: Record<string, string>): Reply {
    const denied = checkApp(mini, query) ?? checkGrant(query, 'authorization_code');
    if (denied) return denied;
    const redeemed = miniCodes.redeem(query.js_code);
    if (!redeemed.ok) return redeemed.reply;
    const { openid, unionid } = redeemed.value;
    // The real endpoint answers text/plain, which a client must still parse as JSON.
    return {
      contentType: 'text/plain',
      body: { session_key: randomBytes(16).toString('base64'), openid, ...(unionid ? { unionid } : {}) },
    };
  }

  function oauthAccessToken(query: Record<string, string>): Reply {
    const denied = checkApp(web, query) ?? checkGrant(query, 'authorization_code');
    if (denied) return denied;
    const redeemed = webCodes.redeem(query.code);
    if (!redeemed.ok) return redeemed.reply;
    const user = redeemed.value;
    const accessToken = randomId('WEB_AT_', 24);
    webTokens.set(accessToken, { user, expiresAt: now() + TOKEN_TTL_S * 1000 });
    return {
      body: {
        access_token: accessToken,
        expires_in: TOKEN_TTL_S,
        refresh_token: randomId('WEB_RT_', 24),
        openid: user.openid,
        scope: 'snsapi_login',
        ...(user.unionid ? { unionid: user.unionid } : {}),
      },
    };
  }

  function userinfo(query: Record<string, string>): Reply {
    if (!query.access_token) return fail(41001, 'access_token missing');
    const grant = webTokens.get(query.access_token);
    // A user token is only good for the openid it was issued for.
    if (!grant || grant.user.openid !== query.openid) {
      return fail(40001, 'invalid credential, access_token is invalid or not latest');
    }
    if (now() >= grant.expiresAt) return fail(42001, 'access_token expired');
    const { user } = grant;
    return {
      body: {
        openid: user.openid,
        nickname: user.nickname ?? '',
        sex: 0,
        province: '',
        city: '',
        country: '',
        headimgurl: user.headimgurl ?? '',
        privilege: [],
        ...(user.unionid ? { unionid: user.unionid } : {}),
      },
    };
  }

  function appToken(query: Record<string, string>): Reply {
    const denied = checkGrant(query, 'client_credential') ?? checkApp(mini, query);
    if (denied) return denied;
    const graceEnd = now() + OLD_APP_TOKEN_GRACE_MS;
    for (const [token, expiresAt] of appTokens) appTokens.set(token, Math.min(expiresAt, graceEnd));
    const token = randomId('APP_AT_', 32);
    appTokens.set(token, now() + TOKEN_TTL_S * 1000);
    return { body: { access_token: token, expires_in: TOKEN_TTL_S } };
  }

  function phoneNumber(query: Record<string, string>, rawBody: string): Reply {
    if (!query.access_token) return fail(41001, 'access_token missing');
    const expiresAt = appTokens.get(query.access_token);
    if (expiresAt === undefined) return fail(40001, 'invalid credential, access_token is invalid or not latest');
    if (now() >= expiresAt) return fail(42001, 'access_token expired');
    let code: string | undefined;
    try {
      const parsed = JSON.parse(rawBody) as { code?: unknown };
      code = typeof parsed.code === 'string' ? parsed.code : undefined;
    } catch {
      return fail(47001, 'data format error');
    }
    const redeemed = phoneCodes.redeem(code);
    // The phone endpoint does not distinguish used codes from unknown ones.
    if (!redeemed.ok) return fail(40029, 'invalid code');
    const { phone, countryCode } = redeemed.value;
    return {
      body: {
        errcode: 0,
        errmsg: 'ok',
        phone_info: {
          phoneNumber: countryCode === '86' ? phone : `+${countryCode} ${phone}`,
          purePhoneNumber: phone,
          countryCode,
          watermark: { timestamp: Math.floor(now() / 1000), appid: mini.appId },
        },
      },
    };
  }

  function route(method: string, path: string, query: Record<string, string>, body: string): Reply {
    const index = failures.findIndex((f) => f.path === undefined || f.path === path);
    if (index >= 0) {
      const [failure] = failures.splice(index, 1);
      return fail(failure.errcode, failure.errmsg);
    }
    const get = method === 'GET';
    if (get && path === '/sns/jscode2session') return jscode2session(query);
    if (get && path === '/sns/oauth2/access_token') return oauthAccessToken(query);
    if (get && path === '/sns/userinfo') return userinfo(query);
    if (get && path === '/cgi-bin/token') return appToken(query);
    if (method === 'POST' && path === '/wxa/business/getuserphonenumber') return phoneNumber(query, body);
    // The QR page is never rendered in tests; answer something harmless if a browser-like test follows the link.
    if (get && path === '/connect/qrconnect') return { contentType: 'text/html; charset=utf-8', body: '<p>fake</p>' };
    return { status: 404, body: { errcode: 404, errmsg: 'not found' } };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const query = Object.fromEntries(url.searchParams.entries());
      calls.push({ path: url.pathname, query });
      const reply = route(req.method ?? 'GET', url.pathname, query, Buffer.concat(chunks).toString('utf8'));
      const payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, {
        'Content-Type': reply.contentType ?? 'application/json; encoding=utf-8',
        'Content-Length': Buffer.byteLength(payload),
      });
      res.end(payload);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  return {
    apiBaseUrl: base,
    openBaseUrl: base,
    issueMiniCode: (user) => miniCodes.issue({ openid: user.openid, unionid: user.unionid }),
    issueWebCode: (user) => webCodes.issue({ ...user }),
    issuePhoneCode: (phone, countryCode = '86') => phoneCodes.issue({ phone, countryCode }),
    failNext: (errcode, errmsg = `fake error ${errcode}`, path) => {
      failures.push({ errcode, errmsg, path });
    },
    calls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Node keeps idle keep-alive sockets open; without this close() would wait for them to time out.
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

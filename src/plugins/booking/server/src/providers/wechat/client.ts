/**
 * WeChat login over the public server APIs: mini-program `jscode2session`, website QR login (OAuth2 with
 * `snsapi_login`), and the mini-program phone-number exchange, which needs the app's own access token.
 *
 * Secrets travel in query strings (that is WeChat's API), so this module never lets a request URL, an axios
 * error or a WeChat body escape: failures become a DomainError (user's problem) or a WechatUpstreamError whose
 * message is constant. The mini-program `session_key` is dropped on the spot — we never decrypt client data with
 * it, and keeping it would only create a secret to leak.
 */
import axios, { type AxiosInstance } from 'axios';
import { bookingError } from '../../domain/errors';
import { MAINLAND_MOBILE_PATTERN } from '../../domain/phone';
import { ACCESS_TOKEN_ERRCODES, WechatUpstreamError, mapWechatError } from './errors';
import type { WechatConfig, WechatIdentity } from './types';

export interface CachedWechatToken {
  value: string;
  /** Epoch milliseconds at which WeChat stops accepting the token. */
  expiresAt: number;
}

/** Shared between app instances (e.g. Redis or a DB row) so they do not keep invalidating each other's token. */
export interface WechatTokenCache {
  get(key: string): Promise<CachedWechatToken | null>;
  set(key: string, value: CachedWechatToken): Promise<void>;
}

export interface WechatClientDeps {
  tokenCache: WechatTokenCache;
  /** Injectable clock for tests; defaults to Date.now. */
  now?: () => number;
  /** Receives only fixed texts and error codes, never tokens, secrets or codes. */
  logger?: { warn(message: string): void };
}

export interface WechatPhoneNumber {
  /** 11-digit mainland mobile, without country code. */
  phone: string;
  countryCode: '86';
}

export interface WechatClient {
  miniProgramLogin(jsCode: string): Promise<WechatIdentity>;
  webAuthorizeUrl(params: { redirectUri: string; state: string }): string;
  webLogin(code: string): Promise<WechatIdentity>;
  getMiniProgramPhoneNumber(phoneCode: string): Promise<WechatPhoneNumber>;
}

export const MINI_ACCESS_TOKEN_CACHE_KEY = 'wechat:mini:access_token';
/** WeChat overlaps old and new app tokens by ~5 minutes; refreshing that early means we never send a dead one. */
export const ACCESS_TOKEN_REFRESH_MARGIN_MS = 5 * 60 * 1000;
const DEFAULT_TIMEOUT_MS = 5000;
/** Real codes are 32 characters; anything far longer is garbage we need not forward. */
const MAX_CODE_LENGTH = 256;
/** WeChat hands `state` back verbatim but only documents short alphanumeric values. */
const STATE_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

type WechatBody = Record<string, unknown>;

const INVALID_CODE = () => bookingError('WECHAT_INVALID_CODE');
const NOT_MAINLAND = () => bookingError('WECHAT_PHONE_NOT_MAINLAND');

function requireCode(code: unknown): string {
  if (typeof code !== 'string') throw INVALID_CODE();
  const trimmed = code.trim();
  // Rejecting locally saves a round trip and keeps odd input out of the upstream query string.
  if (!trimmed || trimmed.length > MAX_CODE_LENGTH || /[\s\u0000-\u001f]/.test(trimmed)) throw INVALID_CODE();
  return trimmed;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/** Absent or 0 means success; WeChat sometimes sends `errcode: 0, errmsg: "ok"` on success. */
function errcodeOf(body: WechatBody): number {
  const raw = body.errcode;
  const code = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : 0;
  return Number.isFinite(code) ? code : -1;
}

function throwIfError(body: WechatBody): void {
  const errcode = errcodeOf(body);
  if (errcode !== 0) throw mapWechatError(errcode, text(body.errmsg));
}

/** Old avatars come as http:// on qlogo.cn, which also serves https; an http image would be blocked as mixed content. */
function secureAvatar(url: string | undefined): string | undefined {
  if (!url) return undefined;
  return url.startsWith('http://') ? `https://${url.slice('http://'.length)}` : url;
}

export function createWechatClient(config: WechatConfig, deps: WechatClientDeps): WechatClient {
  const apiBase = config.apiBaseUrl.replace(/\/+$/, '');
  const openBase = config.openBaseUrl.replace(/\/+$/, '');
  const now = deps.now ?? Date.now;
  const http: AxiosInstance = axios.create({
    timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    // Statuses and bodies are judged below; taking the body as text copes with jscode2session's text/plain.
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    maxRedirects: 0,
    headers: { Accept: 'application/json' },
  });

  async function call(method: 'GET' | 'POST', path: string, query: Record<string, string>, body?: unknown) {
    const url = `${apiBase}${path}?${new URLSearchParams(query).toString()}`;
    let status: number;
    let raw: unknown;
    try {
      const response = await http.request({ method, url, data: body });
      status = response.status;
      raw = response.data;
    } catch (error) {
      // An AxiosError holds the request config, whose URL has the secret or token in it: keep only its code.
      const detail = axios.isAxiosError(error) ? (error.code ?? 'UNKNOWN') : 'UNKNOWN';
      throw new WechatUpstreamError('WECHAT_NETWORK', { detail });
    }
    if (status < 200 || status >= 300) throw new WechatUpstreamError('WECHAT_BAD_RESPONSE', { detail: String(status) });
    let parsed: unknown;
    try {
      parsed = typeof raw === 'string' ? JSON.parse(raw) : raw;
    } catch {
      throw new WechatUpstreamError('WECHAT_BAD_RESPONSE', { detail: 'INVALID_JSON' });
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new WechatUpstreamError('WECHAT_BAD_RESPONSE', { detail: 'NOT_AN_OBJECT' });
    }
    return parsed as WechatBody;
  }

  // ---- app access token (mini-program) ----

  let inflightRefresh: Promise<string> | null = null;

  async function readCachedToken(): Promise<CachedWechatToken | null> {
    try {
      return await deps.tokenCache.get(MINI_ACCESS_TOKEN_CACHE_KEY);
    } catch {
      // The cache only saves round trips; a broken cache must not break phone binding.
      deps.logger?.warn('wechat: access token cache read failed; fetching a new token');
      return null;
    }
  }

  async function fetchAppToken(): Promise<string> {
    const body = await call('GET', '/cgi-bin/token', {
      grant_type: 'client_credential',
      appid: config.mini.appId,
      secret: config.mini.appSecret,
    });
    throwIfError(body);
    const value = text(body.access_token);
    const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in);
    if (!value || !Number.isFinite(expiresIn) || expiresIn <= 0) {
      throw new WechatUpstreamError('WECHAT_BAD_RESPONSE', { detail: 'TOKEN_FIELDS' });
    }
    const token = { value, expiresAt: now() + expiresIn * 1000 };
    try {
      await deps.tokenCache.set(MINI_ACCESS_TOKEN_CACHE_KEY, token);
    } catch {
      deps.logger?.warn('wechat: access token cache write failed');
    }
    return value;
  }

  /** One refresh at a time per process: concurrent refreshes would waste the daily token quota. */
  function refreshAppToken(): Promise<string> {
    if (!inflightRefresh) {
      inflightRefresh = fetchAppToken().finally(() => {
        inflightRefresh = null;
      });
    }
    return inflightRefresh;
  }

  /**
   * A cached token is used while more than the margin remains. `rejected` is a token WeChat just refused: it is
   * skipped, but a different fresh token in the cache (another instance refreshed meanwhile) is taken as is.
   */
  async function getAppToken(rejected?: string): Promise<string> {
    const cached = await readCachedToken();
    if (cached && cached.value !== rejected && cached.expiresAt - now() > ACCESS_TOKEN_REFRESH_MARGIN_MS) {
      return cached.value;
    }
    return refreshAppToken();
  }

  // ---- public API ----

  async function miniProgramLogin(jsCode: string): Promise<WechatIdentity> {
    const code = requireCode(jsCode);
    const body = await call('GET', '/sns/jscode2session', {
      appid: config.mini.appId,
      secret: config.mini.appSecret,
      js_code: code,
      grant_type: 'authorization_code',
    });
    throwIfError(body);
    const openid = text(body.openid);
    if (!openid) throw new WechatUpstreamError('WECHAT_BAD_RESPONSE', { detail: 'NO_OPENID' });
    const unionid = text(body.unionid);
    // Built field by field so that session_key (and anything else WeChat adds) never leaves this function.
    return { channel: 'mini', openid, ...(unionid ? { unionid } : {}) };
  }

  function webAuthorizeUrl(params: { redirectUri: string; state: string }): string {
    let redirect: URL;
    try {
      redirect = new URL(params.redirectUri);
    } catch {
      throw new TypeError('redirectUri must be an absolute URL');
    }
    if (redirect.protocol !== 'https:' && redirect.protocol !== 'http:') {
      throw new TypeError('redirectUri must be an http(s) URL');
    }
    if (!STATE_PATTERN.test(params.state)) throw new TypeError('state must be 1-128 characters of [A-Za-z0-9_-]');
    // WeChat is known to reject the page when these parameters come in another order, so they are spelled out.
    return (
      `${openBase}/connect/qrconnect?appid=${encodeURIComponent(config.web.appId)}` +
      `&redirect_uri=${encodeURIComponent(params.redirectUri)}` +
      `&response_type=code&scope=snsapi_login&state=${encodeURIComponent(params.state)}#wechat_redirect`
    );
  }

  async function webLogin(webCode: string): Promise<WechatIdentity> {
    const code = requireCode(webCode);
    const grant = await call('GET', '/sns/oauth2/access_token', {
      appid: config.web.appId,
      secret: config.web.appSecret,
      code,
      grant_type: 'authorization_code',
    });
    throwIfError(grant);
    const accessToken = text(grant.access_token);
    const openid = text(grant.openid);
    if (!accessToken || !openid) throw new WechatUpstreamError('WECHAT_BAD_RESPONSE', { detail: 'NO_OPENID' });

    const info = await call('GET', '/sns/userinfo', { access_token: accessToken, openid, lang: 'zh_CN' });
    throwIfError(info);
    const infoOpenid = text(info.openid);
    if (infoOpenid && infoOpenid !== openid) {
      throw new WechatUpstreamError('WECHAT_BAD_RESPONSE', { detail: 'OPENID_MISMATCH' });
    }
    const unionid = text(info.unionid) ?? text(grant.unionid);
    const nickname = text(info.nickname);
    const avatarUrl = secureAvatar(text(info.headimgurl));
    return {
      channel: 'web',
      openid,
      ...(unionid ? { unionid } : {}),
      ...(nickname ? { nickname } : {}),
      ...(avatarUrl ? { avatarUrl } : {}),
    };
  }

  async function getMiniProgramPhoneNumber(phoneCode: string): Promise<WechatPhoneNumber> {
    const code = requireCode(phoneCode);
    const ask = (token: string) => call('POST', '/wxa/business/getuserphonenumber', { access_token: token }, { code });

    let token = await getAppToken();
    let body = await ask(token);
    if (ACCESS_TOKEN_ERRCODES.has(errcodeOf(body))) {
      // Revoked early (e.g. someone called /cgi-bin/token elsewhere) or clock skew: refresh once, then give up.
      token = await getAppToken(token);
      body = await ask(token);
    }
    throwIfError(body);

    const info = body.phone_info;
    if (!info || typeof info !== 'object') throw new WechatUpstreamError('WECHAT_BAD_RESPONSE', { detail: 'NO_PHONE' });
    const phoneInfo = info as WechatBody;
    const watermark = phoneInfo.watermark as WechatBody | undefined;
    // The watermark is WeChat saying whose user this number is; a foreign appid means a crossed wire upstream.
    if (watermark && text(watermark.appid) && watermark.appid !== config.mini.appId) {
      throw new WechatUpstreamError('WECHAT_BAD_RESPONSE', { detail: 'WATERMARK_APPID' });
    }
    const countryCode = String(phoneInfo.countryCode ?? '');
    const phone = text(phoneInfo.purePhoneNumber);
    if (!phone) throw new WechatUpstreamError('WECHAT_BAD_RESPONSE', { detail: 'NO_PHONE' });
    // Only mainland numbers can receive our SMS and be verified against ID cards. The number is not echoed (PII).
    if (countryCode !== '86' || !MAINLAND_MOBILE_PATTERN.test(phone)) throw NOT_MAINLAND();
    return { phone, countryCode: '86' };
  }

  return { miniProgramLogin, webAuthorizeUrl, webLogin, getMiniProgramPhoneNumber };
}

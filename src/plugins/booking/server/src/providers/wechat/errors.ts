/**
 * WeChat answers almost every failure with HTTP 200 and `{ errcode, errmsg }`. This module decides, in one pure
 * place, which of those are the user's problem (a DomainError, shown to them as a 4xx) and which are ours or
 * WeChat's (a WechatUpstreamError, a 502 with a generic message, because the details are only useful in logs).
 */
import { bookingError, DomainError } from '../../domain/errors';

export const WECHAT_UNAVAILABLE_MESSAGE = '微信服务暂时不可用，请稍后再试';

/** Why the upstream call failed; callers log it and may alert on MISCONFIGURED. */
export type WechatUpstreamReason =
  | 'WECHAT_MISCONFIGURED' // appid/secret wrong or missing, server IP not whitelisted: fix the deployment
  | 'WECHAT_ACCESS_TOKEN_INVALID' // app access token rejected even after a refresh
  | 'WECHAT_NETWORK' // connection refused, DNS, timeout
  | 'WECHAT_BAD_RESPONSE' // non-2xx, unparsable or incomplete body
  | 'WECHAT_UPSTREAM'; // WeChat is busy or answered with a code we do not know

/**
 * A failure the user cannot fix. The message is deliberately constant: request URLs carry the app secret and
 * access tokens in their query string, so nothing from the request is ever copied into this error.
 */
export class WechatUpstreamError extends Error {
  readonly status = 502 as const;
  readonly code: WechatUpstreamReason;
  /** WeChat's errcode when there was one (safe to log; it is a number from a public list). */
  readonly errcode?: number;
  /** Low-level network code such as ECONNREFUSED or ECONNABORTED, or the HTTP status as a string. */
  readonly detail?: string;

  constructor(code: WechatUpstreamReason, info: { errcode?: number; detail?: string } = {}) {
    super(WECHAT_UNAVAILABLE_MESSAGE);
    this.name = 'WechatUpstreamError';
    this.code = code;
    this.errcode = info.errcode;
    this.detail = info.detail;
  }
}

export const isWechatUpstreamError = (error: unknown): error is WechatUpstreamError => error instanceof WechatUpstreamError;

/** App access token rejected: invalid (40001, 40014) or expired (42001). The client refreshes once on these. */
export const ACCESS_TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

/** The login or phone code from the front end is unusable; the user must authorise again. */
const INVALID_CODE_ERRCODES: ReadonlySet<number> = new Set([
  40029, // invalid code (unknown or expired)
  40163, // code been used
  41008, // missing code
  42003, // oauth code expired (website login)
]);

/** The deployment is wrong; retrying will not help, and an operator has to act. */
const MISCONFIGURED_ERRCODES: ReadonlySet<number> = new Set([
  40013, // invalid appid
  40125, // invalid appsecret
  41002, // appid missing
  41004, // appsecret missing
  40164, // calling IP not in the API whitelist
  40002, // invalid grant_type: a bug on our side, not the user's
  48001, // api unauthorized: the app lacks this permission (e.g. phone number without verification)
]);

/**
 * Maps a non-zero WeChat errcode to the error to throw. `errmsg` is accepted for the signature's sake (and for
 * future codes that need it) but never copied into a user-facing message.
 */
export function mapWechatError(errcode: number, _errmsg?: string): DomainError | WechatUpstreamError {
  if (INVALID_CODE_ERRCODES.has(errcode)) {
    return bookingError('WECHAT_INVALID_CODE', { errcode });
  }
  if (errcode === 45011) {
    return bookingError('WECHAT_RATE_LIMITED', { errcode });
  }
  if (errcode === 40226) {
    return bookingError('WECHAT_HIGH_RISK_USER', { errcode });
  }
  if (MISCONFIGURED_ERRCODES.has(errcode)) {
    return new WechatUpstreamError('WECHAT_MISCONFIGURED', { errcode });
  }
  if (ACCESS_TOKEN_ERRCODES.has(errcode)) {
    return new WechatUpstreamError('WECHAT_ACCESS_TOKEN_INVALID', { errcode });
  }
  // -1 (system busy), 45009 (daily quota of the app exhausted) and anything unknown: not the user's fault.
  return new WechatUpstreamError('WECHAT_UPSTREAM', { errcode });
}

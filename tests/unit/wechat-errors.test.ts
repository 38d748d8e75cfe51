import { DomainError } from '../../src/plugins/booking/server/src/domain/errors';
import {
  WECHAT_UNAVAILABLE_MESSAGE,
  WechatUpstreamError,
  isWechatUpstreamError,
  mapWechatError,
} from '../../src/plugins/booking/server/src/providers/wechat/errors';

describe('mapWechatError — errors the user can act on become DomainErrors', () => {
  test.each([
    [40029, 'invalid code', 'WECHAT_INVALID_CODE', 400, '微信登录凭证无效或已过期，请重新授权'],
    [40163, 'code been used', 'WECHAT_INVALID_CODE', 400, '微信登录凭证无效或已过期，请重新授权'],
    [41008, 'missing code', 'WECHAT_INVALID_CODE', 400, '微信登录凭证无效或已过期，请重新授权'],
    [42003, 'code expired', 'WECHAT_INVALID_CODE', 400, '微信登录凭证无效或已过期，请重新授权'],
    [45011, 'api minute-quota reach limit', 'WECHAT_RATE_LIMITED', 429, '微信登录过于频繁，请稍后再试'],
    [40226, 'high risk user', 'WECHAT_HIGH_RISK_USER', 403, '该微信账号存在安全风险，暂不能登录'],
  ])('%i (%s) -> %s %i', (errcode, errmsg, code, status, message) => {
    const error = mapWechatError(errcode, errmsg);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code, status, message, details: { errcode } });
  });
});

describe("mapWechatError — our or WeChat's problems become a 502 WechatUpstreamError", () => {
  test.each([
    [40013, 'invalid appid', 'WECHAT_MISCONFIGURED'],
    [40125, 'invalid appsecret', 'WECHAT_MISCONFIGURED'],
    [41002, 'appid missing', 'WECHAT_MISCONFIGURED'],
    [41004, 'appsecret missing', 'WECHAT_MISCONFIGURED'],
    [40164, 'invalid ip 1.2.3.4, not in whitelist', 'WECHAT_MISCONFIGURED'],
    [40002, 'invalid grant_type', 'WECHAT_MISCONFIGURED'],
    [48001, 'api unauthorized', 'WECHAT_MISCONFIGURED'],
    [40001, 'invalid credential', 'WECHAT_ACCESS_TOKEN_INVALID'],
    [40014, 'invalid access_token', 'WECHAT_ACCESS_TOKEN_INVALID'],
    [42001, 'access_token expired', 'WECHAT_ACCESS_TOKEN_INVALID'],
    [-1, 'system error', 'WECHAT_UPSTREAM'],
    [45009, 'reach max api daily quota limit', 'WECHAT_UPSTREAM'],
    [99999, 'something new', 'WECHAT_UPSTREAM'],
  ])('%i (%s) -> %s', (errcode, errmsg, code) => {
    const error = mapWechatError(errcode, errmsg);
    expect(error).toBeInstanceOf(WechatUpstreamError);
    expect(error).toBeInstanceOf(Error);
    expect(isWechatUpstreamError(error)).toBe(true);
    expect(error).toMatchObject({ code, status: 502, errcode, message: WECHAT_UNAVAILABLE_MESSAGE });
  });

  it('never copies errmsg into the message, whatever WeChat put in it', () => {
    const error = mapWechatError(40125, 'invalid appsecret SECRET-abc123 rid: 1');
    expect(error.message).toBe('微信服务暂时不可用，请稍后再试');
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('SECRET-abc123');
  });

  it('works without an errmsg', () => {
    expect(mapWechatError(40029)).toMatchObject({ code: 'WECHAT_INVALID_CODE', status: 400 });
  });
});

describe('WechatUpstreamError', () => {
  it('has a stable name, a 502 status and optional diagnostics', () => {
    const error = new WechatUpstreamError('WECHAT_NETWORK', { detail: 'ECONNREFUSED' });
    expect(error.name).toBe('WechatUpstreamError');
    expect(error.status).toBe(502);
    expect(error.detail).toBe('ECONNREFUSED');
    expect(error.errcode).toBeUndefined();
  });
});

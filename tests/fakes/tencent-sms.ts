/**
 * A loopback stand-in for Tencent Cloud SMS SendSms (2021-01-11) that authenticates like the real gateway: it
 * recomputes the TC3-HMAC-SHA256 signature from what actually arrived (content-type and host at least must be
 * signed), checks the SecretId, the credential scope (UTC date of X-TC-Timestamp / sms / tc3_request) and a 5-minute
 * timestamp window. As on the real API every answer is HTTP 200: `Response.Error` for a refused call, otherwise a
 * `SendStatusSet` whose per-number Code says whether that number was accepted.
 */
import http from 'node:http';
import { randomInt, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { parseTc3Authorization, tc3CanonicalRequest, tc3Date, tc3Signature, tc3StringToSign } from './tc3';
import type { RawRequest } from './aliyun-sms';
import { sameHex } from './compare';

export type { RawRequest } from './aliyun-sms';

export interface FakeTencentError {
  code: string;
  message: string;
  /** 'status' (default): a per-number SendStatus failure; 'error': the whole call fails with Response.Error. */
  in?: 'status' | 'error';
}

export interface FakeTencentSmsOptions {
  secretId: string;
  secretKey: string;
  /** Fail every authenticated send with this error (setNextError fails only one). */
  failWith?: FakeTencentError;
}

export interface FakeTencentMessage {
  /** 11-digit national number, the +86 stripped. */
  phone: string;
  sdkAppId: string;
  signName: string;
  templateId: string;
  /** TemplateParamSet in the order it was sent. */
  params: string[];
  serialNo: string;
}

export interface FakeTencentSms {
  /**
   * `sms.localhost:<port>`: the SDK takes the signing service name from the endpoint's first label, so the fake is
   * addressed by a name that yields "sms" (the provider resolves *.localhost to 127.0.0.1 itself).
   */
  endpoint: string;
  port: number;
  messages: FakeTencentMessage[];
  rejections: Array<{ code: string; message: string }>;
  lastRequest(): RawRequest | undefined;
  setNextError(code: string, message: string, where?: 'status' | 'error'): void;
  close(): Promise<void>;
}

const SERVICE = 'sms';
const ACTION = 'SendSms';
const VERSION = '2021-01-11';
const MAX_SKEW_SECONDS = 300;
const MAX_BODY_BYTES = 1 << 20;

class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startFakeTencentSms(options: FakeTencentSmsOptions): Promise<FakeTencentSms> {
  const messages: FakeTencentMessage[] = [];
  const rejections: FakeTencentSms['rejections'] = [];
  let nextError: FakeTencentError | undefined;
  let last: RawRequest | undefined;

  function authenticate(req: RawRequest): void {
    const h = req.headers;
    const auth = parseTc3Authorization(h.authorization);
    if (!auth) throw new ApiError('AuthFailure.InvalidAuthorization', 'Authorization 不符合腾讯云标准。');
    if (auth.secretId !== options.secretId) throw new ApiError('AuthFailure.SecretIdNotFound', '密钥不存在。');

    const timestamp = Number(h['x-tc-timestamp']);
    if (!/^\d+$/.test(h['x-tc-timestamp'] ?? '')) throw new ApiError('MissingParameter', '缺少 X-TC-Timestamp。');
    if (Math.abs(Date.now() / 1000 - timestamp) > MAX_SKEW_SECONDS) {
      throw new ApiError('AuthFailure.SignatureExpire', '签名过期。Timestamp 和服务器时间相差不得超过五分钟。');
    }
    if (auth.date !== tc3Date(timestamp) || auth.service !== SERVICE || auth.terminator !== 'tc3_request') {
      throw new ApiError('AuthFailure.SignatureFailure', `CredentialScope 应为 ${tc3Date(timestamp)}/${SERVICE}/tc3_request。`);
    }
    for (const required of ['content-type', 'host']) {
      if (!auth.signedHeaders.includes(required)) throw new ApiError('AuthFailure.SignatureFailure', `SignedHeaders 必须包含 ${required}。`);
    }
    const missing = auth.signedHeaders.filter((n) => h[n] === undefined);
    if (missing.length > 0) throw new ApiError('AuthFailure.SignatureFailure', `签名头 ${missing.join(', ')} 不存在。`);

    // The SDK signs URL.hostname while the Host header it sends carries the port too. Against the real gateway
    // (port 443) those are the same string; here the fake canonicalises host as the hostname, which is what the
    // signature covers, so the check stays exact for every other byte.
    const signedValues: Record<string, string | undefined> = { ...h, host: (h.host ?? '').replace(/:\d+$/, '') };
    const queryAt = req.url.indexOf('?');
    const canonical = tc3CanonicalRequest({
      method: req.method,
      path: queryAt === -1 ? req.url : req.url.slice(0, queryAt),
      query: queryAt === -1 ? '' : req.url.slice(queryAt + 1),
      headers: signedValues,
      signedHeaders: auth.signedHeaders,
      payload: req.body,
    });
    const expected = tc3Signature(options.secretKey, timestamp, SERVICE, tc3StringToSign(timestamp, SERVICE, canonical));
    if (!sameHex(expected, auth.signature)) throw new ApiError('AuthFailure.SignatureFailure', '请求签名验证失败，请检查您的签名计算是否正确。');

    if (h['x-tc-action'] !== ACTION) throw new ApiError('InvalidAction', `接口 ${h['x-tc-action']} 不存在。`);
    if (h['x-tc-version'] !== VERSION) throw new ApiError('NoSuchVersion', `接口版本 ${h['x-tc-version']} 不存在。`);
  }

  function sendSms(body: string): Record<string, unknown> {
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(body) as Record<string, unknown>;
    } catch {
      throw new ApiError('FailedOperation.JsonParseFail', '解析请求包体时候失败。');
    }
    const phones = input.PhoneNumberSet;
    if (!Array.isArray(phones) || phones.length === 0) throw new ApiError('MissingParameter', '缺少参数 PhoneNumberSet。');
    for (const field of ['SmsSdkAppId', 'TemplateId', 'SignName'] as const) {
      if (typeof input[field] !== 'string' || input[field] === '') throw new ApiError('MissingParameter', `缺少参数 ${field}。`);
    }
    const params = input.TemplateParamSet ?? [];
    if (!Array.isArray(params) || params.some((p) => typeof p !== 'string')) {
      throw new ApiError('InvalidParameterValue.TemplateParameterFormatError', '验证码模板参数格式错误。');
    }

    const failure = nextError ?? options.failWith;
    nextError = undefined;
    if (failure && failure.in === 'error') throw new ApiError(failure.code, failure.message);

    const SendStatusSet = phones.map((phoneNumber: unknown) => {
      const number = String(phoneNumber);
      const status = { SerialNo: '', PhoneNumber: number, Fee: 0, SessionContext: '', IsoCode: 'CN' };
      if (failure) return { ...status, Code: failure.code, Message: failure.message };
      const national = /^(?:\+86|0086|86)?(1\d{10})$/.exec(number)?.[1];
      if (!national) return { ...status, Code: 'InvalidParameterValue.IncorrectPhoneNumber', Message: '手机号格式错误。' };
      const serialNo = `2640:${Date.now()}${randomInt(100000000, 999999999)}`;
      messages.push({
        phone: national,
        sdkAppId: input.SmsSdkAppId as string,
        signName: input.SignName as string,
        templateId: input.TemplateId as string,
        params: params as string[],
        serialNo,
      });
      return { ...status, SerialNo: serialNo, Fee: 1, Code: 'Ok', Message: 'send success' };
    });
    return { SendStatusSet };
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string) {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = String(value);
    const raw: RawRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers, body };
    last = raw;
    const RequestId = randomUUID();
    let Response: Record<string, unknown>;
    try {
      authenticate(raw);
      Response = { ...sendSms(body), RequestId };
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError('InternalError', String(error));
      rejections.push({ code: apiError.code, message: apiError.message });
      Response = { Error: { Code: apiError.code, Message: apiError.message }, RequestId };
    }
    res.writeHead(200, { 'content-type': 'application/json', 'x-tc-requestid': RequestId });
    res.end(JSON.stringify({ Response }));
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => void handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `sms.localhost:${port}`,
    port,
    messages,
    rejections,
    lastRequest: () => last,
    setNextError(code, message, where = 'status') {
      nextError = { code, message, in: where };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

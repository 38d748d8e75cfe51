/**
 * A loopback stand-in for Tencent Cloud FaceID IdCardVerification (2018-03-01) that authenticates like the real
 * gateway: TC3-HMAC-SHA256 recomputed from the bytes that arrived (content-type and host must be signed), SecretId,
 * credential scope (UTC date / faceid / tc3_request) and a 5-minute timestamp window. Every answer is HTTP 200 with
 * either Response.Error or the verdict (Result "0" match, "-1" name differs, "-5" no such number).
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { parseTc3Authorization, tc3CanonicalRequest, tc3Date, tc3Signature, tc3StringToSign } from './tc3';
import { sameHex } from './compare';

export interface FakeFaceIdOptions {
  secretId: string;
  secretKey: string;
  /** The "national registry": ID number → registered name. */
  people: Record<string, string>;
}

export interface FakeFaceId {
  /** `faceid.localhost:<port>`: the SDK takes the signing service name from the endpoint's first label. */
  endpoint: string;
  port: number;
  /** Verified calls (ID numbers as received, for assertions). */
  calls: Array<{ idCard: string; name: string; result: string }>;
  rejections: Array<{ code: string; message: string }>;
  lastRequest(): { method: string; url: string; headers: Record<string, string>; body: string } | undefined;
  /** The next authenticated call answers Response.Error with this code (e.g. a registry outage). */
  setNextError(code: string, message: string): void;
  close(): Promise<void>;
}

const SERVICE = 'faceid';
const ACTION = 'IdCardVerification';
const VERSION = '2018-03-01';
const MAX_SKEW_SECONDS = 300;

class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startFakeFaceId(options: FakeFaceIdOptions): Promise<FakeFaceId> {
  const calls: FakeFaceId['calls'] = [];
  const rejections: FakeFaceId['rejections'] = [];
  let last: ReturnType<FakeFaceId['lastRequest']>;
  let nextError: { code: string; message: string } | undefined;

  function authenticate(method: string, url: string, h: Record<string, string>, body: string) {
    const auth = parseTc3Authorization(h.authorization);
    if (!auth) throw new ApiError('AuthFailure.InvalidAuthorization', 'Authorization 不符合腾讯云标准。');
    if (auth.secretId !== options.secretId) throw new ApiError('AuthFailure.SecretIdNotFound', '密钥不存在。');
    if (!/^\d+$/.test(h['x-tc-timestamp'] ?? '')) throw new ApiError('MissingParameter', '缺少 X-TC-Timestamp。');
    const timestamp = Number(h['x-tc-timestamp']);
    if (Math.abs(Date.now() / 1000 - timestamp) > MAX_SKEW_SECONDS) throw new ApiError('AuthFailure.SignatureExpire', '签名过期。');
    if (auth.date !== tc3Date(timestamp) || auth.service !== SERVICE || auth.terminator !== 'tc3_request') {
      throw new ApiError('AuthFailure.SignatureFailure', `CredentialScope 应为 ${tc3Date(timestamp)}/${SERVICE}/tc3_request。`);
    }
    for (const required of ['content-type', 'host']) {
      if (!auth.signedHeaders.includes(required)) throw new ApiError('AuthFailure.SignatureFailure', `SignedHeaders 必须包含 ${required}。`);
    }
    // The SDK signs the hostname while the Host header carries the port as well (see tencent-sms.ts).
    const signed = { ...h, host: (h.host ?? '').replace(/:\d+$/, '') };
    const queryAt = url.indexOf('?');
    const canonical = tc3CanonicalRequest({
      method,
      path: queryAt === -1 ? url : url.slice(0, queryAt),
      query: queryAt === -1 ? '' : url.slice(queryAt + 1),
      headers: signed,
      signedHeaders: auth.signedHeaders,
      payload: body,
    });
    const expected = tc3Signature(options.secretKey, timestamp, SERVICE, tc3StringToSign(timestamp, SERVICE, canonical));
    if (!sameHex(expected, auth.signature)) throw new ApiError('AuthFailure.SignatureFailure', '请求签名验证失败，请检查您的签名计算是否正确。');
    if (h['x-tc-action'] !== ACTION) throw new ApiError('InvalidAction', `接口 ${h['x-tc-action']} 不存在。`);
    if (h['x-tc-version'] !== VERSION) throw new ApiError('NoSuchVersion', `接口版本 ${h['x-tc-version']} 不存在。`);
  }

  function verify(body: string) {
    let input: { IdCard?: unknown; Name?: unknown };
    try {
      input = JSON.parse(body);
    } catch {
      throw new ApiError('FailedOperation.JsonParseFail', '解析请求包体时候失败。');
    }
    if (typeof input.IdCard !== 'string' || typeof input.Name !== 'string') throw new ApiError('MissingParameter', '缺少参数 IdCard 或 Name。');
    if (nextError) {
      const error = nextError;
      nextError = undefined;
      throw new ApiError(error.code, error.message);
    }
    const registered = options.people[input.IdCard];
    const result = registered === undefined ? '-5' : registered === input.Name ? '0' : '-1';
    calls.push({ idCard: input.IdCard, name: input.Name, result });
    const description = { '0': '姓名和身份证号一致', '-1': '姓名和身份证号不一致', '-5': '证件库中无此身份证记录' }[result];
    return { Result: result, Description: description };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = String(v);
      last = { method: req.method ?? 'POST', url: req.url ?? '/', headers, body };
      const RequestId = randomUUID();
      let Response: Record<string, unknown>;
      try {
        authenticate(last.method, last.url, headers, body);
        Response = { ...verify(body), RequestId };
      } catch (error) {
        const e = error instanceof ApiError ? error : new ApiError('InternalError', String(error));
        rejections.push({ code: e.code, message: e.message });
        Response = { Error: { Code: e.code, Message: e.message }, RequestId };
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ Response }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `faceid.localhost:${port}`,
    port,
    calls,
    rejections,
    lastRequest: () => last,
    setNextError(code, message) {
      nextError = { code, message };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

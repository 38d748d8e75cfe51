/**
 * A loopback stand-in for Aliyun Cloudauth Id2MetaVerify (2019-03-07) that authenticates like the real gateway:
 * ACS3-HMAC-SHA256 recomputed from what arrived (every x-acs-* header, host and content-type must be signed), the
 * body hash, AccessKeyId, a 15-minute x-acs-date window and single-use nonces. Authentication failures are HTTP 4xx
 * OpenAPI errors; answers are HTTP 200 with Code "200" and ResultObject.BizCode 1 (match), 2 (differs), 3 (no record).
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { acs3CanonicalRequest, acs3Signature, parseAcs3Authorization, parseQuery, sha256Hex } from './acs3';
import { sameHex } from './compare';

export interface FakeCloudauthOptions {
  accessKeyId: string;
  accessKeySecret: string;
  /** ID number → registered name. */
  people: Record<string, string>;
}

export interface FakeCloudauth {
  endpoint: string;
  calls: Array<{ identifyNum: string; userName: string; bizCode: string }>;
  rejections: Array<{ status: number; code: string; message: string }>;
  close(): Promise<void>;
}

const ACTION = 'Id2MetaVerify';
const VERSION = '2019-03-07';
const MAX_SKEW_MS = 15 * 60 * 1000;
const REQUIRED_SIGNED = ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256'];

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startFakeCloudauth(options: FakeCloudauthOptions): Promise<FakeCloudauth> {
  const calls: FakeCloudauth['calls'] = [];
  const rejections: FakeCloudauth['rejections'] = [];
  const seenNonces = new Set<string>();

  function authenticate(method: string, path: string, query: Array<[string, string]>, h: Record<string, string>, body: string) {
    const auth = parseAcs3Authorization(h.authorization);
    if (!auth) throw new Refusal(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.');
    if (auth.accessKeyId !== options.accessKeyId) throw new Refusal(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    for (const name of REQUIRED_SIGNED) if (!h[name]) throw new Refusal(400, 'MissingParameter', `"${name}" is mandatory.`);
    const mustSign = Object.keys(h).filter((n) => n.startsWith('x-acs-') || n === 'host' || n === 'content-type');
    const unsigned = mustSign.filter((n) => !auth.signedHeaders.includes(n));
    if (unsigned.length > 0) throw new Refusal(400, 'IncompleteSignature', `Header(s) ${unsigned.join(', ')} must be signed.`);
    const bodyHash = sha256Hex(body);
    if (h['x-acs-content-sha256'] !== bodyHash)
      throw new Refusal(400, 'SignatureDoesNotMatch', 'The x-acs-content-sha256 header does not match the request body.');
    const expected = acs3Signature(
      options.accessKeySecret,
      acs3CanonicalRequest({ method, path, query, headers: h, signedHeaders: auth.signedHeaders, hashedPayload: bodyHash }),
    );
    if (!sameHex(expected, auth.signature)) throw new Refusal(400, 'SignatureDoesNotMatch', 'Specified signature does not match our calculation.');
    const date = Date.parse(h['x-acs-date'] ?? '');
    if (Number.isNaN(date) || Math.abs(Date.now() - date) > MAX_SKEW_MS)
      throw new Refusal(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    const nonce = h['x-acs-signature-nonce'] as string;
    if (seenNonces.has(nonce)) throw new Refusal(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    seenNonces.add(nonce);
    if (h['x-acs-action'] !== ACTION) throw new Refusal(404, 'InvalidAction.NotFound', `Specified api "${h['x-acs-action']}" is not found.`);
    if (h['x-acs-version'] !== VERSION) throw new Refusal(400, 'InvalidVersion', `Specified parameter Version "${h['x-acs-version']}" is not valid.`);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
      const requestId = randomUUID().toUpperCase();
      const reply = (status: number, payload: Record<string, unknown>) => {
        res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
        res.end(JSON.stringify(payload));
      };
      try {
        const url = req.url ?? '/';
        const queryAt = url.indexOf('?');
        const path = decodeURIComponent(queryAt === -1 ? url : url.slice(0, queryAt));
        const query = parseQuery(queryAt === -1 ? '' : url.slice(queryAt + 1));
        authenticate(req.method ?? 'POST', path, query, headers, body);
        const params = new Map(query);
        if ((headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) for (const [k, v] of parseQuery(body)) params.set(k, v);
        const identifyNum = params.get('IdentifyNum') ?? '';
        const userName = params.get('UserName') ?? '';
        if (!identifyNum || !userName || params.get('ParamType') !== 'normal')
          throw new Refusal(400, 'MissingParameter', 'IdentifyNum, UserName and ParamType=normal are mandatory.');
        const registered = options.people[identifyNum];
        const bizCode = registered === undefined ? '3' : registered === userName ? '1' : '2';
        calls.push({ identifyNum, userName, bizCode });
        reply(200, { Code: '200', Message: 'success', RequestId: requestId, ResultObject: { BizCode: bizCode } });
      } catch (error) {
        const r = error instanceof Refusal ? error : new Refusal(500, 'InternalError', String(error));
        rejections.push({ status: r.status, code: r.code, message: r.message });
        reply(r.status, { RequestId: requestId, HostId: 'cloudauth.aliyuncs.com', Code: r.code, Message: r.message });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `127.0.0.1:${port}`,
    calls,
    rejections,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

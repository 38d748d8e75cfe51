/**
 * A loopback stand-in for Aliyun's Dysmsapi SendSms (2017-05-25) that authenticates like the real gateway: it
 * recomputes the ACS3-HMAC-SHA256 signature from what actually arrived, checks the AccessKeyId, the body hash, the
 * x-acs-date window (15 minutes) and refuses a signature nonce it has seen before. Answers use Aliyun's JSON shape:
 * authentication failures are HTTP 4xx OpenAPI errors, business refusals are HTTP 200 with a Code other than OK.
 */
import http from 'node:http';
import { randomInt, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { acs3CanonicalRequest, acs3Signature, parseAcs3Authorization, parseQuery, sha256Hex } from './acs3';
import { sameHex } from './compare';

export interface FakeAliyunError {
  code: string;
  message: string;
  /** HTTP status; business codes (isv.*) come back with 200 like the real service. */
  status?: number;
}

export interface FakeAliyunSmsOptions {
  accessKeyId: string;
  accessKeySecret: string;
  /** Refuse every authenticated send with this error (setNextError refuses only one). */
  failWith?: FakeAliyunError;
}

export interface FakeAliyunMessage {
  phone: string;
  signName: string;
  templateCode: string;
  params: Record<string, string>;
  bizId: string;
}

/** What arrived on the wire, kept so tests can replay or tamper with a request the real SDK signed. */
export interface RawRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface FakeAliyunSms {
  /** host:port, the form the SDK's `endpoint` takes. */
  endpoint: string;
  messages: FakeAliyunMessage[];
  /** Every refusal, in order, so a test can tell which check fired. */
  rejections: Array<{ status: number; code: string; message: string }>;
  lastRequest(): RawRequest | undefined;
  setNextError(code: string, message: string, status?: number): void;
  close(): Promise<void>;
}

const ACTION = 'SendSms';
const VERSION = '2017-05-25';
const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_BODY_BYTES = 1 << 20;
/** The SDK always signs these; a request without them is not a V3-signed request. */
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

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}

export async function startFakeAliyunSms(options: FakeAliyunSmsOptions): Promise<FakeAliyunSms> {
  const messages: FakeAliyunMessage[] = [];
  const rejections: FakeAliyunSms['rejections'] = [];
  const seenNonces = new Map<string, number>();
  let nextError: FakeAliyunError | undefined;
  let last: RawRequest | undefined;

  function authenticate(req: RawRequest, path: string, query: Array<[string, string]>): void {
    const h = req.headers;
    const auth = parseAcs3Authorization(h.authorization);
    if (!auth) throw new Refusal(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.');
    if (auth.accessKeyId !== options.accessKeyId) throw new Refusal(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');

    for (const name of REQUIRED_SIGNED) {
      if (!h[name]) throw new Refusal(400, 'MissingParameter', `The input parameter "${name}" that is mandatory for processing this request is not supplied.`);
    }
    // Every x-acs-* header (and host, content-type) must be covered, or it could be changed in transit unnoticed.
    const mustSign = Object.keys(h).filter((n) => n.startsWith('x-acs-') || n === 'host' || n === 'content-type');
    const unsigned = mustSign.filter((n) => !auth.signedHeaders.includes(n));
    if (unsigned.length > 0) throw new Refusal(400, 'IncompleteSignature', `Header(s) ${unsigned.join(', ')} must be signed.`);
    const missing = auth.signedHeaders.filter((n) => h[n] === undefined);
    if (missing.length > 0) throw new Refusal(400, 'IncompleteSignature', `Signed header(s) ${missing.join(', ')} not present.`);

    const bodyHash = sha256Hex(req.body);
    if (h['x-acs-content-sha256'] !== bodyHash) {
      throw new Refusal(400, 'SignatureDoesNotMatch', 'The x-acs-content-sha256 header does not match the request body.');
    }
    const expected = acs3Signature(
      options.accessKeySecret,
      acs3CanonicalRequest({ method: req.method, path, query, headers: h, signedHeaders: auth.signedHeaders, hashedPayload: bodyHash }),
    );
    if (!sameHex(expected, auth.signature)) {
      throw new Refusal(400, 'SignatureDoesNotMatch', 'Specified signature does not match our calculation.');
    }

    const date = h['x-acs-date'] as string;
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(date) || Number.isNaN(Date.parse(date))) {
      throw new Refusal(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
    }
    const now = Date.now();
    if (Math.abs(now - Date.parse(date)) > MAX_SKEW_MS) {
      throw new Refusal(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    }
    // A nonce only needs remembering while its timestamp could still pass the window check.
    for (const [nonce, expires] of seenNonces) if (expires < now) seenNonces.delete(nonce);
    const nonce = h['x-acs-signature-nonce'] as string;
    if (seenNonces.has(nonce)) throw new Refusal(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    seenNonces.set(nonce, now + 2 * MAX_SKEW_MS);

    if (h['x-acs-action'] !== ACTION) throw new Refusal(404, 'InvalidAction.NotFound', `Specified api "${h['x-acs-action']}" is not found.`);
    if (h['x-acs-version'] !== VERSION) throw new Refusal(400, 'InvalidVersion', `Specified parameter Version "${h['x-acs-version']}" is not valid.`);
  }

  function sendSms(params: Map<string, string>, requestId: string): Record<string, unknown> {
    const phone = params.get('PhoneNumbers');
    const signName = params.get('SignName');
    const templateCode = params.get('TemplateCode');
    if (!phone) throw new Refusal(400, 'MissingPhoneNumbers', 'PhoneNumbers is mandatory for this action.');
    if (!signName) throw new Refusal(400, 'MissingSignName', 'SignName is mandatory for this action.');
    if (!templateCode) throw new Refusal(400, 'MissingTemplateCode', 'TemplateCode is mandatory for this action.');

    const failure = nextError ?? options.failWith;
    nextError = undefined;
    if (failure) {
      if ((failure.status ?? 200) !== 200) throw new Refusal(failure.status as number, failure.code, failure.message);
      return { Code: failure.code, Message: failure.message, RequestId: requestId };
    }
    if (!/^1\d{10}$/.test(phone)) return { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: 'invalid mobile number', RequestId: requestId };

    let templateParams: Record<string, string> = {};
    const rawParam = params.get('TemplateParam');
    if (rawParam) {
      try {
        const parsed: unknown = JSON.parse(rawParam);
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        templateParams = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
      } catch {
        return { Code: 'isv.INVALID_JSON_PARAM', Message: 'JSON参数不合法，只接受字符串值', RequestId: requestId };
      }
    }
    const bizId = `${randomInt(100000, 999999)}${Date.now()}^0`;
    messages.push({ phone, signName, templateCode, params: templateParams, bizId });
    return { Code: 'OK', Message: 'OK', BizId: bizId, RequestId: requestId };
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string) {
    const raw: RawRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: flatHeaders(req.headers), body };
    last = raw;
    const requestId = randomUUID().toUpperCase();
    const reply = (status: number, payload: Record<string, unknown>) => {
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': requestId });
      res.end(JSON.stringify(payload));
    };
    try {
      const queryAt = raw.url.indexOf('?');
      const path = decodeURIComponent(queryAt === -1 ? raw.url : raw.url.slice(0, queryAt));
      const query = parseQuery(queryAt === -1 ? '' : raw.url.slice(queryAt + 1));
      authenticate(raw, path, query);
      // RPC-style parameters may travel in the query (as this SDK sends them) or as a form body.
      const params = new Map(query);
      if ((raw.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        for (const [k, v] of parseQuery(body)) params.set(k, v);
      }
      reply(200, sendSms(params, requestId));
    } catch (error) {
      const refusal = error instanceof Refusal ? error : new Refusal(500, 'InternalError', String(error));
      rejections.push({ status: refusal.status, code: refusal.code, message: refusal.message });
      reply(refusal.status, { RequestId: requestId, HostId: 'dysmsapi.aliyuncs.com', Code: refusal.code, Message: refusal.message, Recommend: '' });
    }
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
    endpoint: `127.0.0.1:${port}`,
    messages,
    rejections,
    lastRequest: () => last,
    setNextError(code, message, status = 200) {
      nextError = { code, message, status };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // The SDK keeps connections alive; without this close() would wait for them to idle out.
        server.closeAllConnections();
      }),
  };
}

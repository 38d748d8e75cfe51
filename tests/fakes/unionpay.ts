/**
 * A loopback stand-in for UnionPay's online gateway (ACP 5.1.0): frontTransReq.do (the browser form), backTransReq.do
 * (refunds) and queryTrans.do. It checks our signature the way the gateway does - certId must name the merchant
 * certificate, signature = base64(SHA256withRSA(lower-hex SHA-256(sorted k=v string without `signature`))) - and
 * answers unencoded `k=v&…` signed with its own key, carrying its certificate in signPubKeyCert. The certificates
 * (a root and a signing certificate issued by it, UnionPay-style CN) are made with the openssl CLI at start, since
 * Node cannot issue certificates. The signing code here is independent of src/ on purpose: a shared bug would
 * otherwise pass both ends.
 */
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { createHash, createSign, createVerify, randomInt, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

export interface TestCertificate {
  certPem: string;
  keyPem: string;
  /** Decimal serial number (UnionPay's certId). */
  certId: string;
}

/** Issues an RSA-2048 certificate with openssl: self-signed unless an issuer is given. */
export function opensslCertificate(opts: { subject: string; serial: bigint; issuer?: TestCertificate; ca?: boolean; days?: number }): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'fake-unionpay-'));
  const file = (name: string) => join(dir, name);
  const run = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  try {
    const serial = `0x${opts.serial.toString(16)}`;
    const days = String(opts.days ?? 365);
    const base = ['-newkey', 'rsa:2048', '-nodes', '-keyout', file('key.pem'), '-subj', opts.subject, '-utf8'];
    if (opts.issuer) {
      writeFileSync(file('ca.pem'), opts.issuer.certPem);
      writeFileSync(file('ca.key'), opts.issuer.keyPem);
      run(['req', '-new', ...base, '-out', file('req.csr')]);
      run([
        'x509',
        '-req',
        '-in',
        file('req.csr'),
        '-CA',
        file('ca.pem'),
        '-CAkey',
        file('ca.key'),
        '-set_serial',
        serial,
        '-days',
        days,
        '-out',
        file('cert.pem'),
      ]);
    } else {
      const ext = opts.ca ? ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign'] : [];
      run(['req', '-x509', ...base, '-set_serial', serial, '-days', days, ...ext, '-out', file('cert.pem')]);
    }
    const certPem = readFileSync(file('cert.pem'), 'utf8');
    return { certPem, keyPem: readFileSync(file('key.pem'), 'utf8'), certId: BigInt(`0x${new X509Certificate(certPem).serialNumber}`).toString() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** UnionPay names the owner in the third '@' segment of the CN. */
export const UNIONPAY_SIGNER_SUBJECT = '/C=CN/O=China UnionPay/OU=Fake Gateway/CN=041@Z00000000000001@中国银联股份有限公司@00000001';

export type Fields = Record<string, string>;

/** The gateway's side of the 5.1.0 rule, written independently of src/domain/unionpay-sign.ts. */
function digestOf(fields: Fields): string {
  const sorted = Object.keys(fields)
    .filter((k) => k !== 'signature')
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('&');
  return createHash('sha256').update(sorted, 'utf8').digest('hex');
}
export function fakeUnionPaySign(fields: Fields, signer: TestCertificate): Fields {
  const out: Fields = { ...fields, certId: signer.certId, signPubKeyCert: signer.certPem };
  delete out.signature;
  return { ...out, signature: createSign('RSA-SHA256').update(digestOf(out), 'utf8').sign(signer.keyPem, 'base64') };
}

export interface FakeOrder {
  orderId: string;
  txnTime: string;
  txnType: string;
  txnAmt: string;
  backUrl: string;
  reqReserved?: string;
  queryId: string;
  origQryId?: string;
  state: 'awaiting' | 'processing' | 'succeeded';
  refundedFen: number;
}

export interface NotifyAnswer {
  status: number;
  body: string;
  fields: Fields;
}

export interface NotifyOptions {
  tamper?: boolean;
  /** Seconds to backdate txnTime by before signing (default 7 days when true). */
  stale?: boolean | number;
  signWith?: TestCertificate;
  url?: string;
}

export interface FakeUnionPay {
  frontTransUrl: string;
  backTransUrl: string;
  singleQueryUrl: string;
  rootCertPem: string;
  signCertPem: string;
  merId: string;
  orders: Map<string, FakeOrder>;
  rejections: Array<{ path: string; respCode: string; respMsg: string }>;
  completePayment(orderId: string): Promise<NotifyAnswer>;
  completeRefund(orderId: string): Promise<NotifyAnswer>;
  sendNotification(fields: Fields, options?: NotifyOptions): Promise<NotifyAnswer>;
  failNext(failure?: { respCode: string; respMsg: string } | { httpStatus: number }): void;
  hang(on?: boolean): void;
  close(): Promise<void>;
}

class Refusal extends Error {
  constructor(
    readonly respCode: string,
    message: string,
  ) {
    super(message);
  }
}

const beijingStamp = (d: Date) => new Date(d.getTime() + 8 * 3600 * 1000).toISOString().replace(/[-T:]/g, '').slice(0, 14);

export async function startFakeUnionPay(options: {
  merchantCertPem?: string;
  merchantPublicKeyPem?: string;
  merchantCertId: string;
  merId?: string;
}): Promise<FakeUnionPay> {
  const merchantKey =
    options.merchantPublicKeyPem ?? new X509Certificate(options.merchantCertPem ?? '').publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const root = opensslCertificate({ subject: '/C=CN/O=Fake CFCA/CN=Fake UnionPay Root', serial: 1n, ca: true, days: 3650 });
  const signer = opensslCertificate({ subject: UNIONPAY_SIGNER_SUBJECT, serial: 69026275837n, issuer: root });
  const merId = options.merId ?? '777290058110048';
  const orders = new Map<string, FakeOrder>();
  const rejections: FakeUnionPay['rejections'] = [];
  let nextFailure: { respCode: string; respMsg: string } | { httpStatus: number } | undefined;
  let hanging = false;
  const newQueryId = () => `${beijingStamp(new Date())}${String(randomInt(1e6, 9e6))}`;

  function authenticate(f: Fields): void {
    if (f.version !== '5.1.0' || f.signMethod !== '01') throw new Refusal('10', '报文格式错误 (version/signMethod)');
    if (f.certId !== options.merchantCertId) throw new Refusal('11', '验证签名失败 (certId)');
    const ok =
      /^[A-Za-z0-9+/]+={0,2}$/.test(f.signature ?? '') &&
      createVerify('RSA-SHA256')
        .update(digestOf(f), 'utf8')
        .verify(merchantKey, f.signature as string, 'base64');
    if (!ok) throw new Refusal('11', '验证签名失败');
    if (f.merId !== merId) throw new Refusal('31', '商户状态不正确');
  }

  function consume(f: Fields): void {
    if (f.txnType !== '01' || !/^\d+$/.test(f.txnAmt ?? '') || !/^[0-9A-Za-z]{8,40}$/.test(f.orderId ?? '')) throw new Refusal('13', '报文交易要素缺失');
    if (orders.has(f.orderId as string)) throw new Refusal('12', '重复交易');
    orders.set(f.orderId as string, {
      orderId: f.orderId as string,
      txnTime: f.txnTime as string,
      txnType: '01',
      txnAmt: f.txnAmt as string,
      backUrl: f.backUrl as string,
      reqReserved: f.reqReserved,
      queryId: newQueryId(),
      state: 'awaiting',
      refundedFen: 0,
    });
  }

  function refund(f: Fields): Fields {
    if (f.txnType !== '04') throw new Refusal('13', '报文交易要素缺失');
    const original = [...orders.values()].find((o) => o.queryId === f.origQryId && o.txnType === '01');
    if (!original || original.state !== 'succeeded') throw new Refusal('35', '原交易不存在或状态不正确');
    const fen = Number(f.txnAmt);
    if (!(fen > 0) || original.refundedFen + fen > Number(original.txnAmt)) throw new Refusal('36', '与原交易信息不符');
    original.refundedFen += fen;
    const order: FakeOrder = {
      orderId: f.orderId as string,
      txnTime: f.txnTime as string,
      txnType: '04',
      txnAmt: f.txnAmt as string,
      backUrl: f.backUrl as string,
      reqReserved: f.reqReserved,
      queryId: newQueryId(),
      origQryId: original.queryId,
      state: 'processing',
      refundedFen: 0,
    };
    orders.set(order.orderId, order);
    return { queryId: order.queryId, origQryId: original.queryId };
  }

  function query(f: Fields): Fields {
    const o = orders.get(f.orderId ?? '');
    if (!o || o.txnTime !== f.txnTime) throw new Refusal('34', '查无此交易');
    const orig = o.state === 'succeeded' ? { origRespCode: '00', origRespMsg: '成功' } : { origRespCode: '05', origRespMsg: '交易已受理' };
    return { ...orig, queryId: o.queryId, txnAmt: o.txnAmt, origTxnType: o.txnType };
  }

  function answer(res: http.ServerResponse, request: Fields, extra: Fields): void {
    const fields = fakeUnionPaySign(
      {
        version: '5.1.0',
        encoding: 'UTF-8',
        signMethod: '01',
        merId,
        accessType: '0',
        bizType: request.bizType ?? '',
        txnType: request.txnType ?? '',
        txnSubType: request.txnSubType ?? '',
        orderId: request.orderId ?? '',
        txnTime: request.txnTime ?? '',
        respCode: '00',
        respMsg: '成功[0000000]',
        ...extra,
      },
      signer,
    );
    res.writeHead(200, { 'content-type': 'text/plain;charset=UTF-8' });
    res.end(
      Object.entries(fields)
        .map(([k, v]) => `${k}=${v}`)
        .join('&'),
    );
  }

  function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    if (hanging) return;
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const f: Fields = Object.fromEntries(new URLSearchParams(body));
    try {
      authenticate(f);
      if (path.endsWith('/frontTransReq.do')) {
        consume(f);
        res.writeHead(200, { 'content-type': 'text/html;charset=UTF-8' });
        res.end('<html><body>银联在线支付 (fake card page)</body></html>');
        return;
      }
      const failure = nextFailure;
      nextFailure = undefined;
      if (failure && 'httpStatus' in failure) {
        res.writeHead(failure.httpStatus);
        res.end();
        return;
      }
      if (failure) throw new Refusal(failure.respCode, failure.respMsg);
      if (path.endsWith('/backTransReq.do')) return answer(res, f, refund(f));
      if (path.endsWith('/queryTrans.do')) return answer(res, f, query(f));
      res.writeHead(404);
      res.end();
    } catch (error) {
      const r = error instanceof Refusal ? error : new Refusal('06', String(error));
      rejections.push({ path, respCode: r.respCode, respMsg: r.message });
      if (path.endsWith('/frontTransReq.do')) {
        res.writeHead(200, { 'content-type': 'text/html;charset=UTF-8' });
        res.end(`<html><body>应答码 ${r.respCode} ${r.message}</body></html>`);
        return;
      }
      answer(res, f, { respCode: r.respCode, respMsg: r.message });
    }
  }

  async function sendNotification(fields: Fields, opts: NotifyOptions = {}): Promise<NotifyAnswer> {
    const url = opts.url ?? orders.get(fields.orderId ?? '')?.backUrl;
    if (!url) throw new Error('no backUrl known for this notification');
    const backdate = opts.stale === true ? 7 * 86400 : Number(opts.stale ?? 0);
    const base = backdate ? { ...fields, txnTime: beijingStamp(new Date(Date.now() - backdate * 1000)) } : fields;
    let signed = fakeUnionPaySign(base, opts.signWith ?? signer);
    if (opts.tamper) signed = { ...signed, txnAmt: String(Number(signed.txnAmt ?? 0) * 100 + 1) };
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      body: new URLSearchParams(signed).toString(),
    });
    return { status: response.status, body: await response.text(), fields: signed };
  }

  function notifyFields(o: FakeOrder): Fields {
    const fields: Fields = {
      version: '5.1.0',
      encoding: 'UTF-8',
      signMethod: '01',
      accessType: '0',
      bizType: '000201',
      merId,
      orderId: o.orderId,
      txnType: o.txnType,
      txnSubType: o.txnType === '01' ? '01' : '00',
      txnTime: o.txnTime,
      txnAmt: o.txnAmt,
      currencyCode: '156',
      queryId: o.queryId,
      traceNo: String(randomInt(100000, 999999)),
      traceTime: beijingStamp(new Date()).slice(4),
      settleAmt: o.txnAmt,
      settleCurrencyCode: '156',
      settleDate: beijingStamp(new Date()).slice(4, 8),
      respCode: '00',
      respMsg: 'Success!',
    };
    if (o.txnType === '01') Object.assign(fields, { accNo: '6216********0018', payType: '0001', payCardType: '01' });
    if (o.origQryId) fields.origQryId = o.origQryId;
    if (o.reqReserved) fields.reqReserved = o.reqReserved;
    return fields;
  }

  function order(orderId: string, txnType: string): FakeOrder {
    const o = orders.get(orderId);
    if (!o || o.txnType !== txnType) throw new Error(`no ${txnType} order ${orderId} at the fake`);
    return o;
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gateway/api`;

  return {
    frontTransUrl: `${base}/frontTransReq.do`,
    backTransUrl: `${base}/backTransReq.do`,
    singleQueryUrl: `${base}/queryTrans.do`,
    rootCertPem: root.certPem,
    signCertPem: signer.certPem,
    merId,
    orders,
    rejections,
    async completePayment(orderId) {
      const o = order(orderId, '01');
      o.state = 'succeeded';
      return sendNotification(notifyFields(o));
    },
    async completeRefund(orderId) {
      const o = order(orderId, '04');
      o.state = 'succeeded';
      return sendNotification(notifyFields(o));
    },
    sendNotification,
    failNext(failure = { respCode: '06', respMsg: '系统繁忙' }) {
      nextFailure = failure;
    },
    hang(on = true) {
      hanging = on;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

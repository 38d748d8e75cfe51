/**
 * A loopback stand-in for the WeChat Pay API v3 gateway that authenticates like the real one: it parses the
 * WECHATPAY2-SHA256-RSA2048 Authorization header, checks mchid, serial_no, the 5-minute timestamp window and the
 * RSA signature over `METHOD\nURL\ntimestamp\nnonce\nbody\n` with the merchant's public key (401 SIGN_ERROR
 * otherwise), and signs every answer with its own platform key. Callbacks are real: signed and AES-256-GCM
 * encrypted, POSTed to the notify_url. Crypto is written here independently of the code under test (node:crypto
 * directly), so a shared mistake cannot make both sides agree.
 */
import http from 'node:http';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createCipheriv, createSign, createVerify, generateKeyPairSync, randomBytes, randomInt, randomUUID, X509Certificate } from 'node:crypto';

export interface FakeWechatPayOptions {
  mchId: string;
  merchantSerialNo: string;
  merchantPublicKeyPem: string;
  apiV3Key: string;
  platformMode: 'certificate' | 'publicKey';
}
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The answer's HTTP status and error code; status stays undefined while the request hangs. */
  status?: number;
  code?: string;
}
export interface FakeTrade {
  appid: string;
  outTradeNo: string;
  scene: 'jsapi' | 'native' | 'h5';
  total: number;
  notifyUrl: string;
  prepayId: string;
  /** The create request as received. */
  body: Record<string, any>;
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';
  transactionId?: string;
  successTime?: string;
}
export interface FakeRefund {
  outRefundNo: string;
  outTradeNo: string;
  refundId: string;
  refund: number;
  total: number;
  notifyUrl?: string;
  status: 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED';
  successTime?: string;
}
/** A 商家转账 bill (/v3/fund-app/mch-transfer/transfer-bills). */
export interface FakeTransfer {
  outBillNo: string;
  transferBillNo: string;
  appid: string;
  openid: string;
  amount: number;
  sceneId: string;
  remark: string;
  state: 'ACCEPTED' | 'PROCESSING' | 'WAIT_USER_CONFIRM' | 'TRANSFERING' | 'SUCCESS' | 'FAIL' | 'CANCELLED';
  failReason?: string;
  body: Record<string, any>;
}
export type SignedNotification = { headers: Record<string, string>; body: string };
/** Ways to build a callback the provider must refuse (or, with a near-edge timestamp, still accept). */
export interface NotificationOptions {
  timestamp?: number;
  serial?: string;
  nonce?: string;
  /** Flip one ciphertext bit before signing: the envelope verifies but the AES-GCM tag does not. */
  tamperCiphertext?: boolean;
  apiV3Key?: string;
}
type Delivery = { notification: SignedNotification; status: number; body: string };
export interface FakeWechatPay {
  baseUrl: string;
  platformSerial: string;
  platformPublicKeyPem: string;
  /** Only in certificate mode. */
  platformCertificatePem?: string;
  /** How the certificate was made: node:crypto cannot create X.509, so the fake shells out to `openssl`. */
  certificateTool?: 'openssl';
  requests: RecordedRequest[];
  trades: Map<string, FakeTrade>;
  refunds: Map<string, FakeRefund>;
  transfers: Map<string, FakeTransfer>;
  deliveries: Array<Delivery & { url: string }>;
  /** The bank's side of a transfer: it ends in SUCCESS or FAIL (with a reason like ACCOUNT_FROZEN). */
  settleTransfer(outBillNo: string, state: 'SUCCESS' | 'FAIL', failReason?: string): void;
  failNext(status: number, code: string, message?: string): void;
  /** The next `count` requests are read but never answered, so the client's timeout fires. */
  hang(count?: number): void;
  /** The next answer carries a signature that does not verify. */
  corruptNextResponse(): void;
  /** Test hooks standing in for the payer and the bank: settle, then POST the signed callback to notify_url. */
  completePayment(outTradeNo: string, options?: { transactionId?: string }): Promise<Delivery>;
  completeRefund(outRefundNo: string, status?: 'SUCCESS' | 'ABNORMAL' | 'CLOSED'): Promise<Delivery>;
  notification(eventType: string, resource: Record<string, unknown>, options?: NotificationOptions): SignedNotification;
  sendNotification(url: string, notification: SignedNotification): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

const SCHEME = 'WECHATPAY2-SHA256-RSA2048';
const MAX_SKEW_SECONDS = 300;
const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');
const nonce = () => randomBytes(16).toString('hex').toUpperCase();
const now = () => Math.floor(Date.now() / 1000);
const beijingTime = (ms = Date.now()) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00';

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function selfSignedCertificate(privateKeyPem: string): Promise<{ pem: string; serial: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'fake-wxpay-'));
  try {
    await writeFile(path.join(dir, 'key.pem'), privateKeyPem, { mode: 0o600 });
    // A 20-byte positive serial with a non-zero first nibble prints as 40 hex digits, like WeChat's.
    const serial = (0x10 + randomInt(0x70)).toString(16) + randomBytes(19).toString('hex');
    await promisify(execFile)('openssl', [
      'req',
      '-new',
      '-x509',
      '-key',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
      '-days',
      '2',
      '-subj',
      '/C=CN/O=Tenpay.com/CN=Tenpay.com fake platform',
      '-set_serial',
      `0x${serial}`,
    ]);
    const pem = await readFile(path.join(dir, 'cert.pem'), 'utf8');
    return { pem, serial: new X509Certificate(pem).serialNumber.toUpperCase() };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function startFakeWechatPay(options: FakeWechatPayOptions): Promise<FakeWechatPay> {
  const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const platformPublicKeyPem = platform.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  let platformSerial = `PUB_KEY_ID_01${digits(10)}${digits(10)}`;
  let platformCertificatePem: string | undefined;
  if (options.platformMode === 'certificate') {
    const cert = await selfSignedCertificate(platform.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    platformCertificatePem = cert.pem;
    platformSerial = cert.serial;
  }
  const sign = (message: string) => createSign('RSA-SHA256').update(message).sign(platform.privateKey, 'base64');
  const requests: RecordedRequest[] = [];
  const trades = new Map<string, FakeTrade>();
  const refunds = new Map<string, FakeRefund>();
  const transfers = new Map<string, FakeTransfer>();
  const deliveries: FakeWechatPay['deliveries'] = [];
  let nextFailure: Refusal | undefined;
  let hanging = 0;
  let corruptNext = false;

  function authenticate(req: RecordedRequest): void {
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith(`${SCHEME} `)) throw new Refusal(401, 'SIGN_ERROR', '错误的签名类型');
    const params = new Map<string, string>();
    for (const part of auth.slice(SCHEME.length + 1).split(',')) {
      const m = /^\s*(\w+)="([^"]*)"\s*$/.exec(part);
      if (!m) throw new Refusal(401, 'SIGN_ERROR', 'Authorization 格式错误');
      params.set(m[1] as string, m[2] as string);
    }
    const [mchid, nonceStr, timestamp, serial, signature] = ['mchid', 'nonce_str', 'timestamp', 'serial_no', 'signature'].map((k) => params.get(k));
    if (!mchid || !nonceStr || !timestamp || !serial || !signature) throw new Refusal(401, 'SIGN_ERROR', 'Authorization 缺少参数');
    if (mchid !== options.mchId) throw new Refusal(401, 'SIGN_ERROR', '商户号不匹配');
    if (serial !== options.merchantSerialNo) throw new Refusal(401, 'SIGN_ERROR', '商户证书序列号不匹配');
    if (!/^\d+$/.test(timestamp) || Math.abs(now() - Number(timestamp)) > MAX_SKEW_SECONDS) throw new Refusal(401, 'SIGN_ERROR', '时间戳过期');
    const message = `${req.method}\n${req.url}\n${timestamp}\n${nonceStr}\n${req.body}\n`;
    if (!createVerify('RSA-SHA256').update(message).verify(options.merchantPublicKeyPem, signature, 'base64')) {
      throw new Refusal(401, 'SIGN_ERROR', '签名错误');
    }
    if (!req.headers['user-agent']) throw new Refusal(400, 'INVALID_REQUEST', '缺少User-Agent');
    if (req.method === 'POST' && !(req.headers['content-type'] ?? '').startsWith('application/json')) {
      throw new Refusal(400, 'INVALID_REQUEST', 'Content-Type 必须为 application/json');
    }
  }

  const tradeView = (t: FakeTrade) => ({
    appid: t.appid,
    mchid: options.mchId,
    out_trade_no: t.outTradeNo,
    transaction_id: t.transactionId,
    trade_type: { jsapi: 'JSAPI', native: 'NATIVE', h5: 'MWEB' }[t.scene],
    trade_state: t.state,
    trade_state_desc: { NOTPAY: '订单未支付', SUCCESS: '支付成功', CLOSED: '订单已关闭', REFUND: '转入退款' }[t.state],
    bank_type: t.transactionId ? 'OTHERS' : undefined,
    attach: '',
    success_time: t.successTime,
    payer: t.body.payer,
    amount: { total: t.total, payer_total: t.transactionId ? t.total : undefined, currency: 'CNY', payer_currency: 'CNY' },
  });
  const refundView = (r: FakeRefund) => ({
    refund_id: r.refundId,
    out_refund_no: r.outRefundNo,
    transaction_id: trades.get(r.outTradeNo)?.transactionId,
    out_trade_no: r.outTradeNo,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    success_time: r.successTime,
    create_time: beijingTime(),
    status: r.status,
    amount: { total: r.total, refund: r.refund, payer_total: r.total, payer_refund: r.refund, currency: 'CNY' },
  });

  const transferView = (t: FakeTransfer) => ({
    mch_id: options.mchId,
    out_bill_no: t.outBillNo,
    transfer_bill_no: t.transferBillNo,
    appid: t.appid,
    state: t.state,
    transfer_amount: t.amount,
    transfer_remark: t.remark,
    fail_reason: t.failReason,
    openid: t.openid,
    create_time: beijingTime(),
    update_time: beijingTime(),
  });

  function route(method: string, url: URL, body: Record<string, any>): { status: number; json?: unknown } {
    const p = url.pathname;
    const create = /^\/v3\/pay\/transactions\/(jsapi|native|h5)$/.exec(p);
    if (method === 'POST' && create) {
      const scene = create[1] as FakeTrade['scene'];
      const total = body.amount?.total;
      if (body.mchid !== options.mchId || !body.appid || !body.description || !body.notify_url || !Number.isInteger(total) || total <= 0) {
        throw new Refusal(400, 'PARAM_ERROR', '参数错误');
      }
      if (!/^[A-Za-z0-9_\-|*]{6,32}$/.test(String(body.out_trade_no))) throw new Refusal(400, 'PARAM_ERROR', 'out_trade_no 格式错误');
      if (scene === 'jsapi' && !body.payer?.openid) throw new Refusal(400, 'PARAM_ERROR', '缺少 payer.openid');
      if (scene === 'h5' && !body.scene_info?.payer_client_ip) throw new Refusal(400, 'PARAM_ERROR', '缺少 scene_info.payer_client_ip');
      let trade = trades.get(body.out_trade_no);
      if (trade && trade.state === 'SUCCESS') throw new Refusal(400, 'ORDERPAID', '该订单已支付');
      if (trade && (trade.total !== total || trade.scene !== scene)) throw new Refusal(403, 'OUT_TRADE_NO_USED', '商户订单号重复');
      if (!trade) {
        trade = {
          appid: body.appid,
          outTradeNo: body.out_trade_no,
          scene,
          total,
          notifyUrl: body.notify_url,
          body,
          state: 'NOTPAY',
          prepayId: `wx${Date.now()}${digits(10)}`,
        };
        trades.set(trade.outTradeNo, trade);
      }
      if (scene === 'jsapi') return { status: 200, json: { prepay_id: trade.prepayId } };
      if (scene === 'native') return { status: 200, json: { code_url: `weixin://wxpay/bizpayurl?pr=${trade.prepayId.slice(-10)}` } };
      return { status: 200, json: { h5_url: `https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=${trade.prepayId}&package=${digits(10)}` } };
    }
    const byNo = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)(\/close)?$/.exec(p);
    if (byNo) {
      const trade = trades.get(decodeURIComponent(byNo[1] as string));
      if (method === 'GET' && !byNo[2]) {
        if (url.searchParams.get('mchid') !== options.mchId) throw new Refusal(400, 'PARAM_ERROR', 'mchid 不匹配');
        if (!trade) throw new Refusal(404, 'ORDER_NOT_EXIST', '订单不存在');
        return { status: 200, json: tradeView(trade) };
      }
      if (method === 'POST' && byNo[2]) {
        if (body.mchid !== options.mchId) throw new Refusal(400, 'PARAM_ERROR', 'mchid 不匹配');
        if (!trade) throw new Refusal(404, 'ORDER_NOT_EXIST', '订单不存在');
        if (trade.state === 'SUCCESS' || trade.state === 'REFUND') throw new Refusal(400, 'ORDERPAID', '订单已支付');
        if (trade.state === 'CLOSED') throw new Refusal(400, 'ORDER_CLOSED', '订单已关闭');
        trade.state = 'CLOSED';
        return { status: 204 };
      }
    }
    if (method === 'POST' && p === '/v3/refund/domestic/refunds') {
      const existing = refunds.get(String(body.out_refund_no));
      if (existing) return { status: 200, json: refundView(existing) };
      const trade = trades.get(String(body.out_trade_no));
      if (!trade) throw new Refusal(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
      if (trade.state !== 'SUCCESS' && trade.state !== 'REFUND') throw new Refusal(400, 'INVALID_REQUEST', '订单未支付');
      const { refund, total, currency } = body.amount ?? {};
      if (!body.out_refund_no || currency !== 'CNY' || total !== trade.total || !Number.isInteger(refund) || refund <= 0)
        throw new Refusal(400, 'PARAM_ERROR', '参数错误');
      const refunded = [...refunds.values()].filter((r) => r.outTradeNo === trade.outTradeNo && r.status !== 'CLOSED').reduce((s, r) => s + r.refund, 0);
      if (refunded + refund > trade.total) throw new Refusal(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
      const created: FakeRefund = {
        outRefundNo: body.out_refund_no,
        outTradeNo: trade.outTradeNo,
        refundId: `50${digits(30)}`,
        refund,
        total,
        notifyUrl: body.notify_url,
        status: 'PROCESSING',
      };
      refunds.set(created.outRefundNo, created);
      trade.state = 'REFUND';
      return { status: 200, json: refundView(created) };
    }
    const refundNo = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(p);
    if (method === 'GET' && refundNo) {
      const found = refunds.get(decodeURIComponent(refundNo[1] as string));
      if (!found) throw new Refusal(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
      return { status: 200, json: refundView(found) };
    }
    if (method === 'POST' && p === '/v3/fund-app/mch-transfer/transfer-bills') {
      const amount = body.transfer_amount;
      if (!body.appid || !body.openid || !body.transfer_scene_id || !body.transfer_remark || !Number.isInteger(amount) || amount < 10)
        throw new Refusal(400, 'PARAM_ERROR', '参数错误');
      if (!/^[A-Za-z0-9]{5,32}$/.test(String(body.out_bill_no))) throw new Refusal(400, 'PARAM_ERROR', 'out_bill_no 格式错误');
      if (Array.from(String(body.transfer_remark)).length > 32) throw new Refusal(400, 'PARAM_ERROR', 'transfer_remark 超长');
      // Scene 1005 (佣金报酬) must report 岗位类型 and 报酬说明.
      const reported = new Set((body.transfer_scene_report_infos ?? []).map((i: any) => i.info_type));
      if (body.transfer_scene_id === '1005' && !(reported.has('岗位类型') && reported.has('报酬说明')))
        throw new Refusal(400, 'PARAM_ERROR', '转账场景报备信息不完整');
      const existing = transfers.get(body.out_bill_no);
      if (existing) {
        // Same number, same content: the first bill answers again (no second transfer); different content is refused.
        if (existing.amount !== amount || existing.openid !== body.openid) throw new Refusal(400, 'INVALID_REQUEST', '商户单号重复但参数不一致');
        return { status: 200, json: transferView(existing) };
      }
      const bill: FakeTransfer = {
        outBillNo: body.out_bill_no,
        transferBillNo: `1330${digits(26)}`,
        appid: body.appid,
        openid: body.openid,
        amount,
        sceneId: body.transfer_scene_id,
        remark: body.transfer_remark,
        state: 'ACCEPTED',
        body,
      };
      transfers.set(bill.outBillNo, bill);
      return { status: 200, json: transferView(bill) };
    }
    const bill = /^\/v3\/fund-app\/mch-transfer\/transfer-bills\/out-bill-no\/([^/]+)$/.exec(p);
    if (method === 'GET' && bill) {
      const found = transfers.get(decodeURIComponent(bill[1] as string));
      if (!found) throw new Refusal(404, 'NOT_FOUND', '记录不存在');
      return { status: 200, json: transferView(found) };
    }
    throw new Refusal(404, 'NOT_FOUND', '请求的资源不存在');
  }

  function reply(res: http.ServerResponse, record: RecordedRequest, status: number, json?: unknown, code?: string): void {
    const body = json === undefined ? '' : JSON.stringify(json);
    const [ts, n] = [String(now()), nonce()];
    let signature = sign(`${ts}\n${n}\n${body}\n`);
    if (corruptNext) [signature, corruptNext] = [sign(`${ts}\n${n}\n${body}x\n`), false];
    record.status = status;
    record.code = code;
    res.writeHead(status, {
      ...(body ? { 'content-type': 'application/json; charset=utf-8' } : {}),
      'request-id': randomUUID(),
      'wechatpay-nonce': n,
      'wechatpay-timestamp': ts,
      'wechatpay-serial': platformSerial,
      'wechatpay-signature': signature,
    });
    res.end(body);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
      const record: RecordedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(record);
      if (hanging > 0) return void (hanging -= 1);
      try {
        authenticate(record);
        if (nextFailure) throw nextFailure;
        const parsed = record.body ? JSON.parse(record.body) : {};
        const answer = route(record.method, new URL(record.url, 'http://fake'), parsed);
        reply(res, record, answer.status, answer.json);
      } catch (error) {
        const refusal = error instanceof Refusal ? error : new Refusal(500, 'SYSTEM_ERROR', String(error));
        if (refusal === nextFailure) nextFailure = undefined;
        reply(res, record, refusal.status, { code: refusal.code, message: refusal.message }, refusal.code);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  function notification(eventType: string, resource: Record<string, unknown>, opts: NotificationOptions = {}): SignedNotification {
    const originalType = eventType.startsWith('REFUND.') ? 'refund' : 'transaction';
    const iv = opts.nonce ?? randomBytes(6).toString('hex');
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(opts.apiV3Key ?? options.apiV3Key), Buffer.from(iv)).setAAD(Buffer.from(originalType));
    const sealed = Buffer.concat([cipher.update(JSON.stringify(resource)), cipher.final(), cipher.getAuthTag()]);
    if (opts.tamperCiphertext) sealed[0] = (sealed[0] as number) ^ 0x01;
    const body = JSON.stringify({
      id: randomUUID(),
      create_time: beijingTime(),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary: originalType === 'refund' ? '退款成功' : '支付成功',
      resource: { original_type: originalType, algorithm: 'AEAD_AES_256_GCM', ciphertext: sealed.toString('base64'), associated_data: originalType, nonce: iv },
    });
    const [ts, n] = [String(opts.timestamp ?? now()), nonce()];
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'wechatpay-timestamp': ts,
        'wechatpay-nonce': n,
        'wechatpay-serial': opts.serial ?? platformSerial,
        'wechatpay-signature': sign(`${ts}\n${n}\n${body}\n`),
        'wechatpay-signature-type': SCHEME,
        'request-id': randomUUID(),
      },
    };
  }
  async function sendNotification(url: string, n: SignedNotification) {
    const response = await fetch(url, { method: 'POST', headers: n.headers, body: n.body });
    const result = { status: response.status, body: await response.text() };
    deliveries.push({ url, notification: n, ...result });
    return result;
  }

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    platformSerial,
    platformPublicKeyPem,
    platformCertificatePem,
    certificateTool: platformCertificatePem ? 'openssl' : undefined,
    requests,
    trades,
    refunds,
    transfers,
    deliveries,
    notification,
    sendNotification,
    settleTransfer(outBillNo, state, failReason) {
      const found = transfers.get(outBillNo);
      if (!found) throw new Error(`fake: transfer ${outBillNo} unknown`);
      Object.assign(found, { state, failReason: state === 'FAIL' ? (failReason ?? 'ACCOUNT_FROZEN') : undefined });
    },
    failNext: (status, code, message = '测试注入的错误') => void (nextFailure = new Refusal(status, code, message)),
    hang: (count = 1) => void (hanging += count),
    corruptNextResponse: () => void (corruptNext = true),
    async completePayment(outTradeNo, opts = {}) {
      const trade = trades.get(outTradeNo);
      if (!trade || trade.state !== 'NOTPAY') throw new Error(`fake: ${outTradeNo} cannot be paid (${trade?.state ?? 'unknown'})`);
      Object.assign(trade, { state: 'SUCCESS', transactionId: opts.transactionId ?? `4200${digits(24)}`, successTime: beijingTime() });
      const n = notification('TRANSACTION.SUCCESS', { ...tradeView(trade), trade_state: 'SUCCESS' });
      return { notification: n, ...(await sendNotification(trade.notifyUrl, n)) };
    },
    async completeRefund(outRefundNo, status = 'SUCCESS') {
      const refund = refunds.get(outRefundNo);
      if (!refund?.notifyUrl) throw new Error(`fake: refund ${outRefundNo} unknown or without notify_url`);
      Object.assign(refund, { status, successTime: status === 'SUCCESS' ? beijingTime() : undefined });
      const trade = trades.get(refund.outTradeNo) as FakeTrade;
      const n = notification(`REFUND.${status}`, {
        mchid: options.mchId,
        out_trade_no: refund.outTradeNo,
        transaction_id: trade.transactionId,
        out_refund_no: outRefundNo,
        refund_id: refund.refundId,
        refund_status: status,
        success_time: refund.successTime,
        user_received_account: '支付用户零钱',
        amount: { total: refund.total, refund: refund.refund, payer_total: refund.total, payer_refund: refund.refund },
      });
      return { notification: n, ...(await sendNotification(refund.notifyUrl, n)) };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Hung requests and keep-alive sockets would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

/**
 * A loopback stand-in for Alipay's OpenAPI v2 gateway (gateway.do) that authenticates like the real one: it rebuilds
 * the RSA2 signing string from what actually arrived (all parameters but `sign`, empty values skipped, sorted by key,
 * `k=v` joined with '&') and verifies it with the app's public key. Answers are `{"<method>_response":{…},"sign":…}`
 * signed with a key pair generated here, over the exact JSON text of the response object - what the SDK checks.
 * Asynchronous notifications are form POSTs signed over all fields but `sign` and `sign_type`, as Alipay sends them.
 * This is written from the public protocol description and deliberately shares no code with the SDK or our adapter.
 */
import http from 'node:http';
import { createSign, createVerify, generateKeyPairSync, randomInt } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface FakeAlipayOptions {
  appId: string;
  appPublicKeyPem: string;
}

export interface FakeTrade {
  outTradeNo: string;
  tradeNo: string;
  totalAmount: string;
  subject: string;
  method: string;
  status: 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED';
  notifyUrl?: string;
  refunds: Map<string, string>;
  refundedFen: number;
}

export interface NotifyAnswer {
  status: number;
  body: string;
  params: Record<string, string>;
}

export type FakeAlipayFailure = { code: string; msg: string; sub_code: string; sub_msg: string } | { httpStatus: number };

export interface FakeAlipay {
  gateway: string;
  alipayPublicKeyPem: string;
  trades: Map<string, FakeTrade>;
  rejections: Array<{ method: string; subCode: string; detail: string }>;
  completePayment(outTradeNo: string): Promise<NotifyAnswer>;
  notifyRefund(outTradeNo: string, outRequestNo: string): Promise<NotifyAnswer>;
  sendNotification(params: Record<string, string>, options?: { tamper?: boolean; unsigned?: boolean; url?: string }): Promise<NotifyAnswer>;
  /** Signs with the real Alipay key the fields it is given, exactly as a notification is signed. */
  signNotification(params: Record<string, string>): Record<string, string>;
  failNext(failure?: FakeAlipayFailure): void;
  /** Answer the next response with a signature that is not Alipay's. */
  forgeNextResponse(): void;
  hang(on?: boolean): void;
  close(): Promise<void>;
}

const CASHIER_METHODS = new Set(['alipay.trade.page.pay', 'alipay.trade.wap.pay', 'alipay.trade.app.pay']);
const MAX_SKEW_MS = 30 * 60 * 1000;

class Refusal extends Error {
  constructor(
    readonly code: string,
    readonly subCode: string,
    readonly subMsg: string,
  ) {
    super(subMsg);
  }
}

const beijing = (d: Date) => new Date(d.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 19).replace('T', ' ');
const toFen = (yuan: string) => {
  const [i, f = ''] = yuan.split('.');
  return Number(i) * 100 + Number(f.padEnd(2, '0'));
};
const toYuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

function signingString(params: Record<string, string>, exclude: string[]): string {
  return Object.keys(params)
    .filter((k) => !exclude.includes(k) && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

export async function startFakeAlipay(options: FakeAlipayOptions): Promise<FakeAlipay> {
  const alipayKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const impostorKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const alipayPublicKeyPem = alipayKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const trades = new Map<string, FakeTrade>();
  const rejections: FakeAlipay['rejections'] = [];
  let nextFailure: FakeAlipayFailure | undefined;
  let forgeNext = false;
  let hanging = false;

  const rsa2 = (content: string, key = alipayKeys.privateKey) => createSign('RSA-SHA256').update(content, 'utf8').sign(key, 'base64');

  function authenticate(params: Record<string, string>): void {
    if (params.app_id !== options.appId) throw new Refusal('40002', 'isv.invalid-app-id', '无效的AppID参数');
    if (params.sign_type !== 'RSA2') throw new Refusal('40002', 'isv.invalid-signature-type', '无效的签名类型');
    if (!params.sign) throw new Refusal('40001', 'isv.missing-signature', '缺少签名参数');
    const content = signingString(params, ['sign']);
    const ok = createVerify('RSA-SHA256').update(content, 'utf8').verify(options.appPublicKeyPem, params.sign, 'base64');
    if (!ok) throw new Refusal('40002', 'isv.invalid-signature', `验签出错，网关生成的验签字符串为：${content}`);
    // Fake-specific strictness: timestamp is documented as Beijing time; an 8 h (UTC) mistake must not slip by.
    const at = Date.parse(`${(params.timestamp ?? '').replace(' ', 'T')}+08:00`);
    if (!Number.isFinite(at) || Math.abs(Date.now() - at) > MAX_SKEW_MS) throw new Refusal('40002', 'isv.invalid-timestamp', '非法的时间戳参数');
  }

  function biz(params: Record<string, string>): Record<string, string> {
    try {
      return JSON.parse(params.biz_content ?? '{}') as Record<string, string>;
    } catch {
      throw new Refusal('40002', 'isv.invalid-parameter', 'biz_content 不是合法的 JSON');
    }
  }

  function tradeOf(outTradeNo: string | undefined): FakeTrade {
    const trade = outTradeNo ? trades.get(outTradeNo) : undefined;
    if (!trade) throw new Refusal('40004', 'ACQ.TRADE_NOT_EXIST', '交易不存在');
    return trade;
  }

  function openCashier(method: string, params: Record<string, string>): void {
    const b = biz(params);
    if (!b.out_trade_no || !/^\d+\.\d{2}$/.test(b.total_amount ?? '')) throw new Refusal('40002', 'isv.invalid-parameter', '参数无效');
    const existing = trades.get(b.out_trade_no);
    if (existing && existing.totalAmount !== b.total_amount) throw new Refusal('40004', 'ACQ.CONTEXT_INCONSISTENT', '交易信息被篡改');
    if (existing) return;
    trades.set(b.out_trade_no, {
      outTradeNo: b.out_trade_no,
      tradeNo: `2026${Date.now()}${randomInt(1000, 9999)}`,
      totalAmount: b.total_amount as string,
      subject: b.subject ?? '',
      method,
      status: 'WAIT_BUYER_PAY',
      notifyUrl: params.notify_url,
      refunds: new Map(),
      refundedFen: 0,
    });
  }

  function api(method: string, b: Record<string, string>): Record<string, unknown> {
    const ok = { code: '10000', msg: 'Success' };
    if (method === 'alipay.trade.query') {
      const t = tradeOf(b.out_trade_no);
      return { ...ok, out_trade_no: t.outTradeNo, trade_no: t.tradeNo, trade_status: t.status, total_amount: t.totalAmount };
    }
    if (method === 'alipay.trade.close') {
      const t = tradeOf(b.out_trade_no);
      if (t.status !== 'WAIT_BUYER_PAY') throw new Refusal('40004', 'ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
      t.status = 'TRADE_CLOSED';
      return { ...ok, out_trade_no: t.outTradeNo, trade_no: t.tradeNo };
    }
    if (method === 'alipay.trade.refund') {
      const t = tradeOf(b.out_trade_no);
      const common = { ...ok, out_trade_no: t.outTradeNo, trade_no: t.tradeNo, buyer_logon_id: 'buy***@example.com' };
      if (!b.out_request_no) throw new Refusal('40002', 'isv.missing-parameter', '缺少 out_request_no');
      if (t.refunds.has(b.out_request_no)) return { ...common, fund_change: 'N', refund_fee: toYuan(t.refundedFen) };
      if (t.status !== 'TRADE_SUCCESS') throw new Refusal('40004', 'ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
      const fen = toFen(b.refund_amount ?? '0');
      if (fen <= 0 || t.refundedFen + fen > toFen(t.totalAmount)) throw new Refusal('40004', 'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额超限');
      t.refunds.set(b.out_request_no, b.refund_amount as string);
      t.refundedFen += fen;
      return { ...common, fund_change: 'Y', refund_fee: toYuan(t.refundedFen), gmt_refund_pay: beijing(new Date()) };
    }
    if (method === 'alipay.trade.fastpay.refund.query') {
      const t = tradeOf(b.out_trade_no);
      const amount = b.out_request_no ? t.refunds.get(b.out_request_no) : undefined;
      if (!amount) return ok; // Alipay answers an unknown refund with success and no data
      return {
        ...ok,
        out_trade_no: t.outTradeNo,
        trade_no: t.tradeNo,
        out_request_no: b.out_request_no,
        refund_amount: amount,
        total_amount: t.totalAmount,
        refund_status: 'REFUND_SUCCESS',
      };
    }
    throw new Refusal('40004', 'isv.invalid-method', `不存在的方法名 ${method}`);
  }

  function reply(res: http.ServerResponse, method: string, payload: Record<string, unknown>): void {
    const json = JSON.stringify(payload);
    const sign = forgeNext ? rsa2(json, impostorKeys.privateKey) : rsa2(json);
    forgeNext = false;
    res.writeHead(200, { 'content-type': 'application/json;charset=utf-8' });
    res.end(`{"${method.replace(/\./g, '_')}_response":${json},"sign":"${sign}"}`);
  }

  function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    if (hanging) return; // never answered: the client's timeout has to fire
    const url = new URL(req.url ?? '/', 'http://fake');
    const params: Record<string, string> = {};
    const sources = [url.searchParams, ...(req.method === 'POST' ? [new URLSearchParams(body)] : [])];
    for (const source of sources) for (const [k, v] of source) params[k] = v;
    const method = params.method ?? 'unknown';
    try {
      authenticate(params);
      if (CASHIER_METHODS.has(method)) {
        openCashier(method, params);
        res.writeHead(200, { 'content-type': 'text/html;charset=utf-8' });
        res.end('<html><body>支付宝收银台 (fake cashier)</body></html>');
        return;
      }
      const failure = nextFailure;
      nextFailure = undefined;
      if (failure && 'httpStatus' in failure) {
        res.writeHead(failure.httpStatus, { 'content-type': 'text/plain' });
        res.end('upstream failure');
        return;
      }
      reply(res, method, failure ?? api(method, biz(params)));
    } catch (error) {
      const r = error instanceof Refusal ? error : new Refusal('20000', 'isp.unknow-error', String(error));
      rejections.push({ method, subCode: r.subCode, detail: r.subMsg });
      if (CASHIER_METHODS.has(method)) {
        res.writeHead(200, { 'content-type': 'text/html;charset=utf-8' });
        res.end(`<html><body>错误代码 ${r.subCode}</body></html>`);
        return;
      }
      const msg = r.code === '40004' ? 'Business Failed' : r.code === '20000' ? 'Service Currently Unavailable' : 'Invalid Arguments';
      reply(res, method, { code: r.code, msg, sub_code: r.subCode, sub_msg: r.subMsg });
    }
  }

  async function post(url: string, params: Record<string, string>): Promise<NotifyAnswer> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: new URLSearchParams(params).toString(),
    });
    return { status: response.status, body: await response.text(), params };
  }

  function signNotification(params: Record<string, string>): Record<string, string> {
    const unsigned: Record<string, string> = { ...params, sign_type: params.sign_type ?? 'RSA2' };
    delete unsigned.sign;
    return { ...unsigned, sign: rsa2(signingString(unsigned, ['sign', 'sign_type'])) };
  }

  function notifyFields(t: FakeTrade): Record<string, string> {
    const now = beijing(new Date());
    return {
      gmt_create: now,
      charset: 'utf-8',
      seller_email: 'merchant@example.com',
      subject: t.subject,
      buyer_id: '2088102534368455',
      invoice_amount: t.totalAmount,
      notify_id: `2026${randomInt(1e9, 9e9)}`,
      notify_type: 'trade_status_sync',
      fund_bill_list: JSON.stringify([{ amount: t.totalAmount, fundChannel: 'ALIPAYACCOUNT' }]),
      trade_status: t.status,
      receipt_amount: t.totalAmount,
      buyer_pay_amount: t.totalAmount,
      app_id: options.appId,
      auth_app_id: options.appId,
      seller_id: '2088531891668739',
      gmt_payment: now,
      notify_time: now,
      version: '1.0',
      out_trade_no: t.outTradeNo,
      total_amount: t.totalAmount,
      trade_no: t.tradeNo,
      buyer_logon_id: 'buy***@example.com',
      point_amount: '0.00',
    };
  }

  async function sendNotification(params: Record<string, string>, opts: { tamper?: boolean; unsigned?: boolean; url?: string } = {}) {
    const url = opts.url ?? trades.get(params.out_trade_no ?? '')?.notifyUrl;
    if (!url) throw new Error('no notify_url known for this notification');
    let fields = opts.unsigned ? { ...params } : signNotification(params);
    if (opts.tamper) fields = { ...fields, total_amount: '99999.00' };
    return post(url, fields);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    gateway: `http://127.0.0.1:${port}/gateway.do`,
    alipayPublicKeyPem,
    trades,
    rejections,
    async completePayment(outTradeNo) {
      const t = tradeOf(outTradeNo);
      t.status = 'TRADE_SUCCESS';
      return sendNotification(notifyFields(t));
    },
    async notifyRefund(outTradeNo, outRequestNo) {
      const t = tradeOf(outTradeNo);
      if (!t.refunds.has(outRequestNo)) throw new Error(`no refund ${outRequestNo}`);
      const fields: Record<string, string> = {
        ...notifyFields(t),
        refund_fee: toYuan(t.refundedFen),
        out_biz_no: outRequestNo,
        gmt_refund: beijing(new Date()),
      };
      if (t.refundedFen === toFen(t.totalAmount)) fields.trade_status = 'TRADE_CLOSED';
      return sendNotification(fields);
    },
    sendNotification,
    signNotification,
    failNext(failure = { code: '20000', msg: 'Service Currently Unavailable', sub_code: 'isp.unknow-error', sub_msg: '系统繁忙' }) {
      nextFailure = failure;
    },
    forgeNextResponse() {
      forgeNext = true;
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

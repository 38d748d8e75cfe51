/**
 * UnionPay online gateway (ACP 5.1.0, 银联全渠道 网关支付) for bank-card payments. The customer's card details are
 * typed on UnionPay's own pages: we only build a signed form that the browser auto-submits to frontTransUrl, and
 * talk to backTransUrl / singleQueryUrl server-to-server. No card data ever passes through the platform.
 *
 * Quirks handled here:
 *  - Query and refund-query identify a transaction by orderId *and* txnTime (the request's own send time). The
 *    PaymentProvider interface only passes the trade number, so the txnTime we stamped is remembered in-process and
 *    `resolveTxnTime` lets the plugin look it up from its payment records after a restart (create() also returns it).
 *  - There is no close call for gateway payments: create() sets payTimeout from expiresAt, after which UnionPay
 *    refuses to take the payment, so close() resolves as a no-op.
 *  - A refund notification does not repeat the original orderId, so we send the trade number in reqReserved,
 *    which UnionPay echoes back unchanged.
 */
import axios, { type AxiosError } from 'axios';
import {
  UNIONPAY_SIGN_METHOD_RSA,
  UNIONPAY_VERSION,
  parseUnionPayResponse,
  signUnionPayFields,
  verifyUnionPayMessage,
  type UnionPayFields,
  type UnionPayTrust,
} from './unionpay-sign';
import {
  PaymentGatewayError,
  PaymentSignatureError,
  type CreatePaymentInput,
  type CreatePaymentResult,
  type NotificationRequest,
  type PaymentProvider,
  type ProviderAck,
  type RefundInput,
  type RefundResult,
  type RemoteStatus,
  type VerifiedNotification,
} from './types';
import { beijingWallClock } from '../../domain/beijing-time';

export interface UnionPayProviderConfig {
  merId: string;
  /** Decimal serial number of the merchant signing certificate (see unionPayCertId). */
  signCertId: string;
  /** The private key extracted from the merchant .pfx (`openssl pkcs12 -nocerts -nodes`). */
  signPrivateKeyPem: string;
  /** UnionPay's middle/root certificates and/or pinned signing certificates (see domain/unionpay-sign). */
  trustedSignPubKeyPems: string[];
  /** CN owner required of certificates accepted through an issuer; null for test environments. */
  trustedSignerName?: string | null;
  frontTransUrl: string;
  backTransUrl: string;
  singleQueryUrl: string;
  /** Where the browser returns after paying, unless the payment names its own returnUrl. */
  frontUrl: string;
  /**
   * Oldest txnTime a notification may carry. txnTime is the *request's* time, so a payment notification is as old as
   * the payment window plus UnionPay's retries; the default (25 h) covers that and still bounds replays.
   */
  notifyMaxSkewSeconds?: number;
  /** '07' internet (desktop) or '08' mobile; defaults to '07'. */
  channelType?: '07' | '08';
  timeoutMs?: number;
  resolveTxnTime?: (orderId: string) => Promise<string | undefined>;
  now?: () => Date;
}

const DEFAULT_NOTIFY_MAX_SKEW_SECONDS = 25 * 3600;
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;
const ORDER_ID = /^[0-9A-Za-z]{8,32}$/;
const SUCCESS_CODES = new Set(['00', 'A6']);
/** 03 timeout, 04 state unknown, 05 accepted: the outcome is still coming. */
const IN_FLIGHT_CODES = new Set(['03', '04', '05']);
/** Format, signature, missing-field, merchant-state and permission errors: our configuration, not a retry, fixes them. */
const CONFIG_CODES = new Set(['10', '11', '12', '13', '31', '32']);
const REMEMBERED_TXN_TIMES = 10_000;

function beijingStamp(date: Date): string {
  return beijingWallClock(date).replace(/\D/g, '');
}

function parseBeijingStamp(stamp: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(stamp);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h - 8, mi, s));
  return beijingStamp(date) === stamp ? date : undefined;
}

function assertAmount(fen: number): void {
  if (!Number.isSafeInteger(fen) || fen <= 0) throw new RangeError(`amount must be a positive integer number of fen, got ${fen}`);
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function unionPayAutoSubmitForm(action: string, fields: UnionPayFields): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"></head><body><form id="unionpay" action="${escapeHtml(action)}" method="post">${inputs}</form><script>document.getElementById('unionpay').submit();</script></body></html>`;
}

export function createUnionPayProvider(config: UnionPayProviderConfig): PaymentProvider {
  const now = config.now ?? (() => new Date());
  const maxSkewMs = (config.notifyMaxSkewSeconds ?? DEFAULT_NOTIFY_MAX_SKEW_SECONDS) * 1000;
  const trust: UnionPayTrust = { anchors: config.trustedSignPubKeyPems, signerName: config.trustedSignerName };
  const txnTimes = new Map<string, string>();
  const http = axios.create({ timeout: config.timeoutMs ?? 10_000, responseType: 'text', transformResponse: (d: unknown) => d });

  function remember(orderId: string, txnTime: string): void {
    txnTimes.set(orderId, txnTime);
    if (txnTimes.size > REMEMBERED_TXN_TIMES) txnTimes.delete(txnTimes.keys().next().value as string);
  }

  async function txnTimeOf(orderId: string): Promise<string> {
    const known = txnTimes.get(orderId) ?? (await config.resolveTxnTime?.(orderId));
    if (!known) throw new PaymentGatewayError(`UnionPay: txnTime of ${orderId} is unknown (configure resolveTxnTime)`, false);
    return known;
  }

  function signed(fields: UnionPayFields): UnionPayFields {
    const base = { version: UNIONPAY_VERSION, encoding: 'UTF-8', signMethod: UNIONPAY_SIGN_METHOD_RSA, accessType: '0', merId: config.merId, ...fields };
    return signUnionPayFields(base, { certId: config.signCertId, privateKeyPem: config.signPrivateKeyPem });
  }

  /** POSTs a signed request and returns the verified answer; transport and trust failures become PaymentGatewayError. */
  async function call(url: string, fields: UnionPayFields): Promise<UnionPayFields> {
    let text: string;
    try {
      const res = await http.post<string>(url, new URLSearchParams(signed(fields)).toString(), {
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      });
      text = res.data;
    } catch (error) {
      const e = error as AxiosError;
      const what = e.response ? `HTTP ${e.response.status}` : (e.code ?? e.message);
      throw new PaymentGatewayError(`UnionPay ${fields.txnType} request failed: ${what}`);
    }
    const answer = parseUnionPayResponse(text.trim());
    if (!answer.respCode) throw new PaymentGatewayError('UnionPay answered without respCode');
    const refusal = `${answer.respCode} ${answer.respMsg ?? ''}`.trim();
    const check = verifyUnionPayMessage(answer, trust, now());
    if (!check.ok) {
      // A bad signature or an unsigned "success" is never believed. An unsigned refusal (the gateway may not sign
      // when it rejects our format or signature) is reported, but not acted on as a business answer.
      if (answer.signature || answer.respCode === '00') throw new PaymentGatewayError(`UnionPay response rejected: ${check.reason}`, false);
      throw new PaymentGatewayError(`UnionPay refused the request (unsigned answer): ${refusal}`, !CONFIG_CODES.has(answer.respCode));
    }
    if (CONFIG_CODES.has(answer.respCode)) throw new PaymentGatewayError(`UnionPay refused the request: ${refusal}`, false);
    if (answer.respCode === '06') throw new PaymentGatewayError('UnionPay is busy (06)');
    return answer;
  }

  async function queryOrder(orderId: string): Promise<{ state: RemoteStatus['status']; answer: UnionPayFields }> {
    const answer = await call(config.singleQueryUrl, {
      txnType: '00',
      txnSubType: '00',
      bizType: '000000',
      orderId,
      txnTime: await txnTimeOf(orderId),
    });
    if (answer.respCode === '34') return { state: 'pending', answer }; // no such transaction (yet)
    if (answer.respCode !== '00') {
      const retry = IN_FLIGHT_CODES.has(answer.respCode);
      throw new PaymentGatewayError(`UnionPay query failed: ${answer.respCode} ${answer.respMsg ?? ''}`.trim(), retry);
    }
    const orig = answer.origRespCode ?? '';
    if (SUCCESS_CODES.has(orig)) return { state: 'succeeded', answer };
    return { state: IN_FLIGHT_CODES.has(orig) ? 'pending' : 'failed', answer };
  }

  const provider: PaymentProvider = {
    channel: 'unionpay',

    async create(input: CreatePaymentInput): Promise<CreatePaymentResult> {
      if (input.scene !== 'card') throw new RangeError(`UnionPay supports the 'card' scene only, not '${input.scene}'`);
      if (!ORDER_ID.test(input.tradeNo)) throw new RangeError('UnionPay orderId must be 8-32 letters or digits');
      assertAmount(input.amountFen);
      if (!(input.expiresAt.getTime() > now().getTime())) throw new RangeError('expiresAt must lie in the future');
      const txnTime = beijingStamp(now());
      const fields = signed({
        txnType: '01',
        txnSubType: '01',
        bizType: '000201',
        channelType: config.channelType ?? '07',
        orderId: input.tradeNo,
        txnTime,
        txnAmt: String(input.amountFen),
        currencyCode: '156',
        frontUrl: input.returnUrl ?? config.frontUrl,
        backUrl: input.notifyUrl,
        payTimeout: beijingStamp(input.expiresAt),
        reqReserved: input.tradeNo,
        // riskRateInfo uses {k=v} syntax, so braces and '=' / '&' are kept out of the product name.
        riskRateInfo: `{commodityName=${input.description.replace(/[{}=&]/g, ' ').slice(0, 50)}}`,
      });
      remember(input.tradeNo, txnTime);
      return {
        channel: 'unionpay',
        scene: 'card',
        clientPayload: { action: config.frontTransUrl, method: 'POST', fields, txnTime, formHtml: unionPayAutoSubmitForm(config.frontTransUrl, fields) },
      };
    },

    async verifyNotification(request: NotificationRequest): Promise<VerifiedNotification> {
      const params = new URLSearchParams(request.rawBody);
      const fields: UnionPayFields = {};
      for (const [k, v] of params) {
        if (k in fields) throw new PaymentSignatureError(`UnionPay notification repeats field ${k}`);
        fields[k] = v;
      }
      const check = verifyUnionPayMessage(fields, trust, now());
      if (!check.ok) throw new PaymentSignatureError(`UnionPay notification rejected: ${check.reason}`);
      if (fields.merId !== config.merId) throw new PaymentSignatureError('UnionPay notification is for another merchant');
      const sent = parseBeijingStamp(fields.txnTime ?? '');
      const age = sent ? now().getTime() - sent.getTime() : NaN;
      if (!(age <= maxSkewMs && age >= -FUTURE_TOLERANCE_MS)) throw new PaymentSignatureError('UnionPay notification txnTime is stale or invalid');
      if (fields.currencyCode && fields.currencyCode !== '156') throw new PaymentSignatureError('UnionPay notification is not in CNY');
      const amountFen = Number(fields.txnAmt);
      if (!/^\d+$/.test(fields.txnAmt ?? '') || !Number.isSafeInteger(amountFen)) throw new PaymentSignatureError('UnionPay notification txnAmt invalid');
      if (!fields.queryId || !fields.orderId) throw new PaymentSignatureError('UnionPay notification lacks queryId/orderId');
      const status = SUCCESS_CODES.has(fields.respCode ?? '') ? 'succeeded' : 'failed';
      if (fields.txnType === '04') {
        if (!fields.reqReserved) throw new PaymentSignatureError('UnionPay refund notification lacks reqReserved (trade number)');
        return { kind: 'refund', tradeNo: fields.reqReserved, refundNo: fields.orderId, providerTxnId: fields.queryId, amountFen, status, raw: fields };
      }
      if (fields.txnType !== '01') throw new PaymentSignatureError(`UnionPay notification for unexpected txnType ${fields.txnType ?? '(none)'}`);
      return { kind: 'payment', tradeNo: fields.orderId, providerTxnId: fields.queryId, amountFen, status, raw: fields };
    },

    acknowledge(ok: boolean): ProviderAck {
      // UnionPay only looks at the HTTP status: anything but 200 is retried.
      return ok ? { status: 200, contentType: 'text/plain', body: 'ok' } : { status: 500, contentType: 'text/plain', body: 'failure' };
    },

    async query(tradeNo: string): Promise<RemoteStatus> {
      const { state, answer } = await queryOrder(tradeNo);
      const amount = Number(answer.txnAmt);
      return { status: state, providerTxnId: answer.queryId, amountFen: Number.isSafeInteger(amount) && amount > 0 ? amount : undefined };
    },

    async close(): Promise<void> {
      // No close API for gateway consumption; payTimeout (from expiresAt) already stops late payments.
    },

    async refund(input: RefundInput): Promise<RefundResult> {
      if (!ORDER_ID.test(input.refundNo)) throw new RangeError('UnionPay refund orderId must be 8-32 letters or digits');
      assertAmount(input.amountFen);
      const origQryId = input.providerTxnId ?? (await provider.query(input.tradeNo)).providerTxnId;
      if (!origQryId) throw new PaymentGatewayError(`UnionPay: no queryId known for ${input.tradeNo}`, false);
      const txnTime = beijingStamp(now());
      remember(input.refundNo, txnTime);
      const answer = await call(config.backTransUrl, {
        txnType: '04',
        txnSubType: '00',
        bizType: '000201',
        channelType: config.channelType ?? '07',
        orderId: input.refundNo,
        txnTime,
        txnAmt: String(input.amountFen),
        origQryId,
        backUrl: input.notifyUrl,
        reqReserved: input.tradeNo,
      });
      // '00' means accepted: the result arrives by notification (or queryRefund), never synchronously.
      if (answer.respCode === '00' || IN_FLIGHT_CODES.has(answer.respCode ?? '')) return { status: 'pending', providerRefundId: answer.queryId };
      return { status: 'failed' };
    },

    async queryRefund(refundNo: string): Promise<RefundResult> {
      const { state, answer } = await queryOrder(refundNo);
      return { status: state === 'succeeded' ? 'succeeded' : state === 'failed' ? 'failed' : 'pending', providerRefundId: answer.queryId };
    },
  };
  return provider;
}

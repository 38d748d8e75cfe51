/**
 * Alipay (支付宝) through the official `alipay-sdk` (OpenAPI v2 gateway, RSA2 public-key mode). The SDK signs
 * requests and verifies response signatures; this adapter builds the calls, converts money and maps outcomes.
 *
 * Money crosses the wire as yuan strings with two decimals; we keep integer fen and convert with string/integer
 * arithmetic only, so 0.1 + 0.2 style float errors cannot reach a payment amount.
 */
import { AlipaySdk } from 'alipay-sdk';
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

export const ALIPAY_GATEWAY = 'https://openapi.alipay.com/gateway.do';

export interface AlipayProviderConfig {
  appId: string;
  /** The application private key, PKCS#1 ("RSA PRIVATE KEY") or PKCS#8 ("PRIVATE KEY") PEM. */
  privateKeyPem: string;
  /** Alipay's public key (PEM or bare base64) from the open platform console; verifies responses and notifications. */
  alipayPublicKeyPem: string;
  gateway?: string;
  /**
   * How far notify_time may lie from now. Alipay retries an unacknowledged notification for about 25 hours
   * (4m, 10m, 10m, 1h, 2h, 6h, 15h), so the default accepts that window and still bounds replays of old messages.
   */
  notifyMaxSkewSeconds?: number;
  timeoutMs?: number;
  now?: () => Date;
}

const DEFAULT_NOTIFY_MAX_SKEW_SECONDS = 25 * 3600;
const SCENES = {
  page: { method: 'alipay.trade.page.pay', productCode: 'FAST_INSTANT_TRADE_PAY' },
  wap: { method: 'alipay.trade.wap.pay', productCode: 'QUICK_WAP_WAY' },
  app: { method: 'alipay.trade.app.pay', productCode: 'QUICK_MSECURITY_PAY' },
} as const;
const OUT_TRADE_NO = /^[0-9A-Za-z_-]{1,64}$/;
/** Codes that say "our request or account is wrong": a retry with the same configuration cannot succeed. */
const CONFIG_CODES = new Set(['40001', '40002', '40003', '40006']);

type AlipayResponse = Record<string, unknown> & { code?: string; msg?: string; sub_code?: string; sub_msg?: string };

/** 12345 → '123.45', 1 → '0.01'. */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen <= 0) throw new RangeError(`amount must be a positive integer number of fen, got ${fen}`);
  const digits = String(fen).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** '123.45' → 12345, '0.1' → 10, '5' → 500; anything else is refused rather than rounded. */
export function yuanToFen(yuan: string): number {
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(yuan);
  if (!match) throw new RangeError(`not a yuan amount: ${JSON.stringify(yuan)}`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Alipay's wall-clock format, always in Beijing time whatever the server's TZ. */
export function alipayDateTime(date: Date): string {
  return beijingWallClock(date).replace('T', ' ');
}

/** 'yyyy-MM-dd HH:mm:ss' in Beijing time; gmt_refund adds milliseconds ('.S'). */
function parseAlipayDateTime(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,3})?$/.test(value)) return undefined;
  const date = new Date(`${value.replace(' ', 'T')}+08:00`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Parses a form body, refusing repeated keys: a duplicate could make us read a value other than the signed one. */
function parseForm(rawBody: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawBody)) {
    if (Object.prototype.hasOwnProperty.call(fields, k)) throw new PaymentSignatureError(`Alipay notification repeats field ${k}`);
    fields[k] = v;
  }
  return fields;
}

export function createAlipayProvider(config: AlipayProviderConfig): PaymentProvider {
  const now = config.now ?? (() => new Date());
  const maxSkewMs = (config.notifyMaxSkewSeconds ?? DEFAULT_NOTIFY_MAX_SKEW_SECONDS) * 1000;
  const privateKey = config.privateKeyPem.trim(); // the SDK's PEM re-wrapping breaks on a trailing newline
  const sdk = new AlipaySdk({
    appId: config.appId,
    privateKey,
    keyType: privateKey.includes('BEGIN RSA PRIVATE KEY') ? 'PKCS1' : 'PKCS8',
    alipayPublicKey: config.alipayPublicKeyPem.trim(),
    gateway: config.gateway ?? ALIPAY_GATEWAY,
    timeout: config.timeoutMs ?? 10_000,
    signType: 'RSA2',
    camelcase: false,
  });
  // The SDK stamps `timestamp` in the server's local zone; Alipay expects Beijing time, so we always pass it.
  const stamp = () => alipayDateTime(now());

  function failure(method: string, res: AlipayResponse): PaymentGatewayError {
    const detail = [res.code, res.sub_code, res.sub_msg ?? res.msg].filter(Boolean).join(' ');
    const retryable =
      !CONFIG_CODES.has(text(res.code)) && (res.code === '20000' || text(res.sub_code).endsWith('SYSTEM_ERROR') || text(res.sub_code).startsWith('isp.'));
    return new PaymentGatewayError(`Alipay ${method} failed: ${detail}`, retryable);
  }

  async function exec(method: string, bizContent: Record<string, unknown>): Promise<AlipayResponse> {
    try {
      return (await sdk.exec(method, { bizContent, timestamp: stamp() }, { validateSign: true })) as AlipayResponse;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // A response that fails Alipay's signature is not a transient fault: someone else answered.
      throw new PaymentGatewayError(`Alipay ${method} unreachable or unusable: ${message}`, !message.includes('验签'));
    }
  }

  const provider: PaymentProvider = {
    channel: 'alipay',

    async create(input: CreatePaymentInput): Promise<CreatePaymentResult> {
      if (input.scene !== 'page' && input.scene !== 'wap' && input.scene !== 'app') {
        throw new RangeError(`Alipay supports the page, wap and app scenes, not '${input.scene}'`);
      }
      if (!OUT_TRADE_NO.test(input.tradeNo)) throw new RangeError('Alipay out_trade_no must be 1-64 letters, digits, _ or -');
      if (!(input.expiresAt.getTime() > now().getTime())) throw new RangeError('expiresAt must lie in the future');
      const { method, productCode } = SCENES[input.scene];
      const bizContent: Record<string, string> = {
        out_trade_no: input.tradeNo,
        total_amount: fenToYuan(input.amountFen),
        // Alipay rejects '/', '=' and '&' in subject.
        subject: input.description.replace(/[/=&]/g, ' ').slice(0, 128) || input.tradeNo,
        product_code: productCode,
        // Once this passes the cashier refuses payment, which is what makes close() of an unopened trade safe.
        time_expire: alipayDateTime(input.expiresAt),
      };
      if (input.scene === 'wap' && input.returnUrl) bizContent.quit_url = input.returnUrl;
      const common: Record<string, string> = { notify_url: input.notifyUrl, timestamp: stamp() };
      if (input.scene === 'app') {
        const orderString = sdk.sdkExecute(method, { bizContent, ...common });
        return { channel: 'alipay', scene: 'app', clientPayload: { orderString } };
      }
      if (input.returnUrl) common.return_url = input.returnUrl;
      const redirectUrl = sdk.pageExecute(method, 'GET', { bizContent, ...common });
      return { channel: 'alipay', scene: input.scene, clientPayload: { redirectUrl } };
    },

    async verifyNotification(request: NotificationRequest): Promise<VerifiedNotification> {
      const p = parseForm(request.rawBody);
      if (!p.sign) throw new PaymentSignatureError('Alipay notification is unsigned');
      if (p.sign_type !== undefined && p.sign_type !== 'RSA2') throw new PaymentSignatureError(`Alipay sign_type ${p.sign_type} is not accepted`);
      // V2 = verify the values as received: URLSearchParams already decoded them once, a second decode would corrupt '%'.
      if (!sdk.checkNotifySignV2(p)) throw new PaymentSignatureError('Alipay notification signature does not verify');
      if (p.app_id !== config.appId) throw new PaymentSignatureError('Alipay notification is for another app_id');
      const sentAt = parseAlipayDateTime(p.notify_time);
      if (!sentAt || Math.abs(now().getTime() - sentAt.getTime()) > maxSkewMs) throw new PaymentSignatureError('Alipay notify_time is stale or invalid');
      if (!p.out_trade_no || !p.trade_no) throw new PaymentSignatureError('Alipay notification lacks out_trade_no/trade_no');
      const amount = (value: string | undefined, name: string) => {
        try {
          return yuanToFen(value ?? '');
        } catch {
          throw new PaymentSignatureError(`Alipay notification ${name} is invalid`);
        }
      };

      // A refund is announced on the trade's notify_url with refund fields added; refund_fee is the trade's
      // *cumulative* refunded amount (Alipay does not repeat the single request's amount here).
      if (p.refund_fee !== undefined || p.out_biz_no !== undefined) {
        if (!p.out_biz_no) throw new PaymentSignatureError('Alipay refund notification lacks out_biz_no');
        return {
          kind: 'refund',
          tradeNo: p.out_trade_no,
          refundNo: p.out_biz_no,
          providerTxnId: `${p.trade_no}:${p.out_biz_no}`,
          amountFen: amount(p.refund_fee, 'refund_fee'),
          status: 'succeeded',
          occurredAt: parseAlipayDateTime(p.gmt_refund),
          raw: p,
        };
      }
      const base = { kind: 'payment' as const, tradeNo: p.out_trade_no, providerTxnId: p.trade_no, amountFen: amount(p.total_amount, 'total_amount'), raw: p };
      if (p.trade_status === 'TRADE_SUCCESS' || p.trade_status === 'TRADE_FINISHED') {
        return { ...base, status: 'succeeded', occurredAt: parseAlipayDateTime(p.gmt_payment) };
      }
      if (p.trade_status === 'TRADE_CLOSED') return { ...base, status: 'closed', occurredAt: parseAlipayDateTime(p.gmt_close) };
      // WAIT_BUYER_PAY is only sent to merchants who subscribe to it; it changes nothing, so it is not applied.
      throw new PaymentGatewayError(`Alipay notification with non-final trade_status ${p.trade_status ?? '(none)'}`, false);
    },

    acknowledge(ok: boolean): ProviderAck {
      // Alipay reads the body: exactly "success" stops the retries, anything else schedules another attempt.
      return { status: 200, contentType: 'text/plain', body: ok ? 'success' : 'failure' };
    },

    async query(tradeNo: string): Promise<RemoteStatus> {
      const res = await exec('alipay.trade.query', { out_trade_no: tradeNo });
      // Alipay creates the trade only when the buyer opens the cashier; until then it does not exist.
      if (res.sub_code === 'ACQ.TRADE_NOT_EXIST') return { status: 'pending' };
      if (res.code !== '10000') throw failure('alipay.trade.query', res);
      const state = text(res.trade_status);
      const status: RemoteStatus['status'] =
        state === 'TRADE_SUCCESS' || state === 'TRADE_FINISHED' ? 'succeeded' : state === 'TRADE_CLOSED' ? 'closed' : 'pending';
      const totalFen = /^\d+(\.\d{1,2})?$/.test(text(res.total_amount)) ? yuanToFen(text(res.total_amount)) : undefined;
      // Note: a fully refunded trade also reads TRADE_CLOSED; callers compare with their own refund records.
      return { status, providerTxnId: text(res.trade_no) || undefined, amountFen: totalFen };
    },

    async close(tradeNo: string): Promise<void> {
      const res = await exec('alipay.trade.close', { out_trade_no: tradeNo });
      // Never opened: nothing to close, and time_expire keeps the old cashier link from taking money later.
      if (res.code === '10000' || res.sub_code === 'ACQ.TRADE_NOT_EXIST') return;
      throw failure('alipay.trade.close', res); // e.g. ACQ.TRADE_STATUS_ERROR: already paid, query it instead
    },

    async refund(input: RefundInput): Promise<RefundResult> {
      const res = await exec('alipay.trade.refund', {
        out_trade_no: input.tradeNo,
        refund_amount: fenToYuan(input.amountFen),
        out_request_no: input.refundNo, // makes the call idempotent: a repeat never refunds twice
        refund_reason: input.reason.slice(0, 256),
      });
      if (res.code === '10000') {
        // Alipay refunds synchronously; fund_change N means this very call moved no money (e.g. a repeat), so ask.
        if (res.fund_change === 'Y') return { status: 'succeeded', providerRefundId: `${text(res.trade_no)}:${input.refundNo}` };
        return provider.queryRefund(input.refundNo, input.tradeNo);
      }
      const error = failure('alipay.trade.refund', res);
      if (error.retryable || CONFIG_CODES.has(text(res.code)) || res.sub_code === 'ACQ.SELLER_BALANCE_NOT_ENOUGH') throw error;
      return { status: 'failed' }; // a business refusal (trade state, amount, …) for this refund request
    },

    async queryRefund(refundNo: string, tradeNo: string): Promise<RefundResult> {
      const res = await exec('alipay.trade.fastpay.refund.query', { out_trade_no: tradeNo, out_request_no: refundNo });
      if (res.sub_code === 'ACQ.TRADE_NOT_EXIST') return { status: 'pending' };
      if (res.code !== '10000') throw failure('alipay.trade.fastpay.refund.query', res);
      // Documented rule: data returned with refund_status REFUND_SUCCESS (or, for older responses, absent) means
      // refunded; no data means Alipay has no such refund, so the caller may resend it with the same out_request_no.
      const found = text(res.out_request_no) === refundNo && text(res.refund_amount) !== '';
      const succeeded = found && (res.refund_status === undefined || res.refund_status === 'REFUND_SUCCESS');
      return succeeded ? { status: 'succeeded', providerRefundId: `${text(res.trade_no)}:${refundNo}` } : { status: 'pending' };
    },
  };
  return provider;
}

/**
 * WeChat Pay API v3 (直连商户) through wechatpay-axios-plugin: the plugin signs every request with the merchant key
 * (WECHATPAY2-SHA256-RSA2048) and refuses any 2xx answer whose Wechatpay-Signature does not verify against a
 * configured platform certificate / public key. Callbacks are verified here, with the pure helpers in
 * domain/wechatpay-crypto, because they arrive on our own HTTP route rather than through the client.
 *
 * Platform verification keys come in two modes, and both may be configured at once because WeChat Pay signs with
 * either during a merchant's migration from platform certificates to the WeChat Pay public key:
 * - certificate mode: `platformCertificates` { serial: certificate PEM };
 * - public-key mode: `publicKeyId` ("PUB_KEY_ID_...") + `publicKeyPem`; the id is what Wechatpay-Serial carries.
 */
import type { KeyObject } from 'node:crypto';
import { isAxiosError } from 'axios';
import { Wechatpay } from 'wechatpay-axios-plugin';
import {
  APIV3_KEY_BYTES,
  buildJsapiPayParams,
  certificateSerial,
  decryptAeadAes256Gcm,
  notificationMessage,
  platformPublicKey,
  sameSerial,
  timestampWithinSkew,
  verifySha256Rsa,
} from './wechatpay-crypto';
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

export interface WechatPayConfig {
  mchId: string;
  /** The mini-program / official-account appid the payer's openid belongs to. */
  appId: string;
  /** Serial number of the merchant API certificate whose private key signs requests. */
  merchantSerialNo: string;
  merchantPrivateKeyPem: string;
  /** The 32-character APIv3 key that encrypts callback resources. */
  apiV3Key: string;
  /** Defaults to the production gateway; tests point it at a loopback fake. */
  baseUrl?: string;
  platformCertificates?: Record<string, string>;
  publicKeyId?: string;
  publicKeyPem?: string;
  notifyMaxSkewSeconds?: number;
  timeoutMs?: number;
}

/** A refusal WeChat Pay answered with an error code (ORDER_NOT_EXIST, NOT_ENOUGH, SIGN_ERROR...). */
export class WechatPayApiError extends PaymentGatewayError {
  constructor(
    readonly code: string,
    readonly httpStatus: number,
    message: string,
    retryable: boolean,
  ) {
    super(message, retryable);
    this.name = 'WechatPayApiError';
  }
}

export const WECHATPAY_DEFAULT_BASE_URL = 'https://api.mch.weixin.qq.com';
const SIGNATURE_TYPE = 'WECHATPAY2-SHA256-RSA2048';
const DEFAULT_TIMEOUT_MS = 10_000;
/** Codes that a later identical call can succeed past (the out_trade_no / out_refund_no makes retries idempotent). */
const RETRYABLE_CODES = new Set(['SYSTEM_ERROR', 'SYSTEMERROR', 'FREQUENCY_LIMITED', 'NOT_ENOUGH', 'BANK_ERROR']);
const TRADE_NO = /^[A-Za-z0-9_\-|*]{6,32}$/;
const REFUND_NO = /^[A-Za-z0-9_\-|*@]{1,64}$/;
const FAIL_ACK = JSON.stringify({ code: 'FAIL', message: '失败' });

type Transaction = { trade_state?: string; transaction_id?: string; amount?: { total?: number } };
type Refund = { refund_id?: string; status?: string };

export function buildVerifiers(config: WechatPayConfig): Record<string, KeyObject> {
  const verifiers: Record<string, KeyObject> = {};
  for (const [serial, pem] of Object.entries(config.platformCertificates ?? {})) {
    const actual = certificateSerial(pem);
    // A certificate filed under the wrong serial would make every response fail verification far from the cause.
    if (actual !== undefined && !sameSerial(actual, serial)) {
      throw new Error(`WeChat Pay platform certificate filed under ${serial} has serial ${actual}`);
    }
    verifiers[serial] = platformPublicKey(pem);
  }
  if (config.publicKeyId || config.publicKeyPem) {
    if (!config.publicKeyId?.startsWith('PUB_KEY_ID_') || !config.publicKeyPem) {
      throw new Error('WeChat Pay public-key mode needs publicKeyId ("PUB_KEY_ID_...") and publicKeyPem');
    }
    verifiers[config.publicKeyId] = platformPublicKey(config.publicKeyPem);
  }
  if (Object.keys(verifiers).length === 0) {
    throw new Error('WeChat Pay needs platformCertificates or publicKeyId + publicKeyPem to verify its answers');
  }
  return verifiers;
}

export function validateConfig(config: WechatPayConfig): void {
  for (const field of ['mchId', 'appId', 'merchantSerialNo', 'merchantPrivateKeyPem'] as const) {
    if (!config[field]) throw new Error(`WeChat Pay config is missing ${field}`);
  }
  if (Buffer.byteLength(config.apiV3Key ?? '', 'utf8') !== APIV3_KEY_BYTES) {
    throw new Error(`WeChat Pay apiV3Key must be ${APIV3_KEY_BYTES} characters`);
  }
}

/** time_expire is RFC 3339; written in Beijing time because that is how WeChat Pay shows it to merchants. */
function beijingRfc3339(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new TypeError('expiresAt is not a valid date');
  return `${beijingWallClock(date)}+08:00`;
}

/** Length limits (description 127, reason 80) count characters; cut on code points so none is split in half. */
const cut = (text: string, max: number) => Array.from(text).slice(0, max).join('');

function header(headers: NotificationRequest['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** trade_state → our status. REFUND means paid and later (partly) refunded: the payment itself succeeded. */
const TRADE_STATES = new Map<unknown, RemoteStatus['status']>([
  ['SUCCESS', 'succeeded'],
  ['REFUND', 'succeeded'],
  ['CLOSED', 'closed'],
  ['REVOKED', 'closed'],
  ['PAYERROR', 'failed'],
]);
const tradeState = (state: unknown) => TRADE_STATES.get(state) ?? 'pending'; // NOTPAY, USERPAYING

/** ABNORMAL (e.g. the payer's card was cancelled) needs an operator, so it surfaces as failed rather than pending. */
const REFUND_STATES = new Map<unknown, RefundResult['status']>([
  ['SUCCESS', 'succeeded'],
  ['CLOSED', 'failed'],
  ['ABNORMAL', 'failed'],
]);
const refundState = (status: unknown) => REFUND_STATES.get(status) ?? 'pending'; // PROCESSING

export function toGatewayError(operation: string, error: unknown): PaymentGatewayError {
  if (error instanceof PaymentGatewayError) return error;
  if (!isAxiosError(error)) return new PaymentGatewayError(`${operation}: ${(error as Error)?.message ?? String(error)}`);
  const response = error.response;
  if (!response) return new PaymentGatewayError(`${operation}: WeChat Pay unreachable (${error.code ?? error.message})`);
  if (response.status >= 200 && response.status < 300) {
    // The plugin refused a 2xx answer: unsigned, stale, unknown serial or bad signature. Never trust its body.
    return new PaymentGatewayError(`${operation}: WeChat Pay response failed verification (${error.code ?? 'unknown'})`);
  }
  const data = (typeof response.data === 'object' && response.data) || {};
  const code = typeof data.code === 'string' ? data.code : `HTTP_${response.status}`;
  const retryable = response.status >= 500 || response.status === 429 || RETRYABLE_CODES.has(code);
  return new WechatPayApiError(code, response.status, `${operation}: ${code} ${String(data.message ?? '')}`.trim(), retryable);
}

export function createWechatPayProvider(config: WechatPayConfig): PaymentProvider {
  validateConfig(config);
  const verifiers = buildVerifiers(config);
  const maxSkew = config.notifyMaxSkewSeconds ?? 300;
  const client = new Wechatpay({
    mchid: config.mchId,
    serial: config.merchantSerialNo,
    privateKey: config.merchantPrivateKeyPem,
    certs: { ...verifiers },
    baseURL: (config.baseUrl ?? WECHATPAY_DEFAULT_BASE_URL).replace(/\/*$/, '/'),
    timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });

  async function call<T>(operation: string, method: 'get' | 'post', path: string, body?: object): Promise<T> {
    try {
      const endpoint = client.chain(path);
      const response = method === 'get' ? await endpoint.get() : await endpoint.post(body);
      return (response.data ?? {}) as T;
    } catch (error) {
      throw toGatewayError(operation, error);
    }
  }

  const tradePath = (tradeNo: string) => {
    if (!TRADE_NO.test(tradeNo)) throw new TypeError('out_trade_no must be 6-32 characters of [A-Za-z0-9_-|*]');
    return `v3/pay/transactions/out-trade-no/${encodeURIComponent(tradeNo)}`;
  };
  const need = <T>(value: T | undefined, field: string, operation: string): T => {
    if (value === undefined || value === null || value === '') throw new PaymentGatewayError(`${operation}: answer lacks ${field}`);
    return value;
  };

  async function create(input: CreatePaymentInput): Promise<CreatePaymentResult> {
    tradePath(input.tradeNo);
    if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) throw new TypeError('amountFen must be a positive integer');
    const order: Record<string, unknown> = {
      appid: config.appId,
      mchid: config.mchId,
      description: cut(input.description, 127),
      out_trade_no: input.tradeNo,
      time_expire: beijingRfc3339(input.expiresAt),
      notify_url: input.notifyUrl,
      amount: { total: input.amountFen, currency: 'CNY' },
    };
    const op = `create ${input.scene}`;
    switch (input.scene) {
      case 'jsapi': {
        if (!input.payer?.openid) throw new TypeError('a JSAPI payment needs payer.openid');
        const { prepay_id } = await call<{ prepay_id?: string }>(op, 'post', 'v3/pay/transactions/jsapi', { ...order, payer: { openid: input.payer.openid } });
        const params = buildJsapiPayParams(config.appId, need(prepay_id, 'prepay_id', op), config.merchantPrivateKeyPem);
        return { channel: 'wechat', scene: 'jsapi', clientPayload: { ...params } };
      }
      case 'native': {
        const { code_url } = await call<{ code_url?: string }>(op, 'post', 'v3/pay/transactions/native', order);
        return { channel: 'wechat', scene: 'native', clientPayload: { codeUrl: need(code_url, 'code_url', op) } };
      }
      case 'h5': {
        if (!input.payer?.clientIp) throw new TypeError('an H5 payment needs payer.clientIp');
        const sceneInfo = { payer_client_ip: input.payer.clientIp, h5_info: { type: 'Wap' } };
        const { h5_url } = await call<{ h5_url?: string }>(op, 'post', 'v3/pay/transactions/h5', { ...order, scene_info: sceneInfo });
        let h5Url = need(h5_url, 'h5_url', op);
        // WeChat sends the payer back to redirect_url when it is appended to h5_url (the domain must be registered).
        if (input.returnUrl) h5Url += `${h5Url.includes('?') ? '&' : '?'}redirect_url=${encodeURIComponent(input.returnUrl)}`;
        return { channel: 'wechat', scene: 'h5', clientPayload: { h5Url } };
      }
      default:
        throw new TypeError(`scene ${input.scene} is not a WeChat Pay scene`);
    }
  }

  async function verifyNotification(request: NotificationRequest): Promise<VerifiedNotification> {
    const timestamp = header(request.headers, 'wechatpay-timestamp');
    const nonce = header(request.headers, 'wechatpay-nonce');
    const signature = header(request.headers, 'wechatpay-signature');
    const serial = header(request.headers, 'wechatpay-serial');
    const signatureType = header(request.headers, 'wechatpay-signature-type');
    if (!timestamp || !nonce || !signature || !serial) throw new PaymentSignatureError('Wechatpay-* signature headers missing');
    if (signatureType && signatureType !== SIGNATURE_TYPE) throw new PaymentSignatureError(`unsupported signature type ${signatureType}`);
    // The window check comes first: a replayed (old) notification is refused even though its signature is genuine.
    if (!timestampWithinSkew(timestamp, maxSkew)) throw new PaymentSignatureError('Wechatpay-Timestamp outside the allowed window');
    const key = Object.prototype.hasOwnProperty.call(verifiers, serial) ? verifiers[serial] : undefined;
    if (!key) throw new PaymentSignatureError(`unknown Wechatpay-Serial ${serial.slice(0, 64)}`);
    if (!verifySha256Rsa(notificationMessage(timestamp, nonce, request.rawBody), signature, key)) {
      throw new PaymentSignatureError('Wechatpay-Signature does not verify');
    }

    let event: { id?: string; event_type?: string; resource?: { algorithm?: string; ciphertext?: string; nonce?: string; associated_data?: string } };
    let resource: Record<string, any>;
    try {
      event = JSON.parse(request.rawBody);
      if (event.resource?.algorithm !== 'AEAD_AES_256_GCM') throw new Error('unsupported resource algorithm');
      const { ciphertext = '', nonce: ivText = '', associated_data: aad = '' } = event.resource;
      resource = JSON.parse(decryptAeadAes256Gcm(config.apiV3Key, { ciphertext, nonce: ivText, associatedData: aad }));
      if (!resource || typeof resource !== 'object') throw new Error('resource is not an object');
    } catch (error) {
      throw new PaymentSignatureError(`notification resource rejected: ${(error as Error).message}`);
    }
    if (resource.mchid !== config.mchId) throw new PaymentSignatureError('notification is for another merchant');
    const raw = { id: event.id, event_type: event.event_type, resource };
    const occurredAt = typeof resource.success_time === 'string' ? new Date(resource.success_time) : undefined;

    if (event.event_type === 'TRANSACTION.SUCCESS') {
      if (resource.appid !== config.appId || resource.trade_state !== 'SUCCESS') {
        throw new PaymentSignatureError('TRANSACTION.SUCCESS for another app or not in SUCCESS state');
      }
      const amount = resource.amount?.total;
      if (!resource.transaction_id || !resource.out_trade_no || !Number.isSafeInteger(amount)) throw new Error('TRANSACTION.SUCCESS lacks fields');
      return {
        kind: 'payment',
        tradeNo: resource.out_trade_no,
        providerTxnId: resource.transaction_id,
        amountFen: amount,
        status: 'succeeded',
        occurredAt,
        raw,
      };
    }
    const refundStatus = { 'REFUND.SUCCESS': 'succeeded', 'REFUND.ABNORMAL': 'failed', 'REFUND.CLOSED': 'closed' } as const;
    const status = refundStatus[event.event_type as keyof typeof refundStatus];
    if (status) {
      const amount = resource.amount?.refund;
      if (!resource.refund_id || !resource.out_refund_no || !resource.out_trade_no || !Number.isSafeInteger(amount))
        throw new Error(`${event.event_type} lacks fields`);
      return {
        kind: 'refund',
        tradeNo: resource.out_trade_no,
        refundNo: resource.out_refund_no,
        providerTxnId: resource.refund_id,
        amountFen: amount,
        status,
        occurredAt,
        raw,
      };
    }
    // Signed and decrypted but not an event this platform subscribes to: refuse so it is logged, not silently dropped.
    throw new Error(`unsupported WeChat Pay event_type ${String(event.event_type)}`);
  }

  return {
    channel: 'wechat',
    create,
    verifyNotification,
    acknowledge(ok: boolean): ProviderAck {
      // WeChat Pay treats any 2xx as received and retries (15s, 15s, 30s, 3m ... over ~24h) on anything else.
      return ok ? { status: 204, contentType: 'application/json', body: '' } : { status: 500, contentType: 'application/json', body: FAIL_ACK };
    },

    /**
     * ORDER_NOT_EXIST answers 'pending', not 'closed': the prepay call that creates the order may still be in flight
     * (or timed out after WeChat committed it), so absence is not yet proof nobody can pay. The order's own expiry
     * then closes it, and close() treats a missing order as already closed.
     */
    async query(tradeNo: string): Promise<RemoteStatus> {
      try {
        const trade = await call<Transaction>('query', 'get', `${tradePath(tradeNo)}?mchid=${encodeURIComponent(config.mchId)}`);
        return { status: tradeState(trade.trade_state), providerTxnId: trade.transaction_id || undefined, amountFen: trade.amount?.total };
      } catch (error) {
        if (error instanceof WechatPayApiError && error.code === 'ORDER_NOT_EXIST') return { status: 'pending' };
        throw error;
      }
    },

    /** Closing twice, or closing an order WeChat never created, is done. A paid order throws (ORDERPAID) — query it. */
    async close(tradeNo: string): Promise<void> {
      try {
        await call('close', 'post', `${tradePath(tradeNo)}/close`, { mchid: config.mchId });
      } catch (error) {
        if (error instanceof WechatPayApiError && (error.code === 'ORDER_CLOSED' || error.code === 'ORDER_NOT_EXIST')) return;
        throw error;
      }
    },

    async refund(input: RefundInput): Promise<RefundResult> {
      tradePath(input.tradeNo);
      if (!REFUND_NO.test(input.refundNo)) throw new TypeError('out_refund_no must be 1-64 characters of [A-Za-z0-9_-|*@]');
      if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0 || input.amountFen > input.totalFen) {
        throw new TypeError('refund amount must be a positive integer not above the total');
      }
      const refund = await call<Refund>('refund', 'post', 'v3/refund/domestic/refunds', {
        out_trade_no: input.tradeNo,
        out_refund_no: input.refundNo,
        reason: input.reason ? cut(input.reason, 80) : undefined,
        notify_url: input.notifyUrl,
        amount: { refund: input.amountFen, total: input.totalFen, currency: 'CNY' },
      });
      return { status: refundState(refund.status), providerRefundId: refund.refund_id };
    },

    /** A refund WeChat has no record of throws RESOURCE_NOT_EXISTS: re-sending refund() with the same number is safe. */
    async queryRefund(refundNo: string): Promise<RefundResult> {
      if (!REFUND_NO.test(refundNo)) throw new TypeError('out_refund_no must be 1-64 characters of [A-Za-z0-9_-|*@]');
      const refund = await call<Refund>('queryRefund', 'get', `v3/refund/domestic/refunds/${encodeURIComponent(refundNo)}`);
      return { status: refundState(refund.status), providerRefundId: refund.refund_id };
    },
  };
}

/**
 * One interface for every payment channel. Amounts are integer fen. The platform never sees card numbers or
 * CVVs: card payments happen on UnionPay's pages, wallets in their apps.
 */
export type PaymentChannel = 'wechat' | 'alipay' | 'unionpay' | 'sandbox';

export type PaymentScene =
  | 'jsapi' // WeChat mini-program / official account
  | 'native' // WeChat QR code
  | 'h5' // WeChat mobile browser
  | 'page' // Alipay desktop page
  | 'wap' // Alipay mobile web
  | 'app' // Alipay app
  | 'card' // UnionPay gateway (front-end redirect form)
  | 'sandbox';

export interface CreatePaymentInput {
  /** Our trade number (out_trade_no / orderId), unique per payment attempt. */
  tradeNo: string;
  amountFen: number;
  description: string;
  notifyUrl: string;
  returnUrl?: string;
  scene: PaymentScene;
  payer?: { openid?: string; clientIp?: string };
  expiresAt: Date;
}

export interface CreatePaymentResult {
  channel: PaymentChannel;
  scene: PaymentScene;
  /** What the front end needs: JSAPI params, a code_url, an h5_url, a redirect URL or an auto-submit form. */
  clientPayload: Record<string, unknown>;
}

export interface VerifiedNotification {
  kind: 'payment' | 'refund';
  tradeNo: string;
  refundNo?: string;
  /** The provider's own id (transaction_id / trade_no / queryId); unique, used to apply a notification once. */
  providerTxnId: string;
  amountFen: number;
  status: 'succeeded' | 'failed' | 'closed';
  occurredAt?: Date;
  /** The decrypted / parsed notification, kept for audit. */
  raw: unknown;
}

export interface NotificationRequest {
  headers: Record<string, string | undefined>;
  rawBody: string;
}

export interface ProviderAck {
  status: number;
  contentType: string;
  body: string;
}

export interface RemoteStatus {
  status: 'pending' | 'succeeded' | 'failed' | 'closed';
  providerTxnId?: string;
  amountFen?: number;
}

export interface RefundInput {
  tradeNo: string;
  refundNo: string;
  amountFen: number;
  totalFen: number;
  reason: string;
  notifyUrl: string;
  /** UnionPay refunds reference the original transaction's queryId. */
  providerTxnId?: string;
}

export interface RefundResult {
  status: 'pending' | 'succeeded' | 'failed';
  providerRefundId?: string;
}

export interface PaymentProvider {
  readonly channel: PaymentChannel;
  create(input: CreatePaymentInput): Promise<CreatePaymentResult>;
  /** Verifies signature and time window, decrypts if needed; throws PaymentSignatureError otherwise. */
  verifyNotification(request: NotificationRequest): Promise<VerifiedNotification>;
  /** The answer the provider expects, so it stops (ok) or keeps retrying (not ok). */
  acknowledge(ok: boolean): ProviderAck;
  query(tradeNo: string): Promise<RemoteStatus>;
  close(tradeNo: string): Promise<void>;
  refund(input: RefundInput): Promise<RefundResult>;
  queryRefund(refundNo: string, tradeNo: string): Promise<RefundResult>;
}

export class PaymentSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PaymentSignatureError';
  }
}

/** The provider could not be reached or answered unusably: the payment stays pending and is reconciled later. */
export class PaymentGatewayError extends Error {
  readonly retryable: boolean;
  constructor(message: string, retryable = true) {
    super(message);
    this.name = 'PaymentGatewayError';
    this.retryable = retryable;
  }
}

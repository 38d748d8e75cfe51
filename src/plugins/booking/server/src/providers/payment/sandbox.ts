import { createHmac, timingSafeEqual } from 'node:crypto';
import { allowsStandInProviders } from '../../domain/environment';
import { PaymentSignatureError, type CreatePaymentInput, type NotificationRequest, type PaymentProvider, type RemoteStatus, type RefundInput } from './types';

/**
 * A development channel: a tester completes or fails a payment by hand. Its "notifications" go through the same
 * callback route as real providers and carry an HMAC signature, so the verified-callback path is exercised too.
 * Refused unless NODE_ENV is development or test (a staging box must not let anyone mark orders paid).
 */
export interface SandboxConfig {
  secret: string;
  nodeEnv?: string;
}

export function sandboxSignature(secret: string, body: string) {
  return createHmac('sha256', secret).update(body).digest('hex');
}

export function createSandboxProvider(config: SandboxConfig): PaymentProvider {
  const nodeEnv = config.nodeEnv ?? process.env.NODE_ENV;
  if (!allowsStandInProviders(nodeEnv)) {
    throw new Error(`The sandbox payment channel is only available when NODE_ENV is development or test (got "${nodeEnv}")`);
  }
  if (!config.secret) throw new Error('The sandbox payment channel needs a secret');
  const trades = new Map<string, RemoteStatus>();

  return {
    channel: 'sandbox',
    async create(input: CreatePaymentInput) {
      trades.set(input.tradeNo, { status: 'pending' });
      return {
        channel: 'sandbox',
        scene: 'sandbox',
        clientPayload: { tradeNo: input.tradeNo, completeUrl: `/api/booking/payments/sandbox/${input.tradeNo}/complete` },
      };
    },
    async verifyNotification(request: NotificationRequest) {
      const given = String(request.headers['x-sandbox-signature'] ?? '');
      const expected = sandboxSignature(config.secret, request.rawBody);
      if (given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
        throw new PaymentSignatureError('sandbox signature mismatch');
      }
      const body = JSON.parse(request.rawBody);
      return {
        kind: body.kind === 'refund' ? 'refund' : 'payment',
        tradeNo: body.tradeNo,
        refundNo: body.refundNo,
        providerTxnId: body.providerTxnId,
        amountFen: body.amountFen,
        status: body.status,
        occurredAt: new Date(),
        raw: body,
      };
    },
    acknowledge: (ok: boolean) => ({ status: ok ? 200 : 400, contentType: 'application/json', body: JSON.stringify({ ok }) }),
    async query(tradeNo: string) {
      return trades.get(tradeNo) ?? { status: 'pending' };
    },
    async close(tradeNo: string) {
      trades.set(tradeNo, { status: 'closed' });
    },
    async refund(input: RefundInput) {
      return { status: 'succeeded', providerRefundId: `SBR${input.refundNo}` };
    },
    async queryRefund(refundNo: string) {
      return { status: 'succeeded', providerRefundId: `SBR${refundNo}` };
    },
  };
}

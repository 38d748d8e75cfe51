import type { Core } from '@strapi/strapi';
import { PaymentSignatureError, type NotificationRequest, type PaymentChannel, type ProviderAck } from '../../providers/payment/types';
import { bookingService } from '../../utils/plugin';
import { UID } from '../../content-types/uids';

const NOTIFICATION = UID.paymentNotification;

/** Outcomes after which the provider must stop retrying; anything else asks it to try again later. */
const FINAL = new Set(['applied', 'duplicate', 'recorded_failure', 'amount_mismatch', 'refunded_late', 'refund_applied', 'refund_duplicate', 'conflict']);

/**
 * Provider callbacks. The only credential is the provider's signature: it is verified (with its time window)
 * before anything is read from the body; every raw notification is stored for audit, verified or not.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async handle(channel: PaymentChannel, request: NotificationRequest): Promise<ProviderAck> {
    const providers = bookingService(strapi, 'payment-providers');
    const provider = providers.get(channel);
    const audit = await strapi.db.query(NOTIFICATION).create({
      data: { channel, headers: pickHeaders(request.headers), body: request.rawBody.slice(0, 20000), verified: false },
    });

    let outcome: string;
    try {
      const notification = await provider.verifyNotification(request);
      outcome =
        notification.kind === 'refund'
          ? await bookingService(strapi, 'refund-processor').applyNotification(notification)
          : await bookingService(strapi, 'payments').applyResult(notification);
      bookingService(strapi, 'metrics').paymentResult(channel, notification.kind === 'refund' ? 'refund' : 'payment', outcome);
      await strapi.db.query(NOTIFICATION).update({
        where: { id: audit.id },
        data: { verified: true, outcome, tradeNo: notification.tradeNo, providerTxnId: notification.providerTxnId },
      });
    } catch (error) {
      const reason = error instanceof PaymentSignatureError ? 'bad_signature' : 'error';
      bookingService(strapi, 'metrics').callbackFailure(channel, reason);
      if (reason === 'error') strapi.log.error(`[payments] ${channel} notification failed: ${(error as Error).message}`);
      await strapi.db.query(NOTIFICATION).update({ where: { id: audit.id }, data: { outcome: reason, error: String((error as Error).message).slice(0, 300) } });
      return provider.acknowledge(false);
    }
    return provider.acknowledge(FINAL.has(outcome));
  },
});

/** Only the headers that matter for verification and tracing are kept. */
function pickHeaders(headers: Record<string, string | undefined>) {
  const keep = Object.entries(headers).filter(([k]) => /^(wechatpay-|content-type|user-agent|x-sandbox-|request-id)/i.test(k));
  return Object.fromEntries(keep);
}

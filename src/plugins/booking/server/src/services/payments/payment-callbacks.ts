import type { Core } from '@strapi/strapi';
import { PaymentSignatureError, type NotificationRequest, type PaymentChannel, type ProviderAck } from '../../providers/payment/types';
import { bookingConfig, bookingService } from '../../utils/plugin';
import { perIpAndGlobal } from '../platform/rate-limits';
import { UID } from '../../content-types/uids';

const NOTIFICATION = UID.paymentNotification;

/** Outcomes after which the provider must stop retrying; anything else asks it to try again later. */
const FINAL = new Set(['applied', 'duplicate', 'recorded_failure', 'amount_mismatch', 'refunded_late', 'refund_applied', 'refund_duplicate', 'conflict']);

/**
 * Provider callbacks. The only credential is the provider's signature: it is verified (with its time window)
 * before anything is read from the body, and before anything is written. Every verified notification is stored
 * for audit; unverified ones are stored too (to investigate a wrong key or an attack) but only within the
 * unverified-callback limits (per IP and global, shared by every instance): past them the request is refused
 * with 429 RATE_LIMITED and nothing is written, and the purge job deletes the stored ones after their retention.
 * A forged request can therefore neither grow the table without bound nor use up a budget that verified
 * callbacks need: those are never limited.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async handle(channel: PaymentChannel, request: NotificationRequest, ip = ''): Promise<ProviderAck> {
    const providers = bookingService(strapi, 'payment-providers');
    const provider = providers.get(channel);
    const stored = { channel, headers: pickHeaders(request.headers), body: request.rawBody.slice(0, 20000) };

    let notification: Awaited<ReturnType<typeof provider.verifyNotification>>;
    try {
      notification = await provider.verifyNotification(request);
    } catch (error) {
      const reason = error instanceof PaymentSignatureError ? 'bad_signature' : 'error';
      bookingService(strapi, 'metrics').callbackFailure(channel, reason);
      if (reason === 'error') strapi.log.error(`[payments] ${channel} notification failed: ${(error as Error).message}`);
      await bookingService(strapi, 'rate-limits').take(perIpAndGlobal('unverified-callbacks', bookingConfig(strapi).limits.unverifiedNotifications, ip));
      await strapi.db
        .query(NOTIFICATION)
        .create({ data: { ...stored, verified: false, outcome: reason, error: String((error as Error).message).slice(0, 300) } });
      return provider.acknowledge(false);
    }

    const audit = await strapi.db.query(NOTIFICATION).create({
      data: { ...stored, verified: true, tradeNo: notification.tradeNo, providerTxnId: notification.providerTxnId },
    });
    let outcome: string;
    try {
      outcome =
        notification.kind === 'refund'
          ? await bookingService(strapi, 'refund-processor').applyNotification(notification)
          : await bookingService(strapi, 'payments').applyResult(notification);
      bookingService(strapi, 'metrics').paymentResult(channel, notification.kind === 'refund' ? 'refund' : 'payment', outcome);
      await strapi.db.query(NOTIFICATION).update({ where: { id: audit.id }, data: { outcome } });
    } catch (error) {
      bookingService(strapi, 'metrics').callbackFailure(channel, 'error');
      strapi.log.error(`[payments] ${channel} notification failed: ${(error as Error).message}`);
      await strapi.db
        .query(NOTIFICATION)
        .update({ where: { id: audit.id }, data: { outcome: 'error', error: String((error as Error).message).slice(0, 300) } });
      return provider.acknowledge(false);
    }
    return provider.acknowledge(FINAL.has(outcome));
  },

  /** Deletes unverified callbacks older than their retention (the purge job); verified ones are kept. */
  async purgeUnverified(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - bookingConfig(strapi).limits.unverifiedRetentionDays * 86_400_000);
    const { count } = await strapi.db.query(NOTIFICATION).deleteMany({ where: { verified: false, createdAt: { $lt: cutoff } } });
    return count;
  },
});

/** Only the headers that matter for verification and tracing are kept. */
function pickHeaders(headers: Record<string, string | undefined>) {
  const keep = Object.entries(headers).filter(([k]) => /^(wechatpay-|content-type|user-agent|x-sandbox-|request-id)/i.test(k));
  return Object.fromEntries(keep);
}

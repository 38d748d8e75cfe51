import type { Core } from '@strapi/strapi';
import { PaymentGatewayError } from '../../providers/payment/types';
import { isDomainError } from '../../domain/errors';
import { bookingService } from '../../utils/plugin';
import { UID } from '../../content-types/uids';

const PAYMENT = UID.payment;

/**
 * Settles payments whose notification has not arrived: asks the provider, applies a success through the same
 * path as a notification, closes attempts past their deadline. A provider that does not answer leaves the
 * payment pending for the next run: never lost, never applied twice.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async run(now = new Date(), minAgeMs = 3 * 60_000) {
    const due = await strapi.db.query(PAYMENT).findMany({
      where: { status: 'pending', createdAt: { $lt: new Date(now.getTime() - minAgeMs) } },
      orderBy: { id: 'asc' },
      limit: 100,
    });
    const outcome = { checked: 0, applied: 0, closed: 0, unreachable: 0, unavailable: 0 };
    for (const payment of due) {
      outcome.checked += 1;
      try {
        // A channel switched off since the attempt (or never buildable here) must not stop the others' settlement.
        const provider = bookingService(strapi, 'payment-providers').get(payment.channel);
        const remote = await provider.query(payment.tradeNo);
        await strapi.db.query(PAYMENT).update({ where: { id: payment.id }, data: { lastCheckedAt: now } });
        if (remote.status === 'succeeded' && remote.providerTxnId) {
          const result = await bookingService(strapi, 'payments').applyResult({
            tradeNo: payment.tradeNo,
            providerTxnId: remote.providerTxnId,
            amountFen: remote.amountFen ?? payment.amountFen,
            status: 'succeeded',
          });
          if (result === 'applied' || result === 'refunded_late') outcome.applied += 1;
        } else if (remote.status === 'failed' || remote.status === 'closed') {
          await strapi.db.query(PAYMENT).updateMany({ where: { id: payment.id, status: 'pending' }, data: { status: remote.status } });
          outcome.closed += 1;
        } else if (new Date(payment.expiresAt).getTime() < now.getTime()) {
          // Past its deadline and still unpaid at the provider: close it there first, then here.
          await provider.close(payment.tradeNo);
          await strapi.db.query(PAYMENT).updateMany({ where: { id: payment.id, status: 'pending' }, data: { status: 'closed' } });
          outcome.closed += 1;
        }
      } catch (error) {
        if (isDomainError(error) && error.code === 'CHANNEL_UNAVAILABLE') {
          outcome.unavailable += 1;
          continue;
        }
        if (!(error instanceof PaymentGatewayError)) throw error;
        outcome.unreachable += 1;
      }
    }
    const refunds = await bookingService(strapi, 'refund-processor').reconcileProcessing();
    return { ...outcome, refundsSettled: refunds.settled };
  },
});

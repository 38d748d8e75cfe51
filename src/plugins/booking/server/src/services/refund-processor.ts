import type { Core } from '@strapi/strapi';
import type { VerifiedNotification } from '../providers/payment/types';
import { PaymentGatewayError } from '../providers/payment/types';
import { bookingConfig, bookingService } from '../utils/plugin';

const REFUND = 'plugin::booking.refund';
const PAYMENT = 'plugin::booking.payment';
const ORDER = 'plugin::booking.order';

/**
 * Sends pending refunds to the channel the order was paid with and settles them from the provider's answer or
 * notification. A refund is claimed (pending → processing) before the provider is called, so two instances
 * never send the same refund twice; a gateway failure puts it back to pending for the next run.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  async function settleOrderStatus(orderId: number) {
    const order = await strapi.db.query(ORDER).findOne({ where: { id: orderId } });
    const refunded = (await strapi.db.query(REFUND).findMany({ where: { orderId, status: 'succeeded' }, select: ['amountFen'] })).reduce(
      (sum: number, r: any) => sum + r.amountFen,
      0,
    );
    if (refunded === 0 || order.paidFen === 0) return;
    await strapi.db.query(ORDER).update({ where: { id: orderId }, data: { paymentStatus: refunded >= order.paidFen ? 'refunded' : 'partially_refunded' } });
  }

  async function markSettled(refund: any, status: 'succeeded' | 'failed', providerRefundId?: string) {
    return strapi.db.transaction(async () => {
      const { count } = await strapi.db.query(REFUND).updateMany({
        where: { id: refund.id, status: { $in: ['pending', 'processing'] } },
        data: { status, providerRefundId: providerRefundId ?? refund.providerRefundId ?? null, settledAt: new Date() },
      });
      if (count === 1 && status === 'succeeded') await settleOrderStatus(refund.orderId);
      return count === 1;
    });
  }

  const api = {
    async processPending(limit = 50) {
      const due = await strapi.db.query(REFUND).findMany({ where: { status: 'pending' }, orderBy: { id: 'asc' }, limit });
      let sent = 0;
      for (const refund of due) {
        const claimed = await strapi.db.query(REFUND).updateMany({ where: { id: refund.id, status: 'pending' }, data: { status: 'processing', attempts: refund.attempts + 1 } });
        if (claimed.count !== 1) continue;
        const payment = await strapi.db.query(PAYMENT).findOne({ where: { orderId: refund.orderId, status: 'succeeded' }, orderBy: { id: 'desc' } });
        if (!payment) {
          await strapi.db.query(REFUND).update({ where: { id: refund.id }, data: { status: 'failed', lastError: '找不到原支付记录' } });
          continue;
        }
        try {
          const provider = bookingService(strapi, 'payment-providers').get(payment.channel);
          const result = await provider.refund({
            tradeNo: payment.tradeNo,
            refundNo: refund.refundNo,
            amountFen: refund.amountFen,
            totalFen: payment.amountFen,
            reason: refund.reason ?? '订单退款',
            notifyUrl: `${bookingConfig(strapi).payments.callbackBaseUrl.replace(/\/$/, '')}/api/booking/payments/notify/${payment.channel}`,
            providerTxnId: payment.providerTxnId,
          });
          await strapi.db.query(REFUND).update({ where: { id: refund.id }, data: { paymentId: payment.id, channel: payment.channel, providerRefundId: result.providerRefundId ?? null } });
          if (result.status !== 'pending') await markSettled({ ...refund, providerRefundId: result.providerRefundId }, result.status, result.providerRefundId);
          sent += 1;
        } catch (error) {
          const retry = error instanceof PaymentGatewayError;
          await strapi.db.query(REFUND).update({
            where: { id: refund.id },
            data: { status: retry ? 'pending' : 'failed', lastError: String((error as Error).message).slice(0, 200), paymentId: payment.id, channel: payment.channel },
          });
        }
      }
      return { sent };
    },

    async applyNotification(notification: VerifiedNotification) {
      const refund = await strapi.db.query(REFUND).findOne({ where: { refundNo: notification.refundNo } });
      if (!refund) return 'unknown_refund';
      if (notification.amountFen !== refund.amountFen) return 'amount_mismatch';
      const changed = await markSettled(refund, notification.status === 'succeeded' ? 'succeeded' : 'failed', notification.providerTxnId);
      return changed ? 'refund_applied' : 'refund_duplicate';
    },

    /** Reconciliation for refunds whose notification never came. */
    async reconcileProcessing(olderThanMs = 5 * 60_000) {
      const stale = await strapi.db.query(REFUND).findMany({ where: { status: 'processing', updatedAt: { $lt: new Date(Date.now() - olderThanMs) } }, limit: 50 });
      let settled = 0;
      for (const refund of stale) {
        const payment = refund.paymentId ? await strapi.db.query(PAYMENT).findOne({ where: { id: refund.paymentId } }) : null;
        if (!payment) continue;
        try {
          const result = await bookingService(strapi, 'payment-providers').get(payment.channel).queryRefund(refund.refundNo, payment.tradeNo);
          if (result.status !== 'pending' && (await markSettled(refund, result.status, result.providerRefundId))) settled += 1;
        } catch (error) {
          if (!(error instanceof PaymentGatewayError)) throw error;
        }
      }
      return { settled };
    },
  };
  return api;
};

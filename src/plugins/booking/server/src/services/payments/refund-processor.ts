import type { Core } from '@strapi/strapi';
import { randomBytes } from 'node:crypto';
import type { VerifiedNotification } from '../../providers/payment/types';
import { PaymentGatewayError } from '../../providers/payment/types';
import { bookingService } from '../../utils/plugin';
import { UID } from '../../content-types/uids';

const REFUND = UID.refund;
const PAYMENT = UID.payment;
const ORDER = UID.order;
const ALERT = UID.operatorAlert;

/**
 * Sends pending refunds to the channel the order was paid with and settles them from the provider's answer or
 * notification. A refund is claimed (pending → processing) before the provider is called, so two instances
 * never send the same refund twice. A gateway failure the provider calls retryable puts it back to pending for the
 * next run; a permanent refusal fails it at once. A finally failed refund gives its amount back to the order's
 * refundable total and raises an operator alert (`refund_failed`). An order paid more than once (a late or
 * duplicate payment) is refunded across its payments, newest first, never more than each one captured: a refund
 * larger than what is left on one payment is split, the rest becoming a refund of its own.
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

  /** The money went nowhere: the order may refund it again, and an operator must look at it. */
  async function onFinalFailure(refund: any, why: string) {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const order = await strapi.db.query(ORDER).findOne({ where: { id: refund.orderId }, select: ['id', 'orderNo', 'refundedFen'] });
      const { count } = await strapi.db.query(ORDER).updateMany({
        where: { id: order.id, refundedFen: order.refundedFen },
        data: { refundedFen: Math.max(0, order.refundedFen - refund.amountFen) },
      });
      if (count === 1) {
        await strapi.db.query(ALERT).create({
          data: {
            kind: 'refund_failed',
            orderId: order.id,
            message: `订单 ${order.orderNo} 退款 ${refund.refundNo}（${(refund.amountFen / 100).toFixed(2)} 元）失败：${why}`.slice(0, 300),
          },
        });
        return;
      }
    }
    throw new Error(`refund ${refund.refundNo}: could not restore the order's refunded total`);
  }

  async function markSettled(refund: any, status: 'succeeded' | 'failed', providerRefundId?: string, why = '支付渠道退款失败') {
    return strapi.db.transaction(async () => {
      const { count } = await strapi.db.query(REFUND).updateMany({
        where: { id: refund.id, status: { $in: ['pending', 'processing'] } },
        data: {
          status,
          providerRefundId: providerRefundId ?? refund.providerRefundId ?? null,
          settledAt: new Date(),
          ...(status === 'failed' ? { lastError: why.slice(0, 200) } : {}),
        },
      });
      if (count === 1 && status === 'succeeded') await settleOrderStatus(refund.orderId);
      if (count === 1 && status === 'failed') await onFinalFailure(refund, why);
      return count === 1;
    });
  }

  /**
   * The payment this refund goes back to: the newest succeeded payment with money left on it. A refund larger than
   * what is left is cut to fit and the rest becomes a new pending refund (inside one transaction).
   */
  async function allocate(refund: any) {
    const payments = await strapi.db.query(PAYMENT).findMany({ where: { orderId: refund.orderId, status: 'succeeded' }, orderBy: { id: 'desc' } });
    if (payments.length === 0) return null;
    const claimed = await strapi.db.query(REFUND).findMany({
      where: { orderId: refund.orderId, id: { $ne: refund.id }, paymentId: { $notNull: true }, status: { $in: ['pending', 'processing', 'succeeded'] } },
      select: ['paymentId', 'amountFen'],
    });
    const left = (p: any) => p.amountFen - claimed.filter((r: any) => r.paymentId === p.id).reduce((s: number, r: any) => s + r.amountFen, 0);
    const payment = payments.find((p: any) => left(p) > 0);
    if (!payment) return null;
    const room = left(payment);
    if (refund.amountFen <= room) return { payment, amountFen: refund.amountFen };
    await strapi.db.transaction(async () => {
      await strapi.db.query(REFUND).update({ where: { id: refund.id }, data: { amountFen: room, paymentId: payment.id } });
      await strapi.db.query(REFUND).create({
        data: {
          orderId: refund.orderId,
          refundNo: `${refund.refundNo.slice(0, 23)}S${randomBytes(2).toString('hex').toUpperCase()}`,
          amountFen: refund.amountFen - room,
          source: refund.source,
          reason: refund.reason,
          status: 'pending',
        },
      });
    });
    return { payment, amountFen: room };
  }

  const api = {
    async processPending(limit = 50) {
      const due = await strapi.db.query(REFUND).findMany({ where: { status: 'pending' }, orderBy: { id: 'asc' }, limit });
      let sent = 0;
      for (const refund of due) {
        const claimed = await strapi.db
          .query(REFUND)
          .updateMany({ where: { id: refund.id, status: 'pending' }, data: { status: 'processing', attempts: refund.attempts + 1 } });
        if (claimed.count !== 1) continue;
        const allocated = await allocate(refund);
        if (!allocated) {
          await markSettled(refund, 'failed', undefined, '找不到可退款的原支付记录');
          continue;
        }
        const { payment } = allocated;
        refund.amountFen = allocated.amountFen;
        try {
          const provider = bookingService(strapi, 'payment-providers').get(payment.channel);
          const result = await provider.refund({
            tradeNo: payment.tradeNo,
            refundNo: refund.refundNo,
            amountFen: refund.amountFen,
            totalFen: payment.amountFen,
            reason: refund.reason ?? '订单退款',
            notifyUrl: bookingService(strapi, 'payment-providers').notifyUrl(payment.channel),
            providerTxnId: payment.providerTxnId,
          });
          await strapi.db
            .query(REFUND)
            .update({ where: { id: refund.id }, data: { paymentId: payment.id, channel: payment.channel, providerRefundId: result.providerRefundId ?? null } });
          if (result.status !== 'pending') await markSettled({ ...refund, providerRefundId: result.providerRefundId }, result.status, result.providerRefundId);
          sent += 1;
        } catch (error) {
          const message = String((error as Error).message).slice(0, 200);
          await strapi.db.query(REFUND).update({ where: { id: refund.id }, data: { lastError: message, paymentId: payment.id, channel: payment.channel } });
          // Only what the gateway itself calls temporary is tried again; a refusal (or our own error) is final.
          if (error instanceof PaymentGatewayError && error.retryable) {
            await strapi.db.query(REFUND).updateMany({ where: { id: refund.id, status: 'processing' }, data: { status: 'pending' } });
          } else {
            await markSettled({ ...refund, paymentId: payment.id }, 'failed', undefined, message);
          }
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
      const stale = await strapi.db
        .query(REFUND)
        .findMany({ where: { status: 'processing', updatedAt: { $lt: new Date(Date.now() - olderThanMs) } }, limit: 50 });
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

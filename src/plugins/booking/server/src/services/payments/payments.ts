import type { Core } from '@strapi/strapi';
import { bookingError } from '../../domain/errors';
import { MINUTE_MS } from '../../domain/beijing-time';
import type { PaymentChannel, PaymentScene, VerifiedNotification } from '../../providers/payment/types';
import { PaymentGatewayError } from '../../providers/payment/types';
import { bookingConfig, bookingService } from '../../utils/plugin';
import { UID } from '../../content-types/uids';
import { isUniqueViolation } from '../../utils/db-errors';

const PAYMENT = UID.payment;
const ORDER = UID.order;

const SCENES: Record<PaymentChannel, PaymentScene[]> = {
  wechat: ['jsapi', 'native', 'h5'],
  alipay: ['page', 'wap', 'app'],
  unionpay: ['card'],
  sandbox: ['sandbox'],
};

export interface StartPaymentInput {
  channel: PaymentChannel;
  scene: PaymentScene;
  openid?: string;
  deviceId?: string;
  clientIp: string;
  returnUrl?: string;
  /** 补差价: pays the difference of this change request (awaiting payment) instead of the order itself. */
  changeRequest?: string;
}

/**
 * Payment attempts for orders. Starting a payment records the attempt before the provider is called, so a
 * notification can never arrive for a trade we do not know; applying a result happens once, in one transaction,
 * guarded by the unique provider transaction id and the order's compare-and-swap.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const providers = () => bookingService(strapi, 'payment-providers');
  const risk = () => bookingService(strapi, 'risk');
  const lifecycle = () => bookingService(strapi, 'order-lifecycle');

  const notifyUrl = (channel: PaymentChannel) => bookingService(strapi, 'payment-providers').notifyUrl(channel);

  const api = {
    async start(userId: number, order: any, input: StartPaymentInput) {
      if (!SCENES[input.channel]?.includes(input.scene)) throw bookingError('SCENE_UNSUPPORTED');
      if (order.userId !== userId) throw bookingError('ORDER_NOT_FOUND');
      await risk().assertNotFrozen(userId);
      const due = await api.amountDue(order, input.changeRequest);
      if (input.channel === 'wechat' && input.scene === 'jsapi' && !input.openid) throw bookingError('OPENID_REQUIRED');
      // UnionPay's front transaction needs somewhere to send the browser back to; without one it cannot be signed.
      if (input.channel === 'unionpay' && !input.returnUrl && !(bookingConfig(strapi).payments.unionpay as any)?.frontUrl)
        throw bookingError('RETURN_URL_REQUIRED');
      await risk().observe('payment_attempt', { userId, deviceId: input.deviceId, ip: input.clientIp });

      const provider = providers().get(input.channel);
      const attempts = await strapi.db.query(PAYMENT).count({ where: { orderId: order.id } });
      const tradeNo = `${order.orderNo}P${String(attempts + 1).padStart(2, '0')}`;
      const { amountFen, expiresAt } = due;
      if (expiresAt.getTime() <= Date.now()) throw bookingError(due.changeRequestId ? 'CHANGE_CLOSED' : 'ORDER_EXPIRED');

      let payment: any;
      try {
        payment = await strapi.db.query(PAYMENT).create({
          data: {
            orderId: order.id,
            changeRequestId: due.changeRequestId,
            userId,
            channel: input.channel,
            scene: input.scene,
            tradeNo,
            amountFen,
            status: 'pending',
            expiresAt,
            clientIp: input.clientIp,
            deviceId: input.deviceId ?? null,
          },
        });
      } catch (error) {
        // Two attempts started at once number themselves alike; the unique trade number lets one through.
        if (isUniqueViolation(error)) throw bookingError('PAYMENT_IN_PROGRESS');
        throw error;
      }
      try {
        const created = await provider.create({
          tradeNo,
          amountFen,
          description: `${order.serviceSnapshot?.name ?? '陪护服务'} ${order.orderNo}${due.changeRequestId ? ' 改约补差价' : ''}`.slice(0, 127),
          notifyUrl: notifyUrl(input.channel),
          returnUrl: input.returnUrl,
          scene: input.scene,
          payer: { openid: input.openid, clientIp: input.clientIp },
          expiresAt,
        });
        if (created.clientPayload.txnTime) {
          await strapi.db.query(PAYMENT).update({ where: { id: payment.id }, data: { providerData: { txnTime: created.clientPayload.txnTime } } });
        }
        return { payment: api.present(payment), clientPayload: created.clientPayload };
      } catch (error) {
        if (error instanceof PaymentGatewayError) {
          // Unknown outcome at the provider: the attempt stays pending and reconciliation settles it.
          await strapi.db.query(PAYMENT).update({ where: { id: payment.id }, data: { failureReason: error.message.slice(0, 200) } });
          throw bookingError('GATEWAY_UNAVAILABLE');
        }
        await strapi.db
          .query(PAYMENT)
          .update({ where: { id: payment.id }, data: { status: 'failed', failureReason: String((error as Error).message).slice(0, 200) } });
        throw error;
      }
    },

    /**
     * What a payment attempt charges and until when: the order's total while it awaits payment, or — for a
     * supplementary payment (补差价) — the difference of a change waiting for it, within the change's deadline.
     */
    async amountDue(order: any, changeRequest?: string) {
      if (changeRequest) {
        if (!['pending_acceptance', 'accepted'].includes(order.status) || order.paidFen <= 0) throw bookingError('ORDER_NOT_PAYABLE');
        const request = await bookingService(strapi, 'order-changes').payable(order, changeRequest);
        return { amountFen: request.chargeFen as number, expiresAt: new Date(request.expiresAt), changeRequestId: request.id as number };
      }
      if (order.status !== 'pending_payment' || order.paymentStatus !== 'unpaid') throw bookingError('ORDER_NOT_PAYABLE');
      const expiresAt = new Date(new Date(order.createdAt).getTime() + bookingConfig(strapi).orders.unpaidTimeoutMinutes * MINUTE_MS);
      return { amountFen: order.totalFen as number, expiresAt, changeRequestId: null };
    },

    /**
     * Applies a verified payment result (from a notification or from reconciliation's query). Returns what
     * happened; never applies the same provider transaction twice.
     */
    async applyResult(result: Pick<VerifiedNotification, 'tradeNo' | 'providerTxnId' | 'amountFen' | 'status'>) {
      const payment = await strapi.db.query(PAYMENT).findOne({ where: { tradeNo: result.tradeNo } });
      if (!payment) return 'unknown_trade' as const;
      if (result.status !== 'succeeded') {
        const { count } = await strapi.db
          .query(PAYMENT)
          .updateMany({ where: { id: payment.id, status: 'pending' }, data: { status: result.status === 'closed' ? 'closed' : 'failed' } });
        if (count && result.status === 'failed') await risk().observe('payment_failure', { userId: payment.userId });
        return count ? ('recorded_failure' as const) : ('duplicate' as const);
      }
      if (payment.status === 'succeeded') return payment.providerTxnId === result.providerTxnId ? ('duplicate' as const) : ('conflict' as const);
      if (result.amountFen !== payment.amountFen) {
        await risk().flag(payment.userId, 'amount_mismatch', { tradeNo: payment.tradeNo, expected: payment.amountFen, notified: result.amountFen });
        return 'amount_mismatch' as const;
      }

      return strapi.db.transaction(async () => {
        const { count } = await strapi.db.query(PAYMENT).updateMany({
          where: { id: payment.id, status: { $in: ['pending', 'failed', 'closed'] } },
          data: { status: 'succeeded', providerTxnId: result.providerTxnId, succeededAt: new Date() },
        });
        if (count !== 1) return 'duplicate' as const;
        if (payment.changeRequestId) {
          const settled = await bookingService(strapi, 'order-changes').settleSupplement(payment);
          const order = await strapi.db.query(ORDER).findOne({ where: { id: payment.orderId } });
          await bookingService(strapi, 'analytics').recordPayment(payment, order);
          return settled;
        }
        const order = await strapi.db.query(ORDER).findOne({ where: { id: payment.orderId } });
        if (order.status === 'pending_payment' && order.totalFen === payment.amountFen) {
          await lifecycle().markPaid(order.id, { amountFen: payment.amountFen, reference: result.providerTxnId });
          await bookingService(strapi, 'analytics').recordPayment(payment, order);
          return 'applied' as const;
        }
        // Money arrived for an order that can no longer take it (cancelled by timeout, paid by another attempt):
        // record it as paid and give it straight back.
        await strapi.db.query(ORDER).update({ where: { id: order.id }, data: { paidFen: order.paidFen + payment.amountFen } });
        const fresh = await strapi.db.query(ORDER).findOne({ where: { id: order.id } });
        await lifecycle().requestRefund(fresh, payment.amountFen, 'operator', '订单已取消或已支付，自动退回重复/迟到的付款');
        return 'refunded_late' as const;
      });
    },

    async findForUser(userId: number, tradeNo: string) {
      const payment = await strapi.db.query(PAYMENT).findOne({ where: { tradeNo, userId } });
      if (!payment) throw bookingError('PAYMENT_NOT_FOUND');
      return api.present(payment);
    },

    present(payment: any) {
      return {
        tradeNo: payment.tradeNo,
        channel: payment.channel,
        scene: payment.scene,
        amountFen: payment.amountFen,
        purpose: payment.changeRequestId ? ('supplement' as const) : ('order' as const),
        status: payment.status,
        expiresAt: payment.expiresAt,
        succeededAt: payment.succeededAt ?? null,
      };
    },
  };
  return api;
};

import type { Core } from '@strapi/strapi';
import { bookingError } from '../../domain/errors';
import type { PaymentChannel, PaymentProvider } from '../../providers/payment/types';
import { createSandboxProvider } from '../../providers/payment/sandbox';
import { createWechatPayProvider } from '../../providers/payment/wechatpay';
import { createAlipayProvider } from '../../providers/payment/alipay';
import { createUnionPayProvider } from '../../providers/payment/unionpay';
import { bookingConfig } from '../../utils/plugin';
import { allowsStandInProviders } from '../../domain/environment';
import { UID } from '../../content-types/uids';

/**
 * Builds each configured channel once. Keys and certificates come from the environment (or files outside the
 * repository); a channel without configuration is simply not offered.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const built = new Map<PaymentChannel, PaymentProvider>();

  function build(channel: PaymentChannel): PaymentProvider | null {
    const config = bookingConfig(strapi).payments;
    switch (channel) {
      case 'sandbox':
        // Opted in but outside development/test: the channel is simply not offered (a 422, never a 500).
        if (!config.sandbox.enabled) return null;
        if (!allowsStandInProviders(process.env.NODE_ENV)) {
          strapi.log.warn(`[payments] PAYMENT_SANDBOX_ENABLED is ignored under NODE_ENV=${process.env.NODE_ENV}`);
          return null;
        }
        return createSandboxProvider({ secret: config.sandbox.secret });
      case 'wechat':
        return config.wechat?.mchId ? createWechatPayProvider(config.wechat as any) : null;
      case 'alipay':
        return config.alipay?.appId ? createAlipayProvider(config.alipay as any) : null;
      case 'unionpay':
        // UnionPay queries need the original request time as well as the order id: read it back from our records.
        return config.unionpay?.merId
          ? createUnionPayProvider({
              ...(config.unionpay as any),
              resolveTxnTime: async (tradeNo: string) =>
                (await strapi.db.query(UID.payment).findOne({ where: { tradeNo }, select: ['providerData'] }))?.providerData?.txnTime,
            })
          : null;
      default:
        return null;
    }
  }

  return {
    /** Where a channel's gateway calls back (payments and refunds alike): `<callback base>/api/booking/payments/notify/<channel>`. */
    notifyUrl(channel: PaymentChannel) {
      return `${bookingConfig(strapi).payments.callbackBaseUrl.replace(/\/$/, '')}/api/booking/payments/notify/${channel}`;
    },

    get(channel: PaymentChannel): PaymentProvider {
      if (channel === 'sandbox' && !allowsStandInProviders(process.env.NODE_ENV)) throw bookingError('CHANNEL_UNAVAILABLE', { channel });
      if (!built.has(channel)) {
        const provider = build(channel);
        if (!provider) throw bookingError('CHANNEL_UNAVAILABLE', { channel });
        built.set(channel, provider);
      }
      return built.get(channel)!;
    },
    available(): PaymentChannel[] {
      return (['wechat', 'alipay', 'unionpay', 'sandbox'] as PaymentChannel[]).filter((c) => {
        try {
          return Boolean(this.get(c));
        } catch {
          return false;
        }
      });
    },
  };
};

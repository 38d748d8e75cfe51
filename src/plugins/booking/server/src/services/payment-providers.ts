import type { Core } from '@strapi/strapi';
import { DomainError } from '../domain/errors';
import type { PaymentChannel, PaymentProvider } from '../providers/payment/types';
import { createSandboxProvider } from '../providers/payment/sandbox';
import { createWechatPayProvider } from '../providers/payment/wechatpay';
import { createAlipayProvider } from '../providers/payment/alipay';
import { createUnionPayProvider } from '../providers/payment/unionpay';
import { bookingConfig } from '../utils/plugin';

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
        return config.sandbox.enabled ? createSandboxProvider({ secret: config.sandbox.secret }) : null;
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
                (await strapi.db.query('plugin::booking.payment').findOne({ where: { tradeNo }, select: ['providerData'] }))?.providerData?.txnTime,
            })
          : null;
      default:
        return null;
    }
  }

  return {
    get(channel: PaymentChannel): PaymentProvider {
      if (!built.has(channel)) {
        const provider = build(channel);
        if (!provider) throw new DomainError('CHANNEL_UNAVAILABLE', '该支付方式暂未开通', 422, { channel });
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

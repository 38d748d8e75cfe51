import type { Core } from '@strapi/strapi';
import { createSmsProvider } from '../../providers/sms';
import type { SmsMessage, SmsProvider, SmsSendResult } from '../../providers/sms/types';
import { bookingConfig } from '../../utils/plugin';

/** The one door to SMS for the whole plugin (verification codes now, order notifications later). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let provider: SmsProvider | undefined;
  const get = () => {
    provider ??= createSmsProvider(bookingConfig(strapi).sms, {
      info: (message) => strapi.log.info(message),
      warn: (message) => strapi.log.warn(message),
    });
    return provider;
  };

  return {
    providerName: () => get().name,
    send: (message: SmsMessage): Promise<SmsSendResult> => get().send(message),
  };
};

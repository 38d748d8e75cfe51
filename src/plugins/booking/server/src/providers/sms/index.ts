/**
 * Chooses the SMS gateway from configuration. Settings are checked here, once, so a misconfigured gateway fails
 * with a message that names the setting instead of surfacing later as an opaque signature or SDK error.
 */
import { createAliyunSmsProvider } from './aliyun';
import { SMS_ERROR, findTemplate, isHostPort, smsError } from './common';
import { createDevSmsProvider } from './dev';
import { createTencentSmsProvider } from './tencent';
import type { SmsConfig, SmsLogger, SmsProvider, SmsTemplate } from './types';

export { SMS_ERROR, type SmsErrorCode } from './common';
export { SmsProviderError } from './types';
export type { SmsConfig, SmsLogger, SmsMessage, SmsProvider, SmsSendResult, SmsTemplate } from './types';

type Section = Record<string, unknown>;

const blank = (value: unknown) => typeof value !== 'string' || value.trim() === '';

function requireSettings(section: Section | undefined, provider: string, keys: string[]): Section {
  if (!section || typeof section !== 'object') throw new Error(`booking.sms.${provider} settings are missing (SMS_PROVIDER=${provider})`);
  const missing = keys.filter((key) => blank(section[key]));
  if (missing.length > 0) {
    throw new Error(`booking.sms.${provider} is missing ${missing.map((key) => `${provider}.${key}`).join(', ')}`);
  }
  return section;
}

function checkTransport(section: Section, provider: string, logger: SmsLogger): void {
  const { endpoint, protocol } = section;
  if (endpoint !== undefined && endpoint !== '' && (typeof endpoint !== 'string' || !isHostPort(endpoint))) {
    throw new Error(`booking.sms.${provider}.endpoint must be host[:port] without a scheme, got "${String(endpoint)}"`);
  }
  if (protocol !== undefined && protocol !== 'http' && protocol !== 'https') {
    throw new Error(`booking.sms.${provider}.protocol must be "http" or "https", got "${String(protocol)}"`);
  }
  if (protocol === 'http' && process.env.NODE_ENV === 'production') {
    // Requests stay signed, but phone numbers and codes would cross the network in clear text.
    logger.warn(`[sms] booking.sms.${provider}.protocol is http in production; use https outside local test gateways`);
  }
}

function checkTemplates(section: Section, provider: string, idPattern?: RegExp): void {
  const templates = section.templates;
  if (!templates || typeof templates !== 'object' || Object.keys(templates).length === 0) {
    throw new Error(`booking.sms.${provider}.templates is empty; register at least verification_code`);
  }
  for (const [key, template] of Object.entries(templates as Record<string, Partial<SmsTemplate> | undefined>)) {
    if (!template || blank(template.id)) throw new Error(`booking.sms.${provider}.templates.${key} has no template id`);
    if (idPattern && !idPattern.test(template.id as string)) {
      throw new Error(`booking.sms.${provider}.templates.${key} id "${template.id}" is not a valid ${provider} template id`);
    }
    if (template.paramOrder !== undefined && (!Array.isArray(template.paramOrder) || template.paramOrder.some(blank))) {
      throw new Error(`booking.sms.${provider}.templates.${key}.paramOrder must be a list of parameter names`);
    }
  }
}

export function createSmsProvider(config: SmsConfig, logger: SmsLogger): SmsProvider {
  switch (config?.provider) {
    case 'dev':
      return createDevSmsProvider(logger);
    case 'aliyun': {
      const section = requireSettings(config.aliyun, 'aliyun', ['accessKeyId', 'accessKeySecret', 'signName']);
      checkTransport(section, 'aliyun', logger);
      checkTemplates(section, 'aliyun');
      return createAliyunSmsProvider(section as NonNullable<SmsConfig['aliyun']>);
    }
    case 'tencent': {
      const section = requireSettings(config.tencent, 'tencent', ['secretId', 'secretKey', 'sdkAppId', 'signName']);
      checkTransport(section, 'tencent', logger);
      // Both are numeric on Tencent Cloud; a sign name or template name pasted in their place is a common slip.
      if (!/^\d+$/.test(section.sdkAppId as string)) throw new Error('booking.sms.tencent.sdkAppId must be numeric (e.g. 1400123456)');
      checkTemplates(section, 'tencent', /^\d+$/);
      return createTencentSmsProvider(section as NonNullable<SmsConfig['tencent']>);
    }
    default:
      throw new Error(`booking.sms.provider must be dev, aliyun or tencent, got "${String((config as { provider?: unknown })?.provider)}"`);
  }
}

/**
 * The template registered under `key` for the configured gateway. The dev gateway has no registry and accepts any
 * key; the real ones throw SmsProviderError SMS_TEMPLATE_MISSING, exactly as a send would.
 */
export function templateFor(config: SmsConfig, key: string): SmsTemplate {
  if (config.provider === 'dev') return { id: key };
  const section = config.provider === 'aliyun' ? config.aliyun : config.tencent;
  if (!section) throw smsError(SMS_ERROR.TEMPLATE_MISSING, `booking.sms.${config.provider} has no templates`);
  return findTemplate(section.templates, key, config.provider);
}

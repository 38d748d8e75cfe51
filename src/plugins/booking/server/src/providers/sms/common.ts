/**
 * What the gateway adapters share: the platform's own failure codes (callers branch on these, never on a gateway's
 * vocabulary), the template lookup and the last sanity check on the number before anything is sent.
 */
import { MAINLAND_MOBILE_PATTERN } from '../../domain/phone';
import { SmsProviderError, type SmsTemplate } from './types';

export const SMS_ERROR = {
  /** The gateway asked us to slow down (per-number or per-account limits); a later attempt may pass. */
  THROTTLED: 'SMS_THROTTLED',
  /** Nothing usable came back: network failure, timeout or a fault on the gateway's side. */
  GATEWAY_UNAVAILABLE: 'SMS_GATEWAY_UNAVAILABLE',
  /** The gateway refused our credentials or signature: a configuration problem, retrying will not help. */
  AUTH_FAILED: 'SMS_GATEWAY_AUTH_FAILED',
  INVALID_PHONE: 'SMS_INVALID_PHONE',
  TEMPLATE_MISSING: 'SMS_TEMPLATE_MISSING',
  /** The message's params do not fit the template registered for it. */
  TEMPLATE_PARAMS: 'SMS_TEMPLATE_PARAMS',
  /** Any other refusal (unapproved sign or template, balance, content policy). */
  REJECTED: 'SMS_REJECTED',
} as const;

export type SmsErrorCode = (typeof SMS_ERROR)[keyof typeof SMS_ERROR];

const RETRYABLE: ReadonlySet<SmsErrorCode> = new Set<SmsErrorCode>([SMS_ERROR.THROTTLED, SMS_ERROR.GATEWAY_UNAVAILABLE]);

/** Retryability follows from the code so that no adapter can label the same failure differently. */
export function smsError(code: SmsErrorCode, message: string): SmsProviderError {
  return new SmsProviderError(code, message, RETRYABLE.has(code));
}

export function findTemplate(templates: Record<string, SmsTemplate>, key: string, provider: string): SmsTemplate {
  // Own-property lookup: a key such as "constructor" must not find something on Object.prototype.
  const template = Object.prototype.hasOwnProperty.call(templates, key) ? templates[key] : undefined;
  if (!template?.id) throw smsError(SMS_ERROR.TEMPLATE_MISSING, `No ${provider} SMS template is registered for "${key}"`);
  return template;
}

/** Callers normalise numbers first; this guards against a slip that would otherwise be billed and fail at the carrier. */
export function assertMainlandPhone(phone: string): void {
  if (!MAINLAND_MOBILE_PATTERN.test(phone)) {
    throw smsError(SMS_ERROR.INVALID_PHONE, 'SMS recipient must be an 11-digit mainland mobile number');
  }
}

/** host[:port] without a scheme or path, which is what both SDKs expect as their endpoint. */
export function isHostPort(value: string): boolean {
  return /^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(value);
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Tencent Cloud SMS through the official SDK, API version 2021-01-11 (SendSms). The SDK signs with
 * TC3-HMAC-SHA256; this adapter orders the template parameters and translates the outcome.
 */
import { sms } from 'tencentcloud-sdk-nodejs-sms';
import { loopbackAgentFor } from '../loopback-agent';
import { SMS_ERROR, assertMainlandPhone, errorText, findTemplate, smsError, type SmsErrorCode } from './common';
import type { SmsConfig, SmsMessage, SmsProvider, SmsProviderError, SmsSendResult, SmsTemplate } from './types';

export type TencentSmsConfig = NonNullable<SmsConfig['tencent']>;

export const TENCENT_DEFAULT_ENDPOINT = 'sms.tencentcloudapi.com';
export const TENCENT_DEFAULT_REGION = 'ap-guangzhou';

// Whole-request budget in seconds (the SDK's unit); its default of 60 s would hold a user's request far too long.
const REQUEST_TIMEOUT_SECONDS = 5;

const SmsClient = sms.v20210111.Client;

/** Maps a Tencent Cloud error code (per-number SendStatus.Code or the API's Response.Error.Code). */
export function classifyTencentCode(code: string): SmsErrorCode {
  if (code.startsWith('LimitExceeded') || code.startsWith('RequestLimitExceeded')) return SMS_ERROR.THROTTLED;
  if (code.startsWith('AuthFailure') || code === 'UnauthorizedOperation.SmsSdkAppIdVerifyFail') return SMS_ERROR.AUTH_FAILED;
  if (code === 'InvalidParameterValue.IncorrectPhoneNumber') return SMS_ERROR.INVALID_PHONE;
  if (code === 'InvalidParameterValue.TemplateParameterFormatError' || code === 'InvalidParameterValue.TemplateParameterLengthLimit') {
    return SMS_ERROR.TEMPLATE_PARAMS;
  }
  if (code.startsWith('InternalError') || code === 'FailedOperation.JsonParseFail') return SMS_ERROR.GATEWAY_UNAVAILABLE;
  return SMS_ERROR.REJECTED;
}

/** Tencent Cloud takes an ordered list, so the named params are laid out in the template's registered order. */
export function orderedTemplateParams(template: SmsTemplate, params: Record<string, string>, templateKey: string): string[] {
  const order = template.paramOrder ?? [];
  const extra = Object.keys(params).filter((name) => !order.includes(name));
  if (extra.length > 0) {
    throw smsError(SMS_ERROR.TEMPLATE_PARAMS, `Tencent SMS template "${templateKey}" has no position for param(s) ${extra.join(', ')}; set its paramOrder`);
  }
  return order.map((name) => {
    const value = params[name];
    if (value === undefined) {
      throw smsError(SMS_ERROR.TEMPLATE_PARAMS, `Tencent SMS template "${templateKey}" needs param "${name}"`);
    }
    return value;
  });
}

interface SdkErrorShape {
  code?: unknown;
  httpCode?: unknown;
  requestId?: unknown;
}

function translateSdkError(error: unknown): SmsProviderError {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const requestId = typeof shape.requestId === 'string' && shape.requestId ? ` (request ${shape.requestId})` : '';
  if (typeof shape.code === 'string' && shape.code) {
    return smsError(classifyTencentCode(shape.code), `Tencent SMS ${shape.code}: ${errorText(error)}${requestId}`);
  }
  if (typeof shape.httpCode === 'number') {
    const code = shape.httpCode >= 500 || shape.httpCode === 429 ? SMS_ERROR.GATEWAY_UNAVAILABLE : SMS_ERROR.REJECTED;
    return smsError(code, `Tencent SMS gateway answered HTTP ${shape.httpCode}: ${errorText(error)}`);
  }
  // No code and no HTTP status: the request never got an answer (refused connection, DNS, timeout).
  return smsError(SMS_ERROR.GATEWAY_UNAVAILABLE, `Tencent SMS gateway unreachable: ${errorText(error)}`);
}

export function createTencentSmsProvider(config: TencentSmsConfig): SmsProvider {
  const endpoint = config.endpoint || TENCENT_DEFAULT_ENDPOINT;
  const protocol = config.protocol ?? 'https';
  const agent = loopbackAgentFor(endpoint, protocol);
  const client = new SmsClient({
    credential: { secretId: config.secretId, secretKey: config.secretKey },
    region: config.region || TENCENT_DEFAULT_REGION,
    profile: {
      signMethod: 'TC3-HMAC-SHA256',
      httpProfile: {
        endpoint,
        protocol: `${protocol}://`,
        reqMethod: 'POST',
        reqTimeout: REQUEST_TIMEOUT_SECONDS,
        ...(agent ? { agent } : {}),
      },
    },
  });

  return {
    name: 'tencent',
    async send(message: SmsMessage): Promise<SmsSendResult> {
      assertMainlandPhone(message.phone);
      const template = findTemplate(config.templates, message.templateKey, 'tencent');
      const templateParams = orderedTemplateParams(template, message.params, message.templateKey);

      let response: Awaited<ReturnType<InstanceType<typeof SmsClient>['SendSms']>>;
      try {
        response = await client.SendSms({
          PhoneNumberSet: [`+86${message.phone}`],
          SmsSdkAppId: config.sdkAppId,
          SignName: config.signName,
          TemplateId: template.id,
          TemplateParamSet: templateParams,
        });
      } catch (error) {
        throw translateSdkError(error);
      }

      // One number per request, so the single status is the verdict; the call itself "succeeds" either way.
      const status = response.SendStatusSet?.[0];
      const requestId = response.RequestId ? ` (request ${response.RequestId})` : '';
      if (!status) throw smsError(SMS_ERROR.GATEWAY_UNAVAILABLE, `Tencent SMS returned no send status${requestId}`);
      if (status.Code !== 'Ok') {
        const code = status.Code ?? 'UNKNOWN';
        throw smsError(classifyTencentCode(code), `Tencent SMS ${code}: ${status.Message ?? 'no message'}${requestId}`);
      }
      if (!status.SerialNo) throw smsError(SMS_ERROR.GATEWAY_UNAVAILABLE, `Tencent SMS accepted the message but returned no SerialNo${requestId}`);
      return { provider: 'tencent', messageId: status.SerialNo };
    },
  };
}

/**
 * Aliyun (Alibaba Cloud) SMS through the official Dysmsapi 2017-05-25 SDK. The SDK signs every call itself
 * (ACS3-HMAC-SHA256 in the 4.x line); this adapter only builds the request and translates the outcome.
 */
import Dysmsapi, { SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { SMS_ERROR, assertMainlandPhone, errorText, findTemplate, smsError, type SmsErrorCode } from './common';
import type { SmsConfig, SmsMessage, SmsProvider, SmsProviderError, SmsSendResult } from './types';

export type AliyunSmsConfig = NonNullable<SmsConfig['aliyun']>;

export const ALIYUN_DEFAULT_ENDPOINT = 'dysmsapi.aliyuncs.com';

// Aliyun recommends at least 1 s for mainland SMS; a verification request should still fail fast enough for the
// user to try again, so the read budget stays a few seconds.
const CONNECT_TIMEOUT_MS = 3000;
const READ_TIMEOUT_MS = 5000;

type OpenApiConfig = ConstructorParameters<typeof Dysmsapi>[0];

/** Business codes that mean "too many, too fast" (per number per minute/hour/day, or the account's flow control). */
const THROTTLING_CODES = new Set(['isv.BUSINESS_LIMIT_CONTROL', 'isv.DAY_LIMIT_CONTROL', 'isv.MONTH_LIMIT_CONTROL', 'isv.OUT_OF_SERVICE_LIMIT_CONTROL']);
const INVALID_PHONE_CODES = new Set(['isv.MOBILE_NUMBER_ILLEGAL', 'isv.MOBILE_COUNT_OVER_LIMIT']);
const AUTH_CODES = new Set([
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'InvalidAccessKeyId',
  'InvalidAccessKeyId.NotFound',
  'InvalidAccessKeyId.Inactive',
  'InvalidAccessKeySecret',
  'Forbidden.RAM',
  'isp.RAM_PERMISSION_DENY',
  'isv.ACCOUNT_NOT_EXISTS',
  'isv.ACCOUNT_ABNORMAL',
  // A skewed clock signs every request with a stale date: an operator has to fix it, a retry will not.
  'InvalidTimeStamp.Expired',
  'InvalidTimeStamp.Format',
]);

/** Maps an Aliyun error code (business `Code` or OpenAPI gateway code) onto the platform's failure codes. */
export function classifyAliyunCode(code: string, httpStatus?: number): SmsErrorCode {
  if (THROTTLING_CODES.has(code) || code.startsWith('Throttling')) return SMS_ERROR.THROTTLED;
  if (INVALID_PHONE_CODES.has(code)) return SMS_ERROR.INVALID_PHONE;
  if (AUTH_CODES.has(code)) return SMS_ERROR.AUTH_FAILED;
  if (code === 'isv.TEMPLATE_MISSING_PARAMETERS' || code === 'isv.INVALID_JSON_PARAM') return SMS_ERROR.TEMPLATE_PARAMS;
  // A reused nonce or a system fault is cured by sending again (the SDK draws a fresh nonce every time).
  if (code === 'SignatureNonceUsed' || code === 'isp.SYSTEM_ERROR' || code === 'ServiceUnavailable') {
    return SMS_ERROR.GATEWAY_UNAVAILABLE;
  }
  if (httpStatus !== undefined && httpStatus >= 500) return SMS_ERROR.GATEWAY_UNAVAILABLE;
  return SMS_ERROR.REJECTED;
}

/** The fields the SDK's errors carry; read defensively because they are plain properties, not a typed API. */
interface SdkErrorShape {
  statusCode?: unknown;
  code?: unknown;
  message?: unknown;
  data?: { Message?: unknown; RequestId?: unknown } | null;
}

function translateSdkError(error: unknown): SmsProviderError {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  // Only an HTTP answer from the gateway has a status; everything else (ECONNREFUSED, DNS, read timeout) never got one.
  if (typeof shape.statusCode !== 'number') {
    return smsError(SMS_ERROR.GATEWAY_UNAVAILABLE, `Aliyun SMS gateway unreachable: ${errorText(error)}`);
  }
  const code = typeof shape.code === 'string' && shape.code !== 'undefined' ? shape.code : `HTTP_${shape.statusCode}`;
  const message = typeof shape.data?.Message === 'string' ? shape.data.Message : errorText(error);
  const requestId = typeof shape.data?.RequestId === 'string' ? ` (request ${shape.data.RequestId})` : '';
  return smsError(classifyAliyunCode(code, shape.statusCode), `Aliyun SMS ${code}: ${message}${requestId}`);
}

export function createAliyunSmsProvider(config: AliyunSmsConfig): SmsProvider {
  // The SDK's Config class lives in @alicloud/openapi-core, which this project does not depend on directly; its
  // constructor only reads plain fields off the object, so a field bag of the same shape is all it needs.
  const clientConfig: Partial<OpenApiConfig> = {
    accessKeyId: config.accessKeyId,
    accessKeySecret: config.accessKeySecret,
    endpoint: config.endpoint || ALIYUN_DEFAULT_ENDPOINT,
    protocol: config.protocol ?? 'https',
    connectTimeout: CONNECT_TIMEOUT_MS,
    readTimeout: READ_TIMEOUT_MS,
  };
  const client = new Dysmsapi(clientConfig as OpenApiConfig);

  return {
    name: 'aliyun',
    async send(message: SmsMessage): Promise<SmsSendResult> {
      assertMainlandPhone(message.phone);
      const template = findTemplate(config.templates, message.templateKey, 'aliyun');
      const request = new SendSmsRequest({
        phoneNumbers: message.phone,
        signName: config.signName,
        templateCode: template.id,
        // Aliyun names its variables, so the params go as one JSON object keyed by variable name.
        templateParam: JSON.stringify(message.params),
      });

      let body: { code?: string; message?: string; bizId?: string; requestId?: string } | undefined;
      try {
        ({ body } = await client.sendSms(request));
      } catch (error) {
        throw translateSdkError(error);
      }

      // Business refusals arrive as HTTP 200 with a Code other than OK.
      if (!body || body.code !== 'OK') {
        const code = body?.code ?? 'EMPTY_RESPONSE';
        const detail = `${body?.message ?? 'no message'}${body?.requestId ? ` (request ${body.requestId})` : ''}`;
        throw smsError(body ? classifyAliyunCode(code) : SMS_ERROR.GATEWAY_UNAVAILABLE, `Aliyun SMS ${code}: ${detail}`);
      }
      if (!body.bizId) throw smsError(SMS_ERROR.GATEWAY_UNAVAILABLE, 'Aliyun SMS accepted the message but returned no BizId');
      return { provider: 'aliyun', messageId: body.bizId };
    },
  };
}

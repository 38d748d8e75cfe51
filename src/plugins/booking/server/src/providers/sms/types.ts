/**
 * One interface for every SMS gateway. A template is registered per provider under a platform-wide key
 * (e.g. `verification_code`, `order_accepted`), because Aliyun names its parameters while Tencent Cloud takes
 * them as an ordered list.
 */
export interface SmsTemplate {
  /** Provider template id: Aliyun `SMS_123456789`, Tencent Cloud numeric id as a string. */
  id: string;
  /** Parameter names in the order Tencent Cloud expects them; ignored by Aliyun. */
  paramOrder?: string[];
}

export interface SmsMessage {
  /** Mainland mobile, 11 digits, already normalised. */
  phone: string;
  templateKey: string;
  params: Record<string, string>;
}

export interface SmsSendResult {
  provider: string;
  /** The gateway's id of the message (Aliyun BizId, Tencent SerialNo; a random id for the dev provider). */
  messageId: string;
}

export interface SmsProvider {
  readonly name: 'dev' | 'aliyun' | 'tencent';
  send(message: SmsMessage): Promise<SmsSendResult>;
}

/** Raised for any failure to hand the message to the gateway; `retryable` tells throttling from rejection. */
export class SmsProviderError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  constructor(code: string, message: string, retryable = false) {
    super(message);
    this.name = 'SmsProviderError';
    this.code = code;
    this.retryable = retryable;
  }
}

export interface SmsConfig {
  provider: 'dev' | 'aliyun' | 'tencent';
  aliyun?: {
    accessKeyId: string;
    accessKeySecret: string;
    /** host[:port], default dysmsapi.aliyuncs.com */
    endpoint?: string;
    /** 'https' (default) or 'http' (loopback fake gateway in tests) */
    protocol?: 'https' | 'http';
    signName: string;
    templates: Record<string, SmsTemplate>;
  };
  tencent?: {
    secretId: string;
    secretKey: string;
    /** host[:port], default sms.tencentcloudapi.com */
    endpoint?: string;
    protocol?: 'https' | 'http';
    region?: string;
    sdkAppId: string;
    signName: string;
    templates: Record<string, SmsTemplate>;
  };
}

export interface SmsLogger {
  info(message: string): void;
  warn(message: string): void;
}

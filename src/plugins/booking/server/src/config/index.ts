import type { SmsConfig } from '../providers/sms/types';
import type { WechatConfig } from '../providers/wechat/types';

/** A send limit: at most `max` codes within `windowSeconds`. */
export interface RateWindow {
  windowSeconds: number;
  max: number;
}

export interface BookingConfig {
  pii: { keys: string; activeKeyId: string; blindIndexKey: string };
  sms: SmsConfig;
  verification: {
    codeTtlSeconds: number;
    maxWrongAttempts: number;
    perPhone: RateWindow[];
    perIp: RateWindow[];
  };
  wechat: WechatConfig;
  accounts: { maxPatients: number; privacyPolicyVersion: string };
}

export const DEFAULT_CONFIG: BookingConfig = {
  pii: { keys: '', activeKeyId: '', blindIndexKey: '' },
  sms: { provider: 'dev' },
  verification: {
    codeTtlSeconds: 300,
    maxWrongAttempts: 5,
    perPhone: [
      { windowSeconds: 60, max: 1 },
      { windowSeconds: 3600, max: 5 },
      { windowSeconds: 86400, max: 10 },
    ],
    perIp: [
      { windowSeconds: 3600, max: 30 },
      { windowSeconds: 86400, max: 100 },
    ],
  },
  wechat: {
    apiBaseUrl: 'https://api.weixin.qq.com',
    openBaseUrl: 'https://open.weixin.qq.com',
    mini: { appId: '', appSecret: '' },
    web: { appId: '', appSecret: '' },
    timeoutMs: 5000,
  },
  accounts: { maxPatients: 10, privacyPolicyVersion: '2026-11-01' },
};

export default {
  default: DEFAULT_CONFIG,
  validator(config: BookingConfig) {
    const positive = (n: unknown) => Number.isInteger(n) && (n as number) > 0;
    if (!positive(config.verification?.codeTtlSeconds)) throw new Error('booking.verification.codeTtlSeconds must be a positive integer');
    if (!positive(config.accounts?.maxPatients)) throw new Error('booking.accounts.maxPatients must be a positive integer');
    if (!['dev', 'aliyun', 'tencent'].includes(config.sms?.provider)) throw new Error('booking.sms.provider must be dev, aliyun or tencent');
  },
};

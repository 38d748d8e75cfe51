import type { SmsConfig } from '../providers/sms/types';
import type { WechatConfig } from '../providers/wechat/types';
import type { IdentityConfig } from '../providers/identity/types';
import { DEFAULT_CANCELLATION_POLICY, validateCancellationPolicy, type CancellationPolicy } from '../domain/cancellation-policy';
import type { HolidayCalendar } from '../domain/pricing';

/** A send limit: at most `max` codes within `windowSeconds`. */
export interface RateWindow {
  windowSeconds: number;
  max: number;
}

export interface PrivateFilesConfig {
  driver: 'local' | 's3';
  /** Local driver: relative to the app root; refused at boot when inside public/. */
  dir: string;
  s3?: { bucket: string; prefix: string; endpoint?: string; region: string; forcePathStyle: boolean; accessKeyId: string; secretAccessKey: string };
}

/** Limits of one public route: per client IP and for all clients together (database counters, every instance). */
export interface RouteLimits {
  perIp: RateWindow[];
  global: RateWindow[];
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
  orders: {
    unpaidTimeoutMinutes: number;
    changeRequestTtlMinutes: number;
    autoConfirmHours: number;
    reminderMinutesBefore: number;
    /** Orders a user may hold unpaid at once: each can hold a named caregiver's calendar for the unpaid window. */
    maxOpenUnpaidOrders: number;
    cancellationPolicy: CancellationPolicy;
    /** Statutory holidays and 调休 workdays (Beijing dates); check against the State Council notice each year. */
    calendar: HolidayCalendar;
  };
  jobs: { enabled: boolean };
  /** Time limit of each complaint step (hours): investigation starts, then a resolution is decided. */
  complaints: { investigateHours: number; resolveHours: number };
  /** Offers: how long a caregiver has to answer, how many misses before the hall, how many nearest candidates to rank. */
  dispatch: { maxOffers: number; offerTtlMinutes: number; candidatePool: number };
  /** Real-name verification of caregiver applicants. */
  identity: IdentityConfig;
  /** Where ID-card and certificate scans live: a directory outside public/, or a private bucket / prefix. */
  privateFiles: PrivateFilesConfig;
  /** Presence timeout and credential-expiry notice for caregivers. */
  caregivers: { offlineAfterMinutes: number; credentialExpiryNoticeDays: number };
  /** Caregiver earnings and settlement (docs/decisions.md: earnings). */
  earnings: {
    /** Caregiver share (basis points) when no commission rule matches. */
    defaultShareBp: number;
    period: 'weekly' | 'monthly';
    /** Days an entry waits after it occurred before a statement may include it (complaints can still claw back). */
    holdDays: number;
    /** Payment fee the channel keeps, in basis points of the paid amount, per channel (analytics only). */
    feeBp: Record<string, number>;
  };
  /** Abuse limits of the public routes that write (services/platform/rate-limits.ts; docs/decisions.md). */
  limits: {
    /** Payment callbacks whose signature does not verify: how many are stored (verified ones are never limited). */
    unverifiedNotifications: RouteLimits;
    /** Days an unverified callback is kept for audit before the purge job deletes it. */
    unverifiedRetentionDays: number;
    /** Analytics events accepted (counted in events, not requests). */
    analyticsEvents: RouteLimits;
    /** Catalog searches (each one is also logged). */
    search: RouteLimits;
    /** WeChat website login starts (each one stores a state row). */
    wechatAuthorize: RouteLimits;
    /** Open SSE streams per app instance (each user also has a cap of its own). */
    maxStreamsPerInstance: number;
  };
  payments: {
    /** Public base URL providers call back (PUBLIC_URL); the notify path is appended per channel. */
    callbackBaseUrl: string;
    sandbox: { enabled: boolean; secret: string };
    wechat?: Record<string, unknown>;
    alipay?: Record<string, unknown>;
    unionpay?: Record<string, unknown>;
  };
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
  orders: {
    unpaidTimeoutMinutes: 15,
    changeRequestTtlMinutes: 120,
    autoConfirmHours: 24,
    reminderMinutesBefore: 120,
    maxOpenUnpaidOrders: 3,
    cancellationPolicy: DEFAULT_CANCELLATION_POLICY as CancellationPolicy,
    calendar: {
      holidays: [
        '2026-01-01',
        '2026-01-02',
        '2026-01-03',
        '2026-02-15',
        '2026-02-16',
        '2026-02-17',
        '2026-02-18',
        '2026-02-19',
        '2026-02-20',
        '2026-02-21',
        '2026-02-22',
        '2026-02-23',
        '2026-04-04',
        '2026-04-05',
        '2026-04-06',
        '2026-05-01',
        '2026-05-02',
        '2026-05-03',
        '2026-05-04',
        '2026-05-05',
        '2026-06-19',
        '2026-06-20',
        '2026-06-21',
        '2026-09-25',
        '2026-09-26',
        '2026-09-27',
        '2026-10-01',
        '2026-10-02',
        '2026-10-03',
        '2026-10-04',
        '2026-10-05',
        '2026-10-06',
        '2026-10-07',
      ],
      makeupWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
    },
  },
  jobs: { enabled: true },
  complaints: { investigateHours: 24, resolveHours: 72 },
  dispatch: { maxOffers: 3, offerTtlMinutes: 10, candidatePool: 100 },
  identity: { provider: 'sandbox' },
  privateFiles: { driver: 'local', dir: 'private' },
  caregivers: { offlineAfterMinutes: 15, credentialExpiryNoticeDays: 30 },
  earnings: { defaultShareBp: 7000, period: 'weekly', holdDays: 7, feeBp: {} },
  limits: {
    unverifiedNotifications: { perIp: [{ windowSeconds: 3600, max: 100 }], global: [{ windowSeconds: 3600, max: 1000 }] },
    unverifiedRetentionDays: 30,
    analyticsEvents: { perIp: [{ windowSeconds: 60, max: 600 }], global: [{ windowSeconds: 60, max: 60000 }] },
    search: { perIp: [{ windowSeconds: 60, max: 120 }], global: [{ windowSeconds: 60, max: 6000 }] },
    wechatAuthorize: { perIp: [{ windowSeconds: 3600, max: 120 }], global: [{ windowSeconds: 3600, max: 10000 }] },
    maxStreamsPerInstance: 5000,
  },
  payments: { callbackBaseUrl: 'http://127.0.0.1:1337', sandbox: { enabled: false, secret: '' } },
};

export default {
  default: DEFAULT_CONFIG,
  validator(config: BookingConfig) {
    const positive = (n: unknown) => Number.isInteger(n) && (n as number) > 0;
    if (!positive(config.verification?.codeTtlSeconds)) throw new Error('booking.verification.codeTtlSeconds must be a positive integer');
    if (!positive(config.accounts?.maxPatients)) throw new Error('booking.accounts.maxPatients must be a positive integer');
    if (!['dev', 'aliyun', 'tencent'].includes(config.sms?.provider)) throw new Error('booking.sms.provider must be dev, aliyun or tencent');
    const share = config.earnings?.defaultShareBp;
    if (share !== undefined && !(Number.isInteger(share) && share >= 0 && share <= 10000))
      throw new Error('booking.earnings.defaultShareBp must be an integer 0..10000');
    if (config.earnings?.period && !['weekly', 'monthly'].includes(config.earnings.period))
      throw new Error('booking.earnings.period must be weekly or monthly');
    if (config.privateFiles && !['local', 's3'].includes(config.privateFiles.driver)) throw new Error('booking.privateFiles.driver must be local or s3');
    if (config.orders?.cancellationPolicy) validateCancellationPolicy(config.orders.cancellationPolicy);
  },
};

import type { Core } from '@strapi/strapi';
import { randomInt, timingSafeEqual } from 'node:crypto';
import { bookingError, DomainError } from '../../domain/errors';
import { normalizeMainlandMobile } from '../../domain/phone';
import { SmsProviderError } from '../../providers/sms/types';
import type { RateWindow } from '../../config';
import { bookingConfig, bookingService, lockKey } from '../../utils/plugin';
import { UID } from '../../content-types/uids';

export type CodePurpose = 'login' | 'bind_phone' | 'set_password' | 'delete_account';

/**
 * SMS verification codes. Codes are stored as HMACs (a 6-digit code is trivially brute-forced from a plain
 * hash), expire, allow a bounded number of wrong tries and are single-use. The send limits count rows of the
 * same table, so every app instance sees the same counters.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const pii = () => bookingService(strapi, 'pii');
  const hashCode = (phone: string, purpose: CodePurpose, code: string) => pii().blindIndex(`${phone}:${purpose}:${code}`, 'sms-code');

  async function assertWithinLimits(field: 'phone' | 'ip', value: string, windows: RateWindow[], now: number) {
    for (const window of windows) {
      const since = new Date(now - window.windowSeconds * 1000);
      const where: Record<string, unknown> = { [field]: value, createdAt: { $gt: since } };
      if (field === 'phone') where.status = 'sent';
      const count = await strapi.db.query(UID.smsCode).count({ where });
      if (count >= window.max) {
        const retryAfterSeconds = await secondsUntilSlotFrees(field, value, window, now);
        throw new DomainError('SMS_RATE_LIMITED', describeLimit(field, window), { retryAfterSeconds });
      }
    }
  }

  async function secondsUntilSlotFrees(field: 'phone' | 'ip', value: string, window: RateWindow, now: number) {
    const since = new Date(now - window.windowSeconds * 1000);
    const oldest = await strapi.db.query(UID.smsCode).findOne({
      where: { [field]: value, createdAt: { $gt: since } },
      orderBy: { createdAt: 'asc' },
      select: ['createdAt'],
    });
    if (!oldest) return 1;
    return Math.max(1, Math.ceil((new Date(oldest.createdAt).getTime() + window.windowSeconds * 1000 - now) / 1000));
  }

  return {
    async send({ phone: rawPhone, purpose, ip }: { phone: string; purpose: CodePurpose; ip: string }) {
      const phone = normalizeMainlandMobile(rawPhone);
      const { verification } = bookingConfig(strapi);
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const now = Date.now();

      const record = await strapi.db.transaction(async ({ trx }) => {
        // Two sends for one phone (or one IP) racing on two instances must not both pass the limit check.
        await lockKey(strapi, trx, `sms:phone:${phone}`);
        await lockKey(strapi, trx, `sms:ip:${ip}`);
        await assertWithinLimits('phone', phone, verification.perPhone, now);
        await assertWithinLimits('ip', ip, verification.perIp, now);
        // Only the newest code of a purpose is valid.
        await strapi.db.query(UID.smsCode).updateMany({
          where: { phone, purpose, consumedAt: { $null: true } },
          data: { consumedAt: new Date(now) },
        });
        return strapi.db.query(UID.smsCode).create({
          data: {
            phone,
            purpose,
            ip,
            codeHash: hashCode(phone, purpose, code),
            expiresAt: new Date(now + verification.codeTtlSeconds * 1000),
            attempts: 0,
            status: 'sent',
          },
        });
      });

      try {
        const result = await bookingService(strapi, 'sms').send({
          phone,
          templateKey: 'verification_code',
          params: { code, minutes: String(Math.round(verification.codeTtlSeconds / 60)) },
        });
        await strapi.db.query(UID.smsCode).update({ where: { id: record.id }, data: { provider: result.provider, messageId: result.messageId } });
      } catch (error) {
        await strapi.db.query(UID.smsCode).update({ where: { id: record.id }, data: { status: 'failed', consumedAt: new Date() } });
        if (error instanceof SmsProviderError) {
          strapi.log.warn(`[sms] send failed: ${error.code} ${error.message}`);
          throw bookingError('SMS_SEND_FAILED', { retryable: error.retryable });
        }
        throw error;
      }

      return { sent: true, expiresInSeconds: verification.codeTtlSeconds, resendAfterSeconds: verification.perPhone[0]?.windowSeconds ?? 60 };
    },

    /** Consumes the code or throws; returns the normalised phone. */
    async verify({ phone: rawPhone, purpose, code }: { phone: string; purpose: CodePurpose; code: string }) {
      const phone = normalizeMainlandMobile(rawPhone);
      if (!/^\d{6}$/.test(code)) throw bookingError('INVALID_CODE_FORMAT');
      const { verification } = bookingConfig(strapi);

      const latest = await strapi.db.query(UID.smsCode).findOne({
        where: { phone, purpose, status: 'sent', consumedAt: { $null: true } },
        orderBy: { id: 'desc' },
      });
      if (!latest || new Date(latest.expiresAt).getTime() <= Date.now()) {
        throw bookingError('CODE_EXPIRED');
      }
      if (latest.attempts >= verification.maxWrongAttempts) {
        throw bookingError('CODE_LOCKED');
      }

      const expected = Buffer.from(latest.codeHash, 'hex');
      const given = Buffer.from(hashCode(phone, purpose, code), 'hex');
      const matches = expected.length === given.length && timingSafeEqual(expected, given);
      const table = strapi.db.metadata.get(UID.smsCode).tableName;

      if (!matches) {
        // Atomic increment: parallel wrong guesses cannot slip past the limit.
        const bumped = await strapi.db
          .connection(table)
          .where({ id: latest.id })
          .andWhere('attempts', '<', verification.maxWrongAttempts)
          .increment('attempts', 1);
        const left = verification.maxWrongAttempts - latest.attempts - 1;
        if (!bumped || left <= 0) throw bookingError('CODE_LOCKED');
        throw new DomainError('CODE_MISMATCH', `验证码错误，还可尝试 ${left} 次`, { attemptsLeft: left });
      }

      // Compare-and-swap on consumed_at: of two concurrent correct submissions only one signs in.
      const consumed = await strapi.db
        .connection(table)
        .where({ id: latest.id })
        .whereNull('consumed_at')
        .andWhere('attempts', '<', verification.maxWrongAttempts)
        .update({ consumed_at: new Date() });
      if (!consumed) throw bookingError('CODE_EXPIRED');
      return phone;
    },
  };
};

function describeLimit(field: 'phone' | 'ip', window: RateWindow) {
  const span = window.windowSeconds <= 60 ? '1 分钟' : window.windowSeconds <= 3600 ? '1 小时' : '24 小时';
  const who = field === 'phone' ? '该手机号' : '当前网络';
  return `${who}获取验证码过于频繁（${span}内最多 ${window.max} 次），请稍后再试`;
}

import type { Core } from '@strapi/strapi';
import { credentialExpiryAction } from '../../domain/caregiver-rules';
import { beijingDateKey } from '../../domain/beijing-time';
import { bookingConfig, bookingService } from '../../utils/plugin';
import { UID } from '../../content-types/uids';
import { sweep } from '../platform/sweep';

const CAREGIVER = UID.caregiver;
const CREDENTIAL = UID.caregiverCredential;

interface Counts {
  processed: number;
  skipped: number;
  failed: number;
}

const DAY_MS = 86_400_000;
const settings = (strapi: Core.Strapi) => {
  // Optional chaining: a config written before these settings existed still boots with the defaults.
  const configured: Partial<{ offlineAfterMinutes: number; credentialExpiryNoticeDays: number }> = bookingConfig(strapi).caregivers ?? {};
  return { offlineAfterMinutes: configured.offlineAfterMinutes ?? 15, credentialExpiryNoticeDays: configured.credentialExpiryNoticeDays ?? 30 };
};

/** The caregiver sweeps run by services/jobs.ts (under its advisory lock): credential expiry and presence timeout. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * Credentials past validUntil become expired; approved ones within the notice window get one notice. Each change
   * is a compare-and-swap in its own transaction with its notification, so a rerun changes nothing twice.
   */
  async expireCredentials(now = new Date()): Promise<Counts> {
    const { credentialExpiryNoticeDays: noticeDays } = settings(strapi);
    const today = beijingDateKey(now);
    const horizon = beijingDateKey(new Date(now.getTime() + noticeDays * DAY_MS));
    return sweep(
      strapi,
      'expireCredentials',
      (afterId, limit) =>
        strapi.db.query(CREDENTIAL).findMany({
          where: { id: { $gt: afterId }, status: { $in: ['pending', 'approved'] }, validUntil: { $notNull: true, $lte: horizon } },
          select: ['id', 'status', 'validUntil', 'notifiedExpiryAt'],
          populate: { caregiver: { select: ['id'], populate: { user: { select: ['id'] } } }, credentialType: { select: ['name'] } },
          orderBy: { id: 'asc' },
          limit,
        }),
      async (row: any) => {
        const action = credentialExpiryAction(row, today, noticeDays);
        if (action === 'none') return null;
        const userId: number | undefined = row.caregiver?.user?.id;
        const name = row.credentialType?.name ?? '资质证书';
        return strapi.db.transaction(async () => {
          const where = action === 'expire' ? { id: row.id, status: row.status } : { id: row.id, status: 'approved', notifiedExpiryAt: { $null: true } };
          const data = action === 'expire' ? { status: 'expired' } : { notifiedExpiryAt: now };
          const { count } = await strapi.db.query(CREDENTIAL).updateMany({ where, data });
          if (count !== 1 || !userId) return count === 1;
          const body =
            action === 'expire'
              ? `您的「${name}」已于 ${row.validUntil} 到期失效，请尽快上传新证书。`
              : `您的「${name}」将于 ${row.validUntil} 到期，请及时续期并上传新证书，以免影响接单。`;
          await bookingService(strapi, 'notifications').notify(userId, {
            kind: action === 'expire' ? 'credential_expired' : 'credential_expiring',
            title: action === 'expire' ? '资质证书已过期' : '资质证书即将到期',
            body,
          });
          return true;
        });
      },
      (row) => `credential ${row.id}`,
    );
  },

  /** Online caregivers silent for CAREGIVER_OFFLINE_AFTER_MINUTES are set offline in one idempotent statement. */
  async autoOffline(now = new Date()): Promise<Counts> {
    const cutoff = new Date(now.getTime() - settings(strapi).offlineAfterMinutes * 60_000);
    const { count } = await strapi.db.query(CAREGIVER).updateMany({
      where: { online: true, $or: [{ lastSeenAt: { $null: true } }, { lastSeenAt: { $lt: cutoff } }] },
      data: { online: false },
    });
    return { processed: count, skipped: 0, failed: 0 };
  },
});

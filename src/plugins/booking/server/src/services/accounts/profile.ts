import type { Core } from '@strapi/strapi';
import { readFile } from 'node:fs/promises';
import { bookingError } from '../../domain/errors';
import { detectImageType } from '../../domain/image-type';

const MAX_AVATAR_BYTES = 2 * 1024 * 1024;
import { bookingConfig, bookingService } from '../../utils/plugin';
import { UID } from '../../content-types/uids';

const USER = UID.user;
const HEALTH_AAD = 'user.healthStatus';

export interface ProfileUpdate {
  displayName?: string | null;
  gender?: 'male' | 'female' | 'undisclosed';
  birthDate?: string | null;
  contactPhone?: string | null;
  healthStatus?: string | null;
  privacy?: Partial<{ phoneVisibleToCaregiver: 'masked' | 'full'; allowAnalytics: boolean; marketingOptIn: boolean }>;
}

/** The signed-in user's own profile, privacy settings and consent records. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const pii = () => bookingService(strapi, 'pii');

  async function load(userId: number) {
    const user = await strapi.db.query(USER).findOne({ where: { id: userId }, populate: { avatar: true } });
    if (!user || user.deletedAt) throw bookingError('USER_NOT_FOUND');
    return user;
  }

  const api = {
    async get(userId: number) {
      const user = await load(userId);
      return {
        id: user.id,
        documentId: user.documentId,
        username: user.username,
        email: user.email ?? null,
        phone: user.phone ?? null,
        displayName: user.displayName ?? null,
        gender: user.gender ?? 'undisclosed',
        birthDate: user.birthDate ?? null,
        contactPhone: user.contactPhone ?? null,
        avatar: user.avatar ? { id: user.avatar.id, url: user.avatar.url, formats: user.avatar.formats ?? null } : null,
        healthStatus: pii().decrypt(user.healthStatusCipher, HEALTH_AAD) ?? null,
        privacy: {
          phoneVisibleToCaregiver: user.phoneVisibleToCaregiver ?? 'masked',
          allowAnalytics: Boolean(user.allowAnalytics),
          marketingOptIn: Boolean(user.marketingOptIn),
        },
        privacyPolicyVersion: user.privacyPolicyVersion ?? null,
        privacyConsentAt: user.privacyConsentAt ?? null,
        currentPrivacyPolicyVersion: bookingConfig(strapi).accounts.privacyPolicyVersion,
        hasPassword: Boolean(user.password),
        wechat: { miniProgram: Boolean(user.wechatMiniOpenId), website: Boolean(user.wechatWebOpenId) },
        createdAt: user.createdAt,
      };
    },

    async update(userId: number, input: ProfileUpdate) {
      await load(userId);
      const data: Record<string, unknown> = {};
      for (const key of ['displayName', 'gender', 'birthDate', 'contactPhone'] as const) {
        if (input[key] !== undefined) data[key] = input[key];
      }
      if (input.healthStatus !== undefined) data.healthStatusCipher = pii().encrypt(input.healthStatus || null, HEALTH_AAD);
      // Privacy settings are plain columns so that analytics can filter on them in SQL.
      if (input.privacy) Object.assign(data, input.privacy);
      await strapi.db.query(USER).update({ where: { id: userId }, data });
      return api.get(userId);
    },

    async setAvatar(userId: number, file: any) {
      const user = await load(userId);
      if (!file?.filepath || file.size > MAX_AVATAR_BYTES) throw bookingError('AVATAR_TOO_LARGE');
      const type = detectImageType(await readFile(file.filepath).then((b) => b.subarray(0, 16)));
      if (!type) throw bookingError('AVATAR_NOT_IMAGE');
      file.mimetype = type;
      const [uploaded] = await strapi
        .plugin('upload')
        .service('upload')
        .upload({
          data: { fileInfo: { name: `avatar-${user.documentId}`, alternativeText: '头像' } },
          files: file,
        });
      await strapi.db.query(USER).update({ where: { id: userId }, data: { avatar: uploaded.id } });
      if (user.avatar?.id) {
        // The old picture is personal data no longer needed: remove it from storage too.
        const old = await strapi.db.query(UID.uploadFile).findOne({ where: { id: user.avatar.id } });
        if (old) await strapi.plugin('upload').service('upload').remove(old);
      }
      return api.get(userId);
    },

    async recordConsent(
      userId: number,
      consent: { document: 'privacy_policy' | 'terms_of_service' | 'sensitive_data'; version: string },
      origin: { ip?: string; userAgent?: string },
    ) {
      const acceptedAt = new Date();
      await strapi.db.transaction(async () => {
        await strapi.db.query(UID.consentRecord).create({
          data: { userId, ...consent, acceptedAt, ip: origin.ip, userAgent: origin.userAgent?.slice(0, 300) },
        });
        if (consent.document === 'privacy_policy') {
          await strapi.db.query(USER).update({ where: { id: userId }, data: { privacyPolicyVersion: consent.version, privacyConsentAt: acceptedAt } });
        }
      });
      return api.consents(userId);
    },

    async consents(userId: number) {
      const rows = await strapi.db.query(UID.consentRecord).findMany({ where: { userId }, orderBy: { acceptedAt: 'desc' } });
      return rows.map((r: any) => ({ document: r.document, version: r.version, acceptedAt: r.acceptedAt }));
    },
  };
  return api;
};

import type { Core } from '@strapi/strapi';
import { randomBytes } from 'node:crypto';
import { bookingError } from '../../domain/errors';
import { createWechatClient } from '../../providers/wechat/client';
import { bookingConfig, bookingService } from '../../utils/plugin';
import { perIpAndGlobal } from '../platform/rate-limits';
import { UID } from '../../content-types/uids';

const STATE_UID = UID.oauthState;
const STATE_TTL_MS = 10 * 60 * 1000;

/**
 * WeChat sign-in plumbing that must be shared by every app instance: the app access token lives in Strapi's
 * core store (database) and the website login `state` values in their own table.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: 'booking' });
  let client: ReturnType<typeof createWechatClient> | undefined;

  const get = () => {
    client ??= createWechatClient(bookingConfig(strapi).wechat, {
      tokenCache: {
        get: async (key: string) => ((await store().get({ key })) as { value: string; expiresAt: number } | null) ?? null,
        set: async (key: string, value: { value: string; expiresAt: number }) => {
          await store().set({ key, value });
        },
      },
    });
    return client;
  };

  function assertConfigured(channel: 'mini' | 'web') {
    const { appId, appSecret } = bookingConfig(strapi).wechat[channel];
    if (!appId || !appSecret) throw bookingError('WECHAT_NOT_CONFIGURED');
  }

  return {
    async miniProgramLogin(code: string) {
      assertConfigured('mini');
      return get().miniProgramLogin(code);
    },

    async miniProgramPhone(phoneCode: string) {
      assertConfigured('mini');
      const { phone } = await get().getMiniProgramPhoneNumber(phoneCode);
      return phone;
    },

    /**
     * Starts a website QR login (or a binding for a signed-in user) with a one-time state. Each start stores a
     * row, so starts are limited per IP and globally (the purge job deletes expired states).
     */
    async startWebLogin({ redirectUri, purpose, userId, ip = '' }: { redirectUri: string; purpose: 'login' | 'bind'; userId?: number; ip?: string }) {
      assertConfigured('web');
      await bookingService(strapi, 'rate-limits').take(perIpAndGlobal('wechat-authorize', bookingConfig(strapi).limits.wechatAuthorize, ip));
      const state = randomBytes(16).toString('hex');
      await strapi.db.query(STATE_UID).create({
        data: { state, purpose, userId: userId ?? null, redirectUri, expiresAt: new Date(Date.now() + STATE_TTL_MS) },
      });
      return { state, url: get().webAuthorizeUrl({ redirectUri, state }), expiresInSeconds: STATE_TTL_MS / 1000 };
    },

    /** Consumes the state (once, before it expires, for the same purpose and user) and exchanges the code. */
    async finishWebLogin({ code, state, purpose, userId }: { code: string; state: string; purpose: 'login' | 'bind'; userId?: number }) {
      assertConfigured('web');
      const table = strapi.db.metadata.get(STATE_UID).tableName;
      const consumed = await strapi.db
        .connection(table)
        .where({ state, purpose })
        .whereNull('consumed_at')
        .andWhere('expires_at', '>', new Date())
        .modify((query) => (userId ? query.andWhere('user_id', userId) : query.whereNull('user_id')))
        .update({ consumed_at: new Date() });
      if (!consumed) throw bookingError('WECHAT_STATE_INVALID');
      return get().webLogin(code);
    },

    /** Deletes states that expired (consumed or not) before `now` (the purge job). */
    async purgeExpiredStates(now = new Date()): Promise<number> {
      const { count } = await strapi.db.query(STATE_UID).deleteMany({ where: { expiresAt: { $lt: now } } });
      return count;
    },
  };
};

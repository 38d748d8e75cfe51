import type { Core } from '@strapi/strapi';
import { randomBytes } from 'node:crypto';
import { bookingError, DomainError } from '../../domain/errors';
import type { WechatIdentity } from '../../providers/wechat/types';
import { bookingService } from '../../utils/plugin';
import { UID } from '../../content-types/uids';

const USER = UID.user;

type WechatField = 'wechatMiniOpenId' | 'wechatWebOpenId';
const openIdField = (channel: WechatIdentity['channel']): WechatField => (channel === 'mini' ? 'wechatMiniOpenId' : 'wechatWebOpenId');

/**
 * Accounts keyed by phone number or WeChat identity. Sign-in creates the account on first use; binding adds a
 * second identity to the signed-in account, and never merges two existing accounts (their orders, patients and
 * payments would have to be reconciled by a person).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const users = () => strapi.db.query(USER);

  async function authenticatedRoleId() {
    const role = await strapi.db.query(UID.upRole).findOne({ where: { type: 'authenticated' } });
    if (!role) throw new Error('users-permissions "authenticated" role is missing');
    return role.id;
  }

  async function createUser(data: Record<string, unknown>) {
    return strapi
      .plugin('users-permissions')
      .service('user')
      .add({
        provider: 'local',
        confirmed: true,
        blocked: false,
        role: await authenticatedRoleId(),
        phoneVisibleToCaregiver: 'masked',
        allowAnalytics: false,
        marketingOptIn: false,
        ...data,
      });
  }

  function assertActive(user: { blocked?: boolean; deletedAt?: unknown }) {
    if (user.deletedAt) throw bookingError('ACCOUNT_DELETED');
    if (user.blocked) throw bookingError('ACCOUNT_BLOCKED');
  }

  async function findByWechat(identity: WechatIdentity) {
    if (identity.unionid) {
      const byUnion = await users().findOne({ where: { wechatUnionId: identity.unionid } });
      if (byUnion) return byUnion;
    }
    return users().findOne({ where: { [openIdField(identity.channel)]: identity.openid } });
  }

  const api = {
    /** The users-permissions JWT and the caller's own profile, as every sign-in route answers. */
    async session(userId: number) {
      const jwt = strapi.plugin('users-permissions').service('jwt').issue({ id: userId });
      const profile = await bookingService(strapi, 'profile').get(userId);
      return { jwt, user: profile };
    },

    async signInWithPhone(phone: string) {
      const existing = await users().findOne({ where: { phone } });
      if (existing) {
        assertActive(existing);
        return api.session(existing.id);
      }
      try {
        const created = await createUser({ username: phone, phone });
        return api.session(created.id);
      } catch (error) {
        // A concurrent first sign-in with the same phone won the unique index: use its account.
        const winner = await users().findOne({ where: { phone } });
        if (winner) return api.session(winner.id);
        throw error;
      }
    },

    async signInWithWechat(identity: WechatIdentity) {
      const existing = await findByWechat(identity);
      if (existing) {
        assertActive(existing);
        await api.attachWechat(existing.id, identity);
        return api.session(existing.id);
      }
      const created = await createUser({
        username: `wx_${randomBytes(6).toString('hex')}`,
        displayName: identity.nickname?.slice(0, 30),
        wechatUnionId: identity.unionid ?? null,
        [openIdField(identity.channel)]: identity.openid,
      });
      return api.session(created.id);
    },

    /** Adds (or replaces) the phone of the signed-in account after it was proven by SMS or by WeChat. */
    async bindPhone(userId: number, phone: string) {
      const owner = await users().findOne({ where: { phone } });
      if (owner && owner.id !== userId) {
        throw bookingError('ACCOUNT_MERGE_REFUSED');
      }
      const user = await users().findOne({ where: { id: userId } });
      // A phone-less WeChat account takes the phone as its username so password sign-in works with it later.
      const data: Record<string, unknown> = { phone };
      if (user?.username?.startsWith('wx_') || user?.username === user?.phone) data.username = phone;
      await users().update({ where: { id: userId }, data });
      return bookingService(strapi, 'profile').get(userId);
    },

    async bindWechat(userId: number, identity: WechatIdentity) {
      const holder = await findByWechat(identity);
      if (holder && holder.id !== userId) {
        throw new DomainError('ACCOUNT_MERGE_REFUSED', '该微信已绑定另一个账号，不能合并账号；如需合并请联系客服');
      }
      const user = await users().findOne({ where: { id: userId } });
      const current = user?.[openIdField(identity.channel)];
      if (current && current !== identity.openid) {
        throw bookingError('WECHAT_ALREADY_BOUND');
      }
      await api.attachWechat(userId, identity);
      return bookingService(strapi, 'profile').get(userId);
    },

    /** Records identifiers learned at sign-in (a unionid that appears later, the other channel's openid). */
    async attachWechat(userId: number, identity: WechatIdentity) {
      const data: Record<string, unknown> = { [openIdField(identity.channel)]: identity.openid };
      if (identity.unionid) data.wechatUnionId = identity.unionid;
      await users().update({ where: { id: userId }, data });
    },

    async setPassword(userId: number, password: string) {
      const hashed = await strapi.plugin('users-permissions').service('user').edit(userId, { password });
      return Boolean(hashed);
    },
  };
  return api;
};

import type { Core } from '@strapi/strapi';
import { randomBytes } from 'node:crypto';
import { bookingService } from '../utils/plugin';

const USER = 'plugin::users-permissions.user';

/**
 * PIPL rights of the data subject: a copy of everything held about me, and erasure. Erasure removes personal
 * data but keeps business records (orders, payments) that accounting must retain, with the person removed.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async export(userId: number) {
    const profile = await bookingService(strapi, 'profile').get(userId);
    const patients = await strapi.db.query('plugin::booking.patient').findMany({ where: { ownerId: userId }, populate: { defaultHospital: true } });
    const orders = await strapi.db.query('plugin::booking.order').findMany({ where: { userId }, orderBy: { id: 'desc' } });
    const smsCodes = await strapi.db.query('plugin::booking.sms-code').findMany({
      where: { phone: profile.phone ?? '__none__' },
      select: ['purpose', 'createdAt', 'status', 'ip'],
      orderBy: { id: 'desc' },
      limit: 200,
    });
    return {
      exportedAt: new Date().toISOString(),
      profile,
      consents: await bookingService(strapi, 'profile').consents(userId),
      patients: patients.map((p: any) => bookingService(strapi, 'patients').present(p, 'owner')),
      orders: await Promise.all(orders.map((o: any) => bookingService(strapi, 'order-views').present(o, { type: 'user', userId }, true))),
      verificationCodeRequests: smsCodes,
    };
  },

  async deleteAccount(userId: number) {
    const user = await strapi.db.query(USER).findOne({ where: { id: userId }, populate: { avatar: true } });
    await strapi.db.transaction(async () => {
      await bookingService(strapi, 'patients').removeAllOf(userId);
      if (user.phone) await strapi.db.query('plugin::booking.sms-code').deleteMany({ where: { phone: user.phone } });
      // Orders stay for accounting (amounts, dates, service) but no longer say who or where.
      await strapi.db.query('plugin::booking.order').updateMany({
        where: { userId },
        data: { contactName: '已注销用户', contactPhone: '', address: null, notes: null, patientId: null },
      });
      await strapi.db.query(USER).update({
        where: { id: userId },
        data: {
          username: `deleted_${user.documentId}_${randomBytes(3).toString('hex')}`,
          email: null,
          phone: null,
          password: null,
          wechatUnionId: null,
          wechatMiniOpenId: null,
          wechatWebOpenId: null,
          displayName: null,
          birthDate: null,
          contactPhone: null,
          healthStatusCipher: null,
          avatar: null,
          blocked: true,
          deletedAt: new Date(),
        },
      });
    });
    if (user?.avatar?.id) {
      const file = await strapi.db.query('plugin::upload.file').findOne({ where: { id: user.avatar.id } });
      if (file) await strapi.plugin('upload').service('upload').remove(file);
    }
    return { deleted: true };
  },
});

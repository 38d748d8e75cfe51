import type { Core } from '@strapi/strapi';
import { randomBytes } from 'node:crypto';
import { DomainError } from '../../domain/errors';
import { bookingService } from '../../utils/plugin';
import { UID } from '../../content-types/uids';

const USER = UID.user;
const ORDER = UID.order;
const CAREGIVER = UID.caregiver;
const CREDENTIAL = UID.caregiverCredential;
/** Orders somebody still relies on: from unpaid up to the customer's confirmation. */
const ACTIVE = ['pending_payment', 'pending_acceptance', 'accepted', 'departed', 'arrived', 'in_service', 'finished'];

/**
 * PIPL rights of the data subject: a copy of everything held about me, and erasure. Erasure removes personal
 * data but keeps business records (orders, payments) that accounting must retain, with the person removed.
 * Deletion is refused while someone relies on an order (a paid order of the customer's still running, or an order
 * the caregiver is assigned to or named on); unpaid orders are simply cancelled. A caregiver's profile is withdrawn
 * from dispatch and erased (name, ID number, birth date, positions, scans, credential numbers and images); the row
 * stays so that past orders and reviews keep pointing at "a caregiver".
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async export(userId: number) {
    const profile = await bookingService(strapi, 'profile').get(userId);
    const patients = await strapi.db.query(UID.patient).findMany({ where: { ownerId: userId }, populate: { defaultHospital: true } });
    const orders = await strapi.db.query(UID.order).findMany({ where: { userId }, orderBy: { id: 'desc' } });
    const smsCodes = await strapi.db.query(UID.smsCode).findMany({
      where: { phone: profile.phone ?? '__none__' },
      select: ['purpose', 'createdAt', 'status', 'ip'],
      orderBy: { id: 'desc' },
      limit: 200,
    });
    const caregiver = await strapi.db
      .query(CAREGIVER)
      .findOne({ where: { user: { id: userId } }, populate: { city: { select: ['code', 'name'] }, skills: { select: ['documentId', 'name'] } } });
    const credentials = caregiver
      ? await strapi.db.query(CREDENTIAL).findMany({ where: { caregiver: { id: caregiver.id } }, populate: { credentialType: { select: ['code', 'name'] } } })
      : [];
    // The scans I uploaded, described (kind, type, size, when): the images stay in the private store.
    const uploads = await bookingService(strapi, 'private-files').allOf(userId);
    const kindOf = new Map<string, string>([
      [caregiver?.idCardFrontKey, 'idCardFront'],
      [caregiver?.idCardBackKey, 'idCardBack'],
      [caregiver?.photoKey, 'photo'],
      ...credentials.flatMap((c: any) => (c.imageKeys ?? []).map((k: string) => [k, 'credential'] as [string, string])),
    ]);
    const served = caregiver ? await strapi.db.query(ORDER).findMany({ where: { caregiverUserId: userId }, orderBy: { id: 'desc' } }) : [];
    return {
      exportedAt: new Date().toISOString(),
      profile,
      consents: await bookingService(strapi, 'profile').consents(userId),
      patients: patients.map((p: any) => bookingService(strapi, 'patients').present(p, 'owner')),
      orders: await Promise.all(orders.map((o: any) => bookingService(strapi, 'order-views').present(o, { type: 'user', userId }, true))),
      verificationCodeRequests: smsCodes,
      // My caregiver profile, as I gave it (numbers masked: the full ID number is not repeated into a download).
      caregiver: caregiver
        ? {
            documentId: caregiver.documentId,
            realName: caregiver.realName,
            gender: caregiver.gender,
            birthDate: caregiver.birthDate,
            idNumberMasked: caregiver.idNumberMasked,
            status: caregiver.status,
            city: caregiver.city,
            skills: caregiver.skills,
            home: { latitude: caregiver.homeLatitude, longitude: caregiver.homeLongitude },
            bio: caregiver.bio,
            languages: caregiver.languages,
            level: caregiver.level,
            yearsOfExperience: caregiver.yearsOfExperience,
            appliedAt: caregiver.appliedAt,
            approvedAt: caregiver.approvedAt,
            credentials: credentials.map((c: any) => ({
              type: c.credentialType,
              numberMasked: c.numberMasked,
              issuer: c.issuer,
              validFrom: c.validFrom,
              validUntil: c.validUntil,
              status: c.status,
            })),
            scans: uploads.map((f) => ({ kind: kindOf.get(f.key) ?? 'unattached', mime: f.mime, size: f.size, uploadedAt: f.createdAt })),
            ordersServed: served.map((o: any) => ({
              orderNo: o.orderNo,
              status: o.status,
              startAt: o.startAt,
              endAt: o.endAt,
              service: o.serviceSnapshot?.name ?? null,
              district: o.address?.district ?? null,
            })),
          }
        : null,
    };
  },

  async deleteAccount(userId: number) {
    const user = await strapi.db.query(USER).findOne({ where: { id: userId }, populate: { avatar: true } });
    const caregiver = await strapi.db.query(CAREGIVER).findOne({ where: { user: { id: userId } }, populate: { photo: true } });
    const running = await strapi.db
      .query(ORDER)
      .findMany({ where: { userId, status: { $in: ACTIVE.filter((s) => s !== 'pending_payment') } }, select: ['orderNo'] });
    const serving = caregiver
      ? await strapi.db
          .query(ORDER)
          .findMany({ where: { status: { $in: ACTIVE }, $or: [{ caregiverUserId: userId }, { preferredCaregiverId: caregiver.id }] }, select: ['orderNo'] })
      : [];
    if (running.length || serving.length) {
      throw new DomainError('ACCOUNT_HAS_ACTIVE_ORDERS', undefined, { orders: [...running, ...serving].map((o: any) => o.orderNo) });
    }
    // Unpaid orders hold nothing but a calendar slot: they are cancelled, free of charge, before the erasure.
    const unpaid = await strapi.db.query(ORDER).findMany({ where: { userId, status: 'pending_payment' }, select: ['id'] });
    for (const o of unpaid) await bookingService(strapi, 'order-lifecycle').cancel(o.id, { type: 'system' }, '用户注销账号');
    const files: number[] = [];
    const scans: Array<string | null> = [];
    await strapi.db.transaction(async () => {
      if (caregiver) {
        scans.push(caregiver.idCardFrontKey, caregiver.idCardBackKey, caregiver.photoKey);
        if (caregiver.photo?.id) files.push(caregiver.photo.id);
        await strapi.db.query(CAREGIVER).update({
          where: { id: caregiver.id },
          data: {
            status: 'withdrawn',
            online: false,
            realName: '已注销',
            birthDate: null,
            bio: null,
            languages: null,
            idNumberCipher: null,
            idNumberHash: null,
            idNumberMasked: null,
            idVerification: null,
            idCardFrontKey: null,
            idCardBackKey: null,
            photoKey: null,
            photo: null,
            workingHours: null,
            homeLatitude: null,
            homeLongitude: null,
            currentLatitude: null,
            currentLongitude: null,
            user: null,
          },
        });
        const credentials = await strapi.db.query(CREDENTIAL).findMany({ where: { caregiver: { id: caregiver.id } }, select: ['id', 'imageKeys'] });
        for (const c of credentials) {
          scans.push(...(c.imageKeys ?? []));
          await strapi.db.query(CREDENTIAL).update({ where: { id: c.id }, data: { numberCipher: null, numberMasked: null, issuer: null, imageKeys: null } });
        }
        // No order holds them any more (refused above); their own time-off entries go with the profile.
        await strapi.db.query(UID.scheduleSlot).updateMany({ where: { caregiverId: caregiver.id, active: true }, data: { active: false } });
      }
      await bookingService(strapi, 'patients').removeAllOf(userId);
      if (user.phone) await strapi.db.query(UID.smsCode).deleteMany({ where: { phone: user.phone } });
      // Orders stay for accounting (amounts, dates, service) but no longer say who or where.
      await strapi.db.query(UID.order).updateMany({
        where: { userId },
        data: { contactName: '已注销用户', contactPhone: '', contactPhoneLast4: null, address: null, addressCipher: null, notes: null, patientId: null },
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
    if (user?.avatar?.id) files.push(user.avatar.id);
    // Scans (attached or not: every private file the user uploaded), photos and the avatar leave storage too.
    const privateFiles = bookingService(strapi, 'private-files');
    await privateFiles.removeKeys(scans);
    await privateFiles.remove(await privateFiles.allOf(userId));
    for (const id of files) {
      const file = await strapi.db.query(UID.uploadFile).findOne({ where: { id } });
      if (file) await strapi.plugin('upload').service('upload').remove(file);
    }
    return { deleted: true };
  },
});

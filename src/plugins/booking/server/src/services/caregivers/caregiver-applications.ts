import type { Core } from '@strapi/strapi';
import { readFile } from 'node:fs/promises';
import { bookingError, DomainError, type ErrorCode } from '../../domain/errors';
import { ageOn, parseIdCardNumber } from '../../domain/id-card';
import { detectImageType } from '../../domain/image-type';
import { maskIdNumber, maskMiddle } from '../../domain/masking';
import { beijingDateKey } from '../../domain/beijing-time';
import { bookingService, lockKey } from '../../utils/plugin';
import { UID } from '../../content-types/uids';
import { isUniqueViolation } from '../../utils/db-errors';

const CAREGIVER = UID.caregiver;
const CREDENTIAL = UID.caregiverCredential;
export const ID_AAD = 'caregiver.idNumber';
export const CREDENTIAL_AAD = 'caregiver-credential.number';
const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
const MIN_CAREGIVER_AGE = 18;

/** Private files uploaded through POST /caregiver-applications/photos carry this purpose and their uploader. */
export const SCAN_PURPOSE = 'caregiver-doc';

export interface CredentialInput {
  typeCode: string;
  number: string;
  issuer?: string;
  validFrom?: string;
  validUntil?: string;
  imageIds: number[];
}

export interface ApplicationInput {
  realName: string;
  idNumber: string;
  idCardFrontId: number;
  idCardBackId: number;
  photoId?: number;
  bio?: string;
  yearsOfExperience: number;
  languages: string[];
  cityCode: string;
  serviceCityCodes: string[];
  home: { latitude: number; longitude: number };
  serviceRadiusKm: number;
  skills: string[];
  credentials: CredentialInput[];
}

const unprocessable = (code: ErrorCode, message: string, details: Record<string, unknown> = {}) => new DomainError(code, message, details);

/** Caregiver onboarding: the caregiver row is the application (pending → approved | rejected → resubmitted ...). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const pii = () => bookingService(strapi, 'pii');

  async function idsByCode(uid: string, field: string, values: string[], label: string) {
    const unique = [...new Set(values)];
    const rows = await strapi.db.query(uid).findMany({ where: { [field]: { $in: unique } }, select: ['id', field, 'name'] });
    const missing = unique.filter((v) => !rows.some((r: any) => r[field] === v));
    if (missing.length > 0) throw unprocessable('UNKNOWN_REFERENCE', `${label}不存在：${missing.join('、')}`, { field, missing });
    return rows as Array<Record<string, any>>;
  }

  /** The opaque keys of the caller's own uploads, by the ids the upload answered. */
  async function ownKeys(userId: number, ids: number[]) {
    const unique = [...new Set(ids)];
    const rows = await bookingService(strapi, 'private-files').ownedBy(userId, unique);
    if (rows.length !== unique.length || rows.some((r) => r.purpose !== SCAN_PURPOSE))
      throw unprocessable('UNKNOWN_FILE', '图片不存在或不是您上传的，请重新上传');
    const keyOf = new Map(rows.map((r) => [r.id, r.key]));
    return (id: number) => keyOf.get(id) as string;
  }

  function checkCredential(c: CredentialInput, type: Record<string, any>, today: string) {
    if (type.requiresExpiry !== false && !c.validUntil) throw unprocessable('CREDENTIAL_EXPIRY_REQUIRED', `「${type.name}」需要填写有效期至`);
    if (c.validFrom && c.validUntil && c.validUntil < c.validFrom) throw unprocessable('CREDENTIAL_DATES', `「${type.name}」的有效期结束日期早于开始日期`);
    if (c.validUntil && c.validUntil < today) throw unprocessable('CREDENTIAL_EXPIRED', `「${type.name}」已过期，请上传有效证书`);
    if (c.validFrom && c.validFrom > today) throw unprocessable('CREDENTIAL_NOT_YET_VALID', `「${type.name}」尚未生效`);
  }

  const api = {
    /**
     * Stores an ID-card or certificate scan (type sniffed from the bytes) in the private store — not the Media
     * Library, no public URL — and returns the id the applicant attaches to the application.
     */
    async uploadPhoto(userId: number, file: any) {
      if (!file?.filepath || file.size > MAX_PHOTO_BYTES) throw bookingError('PHOTO_TOO_LARGE');
      const bytes = await readFile(file.filepath);
      if (bytes.length > MAX_PHOTO_BYTES) throw bookingError('PHOTO_TOO_LARGE');
      const type = detectImageType(bytes.subarray(0, 16));
      if (!type) throw bookingError('PHOTO_NOT_IMAGE');
      const stored = await bookingService(strapi, 'private-files').put({ bytes, mime: type, ownerUserId: userId, purpose: SCAN_PURPOSE });
      return { id: stored.id, mime: type };
    },

    async submit(userId: number, input: ApplicationInput) {
      const now = new Date();
      const today = beijingDateKey(now);
      const id = parseIdCardNumber(input.idNumber, now);
      if (ageOn(id.birthDate, now) < MIN_CAREGIVER_AGE) throw unprocessable('TOO_YOUNG', `申请人须年满${MIN_CAREGIVER_AGE}周岁`);
      const idHash = pii().blindIndex(id.normalized, ID_AAD);

      const existing: any = await strapi.db.query(CAREGIVER).findOne({ where: { user: { id: userId } }, select: ['id', 'status'] });
      if (existing?.status === 'pending') throw bookingError('APPLICATION_PENDING');
      if (existing && existing.status !== 'rejected') throw bookingError('ALREADY_CAREGIVER');
      const holder: any = await strapi.db.query(CAREGIVER).findOne({ where: { idNumberHash: idHash }, select: ['id'] });
      if (holder && holder.id !== existing?.id) throw bookingError('ID_NUMBER_TAKEN');

      const [home] = await idsByCode(UID.city, 'code', [input.cityCode], '城市');
      const cities = await idsByCode(UID.city, 'code', input.serviceCityCodes, '服务城市');
      const skills = await idsByCode(UID.service, 'documentId', input.skills, '服务项目');
      const types = await idsByCode(
        UID.credentialType,
        'code',
        input.credentials.map((c) => c.typeCode),
        '资质类型',
      );
      const typeOf = (code: string) => types.find((t) => t.code === code) as Record<string, any>;
      for (const c of input.credentials) checkCredential(c, typeOf(c.typeCode), today);
      const files = [input.idCardFrontId, input.idCardBackId, ...(input.photoId ? [input.photoId] : []), ...input.credentials.flatMap((c) => c.imageIds)];
      const keyOf = await ownKeys(userId, files);

      // Outside the transaction: a slow provider must not hold database locks.
      const result = await bookingService(strapi, 'identity').verify(userId, { realName: input.realName, idNumber: id.normalized });
      if (result.verdict !== 'match') {
        throw unprocessable(
          'IDENTITY_MISMATCH',
          result.verdict === 'not_found' ? '身份证号码未查询到登记信息，请核对' : '姓名与身份证号码不一致，请核对后重新提交',
        );
      }

      const data = {
        user: userId,
        realName: input.realName,
        gender: id.gender,
        birthDate: id.birthDate,
        idNumberCipher: pii().encrypt(id.normalized, ID_AAD),
        idNumberHash: idHash,
        idNumberMasked: maskIdNumber(id.normalized),
        idVerification: {
          provider: result.provider,
          verdict: result.verdict,
          providerCode: result.providerCode,
          requestId: result.requestId,
          checkedAt: now.toISOString(),
        },
        idCardFrontKey: keyOf(input.idCardFrontId),
        idCardBackKey: keyOf(input.idCardBackId),
        photoKey: input.photoId ? keyOf(input.photoId) : null,
        bio: input.bio ?? null,
        languages: input.languages,
        yearsOfExperience: input.yearsOfExperience,
        city: home?.id,
        serviceCities: cities.map((c) => c.id),
        skills: skills.map((s) => s.id),
        homeLatitude: input.home.latitude,
        homeLongitude: input.home.longitude,
        serviceRadiusKm: input.serviceRadiusKm,
        status: 'pending',
        appliedAt: now,
        rejectReason: null,
      };

      // Scans a resubmission replaces: erased from the private store once the new application is committed.
      const replaced: Array<string | null> = [];
      try {
        await strapi.db.transaction(async ({ trx }) => {
          await lockKey(strapi, trx, `caregiver-application:${userId}`);
          // Re-read under the lock: a concurrent submission of the same user may have landed since the first check.
          const current: any = await strapi.db.query(CAREGIVER).findOne({ where: { user: { id: userId } }, select: ['id'] });
          if ((current?.id ?? null) !== (existing?.id ?? null)) throw bookingError('APPLICATION_PENDING');
          let caregiverId: number;
          if (existing) {
            // Compare-and-swap: a resubmission only replaces a still-rejected application.
            const { count } = await strapi.db.query(CAREGIVER).updateMany({ where: { id: existing.id, status: 'rejected' }, data: { status: 'pending' } });
            if (count !== 1) throw bookingError('APPLICATION_PENDING');
            const before: any = await strapi.db
              .query(CAREGIVER)
              .findOne({ where: { id: existing.id }, select: ['idCardFrontKey', 'idCardBackKey', 'photoKey'] });
            replaced.push(before.idCardFrontKey, before.idCardBackKey, before.photoKey);
            await strapi.db.query(CAREGIVER).update({ where: { id: existing.id }, data });
            caregiverId = existing.id;
            // Approved credentials survive a resubmission; the rest are replaced by what was sent now.
            // Selected first: deleteMany with a relation filter builds SQL with an ambiguous "status" column.
            const stale = await strapi.db
              .query(CREDENTIAL)
              .findMany({ where: { caregiver: { id: caregiverId }, status: { $ne: 'approved' } }, select: ['id', 'imageKeys'] });
            replaced.push(...stale.flatMap((c: { imageKeys?: string[] | null }) => c.imageKeys ?? []));
            if (stale.length > 0) await strapi.db.query(CREDENTIAL).deleteMany({ where: { id: { $in: stale.map((c: { id: number }) => c.id) } } });
          } else {
            caregiverId = (await strapi.db.query(CAREGIVER).create({ data })).id;
          }
          for (const c of input.credentials) {
            const number = c.number.trim().toUpperCase();
            await strapi.db.query(CREDENTIAL).create({
              data: {
                caregiver: caregiverId,
                credentialType: typeOf(c.typeCode).id,
                numberCipher: pii().encrypt(number, CREDENTIAL_AAD),
                numberMasked: maskMiddle(number, 2, 2),
                issuer: c.issuer ?? null,
                validFrom: c.validFrom ?? null,
                validUntil: c.validUntil ?? null,
                imageKeys: c.imageIds.map(keyOf),
                status: 'pending',
              },
            });
          }
        });
      } catch (error) {
        // Two first submissions of one ID number racing: the unique index lets one through.
        if (isUniqueViolation(error)) throw bookingError('ID_NUMBER_TAKEN');
        throw error;
      }
      const kept = new Set(files.map(keyOf));
      await bookingService(strapi, 'private-files').removeKeys(replaced.filter((k) => k && !kept.has(k)));
      return api.mine(userId);
    },

    /** The applicant's own view: status, reasons, masked numbers only. */
    async mine(userId: number) {
      const caregiver: any = await strapi.db.query(CAREGIVER).findOne({ where: { user: { id: userId } } });
      if (!caregiver) throw bookingError('NO_APPLICATION');
      const credentials = await strapi.db.query(CREDENTIAL).findMany({
        where: { caregiver: { id: caregiver.id } },
        populate: { credentialType: { select: ['code', 'name'] } },
        orderBy: { id: 'asc' },
      });
      return {
        documentId: caregiver.documentId,
        status: caregiver.status,
        rejectReason: caregiver.rejectReason ?? null,
        appliedAt: caregiver.appliedAt,
        approvedAt: caregiver.approvedAt ?? null,
        suspendedUntil: caregiver.suspendedUntil ?? null,
        realName: caregiver.realName,
        idNumberMasked: caregiver.idNumberMasked,
        gender: caregiver.gender,
        birthDate: caregiver.birthDate,
        idVerified: caregiver.idVerification?.verdict === 'match',
        credentials: credentials.map((c: any) => ({
          documentId: c.documentId,
          type: c.credentialType ? { code: c.credentialType.code, name: c.credentialType.name } : null,
          numberMasked: c.numberMasked,
          validUntil: c.validUntil ?? null,
          status: c.status,
          reviewNote: c.reviewNote ?? null,
        })),
      };
    },
  };
  return api;
};

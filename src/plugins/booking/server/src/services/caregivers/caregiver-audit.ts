import type { Core } from '@strapi/strapi';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bookingError, DomainError } from '../../domain/errors';
import { isSuspended } from '../../domain/caregiver-rules';
import { dayRange } from '../../domain/analytics-period';
import { bookingService } from '../../utils/plugin';
import { CREDENTIAL_AAD, ID_AAD } from './caregiver-applications';
import { UID } from '../../content-types/uids';

const CAREGIVER = UID.caregiver;
const CREDENTIAL = UID.caregiverCredential;
const USER = UID.user;
const ROLE = UID.upRole;

type Decision = 'approve' | 'reject';

const notFound = (what: string) => new DomainError('NOT_FOUND', `${what}不存在`);
/** A scan as the console sees it: its opaque key and type; the bytes come from the audited scan route only. */
const scanView = (caregiverId: string, files: Map<string, { mime: string }>) => (key: string | null | undefined) =>
  key ? { id: key, caregiverId, mime: files.get(key)?.mime ?? null } : null;

/** Every scan key a caregiver's application holds, with what it shows (for the audit row of a view). */
function scanKeys(c: any, credentials: any[]) {
  const keys: Array<{ key: string; kind: string; credential?: string }> = [];
  if (c.idCardFrontKey) keys.push({ key: c.idCardFrontKey, kind: 'idCardFront' });
  if (c.idCardBackKey) keys.push({ key: c.idCardBackKey, kind: 'idCardBack' });
  if (c.photoKey) keys.push({ key: c.photoKey, kind: 'photo' });
  for (const cred of credentials) for (const key of cred.imageKeys ?? []) keys.push({ key, kind: 'credential', credential: cred.documentId });
  return keys;
}

/**
 * Operators' side of caregiver onboarding: the audit queue, decisions on applications and credentials, suspension.
 * Every decision is a compare-and-swap on the status it expects and writes its audit row in the same transaction.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const pii = () => bookingService(strapi, 'pii');
  const audit = () => bookingService(strapi, 'audit-log');
  const notify = (userId: number | undefined, title: string, body: string) =>
    userId ? bookingService(strapi, 'notifications').notify(userId, { kind: 'caregiver_audit', title, body }) : undefined;

  async function load(documentId: string) {
    const row: any = await strapi.db.query(CAREGIVER).findOne({ where: { documentId }, populate: { user: { select: ['id'] }, photo: { select: ['id'] } } });
    if (!row) throw notFound('陪护人员申请');
    return row;
  }

  const standing = (c: any) => ({
    status: c.status,
    suspendedUntil: c.suspendedUntil ?? null,
    suspensionReason: c.suspensionReason ?? null,
    rejectReason: c.rejectReason ?? null,
  });

  async function casUpdate(uid: string, id: number, from: string[], data: Record<string, unknown>, conflict: string) {
    const { count } = await strapi.db.query(uid).updateMany({ where: { id, status: { $in: from } }, data });
    if (count !== 1) throw new DomainError('STATE_CONFLICT', conflict);
  }

  /**
   * The applicant's own photo (not an ID scan) becomes the public profile picture once approved, through the upload
   * service so responsive formats exist; until then it is private like the scans. A failure leaves the profile
   * without a picture and is logged: it must not undo an approval.
   */
  async function publishProfilePhoto(c: any) {
    if (!c.photoKey || c.photo) return;
    try {
      const file = await bookingService(strapi, 'private-files').find(c.photoKey);
      if (!file) return;
      const bytes = await bookingService(strapi, 'private-files').read(file);
      const dir = await mkdtemp(path.join(os.tmpdir(), 'caregiver-photo-'));
      const filepath = path.join(dir, `caregiver-${c.documentId}`);
      try {
        await writeFile(filepath, bytes);
        const [uploaded]: any[] = await strapi
          .plugin('upload')
          .service('upload')
          .upload({
            data: { fileInfo: { name: `caregiver-${c.documentId}`, alternativeText: '陪护人员照片' } },
            files: { filepath, originalFilename: `caregiver-${c.documentId}`, mimetype: file.mime, size: bytes.length },
          });
        await strapi.db.query(CAREGIVER).update({ where: { id: c.id }, data: { photo: uploaded.id } });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    } catch (error) {
      strapi.log.warn(`[caregivers] profile photo of ${c.documentId} not published: ${(error as Error).message}`);
    }
  }

  const api = {
    async queue(query: { status: string; cityCode?: string; from?: string; to?: string; page: number; pageSize: number }) {
      const where: Record<string, unknown> = { status: query.status };
      if (query.cityCode) where.city = { code: query.cityCode };
      if (query.from || query.to) {
        const range = dayRange(query.from ?? query.to!, query.to ?? query.from!);
        where.appliedAt = { $gte: range.startUtc, $lt: range.endUtc };
      }
      const [rows, total] = await Promise.all([
        strapi.db.query(CAREGIVER).findMany({
          where,
          select: ['documentId', 'realName', 'gender', 'birthDate', 'idNumberMasked', 'status', 'appliedAt', 'yearsOfExperience', 'rejectReason'],
          populate: { city: { select: ['code', 'name'] } },
          orderBy: [{ appliedAt: 'asc' }, { id: 'asc' }],
          offset: (query.page - 1) * query.pageSize,
          limit: query.pageSize,
        }),
        strapi.db.query(CAREGIVER).count({ where }),
      ]);
      return { data: rows, meta: { pagination: { page: query.page, pageSize: query.pageSize, total } } };
    },

    /**
     * The auditor's view: the only place the full ID and credential numbers are decrypted, and every such access is
     * audited (PIPL: who looked at sensitive personal information, and when). `reveal: false` gives the same view
     * with the masked numbers only, for answers that need no decryption (a decision's response).
     */
    async detail(documentId: string, viewerAdminId: number | null, { reveal = true }: { reveal?: boolean } = {}) {
      const c: any = await strapi.db.query(CAREGIVER).findOne({
        where: { documentId },
        populate: { city: { select: ['code', 'name'] }, serviceCities: { select: ['code', 'name'] }, skills: { select: ['documentId', 'name'] } },
      });
      if (!c) throw notFound('陪护人员申请');
      const credentials = await strapi.db
        .query(CREDENTIAL)
        .findMany({ where: { caregiver: { id: c.id } }, populate: { credentialType: { select: ['code', 'name'] } }, orderBy: { id: 'asc' } });
      if (reveal) await audit().write({ adminId: viewerAdminId, action: 'application.view_pii', subjectType: 'caregiver', subjectId: documentId });
      const files = await bookingService(strapi, 'private-files').findMany(scanKeys(c, credentials).map((k) => k.key));
      const scan = scanView(documentId, new Map(files.map((f) => [f.key, f])));
      const { idNumberCipher, idNumberHash: _hash, idCardFrontKey, idCardBackKey, photoKey, ...rest } = c;
      return {
        ...rest,
        idNumber: reveal ? pii().decrypt(idNumberCipher, ID_AAD) : null,
        idCardFront: scan(idCardFrontKey),
        idCardBack: scan(idCardBackKey),
        photo: scan(photoKey),
        credentials: credentials.map(({ numberCipher, imageKeys, ...cred }: any) => ({
          ...cred,
          number: reveal ? pii().decrypt(numberCipher, CREDENTIAL_AAD) : null,
          images: (imageKeys ?? []).map(scan),
        })),
        auditLog: await bookingService(strapi, 'operator-lists').auditHistory(
          documentId,
          credentials.map((cred: any) => cred.documentId),
        ),
      };
    },

    /**
     * One scan of one application, for an auditor: 404 unless the key belongs to this caregiver's application (a key
     * of another caregiver is as unknown as a made-up one). The view is audited before a byte is sent.
     */
    async openScan(documentId: string, key: string, viewerAdminId: number | null) {
      const c: any = await strapi.db.query(CAREGIVER).findOne({ where: { documentId }, select: ['id', 'idCardFrontKey', 'idCardBackKey', 'photoKey'] });
      if (!c) throw notFound('陪护人员申请');
      const credentials = await strapi.db.query(CREDENTIAL).findMany({ where: { caregiver: { id: c.id } }, select: ['documentId', 'imageKeys'] });
      const ref = scanKeys(c, credentials).find((k) => k.key === key);
      const file = ref ? await bookingService(strapi, 'private-files').find(key) : null;
      if (!ref || !file) throw notFound('文件');
      const stream = await bookingService(strapi, 'private-files').open(file);
      await audit().write({
        adminId: viewerAdminId,
        action: 'application.view_scan',
        subjectType: 'caregiver',
        subjectId: documentId,
        after: { file: key, kind: ref.kind, ...(ref.credential ? { credential: ref.credential } : {}) },
      });
      return { stream, mime: file.mime, size: file.size };
    },

    async decideApplication(documentId: string, decision: Decision, adminId: number | null, reason?: string) {
      const c = await load(documentId);
      const now = new Date();
      const after = decision === 'approve' ? { status: 'approved', approvedAt: now, rejectReason: null } : { status: 'rejected', rejectReason: reason ?? null };
      await strapi.db.transaction(async () => {
        await casUpdate(CAREGIVER, c.id, ['pending'], after, '该申请不在待审核状态');
        if (decision === 'approve' && c.user?.id) {
          const role = await strapi.db.query(ROLE).findOne({ where: { type: 'caregiver' }, select: ['id'] });
          if (!role) throw new Error('users-permissions role "caregiver" is missing');
          await strapi.db.query(USER).update({ where: { id: c.user.id }, data: { role: role.id } });
        }
        await audit().write({
          adminId,
          action: `application.${decision}`,
          subjectType: 'caregiver',
          subjectId: documentId,
          before: standing(c),
          after: standing({ ...c, ...after }),
          reason,
        });
        await (decision === 'approve'
          ? notify(c.user?.id, '陪护人员认证已通过', '恭喜，您的陪护人员申请已审核通过，现在可以上线接单了。')
          : notify(c.user?.id, '陪护人员申请未通过', `您的陪护人员申请未通过审核：${reason ?? ''}。请修改后重新提交。`));
      });
      if (decision === 'approve') await publishProfilePhoto(c);
      // The decision's answer shows the masked numbers only: decrypting them here would be an unaudited view.
      return api.detail(documentId, adminId, { reveal: false });
    },

    async decideCredential(documentId: string, decision: Decision, adminId: number | null, reason?: string) {
      const cred: any = await strapi.db.query(CREDENTIAL).findOne({
        where: { documentId },
        populate: { caregiver: { select: ['id'], populate: { user: { select: ['id'] } } }, credentialType: { select: ['name'] } },
      });
      if (!cred) throw notFound('资质证书');
      const after = { status: decision === 'approve' ? 'approved' : 'rejected', reviewNote: reason ?? null, reviewedAt: new Date() };
      await strapi.db.transaction(async () => {
        await casUpdate(CREDENTIAL, cred.id, ['pending'], after, '该证书不在待审核状态');
        await audit().write({
          adminId,
          action: `credential.${decision}`,
          subjectType: 'caregiver-credential',
          subjectId: documentId,
          before: { status: cred.status, reviewNote: cred.reviewNote ?? null },
          after: { status: after.status, reviewNote: after.reviewNote },
          reason,
        });
        const name = cred.credentialType?.name ?? '资质证书';
        await (decision === 'approve'
          ? notify(cred.caregiver?.user?.id, '资质证书审核通过', `您提交的「${name}」已审核通过。`)
          : notify(cred.caregiver?.user?.id, '资质证书审核未通过', `您提交的「${name}」未通过审核：${reason ?? ''}`));
      });
      const updated: any = await strapi.db.query(CREDENTIAL).findOne({ where: { id: cred.id }, populate: { credentialType: { select: ['code', 'name'] } } });
      const { numberCipher: _cipher, ...rest } = updated;
      return rest;
    },

    /** Without `until` the suspension lasts until lifted (status suspended); with it, it ends by itself. */
    async suspend(documentId: string, adminId: number | null, input: { reason: string; until?: string }) {
      const c = await load(documentId);
      if (input.until && new Date(input.until).getTime() <= Date.now()) throw bookingError('INVALID_UNTIL');
      const after = input.until
        ? { suspendedUntil: new Date(input.until), suspensionReason: input.reason, online: false }
        : { status: 'suspended', suspendedUntil: null, suspensionReason: input.reason, online: false };
      await strapi.db.transaction(async () => {
        await casUpdate(CAREGIVER, c.id, input.until ? ['approved', 'suspended'] : ['approved'], after, '只能暂停已认证的陪护人员');
        await audit().write({
          adminId,
          action: 'caregiver.suspend',
          subjectType: 'caregiver',
          subjectId: documentId,
          before: standing(c),
          after: standing({ ...c, ...after }),
          reason: input.reason,
        });
        await notify(
          c.user?.id,
          '账号已暂停接单',
          `您的账号已被暂停接单${input.until ? `，至 ${new Date(input.until).toISOString().slice(0, 16).replace('T', ' ')}（UTC）` : ''}。原因：${input.reason}`,
        );
      });
      return standing(await load(documentId));
    },

    async liftSuspension(documentId: string, adminId: number | null, reason: string) {
      const c = await load(documentId);
      if (!isSuspended(c)) throw bookingError('NOT_SUSPENDED');
      const after = { status: 'approved', suspendedUntil: null, suspensionReason: null };
      await strapi.db.transaction(async () => {
        await casUpdate(CAREGIVER, c.id, [c.status], after, '陪护人员状态已变化，请刷新后重试');
        await audit().write({
          adminId,
          action: 'caregiver.lift_suspension',
          subjectType: 'caregiver',
          subjectId: documentId,
          before: standing(c),
          after: standing({ ...c, ...after }),
          reason,
        });
        await notify(c.user?.id, '账号已恢复接单', '您的账号已恢复，可以重新上线接单。');
      });
      return standing(await load(documentId));
    },
  };
  return api;
};

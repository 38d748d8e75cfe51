import type { Core } from '@strapi/strapi';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { detectImageType } from '../../domain/image-type';
import { UID } from '../../content-types/uids';
import { bookingService } from '../../utils/plugin';
import { SCAN_PURPOSE } from './caregiver-applications';

const CAREGIVER = UID.caregiver;
const CREDENTIAL = UID.caregiverCredential;
const MORPH = 'files_related_mph';
/** The caption the old upload route marked each caregiver document with: `booking:caregiver-doc:u<userId>`. */
const LEGACY_MARK = 'booking:caregiver-doc:u';
const CAREGIVER_FIELDS: Record<string, 'idCardFrontKey' | 'idCardBackKey'> = { idCardFront: 'idCardFrontKey', idCardBack: 'idCardBackKey' };

export interface MigrationReport {
  moved: number;
  /** Legacy files whose slot already holds a newer private scan: deleted without a copy. */
  discarded: number;
  failed: Array<{ fileId: number; error: string }>;
}

interface LegacyFile {
  id: number;
  caption: string | null;
  mime: string | null;
  url: string;
  provider: string;
  hash: string;
  ext: string;
}

/**
 * Moves ID-card and certificate scans stored by the old application route (Media Library files with a public URL)
 * into the private store: each file's bytes are copied, the caregiver's or credential's opaque key is written, then
 * the public file and its upload row go. The media relations were dropped from the content types, but their rows
 * stay in Strapi's polymorphic join table, which is what this reads. Idempotent: a file is gone once moved, and a
 * copy made before an interruption is found again by `legacyFileId` instead of being copied twice. The caregiver's
 * `photo` (the public avatar) is not a scan and stays in the Media Library.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const privateFiles = () => bookingService(strapi, 'private-files');

  async function legacyBytes(file: LegacyFile): Promise<Buffer> {
    if (file.provider === 'local') {
      const publicDir = path.resolve(strapi.dirs.static.public);
      const full = path.resolve(publicDir, `.${file.url}`);
      if (!full.startsWith(publicDir + path.sep)) throw new Error(`unexpected local file URL ${file.url}`);
      return readFile(full);
    }
    const provider: any = strapi.plugin('upload').provider;
    const url = (await provider.isPrivate?.()) ? (await provider.getSignedUrl(file)).url : file.url;
    const res = await fetch(url);
    if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  }

  const ownerOf = (file: LegacyFile) => {
    const match = file.caption?.startsWith(LEGACY_MARK) ? Number(file.caption.slice(LEGACY_MARK.length)) : NaN;
    return Number.isInteger(match) && match > 0 ? match : null;
  };

  /** The private copy of a legacy file: the one an interrupted run already made, else a new one. */
  async function privateCopy(file: LegacyFile) {
    const existing = await strapi.db.query(UID.privateFile).findOne({ where: { legacyFileId: file.id } });
    if (existing) return existing;
    const bytes = await legacyBytes(file);
    const mime = detectImageType(bytes.subarray(0, 16)) ?? file.mime ?? 'application/octet-stream';
    return privateFiles().put({ bytes, mime, ownerUserId: ownerOf(file), purpose: SCAN_PURPOSE, legacyFileId: file.id });
  }

  async function removeLegacy(fileId: number) {
    await knex()(MORPH).where({ file_id: fileId }).del();
    const file = await strapi.db.query(UID.uploadFile).findOne({ where: { id: fileId } });
    if (file) await strapi.plugin('upload').service('upload').remove(file);
  }

  /** Writes the key where the media relation was; false when the slot already holds a newer private scan. */
  async function attach(link: { related_type: string; related_id: number; field: string }, key: string) {
    if (link.related_type === CAREGIVER) {
      const column = CAREGIVER_FIELDS[link.field];
      const { count } = await strapi.db.query(CAREGIVER).updateMany({ where: { id: link.related_id, [column]: null }, data: { [column]: key } });
      return count === 1;
    }
    const credential: any = await strapi.db.query(CREDENTIAL).findOne({ where: { id: link.related_id }, select: ['id', 'imageKeys'] });
    if (!credential) return false;
    const keys: string[] = credential.imageKeys ?? [];
    if (!keys.includes(key)) await strapi.db.query(CREDENTIAL).update({ where: { id: credential.id }, data: { imageKeys: [...keys, key] } });
    return true;
  }

  return {
    async migrateLegacyScans(log: (line: string) => void = () => undefined): Promise<MigrationReport> {
      const report: MigrationReport = { moved: 0, discarded: 0, failed: [] };
      const links: Array<{ file_id: number; related_type: string; related_id: number; field: string }> = await knex()(MORPH)
        .where((q) => q.where({ related_type: CAREGIVER }).whereIn('field', Object.keys(CAREGIVER_FIELDS)))
        .orWhere((q) => q.where({ related_type: CREDENTIAL, field: 'images' }))
        .orderBy([{ column: 'related_type' }, { column: 'related_id' }, { column: 'order' }, { column: 'id' }])
        .select('file_id', 'related_type', 'related_id', 'field');
      // Uploaded through the old route but never attached (an application in progress): private too, unattached.
      const linked = knex()(MORPH).select('file_id');
      const unattached: Array<{ id: number }> = await knex()('files').where('caption', 'like', `${LEGACY_MARK}%`).whereNotIn('id', linked).select('id');
      const work = [...links.map((l) => ({ fileId: l.file_id, link: l })), ...unattached.map((f) => ({ fileId: f.id, link: null }))];

      for (const { fileId, link } of work) {
        try {
          const file: LegacyFile | null = await strapi.db.query(UID.uploadFile).findOne({ where: { id: fileId } });
          if (!file) {
            await knex()(MORPH).where({ file_id: fileId }).del();
            continue;
          }
          const copy = await privateCopy(file);
          const attached = link ? await attach(link, copy.key) : true;
          if (!attached) await privateFiles().remove([copy]);
          await removeLegacy(fileId);
          report[attached ? 'moved' : 'discarded'] += 1;
          log(`${attached ? 'moved' : 'discarded'} file #${fileId}${link ? ` (${link.related_type}#${link.related_id}.${link.field})` : ' (unattached)'}`);
        } catch (error) {
          report.failed.push({ fileId, error: (error as Error).message });
          log(`FAILED file #${fileId}: ${(error as Error).message}`);
        }
      }
      return report;
    },
  };
};

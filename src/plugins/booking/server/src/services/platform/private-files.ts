import type { Core } from '@strapi/strapi';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { UID } from '../../content-types/uids';
import { bookingConfig } from '../../utils/plugin';
import type { PrivateFilesConfig } from '../../config';

const FILE = UID.privateFile;

export interface PrivateFileRow {
  id: number;
  key: string;
  ownerUserId: number | null;
  purpose: string | null;
  mime: string;
  size: number | null;
  storage: 'local' | 's3';
  location: string;
  legacyFileId?: number | null;
  createdAt?: string;
}

export interface PutInput {
  bytes: Buffer;
  mime: string;
  ownerUserId: number | null;
  purpose: string;
  legacyFileId?: number;
}

/** Keys are 128 random bits in hex: unguessable, and they say nothing about the person or the file. */
export const PRIVATE_KEY_PATTERN = /^[a-f0-9]{32}$/;

/**
 * Identity-card and certificate scans. Unlike the upload plugin (Media Library rows, a public `/uploads` URL or a
 * public bucket object), a private file is a row of its own table (hidden from the Content Manager) plus bytes in a
 * directory outside `public/` (local driver) or under a private prefix / bucket with no public ACL (s3 driver).
 * The bytes are only ever read back by the server, for the audited operator route; callers hold an opaque key.
 * Each row records its storage, so switching drivers later still reads what was stored before.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = (): PrivateFilesConfig => bookingConfig(strapi).privateFiles ?? { driver: 'local', dir: 'private' };
  let client: S3Client | null = null;

  function localRoot() {
    const root = path.resolve(strapi.dirs.app.root, config().dir);
    const publicDir = path.resolve(strapi.dirs.static.public);
    // A directory the static server serves would make every scan public again.
    if (root === publicDir || root.startsWith(publicDir + path.sep)) throw new Error(`PRIVATE_FILES_DIR (${root}) must be outside ${publicDir}`);
    return root;
  }

  function s3() {
    const s3Config = config().s3;
    if (!s3Config?.bucket) throw new Error('Private files on S3 need PRIVATE_S3_BUCKET (or S3_BUCKET)');
    client ??= new S3Client({
      endpoint: s3Config.endpoint || undefined,
      region: s3Config.region,
      forcePathStyle: s3Config.forcePathStyle,
      credentials: { accessKeyId: s3Config.accessKeyId, secretAccessKey: s3Config.secretAccessKey },
    });
    return { client, bucket: s3Config.bucket, prefix: s3Config.prefix ?? 'private/' };
  }

  const localPath = (location: string) => {
    const root = localRoot();
    const full = path.resolve(root, location);
    if (!full.startsWith(root + path.sep)) throw new Error('Private file location escapes its directory');
    return full;
  };

  const api = {
    /** Checked at bootstrap so a misconfigured store fails the boot, not the first applicant. */
    assertConfigured() {
      if (config().driver === 'local') localRoot();
      else s3();
    },

    async put(input: PutInput): Promise<PrivateFileRow> {
      const key = randomBytes(16).toString('hex');
      const storage = config().driver;
      let location: string;
      if (storage === 's3') {
        const { client: c, bucket, prefix } = s3();
        location = `${prefix}${key}`;
        // No ACL: the object gets the bucket's default (private); never `public-read` like the Media Library's S3_ACL.
        await c.send(new PutObjectCommand({ Bucket: bucket, Key: location, Body: input.bytes, ContentType: input.mime, CacheControl: 'private, no-store' }));
      } else {
        location = path.join(key.slice(0, 2), key);
        const full = localPath(location);
        await mkdir(path.dirname(full), { recursive: true, mode: 0o700 });
        await writeFile(full, input.bytes, { mode: 0o600 });
      }
      return strapi.db.query(FILE).create({
        data: {
          key,
          ownerUserId: input.ownerUserId,
          purpose: input.purpose,
          mime: input.mime,
          size: input.bytes.length,
          storage,
          location,
          legacyFileId: input.legacyFileId ?? null,
        },
      });
    },

    find(key: string): Promise<PrivateFileRow | null> {
      if (!PRIVATE_KEY_PATTERN.test(key)) return Promise.resolve(null);
      return strapi.db.query(FILE).findOne({ where: { key } });
    },

    findMany(keys: string[]): Promise<PrivateFileRow[]> {
      const valid = keys.filter((k) => PRIVATE_KEY_PATTERN.test(k));
      return valid.length ? strapi.db.query(FILE).findMany({ where: { key: { $in: valid } }, orderBy: { id: 'asc' } }) : Promise.resolve([]);
    },

    /** The applicant's own uploads by the ids the upload answered (only rows they uploaded match). */
    ownedBy(userId: number, ids: number[]): Promise<PrivateFileRow[]> {
      return strapi.db.query(FILE).findMany({ where: { id: { $in: ids }, ownerUserId: userId } });
    },

    /** Everything a user uploaded (erasure of their account). */
    allOf(userId: number): Promise<PrivateFileRow[]> {
      return strapi.db.query(FILE).findMany({ where: { ownerUserId: userId } });
    },

    async open(file: PrivateFileRow): Promise<Readable> {
      if (file.storage === 's3') {
        const { client: c, bucket } = s3();
        const res = await c.send(new GetObjectCommand({ Bucket: bucket, Key: file.location }));
        return res.Body as Readable;
      }
      return createReadStream(localPath(file.location));
    },

    async read(file: PrivateFileRow): Promise<Buffer> {
      const chunks: Buffer[] = [];
      for await (const chunk of await api.open(file)) chunks.push(Buffer.from(chunk));
      return Buffer.concat(chunks);
    },

    /** Removes the bytes, then the rows. A missing object is not an error: erasure must be repeatable. */
    async remove(files: PrivateFileRow[]) {
      for (const file of files) {
        if (file.storage === 's3') {
          const { client: c, bucket } = s3();
          await c.send(new DeleteObjectCommand({ Bucket: bucket, Key: file.location }));
        } else {
          await rm(localPath(file.location), { force: true });
        }
      }
      if (files.length) await strapi.db.query(FILE).deleteMany({ where: { id: { $in: files.map((f) => f.id) } } });
    },

    async removeKeys(keys: Array<string | null | undefined>) {
      await api.remove(await api.findMany(keys.filter((k): k is string => Boolean(k))));
    },

    destroy() {
      client?.destroy();
      client = null;
    },
  };
  return api;
};

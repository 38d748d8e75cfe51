import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';

/** The demo pictures live in the repository (drawn by scripts/seed-pictures, licence in their folder). */
export const PICTURE_DIR = ['src', 'seed', 'pictures'];
const FOLDER_NAME = '演示图片';

export interface PictureLibrary {
  /** The upload id of `name` (e.g. "cover-full-escort"), uploading it on first use; null when pictures are off. */
  id(name: string, alternativeText: string): Promise<number | null>;
  /** Uploads several pictures a few at a time (image processing dominates seeding; 3 at once is ~1.6× faster). */
  preload(pictures: Array<[name: string, alternativeText: string]>): Promise<void>;
}

const PRELOAD_CONCURRENCY = 3;

/** Seeding pictures is on unless SEED_DEMO_PICTURES=false (the test suite turns it off where no test looks). */
export const wantsPictures = () => process.env.SEED_DEMO_PICTURES !== 'false';

/**
 * Uploads demo pictures through Strapi's upload service, so the configured provider (local or S3) stores them
 * and the responsive formats (thumbnail, small, medium) exist exactly as for an editor's upload. A picture is
 * uploaded once, into the media library folder 演示图片, and found again by name on later runs.
 */
export function pictureLibrary(strapi: Core.Strapi, enabled = wantsPictures()): PictureLibrary {
  const dir = path.join(strapi.dirs.app.root, ...PICTURE_DIR);
  const known = new Map<string, Promise<number | null>>();
  let folder: Promise<number | null> | undefined;

  const folderId = () => {
    folder ??= (async () => {
      const existing: any = await strapi.db.query('plugin::upload.folder').findOne({ where: { name: FOLDER_NAME, parent: null }, select: ['id'] });
      if (existing) return existing.id;
      const created: any = await strapi.plugin('upload').service('folder').create({ name: FOLDER_NAME, parent: null });
      return created.id;
    })();
    return folder;
  };

  async function upload(name: string, alternativeText: string): Promise<number | null> {
    const fileName = `${name}.webp`;
    const existing: any = await strapi.db.query('plugin::upload.file').findOne({ where: { name: fileName }, select: ['id'] });
    if (existing) return existing.id;
    const filepath = path.join(dir, fileName);
    if (!fs.existsSync(filepath)) {
      strapi.log.warn(`[seed] picture ${fileName} is missing from ${path.relative(strapi.dirs.app.root, dir)}`);
      return null;
    }
    const [file]: any[] = await strapi
      .plugin('upload')
      .service('upload')
      .upload({
        data: { fileInfo: { name: fileName, alternativeText, caption: alternativeText, folder: await folderId() } },
        files: { filepath, originalFilename: fileName, mimetype: 'image/webp', size: fs.statSync(filepath).size },
      });
    return file.id;
  }

  const library: PictureLibrary = {
    id(name, alternativeText) {
      if (!enabled) return Promise.resolve(null);
      if (!known.has(name)) known.set(name, upload(name, alternativeText));
      return known.get(name)!;
    },
    async preload(pictures) {
      if (!enabled) return;
      await folderId();
      const queue = [...pictures];
      await Promise.all(
        Array.from({ length: PRELOAD_CONCURRENCY }, async () => {
          for (let next = queue.shift(); next; next = queue.shift()) await library.id(...next);
        }),
      );
    },
  };
  return library;
}

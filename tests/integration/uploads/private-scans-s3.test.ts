/**
 * Issue 18 item 13 with UPLOAD_PROVIDER=s3, against a real S3-compatible server (s3rver) on loopback: an applicant's
 * scan is stored under the private prefix (no public ACL, no Media Library row), read back only through the audited
 * operator route, and a legacy scan in the public Media Library bucket is moved into the private prefix.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { adminToken } from '../../helpers/orders';
import { signedInUser } from '../../helpers/users';

const S3rver = require('s3rver');
const sharp = require('sharp');

const BUCKET = 'care-uploads-test';
const png = fs.readFileSync(path.join(__dirname, '../../fixtures/red-2x2.png'));
let s3: any;
let s3Dir: string;
let endpoint: string;
let client: S3Client;
let app: TestApp;

beforeAll(async () => {
  s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3rver-'));
  s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3Dir, configureBuckets: [{ name: BUCKET }] });
  const { port } = (await s3.run()) as AddressInfo;
  endpoint = `http://127.0.0.1:${port}`;
  client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  app = await bootStrapi({
    env: {
      UPLOAD_PROVIDER: 's3',
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_BUCKET: BUCKET,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_ACL: 'public-read',
      UPLOAD_PUBLIC_URL: `${endpoint}/${BUCKET}`,
      PRIVATE_S3_PREFIX: 'private-scans/',
    },
  });
});

afterAll(async () => {
  await app?.stop();
  client?.destroy();
  await s3?.close();
  fs.rmSync(s3Dir, { recursive: true, force: true });
});

const objectKeys = async () => ((await client.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key as string);
const privateFiles = () => app.strapi.plugin('booking').service('private-files');

it('stores an applicant’s scan under the private prefix, outside the Media Library, and serves it to an auditor only', async () => {
  const applicant = await signedInUser(app);
  const res = await app.http().post('/api/booking/caregiver-applications/photos').set(applicant.auth).attach('file', png, 'id.png').expect(201);
  const [row] = await privateFiles().ownedBy(applicant.user.id, [res.body.data.id]);
  expect(row).toMatchObject({ storage: 's3', mime: 'image/png', location: `private-scans/${row.key}` });
  expect(await objectKeys()).toEqual([`private-scans/${row.key}`]);
  expect(await app.strapi.db.query('plugin::upload.file').count()).toBe(0);
  // (s3rver does not enforce ACLs, so "no anonymous read" is the bucket's job in production: the private prefix
  // or bucket is excluded from the public policy, docs/deploy.md; our PutObject sends no ACL at all.)
  const stored = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: row.location }));
  expect(stored.ContentType).toBe('image/png');
  expect(stored.CacheControl).toBe('private, no-store');

  const caregiver = await app.strapi.db
    .query('api::caregiver.caregiver')
    .create({ data: { realName: '孙淑珍', gender: 'female', status: 'pending', user: applicant.user.id, idCardFrontKey: row.key } });
  const [auditor, editor] = await Promise.all([adminToken(app, 'booking-auditor'), adminToken(app, 'strapi-editor')]);
  const url = `/booking/caregivers/${caregiver.documentId}/files/${row.key}`;
  expect((await app.http().get(url).set(editor.auth)).status).toBe(403);
  const scan = await app
    .http()
    .get(url)
    .set(auditor.auth)
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
  expect(scan.status).toBe(200);
  expect(scan.headers['content-type']).toBe('image/png');
  expect(scan.headers['cache-control']).toBe('private, no-store');
  expect(Buffer.compare(scan.body, png)).toBe(0);
  expect(await app.strapi.db.query('plugin::booking.audit-log').count({ where: { action: 'application.view_scan', adminId: auditor.user.id } })).toBe(1);
});

it('moves a legacy scan from the public bucket into the private prefix', async () => {
  const owner = await signedInUser(app);
  const tmp = path.join(os.tmpdir(), `legacy-s3-${Date.now()}.png`);
  fs.writeFileSync(tmp, png);
  const [legacy] = await app.strapi
    .plugin('upload')
    .service('upload')
    .upload({
      data: { fileInfo: { name: 'caregiver-doc-legacy', caption: `booking:caregiver-doc:u${owner.user.id}` } },
      files: { filepath: tmp, originalFilename: 'id.png', mimetype: 'image/png', size: png.length },
    });
  expect((await fetch(legacy.url)).status).toBe(200);
  const caregiver = await app.strapi.db
    .query('api::caregiver.caregiver')
    .create({ data: { realName: '周秀兰', gender: 'female', status: 'pending', user: owner.user.id } });
  await app.strapi.db
    .connection('files_related_mph')
    .insert({ file_id: legacy.id, related_id: caregiver.id, related_type: 'api::caregiver.caregiver', field: 'idCardBack', order: 1 });

  expect(await app.strapi.plugin('booking').service('scan-migration').migrateLegacyScans()).toEqual({ moved: 1, discarded: 0, failed: [] });
  const after = await app.strapi.db.query('api::caregiver.caregiver').findOne({ where: { id: caregiver.id } });
  const moved = await privateFiles().find(after.idCardBackKey);
  expect(moved).toMatchObject({ storage: 's3', legacyFileId: legacy.id, location: `private-scans/${after.idCardBackKey}` });
  expect((await fetch(legacy.url)).status).toBe(404);
  expect((await objectKeys()).filter((k) => !k.startsWith('private-scans/'))).toEqual([]);
  expect(await app.strapi.db.query('plugin::upload.file').count()).toBe(0);
  // Strapi may have re-encoded the legacy upload: compare decoded pixels.
  const [sent, got] = await Promise.all([png, await privateFiles().read(moved)].map((b) => sharp(b).raw().toBuffer({ resolveWithObject: true })));
  expect(got.data.equals(sent.data)).toBe(true);
});

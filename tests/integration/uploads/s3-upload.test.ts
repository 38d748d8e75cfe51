/**
 * Uploads go through Strapi's upload plugin and @strapi/provider-upload-aws-s3 to a real S3-compatible server
 * (s3rver) on loopback, which verifies the AWS signature with its own credentials, and come back by URL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { bootStrapi, type TestApp } from '../../helpers/strapi';

const S3rver = require('s3rver');

const sharp = require('sharp');

const BUCKET = 'care-uploads-test';
let s3: any;
let app: TestApp;
let token: string;
let s3Dir: string;

beforeAll(async () => {
  s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3rver-'));
  s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3Dir, configureBuckets: [{ name: BUCKET }] });
  const { port } = (await s3.run()) as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  app = await bootStrapi({
    env: {
      UPLOAD_PROVIDER: 's3',
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_BUCKET: BUCKET,
      S3_FORCE_PATH_STYLE: 'true',
      // s3rver's built-in account; it rejects requests signed with anything else.
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      UPLOAD_PUBLIC_URL: `${endpoint}/${BUCKET}`,
    },
  });
  const created = await app.strapi.service('admin::api-token').create({ name: 'upload-test', description: '', type: 'full-access', lifespan: null });
  token = created.accessKey;
});

afterAll(async () => {
  await app?.stop();
  await s3?.close();
  fs.rmSync(s3Dir, { recursive: true, force: true });
});

it('stores an uploaded image in the bucket and serves it back from the returned URL', async () => {
  const png = fs.readFileSync(path.join(__dirname, '../../fixtures/red-2x2.png'));
  const res = await app
    .http()
    .post('/api/upload')
    .set('Authorization', `Bearer ${token}`)
    .attach('files', png, { filename: '陪护封面.png', contentType: 'image/png' })
    .expect(201);

  const [file] = res.body;
  expect(file.provider).toBe('aws-s3');
  expect(file.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/${BUCKET}/`));

  const fetched = await fetch(file.url);
  expect(fetched.status).toBe(200);
  // Strapi may re-encode images (size optimisation), so compare decoded pixels rather than bytes.
  const body = Buffer.from(await fetched.arrayBuffer());
  const [sent, got] = await Promise.all([png, body].map((b) => sharp(b).raw().toBuffer({ resolveWithObject: true })));
  expect(got.info).toEqual(expect.objectContaining({ width: 2, height: 2 }));
  expect(got.data.equals(sent.data)).toBe(true);

  // The object really lives in the S3 server's store, not on local disk.
  const stored = await app.strapi.db.query('plugin::upload.file').findOne({ where: { id: file.id } });
  expect(stored.provider).toBe('aws-s3');
  expect(fs.existsSync(path.join(process.cwd(), 'public/uploads', `${file.hash}${file.ext}`))).toBe(false);
});

it('refuses an upload without credentials', async () => {
  const png = fs.readFileSync(path.join(__dirname, '../../fixtures/red-2x2.png'));
  const res = await app.http().post('/api/upload').attach('files', png, 'x.png');
  expect(res.status).toBe(403);
  expect(await app.strapi.db.query('plugin::upload.file').count()).toBe(1);
});

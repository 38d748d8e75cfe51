/**
 * Issue 18 item 13: ID-card and certificate scans are private files. An applicant's upload never becomes a Media
 * Library file or a public `/uploads` URL; operators holding `credentials.audit` read it through the audited scan
 * route only (each read leaves an audit row), other admin roles get a 403, and a key of another caregiver is a 404.
 * Legacy scans (Media Library files from before) are moved by the migration service behind
 * scripts/migrate-private-scans.js, idempotently. Erasure and the data export work on the private store.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { adminToken, BEIJING, serviceBySlug } from '../../helpers/orders';
import { signedInUser } from '../../helpers/users';
import { computeIdCardCheckDigit } from '../../../src/plugins/booking/server/src/domain/id-card';

const png = fs.readFileSync(path.resolve(__dirname, '../../fixtures/red-2x2.png'));
const ID_NUMBER = (() => {
  const first17 = '11010519850612301';
  return first17 + computeIdCardCheckDigit(first17);
})();
const CAREGIVER = 'api::caregiver.caregiver';
const CREDENTIAL = 'api::caregiver-credential.caregiver-credential';
const AUDIT = 'plugin::booking.audit-log';

let app: TestApp;
let service: any;
let applicant: Awaited<ReturnType<typeof signedInUser>>;
let auditor: Awaited<ReturnType<typeof adminToken>>;
let dispatcher: Awaited<ReturnType<typeof adminToken>>;
let editor: Awaited<ReturnType<typeof adminToken>>;
let superAdmin: Awaited<ReturnType<typeof adminToken>>;
let caregiverId: string;
let detail: any;

const privateFiles = () => app.strapi.plugin('booking').service('private-files');
const privatePath = (row: any) => path.resolve(process.cwd(), process.env.PRIVATE_FILES_DIR as string, row.location);

async function upload(session: { auth: Record<string, string> }) {
  const res = await app.http().post('/api/booking/caregiver-applications/photos').set(session.auth).attach('file', png, 'id.png').expect(201);
  return res.body.data.id as number;
}

async function apply(session: Awaited<ReturnType<typeof signedInUser>>, idNumber: string) {
  const [front, back, cert] = [await upload(session), await upload(session), await upload(session)];
  const res = await app
    .http()
    .post('/api/booking/caregiver-applications')
    .set(session.auth)
    .send({
      realName: '赵桂兰',
      idNumber,
      idCardFrontId: front,
      idCardBackId: back,
      yearsOfExperience: 5,
      languages: ['普通话'],
      cityCode: BEIJING,
      serviceCityCodes: [BEIJING],
      home: { latitude: 39.95, longitude: 116.4 },
      serviceRadiusKm: 10,
      skills: [service.documentId],
      credentials: [
        {
          typeCode: 'health_certificate',
          number: 'JK2026000111',
          validUntil: new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10),
          imageIds: [cert],
        },
      ],
    });
  expect(res.status).toBe(201);
  return res.body.data.documentId as string;
}

beforeAll(async () => {
  app = await bootStrapi({ env: { SEED_DEMO: 'true', IDENTITY_PROVIDER: 'sandbox' } });
  service = await serviceBySlug(app, 'venous-blood-draw');
  applicant = await signedInUser(app);
  [auditor, dispatcher, editor, superAdmin] = await Promise.all([
    adminToken(app, 'booking-auditor'),
    adminToken(app, 'booking-dispatcher'),
    adminToken(app, 'strapi-editor'),
    adminToken(app),
  ]);
  caregiverId = await apply(applicant, ID_NUMBER);
  detail = (await app.http().get(`/booking/audit/applications/${caregiverId}`).set(auditor.auth).expect(200)).body.data;
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

describe('an uploaded scan is private', () => {
  test('the application holds opaque keys, not URLs, and no Media Library file exists', async () => {
    const row = await app.strapi.db.query(CAREGIVER).findOne({ where: { documentId: caregiverId } });
    const [credential] = await app.strapi.db.query(CREDENTIAL).findMany({ where: { caregiver: { id: row.id } } });
    for (const key of [row.idCardFrontKey, row.idCardBackKey, ...credential.imageKeys]) expect(key).toMatch(/^[a-f0-9]{32}$/);
    expect(detail.idCardFront).toEqual({ id: row.idCardFrontKey, caregiverId, mime: 'image/png' });
    expect(detail.credentials[0].images).toEqual([{ id: credential.imageKeys[0], caregiverId, mime: 'image/png' }]);
    expect(JSON.stringify(detail)).not.toMatch(/\/uploads\//);
    // Nothing in the upload plugin: neither its table nor its files API (what the Media Library lists).
    expect(await app.strapi.db.query('plugin::upload.file').count()).toBe(0);
    const media = await app.http().get('/upload/files').set(superAdmin.auth).expect(200);
    expect(media.body.results ?? media.body).toEqual([]);
    // The bytes are outside public/ and not served under /uploads.
    const stored = await privateFiles().find(row.idCardFrontKey);
    expect(stored).toMatchObject({ storage: 'local', mime: 'image/png', ownerUserId: applicant.user.id });
    expect(fs.existsSync(privatePath(stored))).toBe(true);
    expect(privatePath(stored).startsWith(path.resolve(process.cwd(), 'public'))).toBe(false);
    expect(fs.readdirSync(path.resolve(process.cwd(), 'public/uploads')).some((f) => f.includes(row.idCardFrontKey))).toBe(false);
    expect((await app.http().get(`/uploads/${row.idCardFrontKey}`)).status).toBe(404);
    expect((await app.http().get(`/uploads/${stored.location.replace(/\\/g, '/')}`)).status).toBe(404);
  });

  test('the upload still refuses what is not an image', async () => {
    const res = await app
      .http()
      .post('/api/booking/caregiver-applications/photos')
      .set(applicant.auth)
      .attach('file', Buffer.from('%PDF-1.4 not an image'), { filename: 'x.png', contentType: 'image/png' });
    expect(res.status).toBe(400);
  });
});

describe('the audited scan route', () => {
  const scanUrl = (file: { id: string }, owner = caregiverId) => `/booking/caregivers/${owner}/files/${file.id}`;

  test('streams the scan to an operator holding credentials.audit, uncached, and audits each read', async () => {
    const before = await app.strapi.db.query(AUDIT).count({ where: { action: 'application.view_scan' } });
    for (const file of [detail.idCardFront, detail.credentials[0].images[0]]) {
      const res = await app
        .http()
        .get(scanUrl(file))
        .set(auditor.auth)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(Buffer.compare(res.body, png)).toBe(0);
    }
    const views = await app.strapi.db.query(AUDIT).findMany({ where: { action: 'application.view_scan' }, orderBy: { id: 'asc' } });
    expect(views).toHaveLength(before + 2);
    expect(views.slice(-2)).toEqual([
      expect.objectContaining({
        adminId: auditor.user.id,
        subjectType: 'caregiver',
        subjectId: caregiverId,
        after: { file: detail.idCardFront.id, kind: 'idCardFront' },
      }),
      expect.objectContaining({
        adminId: auditor.user.id,
        after: { file: detail.credentials[0].images[0].id, kind: 'credential', credential: detail.credentials[0].documentId },
      }),
    ]);
  });

  test('is refused to admin roles without credentials.audit (Editor can read media; a dispatcher can read caregivers)', async () => {
    const count = await app.strapi.db.query(AUDIT).count({ where: { action: 'application.view_scan' } });
    expect((await app.http().get(scanUrl(detail.idCardFront)).set(editor.auth)).status).toBe(403);
    expect((await app.http().get(scanUrl(detail.idCardFront)).set(dispatcher.auth)).status).toBe(403);
    expect((await app.http().get(scanUrl(detail.idCardFront)).set(applicant.auth)).status).toBe(401);
    expect((await app.http().get(scanUrl(detail.idCardFront))).status).toBe(401);
    expect(await app.strapi.db.query(AUDIT).count({ where: { action: 'application.view_scan' } })).toBe(count);
  });

  test('a key that is not this caregiver’s is a 404, and a malformed key a 400', async () => {
    const other = await signedInUser(app);
    const otherId = await apply(other, '11010519900101301' + computeIdCardCheckDigit('11010519900101301'));
    const res = await app.http().get(scanUrl(detail.idCardFront, otherId)).set(auditor.auth);
    expect(res.status).toBe(404);
    expect(res.body.error.details.code).toBe('NOT_FOUND');
    expect(
      (
        await app
          .http()
          .get(scanUrl({ id: 'f'.repeat(32) }))
          .set(auditor.auth)
      ).status,
    ).toBe(404);
    expect(
      (
        await app
          .http()
          .get(scanUrl({ id: '../../etc/passwd' }))
          .set(auditor.auth)
      ).status,
    ).toBe(404);
    expect(
      (
        await app
          .http()
          .get(scanUrl({ id: 'ABC' }))
          .set(auditor.auth)
      ).status,
    ).toBe(400);
    // An applicant's upload that is not attached to this application is not reachable either.
    const loose = await privateFiles().ownedBy(applicant.user.id, [await upload(applicant)]);
    expect(
      (
        await app
          .http()
          .get(scanUrl({ id: loose[0].key }))
          .set(auditor.auth)
      ).status,
    ).toBe(404);
  });
});

describe('legacy Media Library scans', () => {
  async function legacyUpload(caption: string) {
    const tmp = path.join(os.tmpdir(), `legacy-${Date.now()}-${Math.random().toString(36).slice(2)}.png`);
    fs.writeFileSync(tmp, png);
    const [file] = await app.strapi
      .plugin('upload')
      .service('upload')
      .upload({
        data: { fileInfo: { name: 'caregiver-doc-legacy', caption, alternativeText: '陪护申请资料' } },
        files: { filepath: tmp, originalFilename: 'id.png', mimetype: 'image/png', size: png.length },
      });
    return file;
  }

  test('are moved into the private store, re-linked, and deleted from public storage; a second run finds nothing', async () => {
    const owner = await signedInUser(app);
    const mark = `booking:caregiver-doc:u${owner.user.id}`;
    const [front, back, cert, loose] = [await legacyUpload(mark), await legacyUpload(mark), await legacyUpload(mark), await legacyUpload(mark)];
    expect((await app.http().get(front.url)).status).toBe(200);
    // A caregiver and credential as an older version wrote them: media relations in Strapi's polymorphic join table.
    const legacy = await app.strapi.db.query(CAREGIVER).create({ data: { realName: '钱玉梅', gender: 'female', status: 'pending', user: owner.user.id } });
    const credential = await app.strapi.db.query(CREDENTIAL).create({ data: { caregiver: legacy.id, status: 'pending' } });
    const knex = app.strapi.db.connection;
    await knex('files_related_mph').insert([
      { file_id: front.id, related_id: legacy.id, related_type: CAREGIVER, field: 'idCardFront', order: 1 },
      { file_id: back.id, related_id: legacy.id, related_type: CAREGIVER, field: 'idCardBack', order: 1 },
      { file_id: cert.id, related_id: credential.id, related_type: CREDENTIAL, field: 'images', order: 1 },
    ]);

    const report = await app.strapi.plugin('booking').service('scan-migration').migrateLegacyScans();
    expect(report).toEqual({ moved: 4, discarded: 0, failed: [] });

    const after = await app.strapi.db.query(CAREGIVER).findOne({ where: { id: legacy.id } });
    const cred = await app.strapi.db.query(CREDENTIAL).findOne({ where: { id: credential.id } });
    const moved = await privateFiles().findMany([after.idCardFrontKey, after.idCardBackKey, ...cred.imageKeys]);
    const legacyOf = new Map(moved.map((f: any) => [f.key, f.legacyFileId]));
    expect([after.idCardFrontKey, after.idCardBackKey, cred.imageKeys[0]].map((k) => legacyOf.get(k))).toEqual([front.id, back.id, cert.id]);
    expect(moved.every((f: any) => f.ownerUserId === owner.user.id && f.mime === 'image/png')).toBe(true);
    const unattached = await app.strapi.db.query('plugin::booking.private-file').findOne({ where: { legacyFileId: loose.id } });
    expect(unattached).toMatchObject({ ownerUserId: owner.user.id });
    // The public files and their upload rows are gone; the operator route serves the moved scan.
    expect(await app.strapi.db.query('plugin::upload.file').count()).toBe(0);
    expect(
      await knex('files_related_mph')
        .count({ n: '*' })
        .then((r: any) => Number(r[0].n)),
    ).toBe(0);
    for (const f of [front, back, cert, loose]) {
      expect((await app.http().get(f.url)).status).toBe(404);
      expect(fs.existsSync(path.join(process.cwd(), 'public', f.url))).toBe(false);
    }
    const res = await app.http().get(`/booking/caregivers/${legacy.documentId}/files/${after.idCardFrontKey}`).set(auditor.auth);
    expect(res.status).toBe(200);

    expect(await app.strapi.plugin('booking').service('scan-migration').migrateLegacyScans()).toEqual({ moved: 0, discarded: 0, failed: [] });
  });
});

describe("the applicant's own photo", () => {
  test('stays private while pending and becomes the public profile picture on approval (never the ID scans)', async () => {
    const person = await signedInUser(app);
    const [front, back, photo] = [await upload(person), await upload(person), await upload(person)];
    const first17 = '11010519870303302';
    const res = await app
      .http()
      .post('/api/booking/caregiver-applications')
      .set(person.auth)
      .send({
        realName: '孙丽',
        idNumber: first17 + computeIdCardCheckDigit(first17),
        idCardFrontId: front,
        idCardBackId: back,
        photoId: photo,
        yearsOfExperience: 2,
        languages: ['普通话'],
        cityCode: BEIJING,
        serviceCityCodes: [BEIJING],
        home: { latitude: 39.95, longitude: 116.4 },
        serviceRadiusKm: 10,
        skills: [service.documentId],
      })
      .expect(201);
    const id = res.body.data.documentId as string;
    const uploads = () => app.strapi.db.query('plugin::upload.file').count();
    const before = await uploads();
    expect((await app.strapi.db.query(CAREGIVER).findOne({ where: { documentId: id }, populate: { photo: true } })).photo).toBeNull();

    await app.http().post(`/booking/audit/applications/${id}/approve`).set(auditor.auth).send({}).expect(200);
    const approved = await app.strapi.db.query(CAREGIVER).findOne({ where: { documentId: id }, populate: { photo: true } });
    expect(approved.photo).toEqual(expect.objectContaining({ mime: 'image/png', url: expect.stringMatching(/^\/uploads\//) }));
    expect(await uploads()).toBe(before + 1);
  });
});

describe('the data subject', () => {
  test('the export describes the scans (kind, type, size) without the images', async () => {
    const res = await app.http().get('/api/booking/me/export').set(applicant.auth).expect(200);
    const scans = res.body.data.caregiver.scans;
    expect(scans).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'idCardFront', mime: 'image/png', size: png.length }),
        expect.objectContaining({ kind: 'idCardBack' }),
        expect.objectContaining({ kind: 'credential' }),
        expect.objectContaining({ kind: 'unattached' }),
      ]),
    );
    expect(JSON.stringify(res.body)).not.toMatch(/[a-f0-9]{32}/);
  });

  test('deleting the account erases every scan the user uploaded from the private store', async () => {
    const files = await privateFiles().allOf(applicant.user.id);
    expect(files.length).toBeGreaterThanOrEqual(4);
    await app.strapi.plugin('booking').service('my-data').deleteAccount(applicant.user.id);
    expect(await privateFiles().allOf(applicant.user.id)).toEqual([]);
    for (const f of files) expect(fs.existsSync(privatePath(f))).toBe(false);
    const row = await app.strapi.db.query(CAREGIVER).findOne({ where: { documentId: caregiverId } });
    expect(row).toMatchObject({ idCardFrontKey: null, idCardBackKey: null, photoKey: null });
    expect((await app.http().get(`/booking/caregivers/${caregiverId}/files/${detail.idCardFront.id}`).set(auditor.auth)).status).toBe(404);
  });
});

/**
 * The documented backup and restore (scripts/backup-db.sh, scripts/restore-db.sh; docs/deploy.md): a dump of a
 * live database restored into a fresh one boots the platform, which serves the same orders, decrypts the same
 * patient data and accepts the same sessions.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bootStrapi, createPgDatabase, dropPgDatabase, freshDatabaseName, type TestApp } from '../../helpers/strapi';
import { beijingAt, customerWithPatient, orderBody, serviceBySlug } from '../../helpers/orders';
const { databaseEnv } = require('../../helpers/pg-admin');

const onPostgres = process.env.DATABASE_CLIENT === 'postgres';
const d = onPostgres ? describe : describe.skip;
const ROOT = path.resolve(__dirname, '../../..');

it(`backup tests ${onPostgres ? 'run' : 'are skipped: they need DATABASE_CLIENT=postgres'}`, () => {
  expect(typeof onPostgres).toBe('boolean');
});

d('backup and restore', () => {
  let restored: TestApp | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'care-backup-'));
  const names: string[] = [];

  afterAll(async () => {
    await restored?.stop();
    for (const name of names) await dropPgDatabase(name).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('restores a pg_dump into a fresh database that the platform boots on and serves', async () => {
    const source = await bootStrapi({ env: { SEED_DEMO: 'true' }, keepDatabase: true });
    names.push(source.databaseName);
    const service = await serviceBySlug(source, 'full-escort');
    const customer = await customerWithPatient(source, { medicalHistory: '糖尿病十年，胰岛素治疗' });
    const order = await source.http().post('/api/booking/orders').set(customer.auth).send(orderBody(service, customer.patientId)).expect(201);
    const orderId = order.body.data.documentId as string;
    await source.stop();

    const dump = path.join(dir, 'care.dump');
    const env = (name: string) => ({ ...process.env, ...databaseEnv(name) });
    execFileSync(path.join(ROOT, 'scripts/backup-db.sh'), [dump], { env: env(source.databaseName), stdio: 'pipe' });
    const target = freshDatabaseName();
    names.push(target);
    await createPgDatabase(target);
    execFileSync(path.join(ROOT, 'scripts/restore-db.sh'), [dump], { env: env(target), stdio: 'pipe' });
    // The original is gone: whatever is served next comes from the restore.
    await dropPgDatabase(source.databaseName);

    restored = await bootStrapi({ databaseName: target, keepDatabase: true });
    const again = await restored.http().get(`/api/booking/orders/${orderId}`).set(customer.auth).expect(200);
    expect(again.body.data).toEqual(expect.objectContaining({ documentId: orderId, status: 'pending_payment', totalFen: order.body.data.totalFen }));
    const patient = await restored.http().get(`/api/booking/patients/${customer.patientId}`).set(customer.auth).expect(200);
    expect(patient.body.data.medicalHistory).toBe('糖尿病十年，胰岛素治疗');
    const catalog = await restored.http().get('/api/services').expect(200);
    expect(catalog.body.data.length).toBeGreaterThan(0);
    // And it keeps working: a new order on the restored database.
    await restored
      .http()
      .post('/api/booking/orders')
      .set(customer.auth)
      .send(orderBody(service, customer.patientId, { startAt: beijingAt(9, 10) }))
      .expect(201);
  }, 300_000);
});

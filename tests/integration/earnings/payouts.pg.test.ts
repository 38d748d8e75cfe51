/**
 * The sendPayouts job on two app instances (separate processes and pools) on one PostgreSQL database: each
 * approved statement is transferred exactly once. Runs only with DATABASE_CLIENT=postgres.
 */
import { generateKeyPairSync } from 'node:crypto';
import { Client } from 'pg';
import { startFakeWechatPay, type FakeWechatPay } from '../../fakes/wechatpay';
import { bootStrapi, dropPgDatabase } from '../../helpers/strapi';
import { adminToken, approvedCaregiver } from '../../helpers/orders';
import { startInstances, type Instances } from '../../helpers/instances';

const { adminConnectionConfig } = require('../../helpers/pg-admin');

const onPostgres = process.env.DATABASE_CLIENT === 'postgres';
const d = onPostgres ? describe : describe.skip;

it(`multi-instance payout tests ${onPostgres ? 'run' : 'are skipped: they need DATABASE_CLIENT=postgres'}`, () => {
  expect(typeof onPostgres).toBe('boolean');
});

const STATEMENTS = 6;
const MCH_ID = '1900000109';
const SERIAL = '5F1C72E2A8931B72A2E13AF8DEE92471EB397115';
const API_V3_KEY = 'a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb';
const merchant = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

d('sendPayouts on two instances', () => {
  let fake: FakeWechatPay;
  let instances: Instances;
  let databaseName = '';
  let env: Record<string, string>;

  const sql = async (text: string) => {
    const client = new Client({ ...adminConnectionConfig(), database: databaseName });
    await client.connect();
    try {
      return (await client.query(text)).rows;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    fake = await startFakeWechatPay({
      mchId: MCH_ID,
      merchantSerialNo: SERIAL,
      merchantPublicKeyPem: merchant.publicKey,
      apiV3Key: API_V3_KEY,
      platformMode: 'publicKey',
    });
    env = {
      WECHATPAY_MCH_ID: MCH_ID,
      WECHATPAY_APP_ID: 'wxd678efh567hg6787',
      WECHATPAY_MERCHANT_SERIAL_NO: SERIAL,
      WECHATPAY_MERCHANT_PRIVATE_KEY: merchant.privateKey,
      WECHATPAY_API_V3_KEY: API_V3_KEY,
      WECHATPAY_BASE_URL: fake.baseUrl,
      WECHATPAY_PUBLIC_KEY_ID: fake.platformSerial,
      WECHATPAY_PUBLIC_KEY: fake.platformPublicKeyPem,
      EARNINGS_HOLD_DAYS: '0',
    };
    // One instance first: schema, catalog, caregivers with approved statements; then two instances take over.
    const app = await bootStrapi({ env: { SEED_DEMO: 'true', ...env }, keepDatabase: true });
    databaseName = app.databaseName;
    const ops = await adminToken(app);
    const service = await app.strapi.db.query('api::service.service').findOne({ where: { publishedAt: { $notNull: true } } });
    const past = new Date(Date.now() - 20 * 86_400_000);
    for (let i = 0; i < STATEMENTS; i += 1) {
      const cg = await approvedCaregiver(app, [service.documentId]);
      await app.strapi.db
        .query('plugin::users-permissions.user')
        .update({ where: { id: cg.user.id }, data: { wechatMiniOpenId: `oMultiInstance_${i}_openid` } });
      await app.http().put('/api/booking/caregiver/payout-account').set(cg.auth).send({ method: 'wechat' }).expect(200);
      await app.strapi.db.query('plugin::booking.earning').create({
        data: {
          caregiverId: cg.caregiver.id,
          caregiverUserId: cg.user.id,
          kind: 'order',
          sourceKey: `fixture:${i}`,
          amountFen: 1000 + i,
          occurredAt: past,
          settleableAt: past,
        },
      });
    }
    await app.http().post('/booking/settlement/runs').set(ops.auth).send({}).expect(200);
    const issued = await app.strapi.db.query('plugin::booking.settlement-statement').findMany({});
    expect(issued).toHaveLength(STATEMENTS);
    for (const s of issued) await app.http().post(`/booking/settlement/statements/${s.statementNo}/approve`).set(ops.auth).send({}).expect(200);
    await app.stop();
    instances = await startInstances(2, { databaseName, env });
  }, 300_000);

  afterAll(async () => {
    await instances?.stop();
    await fake?.close();
    if (databaseName) await dropPgDatabase(databaseName).catch(() => undefined);
  }, 60_000);

  it('each approved statement is transferred exactly once when both instances run the job at once', async () => {
    const runs = await Promise.all([
      instances.runJob(0, 'sendPayouts'),
      instances.runJob(1, 'sendPayouts'),
      instances.runJob(0, 'sendPayouts'),
      instances.runJob(1, 'sendPayouts'),
    ]);
    const sent = runs.reduce((s, r) => s + r.processed, 0);
    // A run that found the lock taken did nothing; a later run found the statements already claimed.
    expect(sent).toBe(STATEMENTS);
    const creates = fake.requests.filter((r) => r.method === 'POST' && r.url === '/v3/fund-app/mch-transfer/transfer-bills');
    expect(creates).toHaveLength(STATEMENTS);
    expect(new Set(creates.map((r) => JSON.parse(r.body).out_bill_no)).size).toBe(STATEMENTS);
    expect(fake.transfers.size).toBe(STATEMENTS);
    const rows = await sql(`SELECT statement_id, count(*)::int AS n FROM booking_payouts GROUP BY statement_id`);
    expect(rows).toHaveLength(STATEMENTS);
    expect(rows.every((r: any) => r.n === 1)).toBe(true);
    expect(await sql(`SELECT DISTINCT status FROM booking_settlement_statements`)).toEqual([{ status: 'paying' }]);

    for (const bill of fake.transfers.values()) fake.settleTransfer(bill.outBillNo, 'SUCCESS');
    await Promise.all([instances.runJob(0, 'sendPayouts'), instances.runJob(1, 'sendPayouts')]);
    expect(await sql(`SELECT DISTINCT status FROM booking_settlement_statements`)).toEqual([{ status: 'paid' }]);
    expect(fake.transfers.size).toBe(STATEMENTS);
  });
});

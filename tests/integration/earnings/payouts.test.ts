/**
 * Payouts of approved statements: WeChat Pay transfers to balance through the real client library against the
 * loopback fake (which verifies every request's signature), sent once even when two runs race, polled to a final
 * state, failures returned to payable with an operator alert; bank transfers exported as a CSV batch and marked by
 * an operator; payout accounts stored encrypted and shown masked.
 */
import { generateKeyPairSync } from 'node:crypto';
import { startFakeWechatPay, type FakeWechatPay } from '../../fakes/wechatpay';
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { adminToken, approvedCaregiver } from '../../helpers/orders';

const MCH_ID = '1900000109';
const APP_ID = 'wxd678efh567hg6787';
const SERIAL = '5F1C72E2A8931B72A2E13AF8DEE92471EB397115';
const API_V3_KEY = 'a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb';
const CARD = '6222020200112233446'; // Luhn-valid test number
const BAD_CARD = '6222020200112233445'; // wrong check digit
const DAY = 86_400_000;
const merchant = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

let fake: FakeWechatPay;
let app: TestApp;
let ops: Awaited<ReturnType<typeof adminToken>>;
const statements = () => app.strapi.db.query('plugin::booking.settlement-statement');
const payouts = () => app.strapi.db.query('plugin::booking.payout');
const jobs = () => app.strapi.plugin('booking').service('jobs');

beforeAll(async () => {
  fake = await startFakeWechatPay({
    mchId: MCH_ID,
    merchantSerialNo: SERIAL,
    merchantPublicKeyPem: merchant.publicKey,
    apiV3Key: API_V3_KEY,
    platformMode: 'publicKey',
  });
  app = await bootStrapi({
    env: {
      SEED_DEMO: 'true',
      WECHATPAY_MCH_ID: MCH_ID,
      WECHATPAY_APP_ID: APP_ID,
      WECHATPAY_MERCHANT_SERIAL_NO: SERIAL,
      WECHATPAY_MERCHANT_PRIVATE_KEY: merchant.privateKey,
      WECHATPAY_API_V3_KEY: API_V3_KEY,
      WECHATPAY_BASE_URL: fake.baseUrl,
      WECHATPAY_PUBLIC_KEY_ID: fake.platformSerial,
      WECHATPAY_PUBLIC_KEY: fake.platformPublicKeyPem,
      WECHATPAY_TIMEOUT_MS: '800',
      EARNINGS_HOLD_DAYS: '0',
    },
  });
  ops = await adminToken(app);
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

let seq = 0;
/** A caregiver with an approved statement of `amountFen` (the ledger entry is the fixture; earning it is tested elsewhere). */
async function caregiverWithApprovedStatement(amountFen: number, openid?: string) {
  const service = await app.strapi.db.query('api::service.service').findOne({ where: { publishedAt: { $notNull: true } } });
  const cg = await approvedCaregiver(app, [service.documentId], { name: '赵丽' });
  if (openid) await app.strapi.db.query('plugin::users-permissions.user').update({ where: { id: cg.user.id }, data: { wechatMiniOpenId: openid } });
  seq += 1;
  const past = new Date(Date.now() - 20 * DAY);
  await app.strapi.db.query('plugin::booking.earning').create({
    data: {
      caregiverId: cg.caregiver.id,
      caregiverUserId: cg.user.id,
      kind: 'order',
      sourceKey: `fixture:${seq}:${cg.caregiver.id}`,
      amountFen,
      occurredAt: past,
      settleableAt: past,
      description: '测试收入',
    },
  });
  const run = await app.http().post('/booking/settlement/runs').set(ops.auth).send({}).expect(200);
  expect(run.body.data.failed).toBe(0);
  const statement = await statements().findOne({ where: { caregiverId: cg.caregiver.id } });
  expect(statement.payableFen).toBe(amountFen);
  await app.http().post(`/booking/settlement/statements/${statement.statementNo}/approve`).set(ops.auth).send({}).expect(200);
  return { ...cg, statement };
}

it('a WeChat payout is sent once even when two runs race, and polling settles it', async () => {
  const cg = await caregiverWithApprovedStatement(12_345, 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o');
  const account = await app.http().put('/api/booking/caregiver/payout-account').set(cg.auth).send({ method: 'wechat' }).expect(200);
  expect(account.body.data).toEqual({ method: 'wechat', wechatBound: true });

  const [a, b] = await Promise.all([jobs().run('sendPayouts'), jobs().run('sendPayouts')]);
  expect(a.processed + b.processed).toBe(1);
  const bills = [...fake.transfers.values()].filter((t) => t.openid === 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o');
  expect(bills).toHaveLength(1);
  expect(bills[0]).toMatchObject({ amount: 12_345, appid: APP_ID, sceneId: '1005', state: 'ACCEPTED' });
  const payout = await payouts().findOne({ where: { statementId: cg.statement.id } });
  expect(payout).toMatchObject({ status: 'processing', outTradeNo: bills[0].outBillNo, method: 'wechat' });
  expect((await statements().findOne({ where: { id: cg.statement.id } })).status).toBe('paying');

  // Still in flight: polling changes nothing and sends nothing new.
  await jobs().run('sendPayouts');
  expect(fake.transfers.size).toBe(1);

  fake.settleTransfer(bills[0].outBillNo, 'SUCCESS');
  await jobs().run('sendPayouts');
  expect(await statements().findOne({ where: { id: cg.statement.id } })).toMatchObject({ status: 'paid', paidAt: expect.anything() });
  const mine = await app.http().get(`/api/booking/caregiver/statements/${cg.statement.statementNo}`).set(cg.auth).expect(200);
  expect(mine.body.data).toMatchObject({ status: 'paid', payouts: [expect.objectContaining({ status: 'succeeded', amountFen: 12_345 })] });
  // Every request the fake answered carried a valid merchant signature (it answers 401 SIGN_ERROR otherwise).
  expect(fake.requests.filter((r) => r.url.includes('transfer-bills')).every((r) => r.status === 200)).toBe(true);
});

it('a failed transfer returns the statement to payable with an operator alert; the retry is a new trade number', async () => {
  const cg = await caregiverWithApprovedStatement(5_000, 'oUpF8uMuAJO_failure_openid01');
  await app.http().put('/api/booking/caregiver/payout-account').set(cg.auth).send({ method: 'wechat' }).expect(200);
  await jobs().run('sendPayouts');
  const first = await payouts().findOne({ where: { statementId: cg.statement.id } });
  fake.settleTransfer(first.outTradeNo, 'FAIL', 'ACCOUNT_FROZEN');
  await jobs().run('sendPayouts');
  expect(await payouts().findOne({ where: { id: first.id } })).toMatchObject({ status: 'failed', failureReason: 'ACCOUNT_FROZEN' });
  // Back to approved, and the same run then sends it again under attempt 2.
  const attempts = await payouts().findMany({ where: { statementId: cg.statement.id }, orderBy: { id: 'asc' } });
  expect(attempts.map((p: any) => p.outTradeNo)).toEqual([first.outTradeNo, first.outTradeNo.replace(/A01$/, 'A02')]);
  const alerts = await app.http().get('/booking/settlement/alerts').set(ops.auth).expect(200);
  expect(alerts.body.data.map((a: any) => a.message).join()).toContain(first.outTradeNo);
});

it('an unknown outcome (timeout) is resent under the same number: one transfer', async () => {
  // Finish what earlier tests left in flight, so the next request the fake sees is this statement's transfer.
  for (const p of await payouts().findMany({ where: { status: 'processing' } })) fake.settleTransfer(p.outTradeNo, 'SUCCESS');
  await jobs().run('sendPayouts');
  expect(await payouts().count({ where: { status: 'processing' } })).toBe(0);
  const cg = await caregiverWithApprovedStatement(7_700, 'oUpF8uMuAJO_timeout_openid01');
  await app.http().put('/api/booking/caregiver/payout-account').set(cg.auth).send({ method: 'wechat' }).expect(200);
  fake.hang(1); // the transfer request is read but never answered
  await jobs().run('sendPayouts');
  const payout = await payouts().findOne({ where: { statementId: cg.statement.id } });
  expect(payout.status).toBe('processing');
  expect(fake.transfers.has(payout.outTradeNo)).toBe(false); // the hung request never created a bill
  await jobs().run('sendPayouts'); // query: NOT_FOUND → resend the same number
  expect(fake.transfers.get(payout.outTradeNo)).toMatchObject({ amount: 7_700 });
  expect(await payouts().count({ where: { statementId: cg.statement.id } })).toBe(1);
});

it('bank payouts: card stored encrypted and masked, exported once as CSV, marked paid by an operator', async () => {
  const cg = await caregiverWithApprovedStatement(88_800);
  const bad = await app
    .http()
    .put('/api/booking/caregiver/payout-account')
    .set(cg.auth)
    .send({ method: 'bank', holderName: '赵丽', bankName: '中国工商银行', cardNumber: BAD_CARD });
  expect(bad.status).toBe(400);
  const wechatless = await app.http().put('/api/booking/caregiver/payout-account').set(cg.auth).send({ method: 'wechat' });
  expect(wechatless.status).toBe(422);
  expect(wechatless.body.error.details.code).toBe('WECHAT_NOT_BOUND');
  const saved = await app
    .http()
    .put('/api/booking/caregiver/payout-account')
    .set(cg.auth)
    .send({ method: 'bank', holderName: '赵丽', bankName: '中国工商银行', cardNumber: CARD })
    .expect(200);
  expect(saved.body.data).toEqual({ method: 'bank', holderName: '赵丽', bankName: '中国工商银行', cardNumber: '**** **** **** 3446' });
  const row = await app.strapi.db.query('plugin::booking.payout-account').findOne({ where: { caregiverId: cg.caregiver.id } });
  expect(row.cardNumberEnc).not.toContain(CARD);
  expect(JSON.stringify((await app.http().get('/api/booking/caregiver/payout-account').set(cg.auth).expect(200)).body)).not.toContain(CARD);

  // The WeChat job leaves bank statements alone.
  await jobs().run('sendPayouts');
  expect((await statements().findOne({ where: { id: cg.statement.id } })).status).toBe('approved');

  const csv = await app.http().post('/booking/settlement/payouts/bank-batch').set(ops.auth).send({}).expect(200);
  expect(csv.headers['content-type']).toContain('text/csv');
  expect(csv.text).toContain(`${CARD}`);
  expect(csv.text).toContain('888.00');
  const again = await app.http().post('/booking/settlement/payouts/bank-batch').set(ops.auth).send({}).expect(200);
  expect(again.text).not.toContain(CARD);

  const payout = await payouts().findOne({ where: { statementId: cg.statement.id } });
  await app.http().post(`/booking/settlement/payouts/${payout.outTradeNo}/mark`).set(ops.auth).send({ status: 'succeeded' }).expect(200);
  const twice = await app.http().post(`/booking/settlement/payouts/${payout.outTradeNo}/mark`).set(ops.auth).send({ status: 'failed' });
  expect(twice.status).toBe(409);
  expect((await statements().findOne({ where: { id: cg.statement.id } })).status).toBe('paid');
  const listed = await app.http().get('/booking/settlement/payouts?status=succeeded').set(ops.auth).expect(200);
  expect(listed.body.data.map((p: any) => p.outTradeNo)).toContain(payout.outTradeNo);
});

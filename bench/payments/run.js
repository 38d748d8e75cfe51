'use strict';
/**
 * Payment notifications applied per second on PostgreSQL, with WeChat Pay v3 verification on: each request is a
 * distinct TRANSACTION.SUCCESS callback for its own pending payment, RSA-SHA256-signed with a platform key and
 * AEAD_AES_256_GCM-encrypted exactly as WeChat Pay sends them. The app verifies the signature and time window,
 * decrypts, stores the raw notification, and applies it (payment CAS, order CAS, order event) in one transaction.
 * Reference in the same run: the admin Content-Manager creating a hospital document (vanilla Strapi write).
 *
 * Usage: npm run bench:payments   (BENCH_NOTIFICATIONS, BENCH_CONNECTIONS, BENCH_POOL_MAX, SKIP_COMPILE)
 */
const fs = require('node:fs');
const path = require('node:path');
const { createCipheriv, createSign, generateKeyPairSync, randomBytes } = require('node:crypto');
const autocannon = require('autocannon');
const { Client } = require('pg');
const { launchInstance } = require('../../tests/helpers/instance-main');
const { adminConnectionConfig } = require('../../tests/helpers/pg-admin');
const { benchEnvironment, compile } = require('../environment');

const ROOT = path.resolve(__dirname, '../..');
const int = (value, fallback) => (value && /^\d+$/.test(value) ? Number(value) : fallback);
const COUNT = int(process.env.BENCH_NOTIFICATIONS, 6000);
const CONNECTIONS = int(process.env.BENCH_CONNECTIONS, 50);
const POOL_MAX = int(process.env.BENCH_POOL_MAX, 10);
const AMOUNT_FEN = 19900;
const MCH_ID = '1900000109';
const APP_ID = 'wxd678efh567hg6787';
const PUBLIC_KEY_ID = 'PUB_KEY_ID_0119000001092024112500000000';
const API_V3_KEY = randomBytes(16).toString('hex'); // 32 characters

const pem = (pair) => ({
  publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
});
const platform = pem(generateKeyPairSync('rsa', { modulusLength: 2048 }));
const merchant = pem(generateKeyPairSync('rsa', { modulusLength: 2048 }));

/** A WeChat Pay v3 notification, built from the published protocol (not from the app's code). */
function notification(tradeNo, n) {
  const resource = {
    mchid: MCH_ID,
    appid: APP_ID,
    out_trade_no: tradeNo,
    transaction_id: `4200${String(n).padStart(24, '0')}`,
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    success_time: new Date().toISOString(),
    amount: { total: AMOUNT_FEN, payer_total: AMOUNT_FEN, currency: 'CNY', payer_currency: 'CNY' },
  };
  const nonce = randomBytes(6).toString('hex');
  const associated = 'transaction';
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(API_V3_KEY), Buffer.from(nonce));
  cipher.setAAD(Buffer.from(associated));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(resource)), cipher.final(), cipher.getAuthTag()]).toString('base64');
  const body = JSON.stringify({
    id: randomBytes(16).toString('hex'),
    create_time: new Date().toISOString(),
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: associated, nonce },
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headerNonce = randomBytes(16).toString('hex');
  const signature = createSign('RSA-SHA256').update(`${timestamp}\n${headerNonce}\n${body}\n`).sign(platform.privateKey, 'base64');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': headerNonce,
      'wechatpay-serial': PUBLIC_KEY_ID,
      'wechatpay-signature': signature,
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    },
  };
}

async function pg(database, sql) {
  const client = new Client({ ...adminConnectionConfig(), database });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

function environment(databaseName) {
  return benchEnvironment(databaseName, {
    poolMax: POOL_MAX,
    nodeEnv: process.env.BENCH_NODE_ENV || 'production',
    extra: {
      WECHATPAY_MCH_ID: MCH_ID,
      WECHATPAY_APP_ID: APP_ID,
      WECHATPAY_MERCHANT_SERIAL_NO: '5F1C72E2A8931B72A2E13AF8DEE92471EB397115',
      WECHATPAY_MERCHANT_PRIVATE_KEY: merchant.privateKey,
      WECHATPAY_API_V3_KEY: API_V3_KEY,
      WECHATPAY_BASE_URL: 'http://127.0.0.1:9',
      WECHATPAY_PUBLIC_KEY_ID: PUBLIC_KEY_ID,
      WECHATPAY_PUBLIC_KEY: platform.publicKey,
    },
  });
}

async function run(label, options) {
  const result = await autocannon({ connections: CONNECTIONS, ...options });
  return {
    label,
    requestsPerSec: Math.round(result.requests.average * 10) / 10,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
    ok2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    durationS: result.duration,
  };
}

async function main() {
  await compile();
  const databaseName = `care_bench_pay_${Date.now().toString(36)}`;
  await pg('postgres', `CREATE DATABASE "${databaseName}"`);
  let instance;
  try {
    instance = await launchInstance({ env: environment(databaseName) });
    const { tradeNos } = await instance.request('seed-pending-payments', { count: COUNT, amountFen: AMOUNT_FEN, channel: 'wechat' });
    const generationStarted = Date.now();
    const notifications = tradeNos.map((tradeNo, n) => notification(tradeNo, n));
    console.log(`prepared ${notifications.length} signed notifications in ${Date.now() - generationStarted} ms`);

    let next = 0;
    const started = Date.now();
    const callbacks = await run('WeChat Pay notification (verify + decrypt + apply)', {
      url: `${instance.url}/api/booking/payments/notify/wechat`,
      method: 'POST',
      amount: notifications.length,
      requests: [
        {
          setupRequest: (req) => {
            const n = notifications[next++ % notifications.length];
            return { ...req, headers: n.headers, body: n.body };
          },
        },
      ],
    });
    const elapsedS = (Date.now() - started) / 1000;
    if (callbacks.non2xx || callbacks.errors) console.log(`instance output:\n${instance.output()}`);
    const { paid } = await instance.request('count-paid', { tradeNos });
    callbacks.appliedPerSec = Math.round((paid / elapsedS) * 10) / 10;
    callbacks.applied = paid;

    const admin = await instance.request('create-admin');
    const login = await (
      await fetch(`${instance.url}/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) })
    ).json();
    const city = await instance.request('lookup', { uid: 'api::city.city', where: { code: '110100' }, select: ['documentId'] });
    let h = 0;
    const reference = await run('Content-Manager create hospital (vanilla Strapi)', {
      url: `${instance.url}/content-manager/collection-types/api::hospital.hospital`,
      method: 'POST',
      duration: 10,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${login.data.token ?? login.data.accessToken}` },
      requests: [
        {
          setupRequest: (req) => ({
            ...req,
            body: JSON.stringify({
              name: `压测医院${h}`,
              slug: `bench-pay-${h++}-${randomBytes(2).toString('hex')}`,
              grade: 'grade_3a',
              city: { connect: [{ documentId: city.documentId }] },
              address: '北京市朝阳区',
              latitude: 39.9,
              longitude: 116.4,
              departments: [{ name: '心内科' }],
              active: true,
            }),
          }),
        },
      ],
    });

    const ratio = Math.round((callbacks.requestsPerSec / Math.max(reference.requestsPerSec, 0.1)) * 100) / 100;
    console.log(`\n| endpoint | req/s | p50 ms | p99 ms | 2xx | other |\n|---|---:|---:|---:|---:|---:|`);
    for (const r of [callbacks, reference])
      console.log(`| ${r.label} | ${r.requestsPerSec} | ${r.latencyMs.p50} | ${r.latencyMs.p99} | ${r.ok2xx} | ${r.non2xx + r.errors} |`);
    console.log(`\nnotifications applied: ${paid}/${tradeNos.length}, ${callbacks.appliedPerSec}/s; throughput ratio vs reference: ${ratio}x`);
    fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
    const file = path.join(ROOT, 'bench/results', `payments-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, JSON.stringify({ connections: CONNECTIONS, poolMax: POOL_MAX, notifications: COUNT, callbacks, reference, ratio }, null, 2));
    console.log(`written ${path.relative(ROOT, file)}`);
  } finally {
    if (instance) await instance.stop().catch(() => undefined);
    await pg('postgres', `DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`).catch(() => undefined);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

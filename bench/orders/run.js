'use strict';
/**
 * Order-submission throughput against a vanilla Strapi reference, on a fresh PostgreSQL database with one app
 * instance in a child process (the same tests/helpers/instance-main.js the multi-instance tests use).
 *
 *   (a) POST /api/booking/orders: the whole submit path (service, patient and place checks, pricing, order number,
 *       one transaction with the order row and its first event), no preferred caregiver.
 *   (b) reference: the admin Content-Manager creating an api::hospital.hospital (a document with a city relation
 *       and a repeatable component): what stock Strapi costs for a write of similar size.
 *
 * Usage: npm run bench:orders (see bench/orders/README.md for the knobs).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const autocannon = require('autocannon');
const { Client } = require('pg');
const { launchInstance } = require('../../tests/helpers/instance-main');
const { adminConnectionConfig } = require('../../tests/helpers/pg-admin');
const { benchEnvironment, compile, withPg } = require('../environment');

const ROOT = path.resolve(__dirname, '../..');
const int = (value, fallback) => (value && /^\d+$/.test(value) ? Number(value) : fallback);
const CONNECTIONS = int(process.env.BENCH_CONNECTIONS, 50);
const DURATION_S = int(process.env.BENCH_DURATION, 15);
const WARMUP_S = int(process.env.BENCH_WARMUP, 3);
const POOL_MAX = int(process.env.BENCH_POOL_MAX, 10);
const BEIJING = '110100';
const SERVICE_SLUG = 'full-escort'; // bookable 06:30–14:00 Beijing time, half-day units



/** Throwaway secrets for a throwaway database: generated per run, never written anywhere. */
function environment(databaseName) {
  return benchEnvironment(databaseName, { poolMax: POOL_MAX });
}

async function http(url, { method = 'GET', token, body, headers = {} } = {}) {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

const expectStatus = (res, status, what) => {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

/** The n-th start time: spread over 2–29 days ahead, 07:00–13:50 Beijing, so bodies differ request to request. */
function startAt(n) {
  const now = new Date();
  const beijingMidnightUtc = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - 8 * 3600_000;
  const day = 2 + (n % 28);
  const minutes = 7 * 60 + (Math.floor(n / 28) % 42) * 10;
  return new Date(beijingMidnightUtc + day * 86_400_000 + minutes * 60_000).toISOString().replace('Z', '+00:00');
}

async function fixtures(instance) {
  const base = instance.url;
  const customer = await instance.request('sign-in', { phone: `1990000${String(process.pid % 10000).padStart(4, '0')}` });
  const patient = expectStatus(
    await http(`${base}/api/booking/patients`, { method: 'POST', token: customer.jwt, body: { name: '张桂芳', relationship: 'parent', selfCareAbility: 'independent' } }),
    201,
    'create patient',
  ).data;
  const service = await instance.request('lookup', { uid: 'api::service.service', where: { slug: SERVICE_SLUG, publishedAt: { $notNull: true } }, select: ['documentId'] });
  const city = await instance.request('lookup', { uid: 'api::city.city', where: { code: BEIJING }, select: ['id', 'documentId'] });
  if (!service || !city) throw new Error('the demo catalog was not seeded');
  const admin = await instance.request('create-admin');
  const login = expectStatus(await http(`${base}/admin/login`, { method: 'POST', body: admin }), 200, 'admin login').data;
  return { customer, patientId: patient.documentId, serviceId: service.documentId, city, adminToken: login.token ?? login.accessToken };
}

const orderBody = (f, n) => ({
  serviceId: f.serviceId,
  patientId: f.patientId,
  cityCode: BEIJING,
  startAt: startAt(n),
  units: 1,
  place: { type: 'home', address: { text: '北京市朝阳区望京西园三区 312 号楼 2 单元 501', latitude: 39.998, longitude: 116.47, district: '朝阳区' } },
  contactName: '张伟',
  contactPhone: '13800138000',
  notes: '老人听力不好，请大声说话',
});

const runId = randomBytes(3).toString('hex');
const hospitalBody = (f, n) => ({
  name: `压测第${n}人民医院`,
  slug: `bench-${runId}-${n}`,
  grade: 'grade_3a',
  city: { connect: [{ documentId: f.city.documentId }] },
  district: '朝阳区',
  address: `北京市朝阳区工体南路 ${n} 号`,
  latitude: 39.93,
  longitude: 116.45,
  phone: '010-85231000',
  departments: [{ name: '心内科', floor: '门诊楼 3 层' }, { name: '消化内科', floor: '门诊楼 4 层' }, { name: '检验科', floor: '医技楼 1 层' }],
  active: true,
});

/** One autocannon run; every request gets a fresh body from `body(n)`. */
async function measure(label, { url, token, body }) {
  let n = 1_000;
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION_S,
    warmup: WARMUP_S > 0 ? { connections: CONNECTIONS, duration: WARMUP_S } : undefined,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify(body(n++)) }) }],
  });
  return {
    label,
    requestsPerSec: Math.round(result.requests.average * 10) / 10,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    ok2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count])),
  };
}

function report(results, meta) {
  const [orders, ...references] = results;
  const row = (r) => `| ${r.label} | ${r.requestsPerSec} | ${r.latencyMs.p50} | ${r.latencyMs.p99} | ${r.ok2xx} | ${r.non2xx + r.errors} |`;
  const x = (a, b) => Math.round((a / Math.max(b, 0.1)) * 100) / 100;
  const ratios = references.map((reference) => ({
    reference: reference.label,
    throughput: x(orders.requestsPerSec, reference.requestsPerSec),
    p50: x(orders.latencyMs.p50, reference.latencyMs.p50),
    p99: x(orders.latencyMs.p99, reference.latencyMs.p99),
  }));
  console.log(
    [
      '',
      `### Order submission vs. vanilla Strapi create (${CONNECTIONS} connections, ${DURATION_S} s each, 1 instance, pool ${POOL_MAX})`,
      '',
      '| endpoint | req/s | p50 ms | p99 ms | 2xx | non-2xx / errors |',
      '|---|---:|---:|---:|---:|---:|',
      ...results.map(row),
      '',
      ...ratios.map((r) => `orders / ${r.reference}: throughput ×${r.throughput}, p50 ×${r.p50}, p99 ×${r.p99}`),
      `${meta.node}, ${meta.cpus} × ${meta.cpuModel}, ${meta.postgres}`,
      '',
    ].join('\n'),
  );
  return ratios;
}

async function main() {
  await compile();
  const databaseName = `care_bench_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  await withPg(adminConnectionConfig().database, (c) => c.query(`CREATE DATABASE "${databaseName}"`));
  let instance;
  try {
    console.log(`[bench] booting one instance on database ${databaseName} ...`);
    instance = await launchInstance({ env: environment(databaseName), bootTimeoutMs: 180_000 });
    const f = await fixtures(instance);

    const cmUrl = `${instance.url}/content-manager/collection-types/api::hospital.hospital`;
    const targets = [
      { label: 'POST /api/booking/orders', url: `${instance.url}/api/booking/orders`, token: f.customer.jwt, body: (n) => orderBody(f, n) },
      { label: 'Content-Manager create hospital', url: cmUrl, token: f.adminToken, body: (n) => hospitalBody(f, n) },
    ];
    // One request each first: a broken setup must fail loudly, not be measured as fast 4xx answers.
    for (const t of targets) expectStatus(await http(t.url, { method: 'POST', token: t.token, body: t.body(0) }), 201, `sanity ${t.label}`);

    const results = [];
    for (const t of targets) {
      console.log(`[bench] ${t.label}: ${WARMUP_S} s warm-up, ${DURATION_S} s measured ...`);
      results.push(await measure(t.label, t));
    }
    const meta = await withPg(databaseName, async (c) => ({
      node: `Node ${process.version}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model?.trim() ?? 'unknown CPU',
      postgres: (await c.query('select version()')).rows[0].version.split(',')[0],
      ordersInDatabase: Number((await c.query('select count(*) from booking_orders')).rows[0].count),
      hospitalsInDatabase: Number((await c.query('select count(*) from hospitals')).rows[0].count),
    }));
    const ratios = report(results, meta);

    const out = path.join(ROOT, 'bench/results', `orders-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const settings = { connections: CONNECTIONS, durationSeconds: DURATION_S, warmupSeconds: WARMUP_S, poolMax: POOL_MAX, instances: 1 };
    fs.writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), settings, meta, results, ratios }, null, 2)}\n`);
    console.log(`[bench] wrote ${path.relative(ROOT, out)}`);
  } finally {
    await instance?.stop();
    if (process.env.BENCH_KEEP_DB !== 'true') {
      await withPg(adminConnectionConfig().database, (c) => c.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`));
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

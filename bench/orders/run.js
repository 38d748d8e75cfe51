'use strict';
/**
 * Order-submission throughput against a vanilla Strapi reference, each on a fresh PostgreSQL database of the same
 * server, each one instance in a child process with the same pool:
 *
 *   (a) POST /api/booking/orders: the whole submit path (service, patient and place checks, pricing, order number,
 *       one transaction with the order row and its first event), no preferred caregiver, a customer's JWT.
 *   (b) reference: POST /api/booking-requests on bench/reference-app, a vanilla Strapi 5.54 app with one content
 *       type of sixteen fields (the size of an order) and an API token allowed to create it: what stock Strapi
 *       costs for a content-API write of similar size. (The admin Content-Manager create used before went through
 *       admin RBAC and relation ordering, which no customer-facing write does: an unfair reference.)
 *
 * Usage: npm run bench:orders (see bench/orders/README.md for the knobs).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const autocannon = require('autocannon');
const { launchInstance } = require('../../tests/helpers/instance-main');
const { launchReference } = require('../reference-app/main');
const { adminConnectionConfig } = require('../../tests/helpers/pg-admin');
const { benchEnvironment, compile, withPg } = require('../environment');

const ROOT = path.resolve(__dirname, '../..');
const int = (value, fallback) => (value && /^\d+$/.test(value) ? Number(value) : fallback);
const CONNECTIONS = int(process.env.BENCH_CONNECTIONS, 50);
const DURATION_S = int(process.env.BENCH_DURATION, 15);
const WARMUP_S = int(process.env.BENCH_WARMUP, 3);
const POOL_MAX = int(process.env.BENCH_POOL_MAX, 10);
// Customers the submits rotate over: a submit takes a per-customer lock (the cap on unpaid orders), so one customer
// sending every order would measure that lock's queue, not the platform; real load comes from many customers.
const CUSTOMERS = Math.max(1, int(process.env.BENCH_CUSTOMERS, 50));
const BEIJING = '110100';
const SERVICE_SLUG = 'full-escort'; // bookable 06:30–14:00 Beijing time, half-day units

/** Throwaway secrets for a throwaway database: generated per run, never written anywhere. */
function environment(databaseName) {
  // Each customer submits many orders in the run: lift the per-user cap on open unpaid orders (default 3).
  return benchEnvironment(databaseName, {
    poolMax: POOL_MAX,
    extra: { PORT: process.env.BENCH_PORT || '0', SEED_DEMO_PICTURES: 'false', ORDER_MAX_OPEN_UNPAID: '100000000' },
  });
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
  const customers = [];
  for (let i = 0; i < CUSTOMERS; i += 1) {
    const customer = await instance.request('sign-in', { phone: `199${String(process.pid % 10000).padStart(4, '0')}${String(i).padStart(4, '0')}` });
    const patient = expectStatus(
      await http(`${base}/api/booking/patients`, {
        method: 'POST',
        token: customer.jwt,
        body: { name: '张桂芳', relationship: 'parent', selfCareAbility: 'independent' },
      }),
      201,
      'create patient',
    ).data;
    customers.push({ jwt: customer.jwt, patientId: patient.documentId });
  }
  const service = await instance.request('lookup', {
    uid: 'api::service.service',
    where: { slug: SERVICE_SLUG, publishedAt: { $notNull: true } },
    select: ['documentId'],
  });
  if (!service) throw new Error('the demo catalog was not seeded');
  return { customers, serviceId: service.documentId };
}

/** The n-th submit's customer: round robin, so every connection's requests spread over all of them. */
const customerOf = (f, n) => f.customers[n % f.customers.length];

const orderBody = (f, n) => ({
  serviceId: f.serviceId,
  patientId: customerOf(f, n).patientId,
  cityCode: BEIJING,
  startAt: startAt(n),
  units: 1,
  place: { type: 'home', address: { text: '北京市朝阳区望京西园三区 312 号楼 2 单元 501', latitude: 39.998, longitude: 116.47, district: '朝阳区' } },
  contactName: '张伟',
  contactPhone: '13800138000',
  notes: '老人听力不好，请大声说话',
});

const runId = randomBytes(3).toString('hex');
/** What the submit writes, as one plain document: sixteen fields, two of them JSON. */
const referenceBody = (n) => ({
  data: {
    requestNo: `B${runId}${String(n).padStart(8, '0')}`,
    serviceSlug: SERVICE_SLUG,
    cityCode: BEIJING,
    startAt: startAt(n),
    endAt: new Date(new Date(startAt(n)).getTime() + 4 * 3600_000).toISOString(),
    unit: 'half_day',
    units: 1,
    placeType: 'home',
    address: { text: '北京市朝阳区望京西园三区 312 号楼 2 单元 501', latitude: 39.998, longitude: 116.47, district: '朝阳区' },
    contactName: '张伟',
    contactPhone: '13800138000',
    notes: '老人听力不好，请大声说话',
    status: 'pending_payment',
    priceLines: [{ code: 'base', label: '基础价格', amountFen: 19800 }],
    totalFen: 19800,
    paidFen: 0,
  },
});

/** One autocannon run; every request gets a fresh body from `body(n)`. */
async function measure(label, { url, token, tokenOf, body }) {
  let n = 1_000;
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION_S,
    warmup: WARMUP_S > 0 ? { connections: CONNECTIONS, duration: WARMUP_S } : undefined,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    requests: [
      {
        setupRequest: (req) => {
          const i = n++;
          const headers = tokenOf ? { ...req.headers, authorization: `Bearer ${tokenOf(i)}` } : req.headers;
          return { ...req, headers, body: JSON.stringify(body(i)) };
        },
      },
    ],
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
  const [reference] = references;
  const targets = [
    [`throughput ≥ the reference's (×${ratios[0].throughput})`, orders.requestsPerSec >= reference.requestsPerSec],
    [`p99 ≤ 300 ms (${orders.latencyMs.p99} ms)`, orders.latencyMs.p99 <= 300],
  ];
  console.log(
    [
      '',
      `### Order submission vs. vanilla Strapi create (${CONNECTIONS} connections, ${DURATION_S} s each, 1 instance, pool ${POOL_MAX}, ${CUSTOMERS} customers)`,
      '',
      '| endpoint | req/s | p50 ms | p99 ms | 2xx | non-2xx / errors |',
      '|---|---:|---:|---:|---:|---:|',
      ...results.map(row),
      '',
      ...ratios.map((r) => `orders / ${r.reference}: throughput ×${r.throughput}, p50 ×${r.p50}, p99 ×${r.p99}`),
      '',
      'Issue 13 targets:',
      ...targets.map(([what, ok]) => `- [${ok ? 'x' : ' '}] ${what}`),
      '',
      `${meta.node}, ${meta.cpus} × ${meta.cpuModel}, ${meta.postgres}`,
      '',
    ].join('\n'),
  );
  return ratios;
}

async function main() {
  await compile();
  const stamp = `${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  const databaseName = `care_bench_${stamp}`;
  const referenceDatabase = `care_bench_ref_${stamp}`;
  for (const name of [databaseName, referenceDatabase]) await withPg(adminConnectionConfig().database, (c) => c.query(`CREATE DATABASE "${name}"`));
  let instance;
  let reference;
  try {
    console.log(`[bench] booting the app on ${databaseName} and the vanilla reference on ${referenceDatabase} ...`);
    instance = await launchInstance({ env: environment(databaseName), bootTimeoutMs: 180_000 });
    reference = await launchReference({
      env: benchEnvironment(referenceDatabase, { poolMax: POOL_MAX, extra: { PORT: process.env.BENCH_REFERENCE_PORT || '0' } }),
    });
    const f = await fixtures(instance);

    const targets = [
      {
        label: 'POST /api/booking/orders',
        url: `${instance.url}/api/booking/orders`,
        token: f.customers[0].jwt,
        tokenOf: (n) => customerOf(f, n).jwt,
        body: (n) => orderBody(f, n),
      },
      {
        label: 'reference: vanilla Strapi content-API create',
        url: `${reference.url}/api/booking-requests`,
        token: reference.token,
        body: (n) => referenceBody(n),
      },
    ];
    // One request each first: a broken setup must fail loudly, not be measured as fast 4xx answers.
    for (const t of targets)
      expectStatus(await http(t.url, { method: 'POST', token: t.tokenOf ? t.tokenOf(0) : t.token, body: t.body(0) }), 201, `sanity ${t.label}`);

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
    }));
    meta.referenceRowsInDatabase = await withPg(referenceDatabase, async (c) => Number((await c.query('select count(*) from booking_requests')).rows[0].count));
    const ratios = report(results, meta);

    const out = path.join(ROOT, 'bench/results', `orders-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const settings = { connections: CONNECTIONS, durationSeconds: DURATION_S, warmupSeconds: WARMUP_S, poolMax: POOL_MAX, customers: CUSTOMERS, instances: 1 };
    fs.writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), settings, meta, results, ratios }, null, 2)}\n`);
    console.log(`[bench] wrote ${path.relative(ROOT, out)}`);
  } finally {
    await instance?.stop();
    await reference?.stop();
    if (process.env.BENCH_KEEP_DB !== 'true') {
      for (const name of [databaseName, referenceDatabase]) {
        await withPg(adminConnectionConfig().database, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      }
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

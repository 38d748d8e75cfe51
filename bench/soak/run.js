'use strict';
/**
 * Soak: two app instances on one PostgreSQL database under mixed traffic for SOAK_DURATION seconds (default 600):
 * browse and search, submit + pay (signed sandbox notifications, delivered twice, to both instances) + the whole
 * service (caregiver accepts, departs, arrives, starts, finishes; customer confirms and reviews), and submit + pay +
 * cancel (refund). Requests alternate between the instances like a round-robin load balancer.
 *
 * Checked afterwards against the database: 0 5xx, every acknowledged order exists in the state the client last
 * saw, no payment applied twice, nothing the clients did not ask for. Sampled every SOAK_SAMPLE seconds: each
 * instance's resident memory and pool use (from /metrics) and the database's connections (pg_stat_activity).
 * Results: bench/results/soak-<date>.json. See bench/soak/README.md.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createHmac, randomBytes } = require('node:crypto');
const { launchInstance } = require('../../tests/helpers/instance-main');
const { adminConnectionConfig } = require('../../tests/helpers/pg-admin');
const { benchEnvironment, compile, withPg } = require('../environment');

const ROOT = path.resolve(__dirname, '../..');
const int = (value, fallback) => (value && /^\d+$/.test(value) ? Number(value) : fallback);
const DURATION_S = int(process.env.SOAK_DURATION, 600);
const WORKERS = int(process.env.SOAK_WORKERS, 8);
const CAREGIVERS = int(process.env.SOAK_CAREGIVERS, 40);
const SAMPLE_S = int(process.env.SOAK_SAMPLE, 30);
const POOL_MAX = int(process.env.BENCH_POOL_MAX, 10);
const BEIJING = '110100';
const SANDBOX_SECRET = randomBytes(32).toString('base64');
const METRICS_TOKEN = randomBytes(16).toString('hex');

/** The order's start: day `day` ahead at hh:mm Beijing time. */
function startAt(day, hour, minute = 0) {
  const now = new Date();
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - 8 * 3600_000;
  return new Date(midnight + day * 86_400_000 + (hour * 60 + minute) * 60_000).toISOString().replace('Z', '+00:00');
}

const stats = { requests: 0, byStatus: {}, fiveXx: [], errors: 0, lanes: {}, latencies: [], byRoute: {} };
/** The route pattern of a request path: document ids and numbers become :id, the query string is dropped. */
const routeKey = (method, route) =>
  `${method} ${route
    .split('?')[0]
    .replace(/\/[A-Za-z0-9]{20,}(?=\/|$)/g, '/:id')
    .replace(/\/\d+(?=\/|$)/g, '/:id')}`;
async function call(base, method, route, { token, body, headers = {} } = {}) {
  const started = performance.now();
  let res;
  try {
    res = await fetch(`${base}${route}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    stats.errors += 1;
    throw error;
  }
  const text = await res.text();
  stats.requests += 1;
  stats.byStatus[res.status] = (stats.byStatus[res.status] ?? 0) + 1;
  const ms = performance.now() - started;
  if (stats.latencies.length < 200_000) stats.latencies.push(ms);
  const key = routeKey(method, route);
  (stats.byRoute[key] ??= []).length < 50_000 && stats.byRoute[key].push(ms);
  if (res.status >= 500) stats.fiveXx.push({ method, route: route.replace(/[A-Za-z0-9]{20,}/g, ':id'), status: res.status, body: text.slice(0, 300) });
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

const percentile = (values, p) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10;
};

async function sample(instances, databaseName) {
  const row = { at: new Date().toISOString(), instances: [] };
  for (const instance of instances) {
    const text = await fetch(`${instance.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).then((r) => r.text());
    const value = (pattern) => Number(new RegExp(`^${pattern} ([0-9.e+]+)$`, 'm').exec(text)?.[1] ?? NaN);
    row.instances.push({
      rssMb: Math.round(value('care_process_resident_memory_bytes') / 1048576),
      heapMb: Math.round(value('care_nodejs_heap_size_used_bytes') / 1048576),
      poolUsed: value('care_db_pool_connections\\{state="used"\\}'),
      poolFree: value('care_db_pool_connections\\{state="free"\\}'),
      sse: value('care_sse_connections'),
    });
  }
  row.databaseConnections = await withPg(adminConnectionConfig().database, async (c) =>
    Number((await c.query('select count(*) from pg_stat_activity where datname = $1', [databaseName])).rows[0].count),
  );
  return row;
}

async function main() {
  await compile();
  const databaseName = `care_soak_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  await withPg(adminConnectionConfig().database, (c) => c.query(`CREATE DATABASE "${databaseName}"`));
  // NODE_ENV=test: the sandbox payment channel (refused in production) stands in for the providers, whose SDK
  // signing cost bench/payments measures; everything else runs as in production.
  const env = benchEnvironment(databaseName, {
    poolMax: POOL_MAX,
    nodeEnv: 'test',
    extra: { PAYMENT_SANDBOX_ENABLED: 'true', PAYMENT_SANDBOX_SECRET: SANDBOX_SECRET, METRICS_TOKEN },
  });
  const instances = [];
  try {
    console.log(`[soak] booting two instances on ${databaseName} (one after the other) ...`);
    instances.push(await launchInstance({ env, bootTimeoutMs: 180_000 }));
    instances.push(await launchInstance({ env, bootTimeoutMs: 180_000 }));
    const urls = instances.map((i) => i.url);
    let rr = 0;
    const next = () => urls[rr++ % urls.length];

    const service = await instances[0].request('lookup', {
      uid: 'api::service.service',
      where: { slug: 'full-escort', publishedAt: { $notNull: true } },
      select: ['documentId'],
    });
    const customers = [];
    for (let w = 0; w < WORKERS; w += 1) {
      const session = await instances[0].request('sign-in', { phone: `1970000${String(w).padStart(4, '0')}` });
      const patient = await call(urls[0], 'POST', '/api/booking/patients', {
        token: session.jwt,
        body: { name: `压测就诊人${w}`, relationship: 'parent', selfCareAbility: 'independent' },
      });
      if (patient.status !== 201) throw new Error(`patient: ${JSON.stringify(patient.body)}`);
      customers.push({ jwt: session.jwt, userId: session.userId, patientId: patient.body.data.documentId });
    }
    const caregivers = [];
    for (let c = 0; c < CAREGIVERS; c += 1) {
      caregivers.push(
        await instances[0].request('approved-caregiver', { phone: `1960000${String(c).padStart(4, '0')}`, serviceDocumentIds: [service.documentId] }),
      );
    }
    // One booking slot per caregiver and day (07:00 Beijing, days 2..29): never double-booked, handed out once.
    const slots = [];
    for (let day = 2; day <= 29; day += 1) for (const caregiver of caregivers) slots.push({ day, caregiver });
    let cancelSlot = 0;

    const expected = new Map(); // order documentId -> the status the client last saw acknowledged
    const paidTrades = new Set();
    const body = (c, extra) => ({
      serviceId: service.documentId,
      patientId: c.patientId,
      cityCode: BEIJING,
      units: 1,
      place: { type: 'home', address: { text: '北京市朝阳区望京西园三区 312 号楼 2 单元 501', latitude: 39.998, longitude: 116.47, district: '朝阳区' } },
      contactName: '张伟',
      contactPhone: '13800138000',
      ...extra,
    });
    const ok = (res, status, what) => {
      if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      return res.body;
    };
    const lane = (name) => (stats.lanes[name] = (stats.lanes[name] ?? 0) + 1);

    async function pay(c, orderId) {
      const started = ok(
        await call(next(), 'POST', `/api/booking/orders/${orderId}/payments`, { token: c.jwt, body: { channel: 'sandbox', scene: 'sandbox' } }),
        201,
        'pay',
      ).data.payment;
      const raw = JSON.stringify({
        kind: 'payment',
        tradeNo: started.tradeNo,
        providerTxnId: `SOAK-${started.tradeNo}`,
        amountFen: started.amountFen,
        status: 'succeeded',
      });
      const headers = { 'x-sandbox-signature': createHmac('sha256', SANDBOX_SECRET).update(raw).digest('hex') };
      // Providers deliver at least once: both instances get the notification at the same moment.
      const acks = await Promise.all(urls.map((u) => call(u, 'POST', '/api/booking/payments/notify/sandbox', { body: raw, headers })));
      if (acks.every((a) => a.status !== 200)) throw new Error(`notify: ${acks.map((a) => a.status)}`);
      paidTrades.add(started.tradeNo);
    }

    async function browse() {
      lane('browse');
      await call(next(), 'GET', '/api/services?pagination[pageSize]=10');
      await call(next(), 'GET', `/api/booking/search?q=${encodeURIComponent('陪诊')}&cityCode=${BEIJING}`);
      await call(next(), 'GET', `/api/booking/caregivers?cityCode=${BEIJING}`);
    }

    async function fullService(c) {
      const slot = slots.shift();
      if (!slot) return submitPayCancel(c);
      lane('full');
      const created = ok(
        await call(next(), 'POST', '/api/booking/orders', {
          token: c.jwt,
          body: body(c, { startAt: startAt(slot.day, 7), caregiverId: slot.caregiver.caregiverDocumentId }),
        }),
        201,
        'submit',
      ).data;
      expected.set(created.documentId, 'pending_payment');
      await pay(c, created.documentId);
      expected.set(created.documentId, 'pending_acceptance');
      const cg = slot.caregiver.jwt;
      for (const step of ['accept', 'depart', 'arrive', 'start', 'finish']) {
        ok(
          await call(next(), 'POST', `/api/booking/caregiver/orders/${created.documentId}/${step}`, {
            token: cg,
            body: step === 'finish' ? { summary: '陪同完成挂号、检查与取药，老人情况平稳。' } : {},
          }),
          200,
          step,
        );
      }
      expected.set(created.documentId, 'finished');
      ok(await call(next(), 'POST', `/api/booking/orders/${created.documentId}/confirm`, { token: c.jwt, body: {} }), 200, 'confirm');
      expected.set(created.documentId, 'completed');
      ok(
        await call(next(), 'POST', `/api/booking/orders/${created.documentId}/review`, {
          token: c.jwt,
          body: { attitude: 5, skill: 5, punctuality: 4, overall: 5, tags: [], text: '陪诊很细心' },
        }),
        201,
        'review',
      );
      expected.set(created.documentId, 'reviewed');
      await call(next(), 'GET', `/api/booking/orders/${created.documentId}`, { token: c.jwt });
    }

    async function submitPayCancel(c) {
      lane('cancel');
      const n = cancelSlot++;
      // Hall orders spread over days and ten-minute steps between 07:00 and 13:50.
      const created = ok(
        await call(next(), 'POST', '/api/booking/orders', {
          token: c.jwt,
          body: body(c, { startAt: startAt(2 + (n % 28), 7 + Math.floor((n / 28) % 7), (((n / 196) % 6) | 0) * 10) }),
        }),
        201,
        'submit',
      ).data;
      expected.set(created.documentId, 'pending_payment');
      await pay(c, created.documentId);
      expected.set(created.documentId, 'pending_acceptance');
      ok(await call(next(), 'POST', `/api/booking/orders/${created.documentId}/cancel`, { token: c.jwt, body: { reason: '行程有变' } }), 200, 'cancel');
      expected.set(created.documentId, 'cancelled');
      await call(next(), 'GET', '/api/booking/orders', { token: c.jwt });
    }

    const failures = [];
    let running = true;
    async function worker(w) {
      const c = customers[w];
      for (let n = w; running; n += 1) {
        try {
          const pick = n % 10;
          if (pick < 4) await browse();
          else if (pick < 7) await fullService(c);
          else await submitPayCancel(c);
        } catch (error) {
          if (failures.length < 50) failures.push(String(error.message ?? error));
        }
      }
    }

    const samples = [await sample(instances, databaseName)];
    const sampler = setInterval(
      () =>
        void sample(instances, databaseName)
          .then((s) => samples.push(s))
          .catch(() => undefined),
      SAMPLE_S * 1000,
    );
    console.log(`[soak] ${WORKERS} workers, ${DURATION_S} s ...`);
    const began = Date.now();
    const load = Array.from({ length: WORKERS }, (_, w) => worker(w));
    const progress = setInterval(
      () => console.log(`[soak] ${Math.round((Date.now() - began) / 1000)} s: ${stats.requests} requests, 5xx ${stats.fiveXx.length}, orders ${expected.size}`),
      60_000,
    );
    await new Promise((resolve) => setTimeout(resolve, DURATION_S * 1000));
    running = false;
    await Promise.all(load);
    const elapsed = (Date.now() - began) / 1000;
    clearInterval(sampler);
    clearInterval(progress);
    samples.push(await sample(instances, databaseName));

    // The database's word on what the clients were told.
    const check = await withPg(databaseName, async (db) => {
      const ids = [...expected.keys()];
      const rows = (await db.query('select document_id, status, payment_status, paid_fen, total_fen from booking_orders where document_id = any($1)', [ids]))
        .rows;
      const byId = new Map(rows.map((r) => [r.document_id, r]));
      const missing = ids.filter((id) => !byId.has(id));
      const wrongState = ids
        .filter((id) => byId.has(id) && byId.get(id).status !== expected.get(id))
        .map((id) => ({ id, expected: expected.get(id), actual: byId.get(id).status }));
      const customerIds = customers.map((c) => c.userId);
      const total = Number((await db.query('select count(*) from booking_orders where user_id = any($1)', [customerIds])).rows[0].count);
      const payTwice = Number(
        (await db.query(`select count(*) from (select order_id from booking_order_events where action = 'pay' group by order_id having count(*) > 1) t`))
          .rows[0].count,
      );
      const paidPayments = Number(
        (await db.query(`select count(*) from booking_payments where trade_no = any($1) and status = 'succeeded'`, [[...paidTrades]])).rows[0].count,
      );
      const paidMismatch = Number(
        (
          await db.query(
            `select count(*) from booking_orders where document_id = any($1) and status in ('pending_acceptance','accepted','in_service','finished','completed','reviewed') and paid_fen <> total_fen`,
            [ids],
          )
        ).rows[0].count,
      );
      const reviews = Number((await db.query('select count(*) from booking_reviews')).rows[0].count);
      return {
        acknowledgedOrders: ids.length,
        ordersInDatabase: total,
        missing: missing.length,
        wrongState,
        payAppliedTwice: payTwice,
        paidTrades: paidTrades.size,
        paidPaymentsInDatabase: paidPayments,
        paidMismatch,
        reviews,
        reviewedExpected: [...expected.values()].filter((s) => s === 'reviewed').length,
      };
    });

    const lat = stats.latencies;
    const result = {
      date: new Date().toISOString(),
      settings: { durationSeconds: DURATION_S, workers: WORKERS, caregivers: CAREGIVERS, instances: 2, poolMax: POOL_MAX, sampleSeconds: SAMPLE_S },
      meta: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model?.trim() },
      elapsedSeconds: Math.round(elapsed),
      requests: stats.requests,
      requestsPerSecond: Math.round((stats.requests / elapsed) * 10) / 10,
      requestsPerSecondPerInstance: Math.round((stats.requests / elapsed / 2) * 10) / 10,
      completedServiceFlowsPerMinute: Math.round((check.reviewedExpected / elapsed) * 600) / 10,
      ordersPerMinute: Math.round((check.acknowledgedOrders / elapsed) * 600) / 10,
      latencyMs: { p50: percentile(lat, 50), p90: percentile(lat, 90), p99: percentile(lat, 99), max: Math.round(Math.max(0, ...lat)) },
      byStatus: stats.byStatus,
      // Reference measured in the same run: stock Strapi's content API (GET /api/services), same instances, same load.
      routes: Object.fromEntries(
        Object.entries(stats.byRoute).map(([key, values]) => [key, { count: values.length, p50: percentile(values, 50), p99: percentile(values, 99) }]),
      ),
      ratiosToReference: (() => {
        const reference = percentile(stats.byRoute['GET /api/services'] ?? [], 50) || 1;
        return Object.fromEntries(Object.entries(stats.byRoute).map(([key, values]) => [key, Math.round((percentile(values, 50) / reference) * 100) / 100]));
      })(),
      fiveXx: stats.fiveXx.length,
      fiveXxSamples: stats.fiveXx.slice(0, 10),
      transportErrors: stats.errors,
      lanes: stats.lanes,
      clientFailures: failures.slice(0, 20),
      check,
      samples,
    };
    const out = path.join(ROOT, 'bench/results', `soak-${result.date.replace(/[:.]/g, '-')}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    const first = samples[0];
    const last = samples[samples.length - 1];
    console.log(JSON.stringify({ ...result, samples: undefined, firstSample: first, lastSample: last }, null, 2));
    console.log(`[soak] written ${path.relative(ROOT, out)}`);
    const clean =
      result.fiveXx === 0 &&
      check.missing === 0 &&
      check.wrongState.length === 0 &&
      check.payAppliedTwice === 0 &&
      check.paidMismatch === 0 &&
      check.ordersInDatabase === check.acknowledgedOrders &&
      check.paidPaymentsInDatabase === check.paidTrades;
    if (!clean) process.exitCode = 1;
  } finally {
    await Promise.allSettled(instances.map((i) => i.stop()));
    if (process.env.SOAK_KEEP_DATABASE !== 'true')
      await withPg(adminConnectionConfig().database, (c) => c.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`)).catch(() => undefined);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

'use strict';
/**
 * Analytics at scale on PostgreSQL: generates ORDERS orders (default 1,000,000) with payments, refunds, reviews and
 * complaints, and EVENTS behaviour events (default 5,000,000) spread over the last 365 days with INSERT … SELECT
 * generate_series (no row crosses the network), rolls the business figures up for the whole year, then times every
 * figure route with an admin JWT: N sequential requests each, p50 and p99.
 *
 * Usage: npm run bench:analytics (knobs: BENCH_ORDERS, BENCH_EVENTS, BENCH_REQUESTS, SKIP_COMPILE, BENCH_KEEP_DB).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { launchInstance } = require('../../tests/helpers/instance-main');
const { adminConnectionConfig } = require('../../tests/helpers/pg-admin');
const { benchEnvironment, compile, withPg } = require('../environment');

const ROOT = path.resolve(__dirname, '../..');
const int = (value, fallback) => (value && /^\d+$/.test(value) ? Number(value) : fallback);
const ORDERS = int(process.env.BENCH_ORDERS, 1_000_000);
const EVENTS = int(process.env.BENCH_EVENTS, 5_000_000);
const REQUESTS = int(process.env.BENCH_REQUESTS, 40);
const CAREGIVERS = 2000;

function environment(databaseName) {
  return benchEnvironment(databaseName);
}

const sqlList = (xs) => `ARRAY[${xs.map((x) => `'${String(x).replace(/'/g, "''")}'`).join(',')}]`;

/** The data set, generated inside PostgreSQL. Times: g-th row goes (g mod 365) days and a pseudo-random second back. */
async function generate(c, services) {
  const docs = sqlList(services.map((s) => s.document_id));
  const cats = sqlList(services.map((s) => s.category_slug ?? ''));
  const cities = sqlList(['110100', '310100', '440100', '440300', '330100', '510100']);
  const k = services.length;
  const steps = [];
  const step = async (label, sql) => {
    const started = Date.now();
    const res = await c.query(sql);
    steps.push({ label, rows: res.rowCount, seconds: Math.round((Date.now() - started) / 100) / 10 });
    console.log(`[bench] ${label}: ${res.rowCount} rows in ${steps[steps.length - 1].seconds} s`);
  };
  const created = `now() - make_interval(days => (g % 365)::int, secs => ((g::bigint * 7919) % 86400)::int)`;
  await step(
    'orders',
    `INSERT INTO booking_orders (order_no, user_id, service_document_id, city_code, dispatch_mode, status, payment_status, start_at, end_at,
       unit, units, place_type, contact_name, contact_phone, service_snapshot, price_lines, total_fen, paid_fen, refunded_fen,
       created_at, updated_at, paid_at, cancelled_at, completed_at, started_at, caregiver_id)
     SELECT 'B' || lpad(g::text, 12, '0'), 1 + g % 200000, (${docs})[1 + g % ${k}], (${cities})[1 + g % 6], 'auto',
       CASE WHEN r < 3 THEN 'cancelled' WHEN r < 5 THEN 'pending_payment' WHEN r < 14 THEN 'completed' WHEN r < 16 THEN 'cancelled' ELSE 'accepted' END,
       CASE WHEN r < 5 THEN 'unpaid' WHEN r < 14 THEN 'paid' WHEN r < 16 THEN 'refunded' ELSE 'paid' END,
       t + interval '1 day', t + interval '1 day 4 hours', 'half_day', 1, 'home', '张伟', '13800138000', '{}'::jsonb, '[]'::jsonb,
       fen, CASE WHEN r < 5 THEN 0 ELSE fen END, CASE WHEN r IN (14, 15) THEN fen ELSE 0 END,
       t, t, CASE WHEN r >= 5 THEN t + interval '10 minutes' END,
       CASE WHEN r < 3 THEN t + interval '30 minutes' WHEN r IN (14, 15) THEN t + interval '2 hours' END,
       CASE WHEN r BETWEEN 5 AND 13 THEN t + interval '1 day 4 hours' END,
       CASE WHEN r BETWEEN 5 AND 13 THEN t + interval '1 day' + make_interval(mins => (g % 31)::int - 15) END,
       CASE WHEN r >= 5 THEN 1 + (g::bigint * 31) % ${CAREGIVERS} END
     FROM (SELECT g, (g % 20)::int AS r, ${created} AS t, (5000 + (g::bigint * 37) % 90000)::int AS fen FROM generate_series(1, ${ORDERS}) g) s`,
  );
  await step(
    'payments',
    `INSERT INTO booking_payments (order_id, user_id, channel, scene, trade_no, amount_fen, status, expires_at, succeeded_at, created_at, updated_at)
     SELECT id, user_id, (ARRAY['wechat','alipay','unionpay'])[1 + id % 3], 'jsapi', 'T' || lpad(id::text, 15, '0') || 'P01', total_fen, 'succeeded',
       paid_at, paid_at, created_at, paid_at FROM booking_orders WHERE paid_at IS NOT NULL`,
  );
  await step(
    'refunds',
    `INSERT INTO booking_refunds (order_id, refund_no, amount_fen, source, status, channel, settled_at, attempts, created_at, updated_at)
     SELECT id, 'R' || id, total_fen, 'cancellation', 'succeeded', (ARRAY['wechat','alipay','unionpay'])[1 + id % 3], cancelled_at + interval '1 hour', 1, cancelled_at, cancelled_at
     FROM booking_orders WHERE payment_status = 'refunded'`,
  );
  await step(
    'reviews',
    `INSERT INTO booking_reviews (order_id, user_id, caregiver_id, service_document_id, attitude, skill, punctuality, overall, hidden, created_at, updated_at)
     SELECT id, user_id, caregiver_id, service_document_id, 3 + id % 3, 3 + id % 3, 2 + id % 4, CASE WHEN caregiver_id % 97 = 0 THEN 2 + id % 3 ELSE 4 + (id % 7 > 1)::int END,
       id % 50 = 0, completed_at + interval '2 hours', completed_at + interval '2 hours'
     FROM booking_orders WHERE status = 'completed' AND id % 3 = 0`,
  );
  await step(
    'complaints',
    `INSERT INTO booking_complaints (order_id, user_id, caregiver_id, category, description, status, overdue, created_at, updated_at, closed_at)
     SELECT id, user_id, caregiver_id, 'late', '迟到', CASE WHEN id % 3 = 0 THEN 'resolved' ELSE 'rejected' END, false,
       completed_at, completed_at, completed_at + interval '1 day'
     FROM booking_orders WHERE status = 'completed' AND id % 53 = 0`,
  );
  const keywords = sqlList(['陪诊', '采血', '打针', '住院陪护', '老人陪护', '月嫂', '护工', '上门护理', '火星旅行', '透析陪护', '产后护理', '康复训练']);
  await step(
    'events',
    `INSERT INTO booking_analytics_events (type, source, user_id, device_id, category_slug, service_document_id, keyword, results_count, city_code, occurred_at, received_at, created_at, updated_at)
     SELECT ty, CASE WHEN ty IN ('search', 'service_view') THEN 'client' ELSE 'server' END,
       CASE WHEN g % 3 = 0 THEN NULL ELSE 1 + (g::bigint * 13) % 200000 END, CASE WHEN g % 3 = 0 THEN 'dev-' || (g::bigint * 17) % 300000 END,
       CASE WHEN ty = 'search' THEN NULL ELSE (${cats})[1 + g % ${k}] END, CASE WHEN ty = 'search' THEN NULL ELSE (${docs})[1 + g % ${k}] END,
       CASE WHEN ty = 'search' THEN (${keywords})[1 + (g / 7) % 12] END, CASE WHEN ty = 'search' THEN CASE WHEN (g / 7) % 12 = 8 THEN 0 ELSE 1 + g % 5 END END,
       (${cities})[1 + g % 6], t, t, t, t
     FROM (SELECT g, ${created} AS t,
             (ARRAY['service_view','service_view','service_view','search','search','caregiver_view','checkout_step','order_submitted','order_paid','order_completed'])[1 + g % 10] AS ty
           FROM generate_series(1, ${EVENTS}) g) s`,
  );
  // What autovacuum does on its own after bulk inserts (PG ≥ 13 vacuums insert-only tables too): statistics, and the
  // visibility map that lets the funnel read its covering index without visiting the heap.
  const started = Date.now();
  await c.query('VACUUM (ANALYZE)');
  steps.push({ label: 'VACUUM (ANALYZE)', rows: 0, seconds: Math.round((Date.now() - started) / 100) / 10 });
  return steps;
}

async function http(url, { method = 'GET', token, body } = {}) {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 300)}`);
  return text;
}

const beijingDay = (offsetDays) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function time(label, url, token) {
  for (let i = 0; i < 3; i += 1) await http(url, { token }); // warm-up: plans and caches
  const samples = [];
  for (let i = 0; i < REQUESTS; i += 1) {
    const started = process.hrtime.bigint();
    await http(url, { token });
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const r = {
    label,
    requests: REQUESTS,
    p50: Math.round(percentile(samples, 50)),
    p99: Math.round(percentile(samples, 99)),
    max: Math.round(samples[samples.length - 1]),
  };
  console.log(`[bench] ${label}: p50 ${r.p50} ms, p99 ${r.p99} ms`);
  return r;
}

async function main() {
  await compile();
  const databaseName = `care_bench_an_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  await withPg(adminConnectionConfig().database, (c) => c.query(`CREATE DATABASE "${databaseName}"`));
  let instance;
  try {
    console.log(`[bench] booting one instance on database ${databaseName} ...`);
    instance = await launchInstance({ env: environment(databaseName), bootTimeoutMs: 180_000 });
    const services = await withPg(
      databaseName,
      async (c) =>
        (
          await c.query(`SELECT s.document_id, MIN(c.slug) AS category_slug FROM services s LEFT JOIN services_category_lnk l ON l.service_id = s.id
        LEFT JOIN service_categories c ON c.id = l.service_category_id WHERE s.published_at IS NOT NULL AND s.locale = 'zh-Hans' GROUP BY s.document_id`)
        ).rows,
    );
    console.log(`[bench] generating ${ORDERS} orders and ${EVENTS} events ...`);
    const genStarted = Date.now();
    const generation = await withPg(databaseName, (c) => generate(c, services));
    const generationSeconds = Math.round((Date.now() - genStarted) / 100) / 10;

    const admin = await instance.request('create-admin');
    const login = JSON.parse(await http(`${instance.url}/admin/login`, { method: 'POST', body: admin })).data;
    const token = login.token ?? login.accessToken;
    const base = `${instance.url}/booking/analytics`;

    // Roll the whole year up, a month per request (each is one transaction replacing those days).
    const rollStarted = Date.now();
    for (let end = -1; end > -366; end -= 31) {
      const from = beijingDay(Math.max(end - 30, -365));
      await http(`${base}/rollup`, { method: 'POST', token, body: { from, to: beijingDay(end) } });
    }
    const rollupSeconds = Math.round((Date.now() - rollStarted) / 100) / 10;
    console.log(`[bench] roll-up of 365 days: ${rollupSeconds} s`);

    const last30 = `from=${beijingDay(-29)}&to=${beijingDay(0)}`;
    const year = `from=${beijingDay(-365)}&to=${beijingDay(0)}`;
    const lastMonth = beijingDay(-31).slice(0, 7);
    const routes = [
      ['business all, 30 days', `/business?${last30}`],
      ['business by city, 30 days', `/business?${last30}&dimension=city`],
      ['business by category, 30 days', `/business?${last30}&dimension=category`],
      ['business by channel, 30 days', `/business?${last30}&dimension=channel`],
      ['business all, 366 days', `/business?${year}`],
      ['business one city, 30 days', `/business?${last30}&cityCode=310100`],
      ['business CSV by city, 30 days', `/business?${last30}&dimension=city&format=csv`],
      ['top keywords, 30 days', `/keywords?${last30}`],
      ['no-result keywords, 30 days', `/keywords?${last30}&noResults=true`],
      ['funnel, 7 days', `/funnel?from=${beijingDay(-6)}&to=${beijingDay(0)}`],
      ['funnel, 30 days', `/funnel?${last30}`],
      ['caregiver quality, 30 days', `/caregivers?${last30}`],
      ['monthly award', `/caregivers/awards?month=${lastMonth}`],
      ['retraining list', `/caregivers/retraining`],
    ];
    const results = [];
    for (const [label, route] of routes) results.push(await time(label, `${base}${route}`, token));

    const meta = await withPg(databaseName, async (c) => ({
      node: `Node ${process.version}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model?.trim() ?? 'unknown CPU',
      postgres: (await c.query('select version()')).rows[0].version.split(',')[0],
      orders: Number((await c.query('select count(*) from booking_orders')).rows[0].count),
      events: Number((await c.query('select count(*) from booking_analytics_events')).rows[0].count),
      dailyMetricRows: Number((await c.query('select count(*) from booking_daily_metrics')).rows[0].count),
    }));
    console.log(
      [
        '',
        `### Analytics figures: ${meta.orders} orders, ${meta.events} events (generated in ${generationSeconds} s, roll-up ${rollupSeconds} s), ${REQUESTS} sequential requests each`,
        '',
        '| route | p50 ms | p99 ms |',
        '|---|---:|---:|',
        ...results.map((r) => `| ${r.label} | ${r.p50} | ${r.p99} |`),
        '',
        `${meta.node}, ${meta.cpus} × ${meta.cpuModel}, ${meta.postgres}`,
        '',
      ].join('\n'),
    );
    const out = path.join(ROOT, 'bench/results', `analytics-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(
      out,
      `${JSON.stringify({ date: new Date().toISOString(), settings: { orders: ORDERS, events: EVENTS, requests: REQUESTS }, meta, generation, generationSeconds, rollupSeconds, results }, null, 2)}\n`,
    );
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

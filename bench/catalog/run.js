'use strict';
/**
 * Catalog read path: the routes every front end's home and category screens call, against the cheapest route of
 * the same app (GET /api/booking/health) measured in the same run, with the response cache on and then off.
 *
 *   1. cache on: list, short list, categories, detail by slug and by documentId
 *   2. cache off (same database, instance restarted with CATALOG_CACHE_ENABLED=false): the slim list against the
 *      list as it was before the card shape ("every item carries its whole page": the same query with the detail
 *      populate and every field), which is the 60 req/s of issue 13
 *
 * Usage: npm run bench:catalog (see bench/catalog/README.md for the knobs).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const autocannon = require('autocannon');
const qs = require('qs');
const { launchInstance } = require('../../tests/helpers/instance-main');
const { adminConnectionConfig } = require('../../tests/helpers/pg-admin');
const { benchEnvironment, compile, withPg } = require('../environment');

const ROOT = path.resolve(__dirname, '../..');
const int = (value, fallback) => (value && /^\d+$/.test(value) ? Number(value) : fallback);
const CONNECTIONS = int(process.env.BENCH_CONNECTIONS, 20);
const DURATION_S = int(process.env.BENCH_DURATION, 10);
const WARMUP_S = int(process.env.BENCH_WARMUP, 2);
const DB = process.env.BENCH_DB === 'postgres' ? 'postgres' : 'sqlite';
const PORT = process.env.BENCH_PORT || '0';
const DETAIL_SLUG = 'infusion-at-home';

function environment(databaseName, extra) {
  const dbEnv = DB === 'sqlite' ? { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: path.join(ROOT, '.tmp', `${databaseName}.db`) } : {};
  return benchEnvironment(databaseName, { extra: { PORT, SEED_DEMO_PICTURES: 'true', ...dbEnv, ...extra } });
}

async function measure(label, url) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    warmup: WARMUP_S > 0 ? { connections: CONNECTIONS, duration: WARMUP_S } : undefined,
  });
  return {
    label,
    requestsPerSec: Math.round(result.requests.average * 10) / 10,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    bytesPerResponse: result.requests.total ? Math.round(result.throughput.total / result.requests.total) : 0,
    ok2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function check(url) {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`${url}: expected 200, got ${res.status} ${await res.text()}`);
  return { body: await res.json(), cache: res.headers.get('x-cache') };
}

async function run(instance, targets, cacheExpected) {
  const results = [];
  for (const [label, route] of targets) {
    const url = `${instance.url}${route}`;
    // A broken route must fail loudly, not be measured as fast errors; and the cache must be doing its job (or not).
    await check(url);
    const { cache } = await check(url);
    if (cacheExpected !== undefined && route.startsWith('/api/booking/health') === false && (cache === 'HIT') !== cacheExpected) {
      throw new Error(`${route}: X-Cache ${cache}, expected ${cacheExpected ? 'HIT' : 'no cache'}`);
    }
    console.log(`[bench] ${label}: ${WARMUP_S} s warm-up, ${DURATION_S} s measured ...`);
    results.push(await measure(label, url));
  }
  return results;
}

const ratio = (a, b) => Math.round((a / Math.max(b, 0.1)) * 100) / 100;

function table(title, results) {
  const row = (r) => `| ${r.label} | ${r.requestsPerSec} | ${r.latencyMs.p50} | ${r.latencyMs.p99} | ${r.bytesPerResponse} | ${r.non2xx + r.errors} |`;
  return ['', `### ${title}`, '', '| route | req/s | p50 ms | p99 ms | bytes | failures |', '|---|---:|---:|---:|---:|---:|', ...results.map(row)].join('\n');
}

async function main() {
  await compile();
  const { serviceDetail } = require('../../dist/src/api/service/shapes');
  const databaseName = `cat_bench_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  if (DB === 'postgres') await withPg(adminConnectionConfig().database, (c) => c.query(`CREATE DATABASE "${databaseName}"`));
  let instance;
  try {
    console.log(`[bench] booting one instance (${DB}, cache on) and seeding the demo catalog with pictures ...`);
    instance = await launchInstance({ env: environment(databaseName, {}), bootTimeoutMs: 300_000 });
    const detail = (await check(`${instance.url}/api/services/by-slug/${DETAIL_SLUG}`)).body.data;
    const cached = await run(
      instance,
      [
        ['reference: GET /api/booking/health', '/api/booking/health'],
        ['GET /api/services (cards, 25)', '/api/services'],
        ['GET /api/services?pagination[pageSize]=5', '/api/services?pagination%5BpageSize%5D=5'],
        ['GET /api/service-categories', '/api/service-categories'],
        ['GET /api/services/by-slug/:slug (page)', `/api/services/by-slug/${DETAIL_SLUG}`],
        ['GET /api/services/:documentId (page)', `/api/services/${detail.documentId}`],
      ],
      true,
    );
    await instance.stop();

    console.log('[bench] restarting the instance with CATALOG_CACHE_ENABLED=false ...');
    instance = await launchInstance({ env: environment(databaseName, { SEED_DEMO: 'false', CATALOG_CACHE_ENABLED: 'false' }), bootTimeoutMs: 300_000 });
    const fatQuery = qs.stringify({ populate: serviceDetail.populate }, { encodeValuesOnly: true });
    const uncached = await run(
      instance,
      [
        ['reference: GET /api/booking/health', '/api/booking/health'],
        ['before: list with every page (detail populate, all fields)', `/api/services?${fatQuery}`],
        ['GET /api/services (cards, 25)', '/api/services'],
        ['GET /api/service-categories', '/api/service-categories'],
        ['GET /api/services/by-slug/:slug (page)', `/api/services/by-slug/${DETAIL_SLUG}`],
      ],
      false,
    );

    const [health, list, , , bySlug, byId] = cached;
    const [, fat, slim] = uncached;
    const criteria = [
      [
        'list ≥ 1000 req/s or ≥ 50 % of health',
        list.requestsPerSec >= 1000 || ratio(list.requestsPerSec, health.requestsPerSec) >= 0.5,
        `${list.requestsPerSec} req/s, ×${ratio(list.requestsPerSec, health.requestsPerSec)} of health`,
      ],
      ...[bySlug, byId].map((d) => [
        `${d.label}: ≥ 1500 req/s or ≥ 60 % of health`,
        d.requestsPerSec >= 1500 || ratio(d.requestsPerSec, health.requestsPerSec) >= 0.6,
        `${d.requestsPerSec} req/s, ×${ratio(d.requestsPerSec, health.requestsPerSec)} of health`,
      ]),
      [
        'p99 < 50 ms at ' + CONNECTIONS + ' connections (catalog routes, cache on)',
        cached.slice(1).every((r) => r.latencyMs.p99 < 50),
        `max p99 ${Math.max(...cached.slice(1).map((r) => r.latencyMs.p99))} ms`,
      ],
      [
        'cache off: slim list ≥ 3× the list with every page',
        ratio(slim.requestsPerSec, fat.requestsPerSec) >= 3,
        `×${ratio(slim.requestsPerSec, fat.requestsPerSec)} (${slim.bytesPerResponse} vs ${fat.bytesPerResponse} bytes)`,
      ],
    ];
    const meta = { node: `Node ${process.version}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model?.trim() ?? 'unknown CPU', database: DB };
    console.log(
      [
        table(`Cache on — ${CONNECTIONS} connections, ${DURATION_S} s each, 1 instance, ${DB}`, cached),
        ...cached.slice(1).map((r) => `${r.label} / health: throughput ×${ratio(r.requestsPerSec, health.requestsPerSec)}`),
        table('Cache off — same database, instance restarted', uncached),
        `cards / list with every page: throughput ×${ratio(slim.requestsPerSec, fat.requestsPerSec)}; cards / health ×${ratio(slim.requestsPerSec, uncached[0].requestsPerSec)}`,
        '',
        '### Issue 13 targets',
        '',
        ...criteria.map(([what, ok, figure]) => `- [${ok ? 'x' : ' '}] ${what}: ${figure}`),
        '',
        `${meta.node}, ${meta.cpus} × ${meta.cpuModel}`,
        '',
      ].join('\n'),
    );
    const out = path.join(ROOT, 'bench/results', `catalog-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const settings = { connections: CONNECTIONS, durationSeconds: DURATION_S, warmupSeconds: WARMUP_S, database: DB };
    fs.writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), settings, meta, cached, uncached, criteria }, null, 2)}\n`);
    console.log(`[bench] wrote ${path.relative(ROOT, out)}`);
  } finally {
    await instance?.stop();
    if (DB === 'postgres') await withPg(adminConnectionConfig().database, (c) => c.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`));
    else for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(path.join(ROOT, '.tmp', `${databaseName}.db${suffix}`), { force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

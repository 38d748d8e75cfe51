'use strict';
/**
 * Dispatch ranking at city scale: 10,000 online caregivers in one city (skills and positions random within ~30 km),
 * then one order ranked among them ~200 times: the candidate query (city + skill + status + online/working hours +
 * bounding box + own radius, nearest `candidatePool`), credentials / trainings / schedule / blocks for those ids,
 * the pure eligibility rules and the ranking. PostgreSQL, Strapi booted in-process on a fresh database.
 *
 * Usage: npm run bench:dispatch   (BENCH_CAREGIVERS=10000 BENCH_RUNS=200 SKIP_COMPILE=true to reuse dist/)
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { benchEnvironment, compile, withPg } = require('../environment');

const ROOT = path.resolve(__dirname, '../..');
const int = (value, fallback) => (value && /^\d+$/.test(value) ? Number(value) : fallback);
const CAREGIVERS = int(process.env.BENCH_CAREGIVERS, 10_000);
const RUNS = int(process.env.BENCH_RUNS, 200);
const WARMUP = 20;
const BEIJING = '110100';
const CENTER = { latitude: 39.9042, longitude: 116.4074 };
const SERVICE_SLUG = 'full-escort';

/** The bench runs Strapi in this process: its environment is the shared bench one ('test': no real-name provider needed). */
function applyEnvironment(databaseName) {
  const env = benchEnvironment(databaseName, { nodeEnv: 'test', poolMax: 10 });
  Object.assign(process.env, env);
}

/** A uniformly random point within `km` of `center`. */
function randomPoint(center, km) {
  const r = km * Math.sqrt(Math.random());
  const theta = Math.random() * 2 * Math.PI;
  const dLat = (r * Math.cos(theta)) / 111.2;
  const dLng = (r * Math.sin(theta)) / (111.2 * Math.cos((center.latitude * Math.PI) / 180));
  return { latitude: center.latitude + dLat, longitude: center.longitude + dLng };
}

const pick = (list, n) => [...list].sort(() => Math.random() - 0.5).slice(0, n);

async function insertRows(knex, table, rows, returning) {
  const columns = new Set(Object.keys(await knex(table).columnInfo()));
  const clean = rows.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => columns.has(k))));
  const out = [];
  for (let i = 0; i < clean.length; i += 1000) {
    const batch = clean.slice(i, i + 1000);
    if (returning) out.push(...(await knex(table).insert(batch).returning(returning)));
    else await knex(table).insert(batch);
  }
  return out;
}

async function generate(strapi) {
  const knex = strapi.db.connection;
  const link = (uid, attribute) => {
    const table = strapi.db.metadata.get(uid).attributes[attribute].joinTable;
    return { name: table.name, from: table.joinColumn.name, to: table.inverseJoinColumn.name };
  };
  const now = new Date();
  const base = () => ({ document_id: randomUUID().replace(/-/g, '').slice(0, 24), created_at: now, updated_at: now, published_at: now });
  const city = await knex('cities').where('code', BEIJING).first('id');
  const services = await knex('services').whereNotNull('published_at').select('id', 'document_id');
  const target = await strapi.documents('api::service.service').findFirst({ filters: { slug: SERVICE_SLUG }, status: 'published', locale: 'zh-Hans' });
  if (!target) throw new Error(`service ${SERVICE_SLUG} is not seeded`);
  const targetRows = services.filter((s) => s.document_id === target.documentId);
  const healthType = await knex('credential_types').where('code', 'health_certificate').first('id');
  const role = await knex('up_roles').where('type', 'caregiver').first('id');
  const training = strapi.plugin('booking').service('training');
  const courses = training?.requiredCourseIdsFor ? await training.requiredCourseIdsFor(target.documentId) : [];

  const started = Date.now();
  const users = await insertRows(
    knex,
    'up_users',
    Array.from({ length: CAREGIVERS }, (_, i) => ({
      ...base(),
      username: `bench-cg-${i}`,
      email: `bench-cg-${i}@example.com`,
      provider: 'local',
      confirmed: true,
      blocked: false,
    })),
    ['id'],
  );
  const levels = ['junior', 'intermediate', 'senior', 'gold'];
  const caregivers = await insertRows(
    knex,
    'caregivers',
    users.map((_, i) => {
      const p = randomPoint(CENTER, 30);
      return {
        ...base(),
        real_name: `压测陪护${i}`,
        gender: i % 3 === 0 ? 'male' : 'female',
        status: 'approved',
        online: true,
        current_latitude: p.latitude.toFixed(6),
        current_longitude: p.longitude.toFixed(6),
        service_radius_km: 5 + Math.floor(Math.random() * 16),
        level: levels[i % 4],
        rating: (3.5 + Math.random() * 1.5).toFixed(2),
        rating_count: Math.floor(Math.random() * 200),
        completed_orders: Math.floor(Math.random() * 500),
        last_assigned_at: new Date(now.getTime() - Math.random() * 7 * 86_400_000),
      };
    }),
    ['id'],
  );
  const ids = caregivers.map((c) => c.id);
  const u = link('api::caregiver.caregiver', 'user');
  await insertRows(
    knex,
    u.name,
    ids.map((id, i) => ({ [u.from]: id, [u.to]: users[i].id })),
  );
  const ur = link('plugin::users-permissions.user', 'role');
  await insertRows(
    knex,
    ur.name,
    users.map((user) => ({ [ur.from]: user.id, [ur.to]: role.id })),
  );
  const c = link('api::caregiver.caregiver', 'city');
  await insertRows(
    knex,
    c.name,
    ids.map((id) => ({ [c.from]: id, [c.to]: city.id })),
  );
  // Three skills each: about one caregiver in ten offers any given service.
  const s = link('api::caregiver.caregiver', 'skills');
  const distinct = [...new Map(services.map((x) => [x.document_id, x.id])).values()];
  await insertRows(
    knex,
    s.name,
    ids.flatMap((id) => pick(distinct, 3).map((serviceId) => ({ [s.from]: id, [s.to]: serviceId }))),
  );
  const withSkill = await knex(s.name)
    .whereIn(
      s.to,
      targetRows.map((r) => r.id),
    )
    .pluck(s.from);
  // Credentials (health certificate, valid) and passed trainings for those with the skill.
  const credentials = await insertRows(
    knex,
    'caregiver_credentials',
    withSkill.map(() => ({ ...base(), status: 'approved', valid_from: '2024-01-01', valid_until: '2030-12-31' })),
    ['id'],
  );
  const cc = link('api::caregiver-credential.caregiver-credential', 'caregiver');
  const ct = link('api::caregiver-credential.caregiver-credential', 'credentialType');
  await insertRows(
    knex,
    cc.name,
    credentials.map((row, i) => ({ [cc.from]: row.id, [cc.to]: withSkill[i] })),
  );
  await insertRows(
    knex,
    ct.name,
    credentials.map((row) => ({ [ct.from]: row.id, [ct.to]: healthType.id })),
  );
  const userOf = new Map(ids.map((id, i) => [id, users[i].id]));
  if (courses.length > 0) {
    await insertRows(
      knex,
      'booking_exam_attempts',
      withSkill.flatMap((id) =>
        courses.map((courseId) => ({
          ...base(),
          caregiver_user_id: userOf.get(id),
          course_id: courseId,
          exam_id: 'bench',
          status: 'submitted',
          started_at: now,
          deadline_at: now,
          passed: true,
          pass_mark: 60,
          question_order: '[]',
          question_snapshot: '[]',
        })),
      ),
    );
  }
  await knex.raw('ANALYZE');
  return { target, withSkill: withSkill.length, courses: courses.length, generateMs: Date.now() - started };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main() {
  await compile();
  const databaseName = `care_bench_dispatch_${Date.now().toString(36)}`;
  await withPg('postgres', (c) => c.query(`CREATE DATABASE "${databaseName}"`));
  applyEnvironment(databaseName);
  const { createStrapi } = require('@strapi/strapi');
  const strapi = await createStrapi({ appDir: ROOT, distDir: path.join(ROOT, 'dist'), autoReload: false, serveAdminPanel: false }).load();
  try {
    const data = await generate(strapi);
    console.log(`generated ${CAREGIVERS} caregivers (${data.withSkill} offer「${data.target.name}」) in ${data.generateMs} ms`);
    const start = new Date(Date.now() + 3 * 86_400_000);
    const order = {
      id: 0,
      userId: 0,
      serviceDocumentId: data.target.documentId,
      cityCode: BEIJING,
      startAt: start,
      endAt: new Date(start.getTime() + 4 * 3_600_000),
      address: { ...CENTER },
      serviceSnapshot: { requiredCredentialTypes: ['health_certificate'], travelBufferMinutes: 45 },
      genderPreference: null,
    };
    const candidates = strapi.plugin('booking').service('dispatch-candidates');
    const timings = [];
    const eligibleCounts = [];
    for (let i = 0; i < WARMUP + RUNS; i += 1) {
      order.address = randomPoint(CENTER, 20);
      const t0 = process.hrtime.bigint();
      const ranked = await candidates.ranked(order);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (i >= WARMUP) {
        timings.push(ms);
        eligibleCounts.push(ranked.length);
      }
    }
    timings.sort((a, b) => a - b);
    const round = (n) => Math.round(n * 100) / 100;
    const pgVersion = (await strapi.db.connection.raw('show server_version')).rows[0].server_version;
    const result = {
      bench: 'dispatch-ranking',
      at: new Date().toISOString(),
      caregivers: CAREGIVERS,
      withSkill: data.withSkill,
      requiredCourses: data.courses,
      candidatePool: strapi.config.get('plugin::booking.dispatch.candidatePool'),
      runs: RUNS,
      latencyMs: {
        p50: round(percentile(timings, 50)),
        p90: round(percentile(timings, 90)),
        p99: round(percentile(timings, 99)),
        max: round(timings[timings.length - 1]),
        mean: round(timings.reduce((a, b) => a + b, 0) / timings.length),
      },
      eligiblePerOrder: {
        min: Math.min(...eligibleCounts),
        mean: round(eligibleCounts.reduce((a, b) => a + b, 0) / eligibleCounts.length),
        max: Math.max(...eligibleCounts),
      },
      environment: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, postgres: pgVersion },
    };
    console.log(
      `\n### Dispatch ranking among ${CAREGIVERS} online caregivers (${RUNS} runs)\n\n` +
        `p50 ${result.latencyMs.p50} ms · p90 ${result.latencyMs.p90} ms · p99 ${result.latencyMs.p99} ms · max ${result.latencyMs.max} ms\n` +
        `eligible per order: ${result.eligiblePerOrder.min}–${result.eligiblePerOrder.max} (mean ${result.eligiblePerOrder.mean}), pool ${result.candidatePool}\n`,
    );
    const dir = path.join(ROOT, 'bench/results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `dispatch-${result.at.replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, JSON.stringify(result, null, 2));
    console.log(`written ${path.relative(ROOT, file)}`);
  } finally {
    await strapi.destroy();
    await withPg('postgres', (c) => c.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`)).catch(() => undefined);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

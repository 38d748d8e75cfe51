'use strict';
/**
 * Where an order submit spends its time: boots the app in this process on a fresh PostgreSQL database (demo
 * catalog seeded), submits a few orders over HTTP and prints, for the last one, every SQL statement it sent with
 * its duration, grouped by the phase of the request that sent it (authentication, submit, response).
 * Round trips are what a submit under load queues on (a pool of 10 connections, 50 clients), so the count per
 * request is the number to cut. `--cpu-prof` on the command line adds a V8 CPU profile.
 *
 *   node bench/orders/profile.js            (SKIP_COMPILE=true reuses dist/)
 */
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const { adminConnectionConfig } = require('../../tests/helpers/pg-admin');
const { benchEnvironment, compile, withPg } = require('../environment');

const ROOT = path.resolve(__dirname, '../..');
const SERVICE_SLUG = 'full-escort';

async function main() {
  await compile();
  const databaseName = `cat_profile_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  await withPg(adminConnectionConfig().database, (c) => c.query(`CREATE DATABASE "${databaseName}"`));
  Object.assign(
    process.env,
    benchEnvironment(databaseName, { extra: { PORT: process.env.BENCH_PORT || '0', SEED_DEMO_PICTURES: 'false', ORDER_MAX_OPEN_UNPAID: '100' } }),
  );
  const { createStrapi } = require('@strapi/strapi');
  const strapi = await createStrapi({ appDir: ROOT, distDir: path.join(ROOT, 'dist'), autoReload: false, serveAdminPanel: false }).load();
  await new Promise((resolve) => strapi.server.listen(Number(process.env.PORT), '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${strapi.server.httpServer.address().port}`;
  try {
    const session = await strapi.plugin('booking').service('accounts').signInWithPhone('19900001234');
    const auth = { authorization: `Bearer ${session.jwt}`, 'content-type': 'application/json' };
    const patient = await (
      await fetch(`${base}/api/booking/patients`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ name: '张桂芳', relationship: 'parent', selfCareAbility: 'independent' }),
      })
    ).json();
    const service = await strapi.db
      .query('api::service.service')
      .findOne({ where: { slug: SERVICE_SLUG, publishedAt: { $notNull: true } }, select: ['documentId'] });

    const log = [];
    let phase = 'idle';
    strapi.db.connection.on('query', (q) => log.push({ id: q.__knexQueryUid, sql: q.sql.replace(/\s+/g, ' ').slice(0, 160), phase, start: performance.now() }));
    strapi.db.connection.on('query-response', (_r, q) => {
      const entry = log.find((e) => e.id === q.__knexQueryUid);
      if (entry) entry.ms = performance.now() - entry.start;
    });
    // Phases: the request starts in authentication; the submit service marks its own start and end.
    const submitService = strapi.plugin('booking').service('order-submit');
    const original = submitService.submit;
    submitService.submit = async (...args) => {
      phase = 'submit';
      try {
        return await original.apply(submitService, args);
      } finally {
        phase = 'response';
      }
    };

    const day = (n) => new Date(Date.now() + (3 + n) * 86_400_000);
    for (let n = 0; n < 4; n += 1) {
      log.length = 0;
      const start = day(n);
      const startAt = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate(), 1, 0)).toISOString(); // 09:00 Beijing
      phase = 'auth + validation';
      const t0 = performance.now();
      const res = await fetch(`${base}/api/booking/orders`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          serviceId: service.documentId,
          patientId: patient.data.documentId,
          cityCode: '110100',
          startAt,
          units: 1,
          place: { type: 'home', address: { text: '北京市朝阳区望京西园三区 312 号楼', latitude: 39.998, longitude: 116.47, district: '朝阳区' } },
          contactName: '张伟',
          contactPhone: '13800138000',
        }),
      });
      const took = performance.now() - t0;
      if (res.status !== 201) throw new Error(`submit: ${res.status} ${await res.text()}`);
      if (n < 3) continue;
      console.log(`\nOne submit: ${log.length} SQL round trips, ${took.toFixed(1)} ms end to end (one client, idle pool)\n`);
      for (const e of log) console.log(`${e.phase.padEnd(18)} ${(e.ms ?? 0).toFixed(2).padStart(7)} ms  ${e.sql}`);
      const byPhase = {};
      for (const e of log) byPhase[e.phase] = (byPhase[e.phase] ?? 0) + 1;
      console.log('\nround trips by phase:', byPhase);
    }
  } finally {
    await strapi.destroy();
    await withPg(adminConnectionConfig().database, (c) => c.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`));
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

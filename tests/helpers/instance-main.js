'use strict';
/**
 * One app instance in a child process, for the multi-instance tests (tests/helpers/instances.ts) and the benchmarks
 * (bench/). Run as a script, it boots the compiled app from dist/ with the environment it was given, listens on
 * HOST/PORT (PORT=0: any free port) and reports { type: 'ready', url } to the parent over IPC. The parent can then
 * ask it, by IPC message, to run a booking job (so two instances can start the same job at the same moment) or to
 * prepare fixtures that need in-process services; every request carries an `id` that the reply echoes.
 * Required as a module, it exports the parent side: `launchInstance`.
 */
const path = require('node:path');
const { fork } = require('node:child_process');
const { randomBytes } = require('node:crypto');

const ROOT = path.resolve(__dirname, '../..');

let strapi;

/** The operations a parent may request; each returns a JSON-serialisable value. */
const operations = {
  /** { name, now? } → the job's result (counts, ran). */
  async 'run-job'({ name, now }) {
    return strapi
      .plugin('booking')
      .service('jobs')
      .run(name, now ? new Date(now) : new Date());
  },

  /** { phone } → a signed-in customer ({ jwt, userId }) through the same accounts service the SMS route uses. */
  async 'sign-in'({ phone }) {
    const session = await strapi.plugin('booking').service('accounts').signInWithPhone(phone);
    return { jwt: session.jwt, userId: session.user.id };
  },

  /**
   * { phone, serviceDocumentIds, cityCode } → an approved, online caregiver offering those services ({ jwt, userId,
   * caregiverDocumentId }), written the way the onboarding audit leaves one (the soak bench books them by name).
   */
  async 'approved-caregiver'({ phone, serviceDocumentIds, cityCode = '110100' }) {
    const session = await strapi.plugin('booking').service('accounts').signInWithPhone(phone);
    const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'caregiver' } });
    await strapi.db.query('plugin::users-permissions.user').update({ where: { id: session.user.id }, data: { role: role.id } });
    const city = await strapi.db.query('api::city.city').findOne({ where: { code: cityCode } });
    const services = await strapi.db.query('api::service.service').findMany({ where: { documentId: { $in: serviceDocumentIds } }, select: ['id'] });
    const caregiver = await strapi.db.query('api::caregiver.caregiver').create({
      data: { user: session.user.id, realName: '王秀兰', gender: 'female', status: 'approved', city: city.id, skills: services.map((s) => s.id), online: true },
    });
    return { jwt: session.jwt, userId: session.user.id, caregiverDocumentId: caregiver.documentId };
  },

  /** { userId, roleType } → gives the user the users-permissions role of that type, as the onboarding audit does. */
  async 'set-role'({ userId, roleType }) {
    const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: roleType } });
    await strapi.db.query('plugin::users-permissions.user').update({ where: { id: userId }, data: { role: role.id } });
    return { roleId: role.id };
  },

  /** {} → a fresh super admin's credentials; the parent signs in over HTTP (POST /admin/login) like the panel. */
  async 'create-admin'() {
    const role = await strapi.service('admin::role').getSuperAdmin();
    const email = `bench-${randomBytes(4).toString('hex')}@example.com`;
    const password = `Bench${randomBytes(6).toString('hex')}9`;
    await strapi.service('admin::user').create({ email, firstname: '压测', lastname: '管理员', password, isActive: true, roles: [role.id] });
    return { email, password };
  },

  /** { uid, where, select } → one row (catalog ids the parent needs for request bodies). */
  async lookup({ uid, where, select }) {
    return strapi.db.query(uid).findOne({ where, select });
  },

  /**
   * { count, amountFen, channel } → trade numbers of `count` unpaid orders, each with one pending payment,
   * written in bulk (benchmarks of the payment callback path need many distinct payable trades quickly).
   */
  async 'seed-pending-payments'({ count, amountFen, channel }) {
    const user = await strapi
      .plugin('booking')
      .service('accounts')
      .signInWithPhone(`1980000${String(process.pid % 10000).padStart(4, '0')}`);
    const now = new Date();
    const tradeNos = [];
    for (let offset = 0; offset < count; offset += 500) {
      const size = Math.min(500, count - offset);
      const orderRows = Array.from({ length: size }, (_, i) => {
        const n = offset + i;
        return {
          orderNo: `2099${String(process.pid % 10000).padStart(4, '0')}${String(n).padStart(8, '0')}`,
          userId: user.user.id,
          serviceDocumentId: 'bench',
          cityCode: '110100',
          status: 'pending_payment',
          paymentStatus: 'unpaid',
          startAt: new Date(now.getTime() + 86_400_000),
          endAt: new Date(now.getTime() + 90_000_000),
          unit: 'per_visit',
          units: 1,
          placeType: 'home',
          contactName: '压测',
          contactPhone: '13800138000',
          serviceSnapshot: { name: '压测服务' },
          priceLines: [],
          totalFen: amountFen,
          paidFen: 0,
          refundedFen: 0,
          dispatchMode: 'hall',
        };
      });
      await strapi.db.query('plugin::booking.order').createMany({ data: orderRows });
      const created = await strapi.db
        .query('plugin::booking.order')
        .findMany({ where: { orderNo: { $in: orderRows.map((o) => o.orderNo) } }, select: ['id', 'orderNo'] });
      const paymentRows = created.map((o) => ({
        orderId: o.id,
        userId: user.user.id,
        channel,
        scene: 'jsapi',
        tradeNo: `${o.orderNo}P01`,
        amountFen,
        status: 'pending',
        expiresAt: new Date(now.getTime() + 3_600_000),
      }));
      await strapi.db.query('plugin::booking.payment').createMany({ data: paymentRows });
      tradeNos.push(...paymentRows.map((p) => p.tradeNo));
    }
    return { tradeNos };
  },

  /** { tradeNos } → how many of them are paid and how many 'pay' order events exist for them. */
  async 'count-paid'({ tradeNos }) {
    const paid = await strapi.db.query('plugin::booking.payment').count({ where: { tradeNo: { $in: tradeNos }, status: 'succeeded' } });
    return { paid };
  },

  async stop() {
    await shutdown(0);
  },
};

let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  try {
    if (strapi) await strapi.destroy();
  } catch (error) {
    console.error('[instance] destroy failed', error);
    code = code || 1;
  }
  process.exit(code);
}

async function main() {
  // Required after the environment is in place: Strapi reads it while loading.
  const { createStrapi } = require('@strapi/strapi');
  strapi = await createStrapi({
    appDir: ROOT,
    distDir: path.join(ROOT, 'dist'),
    autoReload: false,
    serveAdminPanel: false,
  }).load();

  const host = strapi.config.get('server.host', '127.0.0.1');
  const port = strapi.config.get('server.port', 0);
  await new Promise((resolve, reject) => {
    strapi.server.httpServer.once('error', reject);
    strapi.server.listen(port, host, resolve);
  });
  const address = strapi.server.httpServer.address();
  process.send({ type: 'ready', url: `http://${host}:${address.port}`, pid: process.pid });

  process.on('message', async (message) => {
    if (!message || message.type === 'ready') return;
    const op = operations[message.type];
    const reply = (body) => process.connected && process.send({ id: message.id, ...body });
    if (!op) return reply({ type: 'error', error: `unknown operation ${message.type}` });
    try {
      const result = await op(message);
      reply({ type: message.type === 'run-job' ? 'job-result' : 'result', result });
    } catch (error) {
      reply({ type: 'error', error: error && error.message ? error.message : String(error) });
    }
  });
}

// ---- parent side ---------------------------------------------------------------------------------------------

const OUTPUT_LINES = 60;

/**
 * Forks one instance with `env` (the complete environment: nothing is inherited implicitly) and resolves once it
 * listens. `request(type, payload)` sends an operation and resolves with its result; `stop()` asks the instance to
 * shut down cleanly and kills it if it does not exit in time; `exited()` resolves with { code, signal } when the
 * process ends (a test that sends its own signal waits on it).
 */
function launchInstance({ env, bootTimeoutMs = 120_000, stopTimeoutMs = 20_000 }) {
  const child = fork(__filename, [], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const output = [];
  const keep = (chunk) => {
    output.push(...String(chunk).split('\n').filter(Boolean));
    output.splice(0, Math.max(0, output.length - OUTPUT_LINES));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  let nextId = 0;
  const pending = new Map();
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.on('message', (message) => {
    const waiter = message && pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.type === 'error') waiter.reject(new Error(`instance ${child.pid}: ${message.error}`));
    else waiter.resolve(message.result);
  });
  void exited.then(({ code, signal }) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`instance ${child.pid} exited (${code ?? signal})`));
    pending.clear();
  });

  const request = (type, payload = {}) =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      child.send({ ...payload, type, id });
    });

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.send({ type: 'stop', id: ++nextId });
    const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
    await exited;
    clearTimeout(timer);
  };

  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (reason) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`instance did not start: ${reason}\n${output.join('\n')}`));
    };
    const timer = setTimeout(() => fail(`no ready message after ${bootTimeoutMs} ms`), bootTimeoutMs);
    void exited.then(({ code, signal }) => fail(`exited (${code ?? signal})`));
    child.on('message', (message) => {
      if (!message || message.type !== 'ready' || settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ url: message.url, pid: child.pid, request, stop, output: () => output.join('\n'), exited: () => exited });
    });
  });
}

module.exports = { launchInstance };

if (require.main === module) {
  // The parent went away (test crashed, Ctrl-C): do not linger as an orphan holding database connections.
  process.on('disconnect', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  main().catch((error) => {
    console.error('[instance] boot failed', error);
    process.exit(1);
  });
}

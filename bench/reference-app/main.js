'use strict';
/**
 * Runs the vanilla reference app (this folder) in a child process for bench/orders. As a script it boots the app
 * from its JavaScript sources, creates an API token allowed to do exactly one thing (create a booking request
 * through the content API) and reports { url, token } to the parent over IPC. Required as a module it exports
 * the parent side, `launchReference({ env })`.
 */
const path = require('node:path');
const { fork } = require('node:child_process');

const APP = __dirname;
let strapi;

async function main() {
  const { createStrapi } = require('@strapi/strapi');
  strapi = await createStrapi({ appDir: APP, distDir: APP, autoReload: false, serveAdminPanel: false }).load();
  await new Promise((resolve, reject) => {
    strapi.server.httpServer.once('error', reject);
    strapi.server.listen(strapi.config.get('server.port'), strapi.config.get('server.host'), resolve);
  });
  const token = await strapi.service('admin::api-token').create({
    name: `bench-${process.pid}`,
    description: 'bench/orders reference',
    type: 'custom',
    lifespan: null,
    permissions: ['api::booking-request.booking-request.create'],
  });
  const { port } = strapi.server.httpServer.address();
  process.send({ type: 'ready', url: `http://${strapi.config.get('server.host')}:${port}`, token: token.accessKey });
}

async function shutdown() {
  try {
    if (strapi) await strapi.destroy();
  } finally {
    process.exit(0);
  }
}

function launchReference({ env, bootTimeoutMs = 180_000 }) {
  const child = fork(__filename, [], { cwd: APP, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const output = [];
  const keep = (chunk) => output.push(...String(chunk).split('\n').filter(Boolean).slice(-40));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`reference app did not start\n${output.join('\n')}`));
    }, bootTimeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`reference app exited (${code})\n${output.join('\n')}`));
    });
    child.on('message', (message) => {
      if (!message || message.type !== 'ready') return;
      clearTimeout(timer);
      resolve({
        url: message.url,
        token: message.token,
        stop: async () => {
          if (child.exitCode !== null) return;
          child.send({ type: 'stop' });
          const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
          await exited;
          clearTimeout(killer);
        },
      });
    });
  });
}

module.exports = { launchReference, APP: path.resolve(APP) };

if (require.main === module) {
  process.on('disconnect', () => void shutdown());
  process.on('message', (message) => message && message.type === 'stop' && void shutdown());
  main().catch((error) => {
    console.error('[reference] boot failed', error);
    process.exit(1);
  });
}

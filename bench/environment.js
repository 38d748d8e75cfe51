'use strict';
/**
 * The environment of a benchmark's app instance: production mode, throwaway secrets generated per run (never
 * written anywhere), cron off so jobs cannot disturb the measurement, and one fresh PostgreSQL database.
 */
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { Client } = require('pg');
const { adminConnectionConfig, databaseEnv } = require('../tests/helpers/pg-admin');

const ROOT = path.resolve(__dirname, '..');

/** Runs `fn` with a client connected to `database` on the test PostgreSQL server. */
async function withPg(database, fn) {
  const client = new Client({ ...adminConnectionConfig(), database });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Compiles the plugin and the app so a benchmark never measures stale code (SKIP_COMPILE=true reuses dist/). */
async function compile() {
  if (process.env.SKIP_COMPILE === 'true') return;
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'src/plugins/booking/tsconfig.server.json'], { cwd: ROOT, stdio: 'inherit' });
  await require('@strapi/strapi').compileStrapi({ appDir: ROOT, ignoreDiagnostics: true });
}

function benchEnvironment(databaseName, { poolMax = 10, nodeEnv = 'production', extra = {} } = {}) {
  const secret = () => randomBytes(32).toString('base64');
  const env = {
    ...process.env,
    NODE_ENV: nodeEnv,
    STRAPI_TELEMETRY_DISABLED: 'true',
    HOST: '127.0.0.1',
    PORT: '0',
    APP_KEYS: `${secret()},${secret()}`,
    API_TOKEN_SALT: secret(),
    ADMIN_JWT_SECRET: secret(),
    TRANSFER_TOKEN_SALT: secret(),
    JWT_SECRET: secret(),
    ENCRYPTION_KEY: secret(),
    PII_ENCRYPTION_KEYS: `bench:${secret()}`,
    PII_ACTIVE_KEY_ID: 'bench',
    PII_BLIND_INDEX_KEY: secret(),
    SEED_DEMO: 'true',
    // Production refuses the sandbox real-name provider; benchmarks never verify anyone, placeholders suffice.
    IDENTITY_PROVIDER: 'tencent',
    IDENTITY_TENCENT_SECRET_ID: 'bench-unused',
    IDENTITY_TENCENT_SECRET_KEY: 'bench-unused',
    CRON_ENABLED: 'false',
    STARTUP_BANNER: 'false',
    LOG_LEVEL: 'warn',
    ...databaseEnv(databaseName, { poolMin: 2, poolMax }),
    ...extra,
  };
  delete env.NODE_OPTIONS;
  return env;
}

module.exports = { benchEnvironment, compile, withPg };

'use strict';
/**
 * The environment of a benchmark's app instance: production mode, throwaway secrets generated per run (never
 * written anywhere), cron off so jobs cannot disturb the measurement, and one fresh PostgreSQL database.
 */
const { randomBytes } = require('node:crypto');
const { databaseEnv } = require('../tests/helpers/pg-admin');

function benchEnvironment(databaseName, { poolMax = 10, extra = {} } = {}) {
  const secret = () => randomBytes(32).toString('base64');
  const env = {
    ...process.env,
    NODE_ENV: 'production',
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

module.exports = { benchEnvironment };

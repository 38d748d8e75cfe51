'use strict';
/** Connection settings for creating and dropping the per-file test databases on the PostgreSQL server. */
const adminConnectionConfig = () => ({
  host: process.env.TEST_PG_HOST || process.env.DATABASE_HOST || '127.0.0.1',
  port: Number(process.env.TEST_PG_PORT || process.env.DATABASE_PORT || 5432),
  user: process.env.TEST_PG_USER || process.env.DATABASE_USERNAME || 'postgres',
  password: process.env.TEST_PG_PASSWORD || process.env.DATABASE_PASSWORD || undefined,
  database: process.env.TEST_PG_ADMIN_DB || 'postgres',
});

/** The app's DATABASE_* variables for one database on the same server (tests, instances, benchmarks). */
const databaseEnv = (databaseName, { poolMin = 0, poolMax = 10 } = {}) => {
  const admin = adminConnectionConfig();
  return {
    DATABASE_CLIENT: 'postgres',
    DATABASE_URL: '',
    DATABASE_HOST: admin.host,
    DATABASE_PORT: String(admin.port),
    DATABASE_NAME: databaseName,
    DATABASE_USERNAME: admin.user,
    DATABASE_PASSWORD: admin.password ?? '',
    DATABASE_POOL_MIN: String(poolMin),
    DATABASE_POOL_MAX: String(poolMax),
  };
};

module.exports = { adminConnectionConfig, databaseEnv };

'use strict';
/** Connection settings for creating and dropping the per-file test databases on the PostgreSQL server. */
const adminConnectionConfig = () => ({
  host: process.env.TEST_PG_HOST || process.env.DATABASE_HOST || '127.0.0.1',
  port: Number(process.env.TEST_PG_PORT || process.env.DATABASE_PORT || 5432),
  user: process.env.TEST_PG_USER || process.env.DATABASE_USERNAME || 'postgres',
  password: process.env.TEST_PG_PASSWORD || process.env.DATABASE_PASSWORD || undefined,
  database: process.env.TEST_PG_ADMIN_DB || 'postgres',
});

module.exports = { adminConnectionConfig };

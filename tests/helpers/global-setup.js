'use strict';
/**
 * Runs once before the integration project. Compiles the Strapi app a single time (each test file then boots
 * from dist/), and decides what happens when the PostgreSQL run cannot reach its server: under CI it fails.
 */
const path = require('path');
const fs = require('fs');

module.exports = async () => {
  const root = path.resolve(__dirname, '../..');
  process.chdir(root);
  fs.mkdirSync(path.join(root, 'public/uploads'), { recursive: true });
  fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });

  if ((process.env.DATABASE_CLIENT || 'sqlite') === 'postgres') {
    const { adminConnectionConfig } = require('./pg-admin');
    const { Client } = require('pg');
    const client = new Client(adminConnectionConfig());
    try {
      await client.connect();
      await client.query('select 1');
    } catch (error) {
      const message = `PostgreSQL is not reachable (${error.message}).`;
      if (process.env.CI === 'true') throw new Error(`${message} CI requires the PostgreSQL run; it must not be skipped.`);
      throw new Error(`${message} Start it (see README) or run only \`npm run test:sqlite\`.`);
    } finally {
      await client.end().catch(() => {});
    }
  }

  if (process.env.SKIP_COMPILE !== 'true') {
    const { compileStrapi } = require('@strapi/strapi');
    await compileStrapi({ appDir: root, ignoreDiagnostics: true });
  }
};

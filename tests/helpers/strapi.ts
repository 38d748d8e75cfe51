/**
 * Boots a real Strapi once per test file on a database of its own: a fresh SQLite file per worker, or a fresh
 * PostgreSQL database. Nothing in Strapi is patched: the app is the compiled project in dist/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { Client } from 'pg';
import { applyTestEnvironment } from './test-env';

const { adminConnectionConfig, databaseEnv } = require('./pg-admin');

const ROOT = path.resolve(__dirname, '../..');

export interface TestApp {
  strapi: Core.Strapi;
  client: 'sqlite' | 'postgres';
  databaseName: string;
  http: () => ReturnType<typeof request>;
  stop: () => Promise<void>;
}

export interface BootOptions {
  env?: Record<string, string>;
  /** Keep the database after stop (a second app instance on the same PostgreSQL database). */
  databaseName?: string;
  keepDatabase?: boolean;
  /** Serve the built admin panel (build/ must exist: `npx strapi build`); only the e2e tests need it. */
  serveAdminPanel?: boolean;
}

export const databaseClient = (): 'sqlite' | 'postgres' => ((process.env.DATABASE_CLIENT || 'sqlite') === 'postgres' ? 'postgres' : 'sqlite');

async function withPgAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client(adminConnectionConfig());
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createPgDatabase(name: string) {
  await withPgAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
}

export async function dropPgDatabase(name: string) {
  await withPgAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export function freshDatabaseName() {
  const worker = process.env.JEST_WORKER_ID ?? '0';
  return `${process.env.TEST_DATABASE_PREFIX || 'care_test'}_w${worker}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export async function bootStrapi(options: BootOptions = {}): Promise<TestApp> {
  const client = databaseClient();
  const databaseName = options.databaseName ?? freshDatabaseName();
  const dbEnv: Record<string, string> = { DATABASE_CLIENT: client };
  let sqliteFile = '';

  if (client === 'postgres') {
    if (!options.databaseName) await createPgDatabase(databaseName);
    Object.assign(dbEnv, databaseEnv(databaseName));
  } else {
    sqliteFile = path.join(ROOT, '.tmp', `${databaseName}.db`);
    fs.mkdirSync(path.dirname(sqliteFile), { recursive: true });
    dbEnv.DATABASE_FILENAME = sqliteFile;
  }

  applyTestEnvironment({ ...dbEnv, ...(options.env ?? {}) });

  // Required lazily: Strapi reads the environment while it loads.

  const { createStrapi } = require('@strapi/strapi');
  const strapi: Core.Strapi = await createStrapi({
    appDir: ROOT,
    distDir: path.join(ROOT, 'dist'),
    autoReload: false,
    serveAdminPanel: options.serveAdminPanel ?? false,
  }).load();
  await strapi.server.mount();

  const stop = async () => {
    await strapi.destroy();
    if (options.keepDatabase) return;
    if (client === 'postgres') {
      await dropPgDatabase(databaseName).catch(() => undefined);
    } else {
      for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${sqliteFile}${suffix}`, { force: true });
    }
  };

  return { strapi, client, databaseName, http: () => request(strapi.server.httpServer), stop };
}

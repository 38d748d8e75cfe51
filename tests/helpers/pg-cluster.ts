/**
 * A throwaway PostgreSQL cluster of the test's own (initdb into a temporary directory, fsync off), so that a test
 * can stop and restart the database server without touching the one every other test uses. Needs the server
 * binaries (Debian: /usr/lib/postgresql/<version>/bin); as root the cluster runs as the `postgres` user.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

function binDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) if (fs.existsSync(path.join(root, version, 'bin', 'initdb'))) return path.join(root, version, 'bin');
  throw new Error('PostgreSQL server binaries not found (set PG_BIN_DIR)');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface PgCluster {
  host: string;
  port: number;
  /** Env overrides that point the test helpers (pg-admin.js) at this cluster. */
  adminEnv: Record<string, string>;
  stop: () => void;
  start: () => void;
  createDatabase: (name: string) => Promise<void>;
  destroy: () => void;
}

export async function startPgCluster(): Promise<PgCluster> {
  const bin = binDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'care-pg-'));
  const data = path.join(dir, 'data');
  const port = Number(process.env.TEST_THROWAWAY_PG_PORT || 0) || (await freePort());
  const asPostgres = process.getuid?.() === 0;
  if (asPostgres) execFileSync('chown', ['-R', 'postgres', dir]);
  const run = (tool: string, args: string[]) =>
    execFileSync(asPostgres ? 'runuser' : path.join(bin, tool), asPostgres ? ['-u', 'postgres', '--', path.join(bin, tool), ...args] : args, { stdio: 'pipe' });

  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const start = () => void run('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'server.log'), '-w', 'start']);
  const stop = () => void run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  start();

  const host = '127.0.0.1';
  return {
    host,
    port,
    adminEnv: { TEST_PG_HOST: host, TEST_PG_PORT: String(port), TEST_PG_USER: 'postgres', TEST_PG_PASSWORD: '' },
    start,
    stop,
    async createDatabase(name: string) {
      const client = new Client({ host, port, user: 'postgres', database: 'postgres' });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
    },
    destroy() {
      try {
        stop();
      } catch {
        /* already stopped */
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

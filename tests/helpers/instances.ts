/**
 * Several app instances on one PostgreSQL database, each a child process (tests/helpers/instance-main.js) with
 * its own HTTP port and connection pool: what N instances behind a load balancer look like to the database.
 */
import { applyTestEnvironment } from './test-env';

const { databaseEnv } = require('./pg-admin');

const { launchInstance } = require('./instance-main') as { launchInstance: (options: { env: NodeJS.ProcessEnv; bootTimeoutMs?: number }) => Promise<Instance> };

interface Instance {
  url: string;
  pid: number;
  request: <T = unknown>(type: string, payload?: Record<string, unknown>) => Promise<T>;
  stop: () => Promise<void>;
  output: () => string;
  exited: () => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface JobResult {
  job: string;
  ran: boolean;
  processed: number;
  skipped: number;
  failed: number;
  durationMs: number;
}

export interface Instances {
  urls: string[];
  /** Runs a booking job on instance `i` with `now` (ISO; default: the instance's clock). */
  runJob: (i: number, name: string, nowIso?: string) => Promise<JobResult>;
  /** Any other operation instance-main.js offers (sign-in, create-admin, lookup). */
  request: <T = unknown>(i: number, type: string, payload?: Record<string, unknown>) => Promise<T>;
  /** Sends `signal` to instance `i` and resolves with how it exited (SIGTERM: graceful shutdown; SIGKILL: a crash). */
  signal: (i: number, signal: NodeJS.Signals) => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The instance's last lines of output (for failure messages). */
  output: (i: number) => string;
  stop: () => Promise<void>;
}

export interface StartOptions {
  databaseName: string;
  env?: Record<string, string>;
}

/**
 * The environment the in-process tests use (applyTestEnvironment: secrets, CRON off, quiet logs) pointed at the
 * given PostgreSQL database. Computed on a copy: the parent's own process.env is left as it was.
 */
export function instanceEnvironment(databaseName: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const saved = { ...process.env };
  try {
    applyTestEnvironment({ ...databaseEnv(databaseName), ...extra });
    const env = { ...process.env };
    // jest's --experimental-vm-modules is of no use to a plain Strapi process and only prints a warning there.
    delete env.NODE_OPTIONS;
    return env;
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

/**
 * Starts `n` instances one after another: two instances booting at once on a fresh database can both run
 * Strapi's internal migrations (strapi/strapi#27567), which is also how production must scale out.
 */
export async function startInstances(n: number, options: StartOptions): Promise<Instances> {
  const env = instanceEnvironment(options.databaseName, options.env);
  const started: Instance[] = [];
  try {
    for (let i = 0; i < n; i += 1) started.push(await launchInstance({ env }));
  } catch (error) {
    await Promise.allSettled(started.map((instance) => instance.stop()));
    throw error;
  }

  const at = (i: number) => {
    const instance = started[i];
    if (!instance) throw new Error(`no instance ${i} (started ${started.length})`);
    return instance;
  };

  return {
    urls: started.map((instance) => instance.url),
    runJob: (i, name, nowIso) => at(i).request<JobResult>('run-job', { name, now: nowIso }),
    request: (i, type, payload) => at(i).request(type, payload),
    signal: (i, signal) => {
      const instance = at(i);
      process.kill(instance.pid, signal);
      return instance.exited();
    },
    output: (i) => at(i).output(),
    stop: async () => {
      await Promise.allSettled(started.map((instance) => instance.stop()));
    },
  };
}

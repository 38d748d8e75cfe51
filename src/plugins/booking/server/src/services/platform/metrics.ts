import type { Core } from '@strapi/strapi';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

const REFUND = 'plugin::booking.refund';

/**
 * Prometheus metrics (prom-client). One registry per Strapi instance, not prom-client's global one: tests boot
 * several apps in one process and a global registry would refuse the second registration. Counters that describe
 * database changes are incremented after the commit (`afterCommit`), so a rolled-back transition is never
 * counted. Gauges that describe shared state (refunds waiting, pool use, open streams) are read at scrape time.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'care_' });

  const httpDuration = new Histogram({
    name: 'care_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern, method and status class',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const orderTransitions = new Counter({
    name: 'care_order_transitions_total',
    help: 'Committed order state transitions by action and target status',
    labelNames: ['action', 'from', 'to'] as const,
    registers: [registry],
  });
  const payments = new Counter({
    name: 'care_payment_results_total',
    help: 'Verified payment and refund notifications by channel and outcome',
    labelNames: ['channel', 'kind', 'outcome'] as const,
    registers: [registry],
  });
  const callbackFailures = new Counter({
    name: 'care_payment_callback_failures_total',
    help: 'Payment callbacks refused (bad signature) or failed while applying, by channel',
    labelNames: ['channel', 'reason'] as const,
    registers: [registry],
  });
  const dispatch = new Counter({
    name: 'care_dispatch_outcomes_total',
    help: 'Dispatch outcomes: offered, to_hall, accepted, declined, expired, grabbed, assigned',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const jobRuns = new Counter({
    name: 'care_job_runs_total',
    help: 'Job runs by job and result (ran, skipped_locked, crashed)',
    labelNames: ['job', 'result'] as const,
    registers: [registry],
  });
  const jobFailures = new Counter({
    name: 'care_job_item_failures_total',
    help: 'Items a job run failed on (retried on the next run)',
    labelNames: ['job'] as const,
    registers: [registry],
  });
  const jobDuration = new Histogram({
    name: 'care_job_duration_seconds',
    help: 'Duration of job runs that took the lock',
    labelNames: ['job'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [registry],
  });
  const dbUnavailable = new Counter({
    name: 'care_database_unavailable_responses_total',
    help: 'Requests answered 503 because the database was unreachable',
    registers: [registry],
  });

  new Gauge({
    name: 'care_sse_connections',
    help: 'Open Server-Sent-Events streams on this instance',
    registers: [registry],
    collect() {
      this.set(strapi.plugin('booking').service('realtime').streamCount());
    },
  });
  new Gauge({
    name: 'care_db_pool_connections',
    help: 'Database connection pool: used, free, pending acquires, pending creates',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const pool = (strapi.db.connection as any).client?.pool;
      if (!pool) return;
      this.set({ state: 'used' }, pool.numUsed());
      this.set({ state: 'free' }, pool.numFree());
      this.set({ state: 'pending_acquire' }, pool.numPendingAcquires());
      this.set({ state: 'pending_create' }, pool.numPendingCreates());
    },
  });
  new Gauge({
    name: 'care_refunds',
    help: 'Refunds waiting (pending, processing) or failed, from the database at scrape time',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      // A scrape during an outage must still answer: the gauge keeps its last value.
      try {
        for (const status of ['pending', 'processing', 'failed']) {
          this.set({ status }, await strapi.db.query(REFUND).count({ where: { status } }));
        }
      } catch {
        /* database unreachable: the availability metrics say so */
      }
    },
  });

  /** Runs `fn` once the surrounding transaction commits (at once outside one); never after a rollback. */
  function afterCommit(fn: () => void) {
    if (!strapi.db.inTransaction()) return fn();
    void strapi.db.transaction(async ({ onCommit }) => onCommit(fn)).catch(() => undefined);
  }

  return {
    registry,
    contentType: () => registry.contentType,
    render: () => registry.metrics(),
    observeHttp(method: string, route: string, status: number, seconds: number) {
      httpDuration.observe({ method, route, status: `${Math.floor(status / 100)}xx` }, seconds);
    },
    orderTransition(action: string, from: string, to: string) {
      afterCommit(() => orderTransitions.inc({ action, from, to }));
    },
    paymentResult(channel: string, kind: string, outcome: string) {
      payments.inc({ channel, kind, outcome });
    },
    callbackFailure(channel: string, reason: string) {
      callbackFailures.inc({ channel, reason });
    },
    dispatchOutcome(outcome: 'offered' | 'to_hall' | 'accepted' | 'declined' | 'expired' | 'grabbed' | 'assigned', count = 1) {
      if (count > 0) afterCommit(() => dispatch.inc({ outcome }, count));
    },
    jobRun(job: string, result: { ran: boolean; failed: number; durationMs: number }) {
      jobRuns.inc({ job, result: result.ran ? 'ran' : 'skipped_locked' });
      if (result.ran) jobDuration.observe({ job }, result.durationMs / 1000);
      if (result.failed > 0) jobFailures.inc({ job }, result.failed);
    },
    jobCrashed(job: string) {
      jobRuns.inc({ job, result: 'crashed' });
    },
    databaseUnavailable() {
      dbUnavailable.inc();
    },
  };
};

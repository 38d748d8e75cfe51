import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { schedule as cronSchedule, type ScheduledTask } from 'node-cron';
import { bookingConfig, bookingService, isPostgres } from '../../utils/plugin';
import type { SweepCounts } from './sweep';

export const JOB_NAMES = [
  'cancelUnpaid',
  'expireChangeRequests',
  'remindUpcoming',
  'autoConfirm',
  'reconcilePayments',
  'processRefunds',
  'complaintDeadlines',
  'planMonthlyTraining',
  'recomputeLevels',
  'expireCredentials',
  'autoOffline',
  'expireOffers',
  'rollupDailyMetrics',
  'closeSettlements',
  'sendPayouts',
  'purgeAbuseRecords',
] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** When each job runs: the short timeouts every minute, completion confirmation (hours) every ten minutes. */
const CRON: Record<JobName, string> = {
  cancelUnpaid: '* * * * *',
  expireChangeRequests: '* * * * *',
  remindUpcoming: '* * * * *',
  autoConfirm: '*/10 * * * *',
  reconcilePayments: '*/2 * * * *',
  processRefunds: '* * * * *',
  expireOffers: '* * * * *',
  complaintDeadlines: '*/5 * * * *',
  // Daily at 01:15 server time (09:15 Beijing on a UTC host): makes a missing plan for the month, sends due reminders.
  planMonthlyTraining: '15 1 * * *',
  // Nightly repair of levels (orders, ratings and penalties change elsewhere); an exam pass recomputes at once.
  recomputeLevels: '45 18 * * *',
  // Hourly (idempotent): a credential expires shortly after its last Beijing calendar day, even after a missed run.
  expireCredentials: '5 * * * *',
  autoOffline: '* * * * *',
  // Hourly: the last three Beijing days are re-rolled, so a late refund or payment lands in its day's figures.
  rollupDailyMetrics: '20 * * * *',
  // Hourly (idempotent): the latest ended settlement period is closed on the first run after it ends.
  closeSettlements: '35 * * * *',
  // WeChat transfers of approved statements are sent and polled every five minutes.
  sendPayouts: '*/5 * * * *',
  // Hourly: ended rate-limit windows, expired WeChat login states, unverified callbacks past their retention.
  purgeAbuseRecords: '50 * * * *',
};

export type JobCounts = SweepCounts;

export interface JobResult extends JobCounts {
  job: JobName;
  /** false: another instance held the job's lock, this instance did nothing. */
  ran: boolean;
  durationMs: number;
}

/**
 * The platform's scheduled jobs: when each runs, at most one run at a time across instances, metrics and logs. The
 * work lives in the feature services (order timeouts, reconciliation, refunds, training, levels, dispatch offers,
 * analytics, settlement, payouts, abuse records); each is idempotent, so running it twice, or on two instances,
 * changes each row at most once. Tests call the jobs directly with an explicit `now`; node-cron calls them in
 * production.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const tasks: ScheduledTask[] = [];
  const inFlight = new Set<Promise<unknown>>();

  /**
   * Runs `fn` at most once at a time across every instance sharing the PostgreSQL database.
   *
   * The advisory lock lives in a transaction on a connection of its own, opened with knex directly so that it is
   * NOT registered as Strapi's ambient transaction: strapi.db.transaction() nests by joining the ambient one
   * (AsyncLocalStorage), so opening the lock with it would pull every order's work into one long transaction:
   * row locks held for the whole sweep, a failed order's partial writes committed with the others (a nested
   * rollback is a no-op), and a single SQL error aborting the rest. Instead each order keeps its own short
   * transaction while the lock connection just sits in its transaction until the sweep ends; its commit releases
   * the lock, after all the work has committed, so a later run elsewhere only sees the finished state.
   */
  async function runExclusive(job: JobName, fn: () => Promise<JobCounts>): Promise<JobResult> {
    if (strapi.db.inTransaction()) throw new Error(`booking job ${job} must not run inside a transaction`);
    const started = Date.now();
    const done = (counts: JobCounts, ran = true): JobResult => {
      const result = { job, ran, ...counts, durationMs: Date.now() - started };
      bookingService(strapi, 'metrics').jobRun(job, result);
      const line = `[booking:jobs] ${job}: ran=${ran} processed=${counts.processed} skipped=${counts.skipped} failed=${counts.failed} (${result.durationMs} ms)`;
      // Every-minute runs that found nothing would drown the log at info level.
      if (!ran || counts.processed + counts.skipped + counts.failed > 0) strapi.log.info(line);
      else strapi.log.debug(line);
      return result;
    };

    // Events the run causes (after-commit effects such as dispatch) are delivered before the run counts as done.
    const work = () => bookingService(strapi, 'events').scope(fn);
    // SQLite is a single instance by construction (one file, one writer): nothing to coordinate.
    if (!isPostgres(strapi)) return done(await work());

    const lock: Knex.Transaction = await strapi.db.connection.transaction();
    try {
      const { rows } = await lock.raw('select pg_try_advisory_xact_lock(hashtext(?)) as locked', [`booking-job:${job}`]);
      if (!rows[0]?.locked) return done({ processed: 0, skipped: 0, failed: 0 }, false);
      return done(await work());
    } finally {
      // Nothing was written on this connection: committing only ends the transaction and releases the lock.
      await lock.commit().catch((error: Error) => strapi.log.warn(`[booking:jobs] ${job}: releasing the lock failed: ${error.message}`));
    }
  }

  const api = {
    /** Unpaid orders past the payment window are cancelled by the system (free: nothing was paid). */
    cancelUnpaid(now = new Date()) {
      return runExclusive('cancelUnpaid', () => bookingService(strapi, 'order-timeouts').cancelUnpaid(now));
    },

    /** Change requests the caregiver did not answer in time expire; the order keeps its time and place. */
    expireChangeRequests(now = new Date()) {
      return runExclusive('expireChangeRequests', async () => {
        const processed: number = await bookingService(strapi, 'order-changes').expireDue(now);
        return { processed, skipped: 0, failed: 0 };
      });
    },

    /** Accepted orders starting within the reminder window get one reminder each (customer and caregiver). */
    remindUpcoming(now = new Date()) {
      return runExclusive('remindUpcoming', () => bookingService(strapi, 'order-timeouts').remindUpcoming(now));
    },

    /** Finished orders the customer did not confirm within autoConfirmHours are completed by the system. */
    autoConfirm(now = new Date()) {
      return runExclusive('autoConfirm', () => bookingService(strapi, 'order-timeouts').autoConfirm(now));
    },

    /** Payments without a notification after a few minutes are settled from the provider's own answer. */
    reconcilePayments(now = new Date()) {
      return runExclusive('reconcilePayments', async () => {
        const result = await bookingService(strapi, 'reconciliation').run(now);
        return { processed: result.applied + result.closed + result.refundsSettled, skipped: result.unreachable, failed: 0 };
      });
    },

    /** Open complaints past their step's time limit are flagged overdue for operators (once each). */
    complaintDeadlines(now = new Date()) {
      return runExclusive('complaintDeadlines', async () => {
        const result = await bookingService(strapi, 'complaints').flagOverdue(now);
        return { processed: result.flagged, skipped: result.skipped, failed: 0 };
      });
    },

    /** Pending refunds (cancellations, changes, complaints) are sent to the channel the order was paid with. */
    processRefunds(_now = new Date()) {
      return runExclusive('processRefunds', async () => {
        const result = await bookingService(strapi, 'refund-processor').processPending();
        return { processed: result.sent, skipped: 0, failed: 0 };
      });
    },

    /** Caregivers' monthly training plans (made when missing for the Beijing month) and their two reminders. */
    planMonthlyTraining(now = new Date()) {
      return runExclusive('planMonthlyTraining', () => bookingService(strapi, 'training-plans').planMonthly(now));
    },

    /** Caregiver levels from orders, Bayesian rating, passed courses and penalty points. */
    recomputeLevels(_now = new Date()) {
      return runExclusive('recomputeLevels', () => bookingService(strapi, 'caregiver-levels').recomputeAll());
    },

    /** Credentials past validUntil expire; those expiring within the notice window notify their caregiver once. */
    expireCredentials(now = new Date()) {
      return runExclusive('expireCredentials', () => bookingService(strapi, 'caregiver-maintenance').expireCredentials(now));
    },

    /** Caregivers silent for CAREGIVER_OFFLINE_AFTER_MINUTES are set offline. */
    autoOffline(now = new Date()) {
      return runExclusive('autoOffline', () => bookingService(strapi, 'caregiver-maintenance').autoOffline(now));
    },

    /** Dispatch offers nobody answered in time expire and the order is offered to the next caregiver (or the hall). */
    expireOffers(now = new Date()) {
      return runExclusive('expireOffers', async () => {
        const processed: number = await bookingService(strapi, 'dispatch').expireDue(now);
        return { processed, skipped: 0, failed: 0 };
      });
    },

    /** Business figures of the last three Beijing days, recomputed and replaced (idempotent). */
    rollupDailyMetrics(now = new Date()) {
      return runExclusive('rollupDailyMetrics', async () => {
        const result = await bookingService(strapi, 'analytics-business').rollupRecent(now);
        return { processed: result.rows, skipped: 0, failed: 0 };
      });
    },

    /** Settlement statements for the latest ended period (weekly or monthly), one per caregiver, once. */
    closeSettlements(now = new Date()) {
      return runExclusive('closeSettlements', () => bookingService(strapi, 'settlement').closeDue(now));
    },

    /** Approved statements paid to WeChat balance; transfers in flight are polled until final. */
    sendPayouts(_now = new Date()) {
      return runExclusive('sendPayouts', () => bookingService(strapi, 'payouts').run());
    },

    /** Deletes what the public routes write without a credential once it no longer matters (idempotent). */
    purgeAbuseRecords(now = new Date()) {
      return runExclusive('purgeAbuseRecords', async () => {
        const counters = await bookingService(strapi, 'rate-limits').prune(now.getTime());
        const states = await bookingService(strapi, 'wechat').purgeExpiredStates(now);
        const callbacks = await bookingService(strapi, 'payment-callbacks').purgeUnverified(now);
        return { processed: counters + states + callbacks, skipped: 0, failed: 0 };
      });
    },

    /** Runs a job by name (cron, operator tooling, the multi-instance test harness). */
    run(name: JobName, now = new Date()): Promise<JobResult> {
      if (!JOB_NAMES.includes(name)) throw new Error(`unknown booking job "${name}"`);
      const running = api[name](now);
      inFlight.add(running);
      void running.finally(() => inFlight.delete(running)).catch(() => undefined);
      return running;
    },

    /**
     * Registers the cron tasks when both the plugin's jobs and Strapi's cron are enabled. Every instance schedules
     * them; the advisory lock makes one of them do the work.
     */
    schedule() {
      if (tasks.length > 0) return;
      const cronEnabled = strapi.config.get<boolean>('server.cron.enabled', false) === true;
      if (!bookingConfig(strapi).jobs.enabled || !cronEnabled) {
        strapi.log.info('[booking:jobs] scheduling disabled (booking.jobs.enabled / server.cron.enabled)');
        return;
      }
      for (const name of JOB_NAMES) {
        const task = cronSchedule(
          CRON[name],
          () =>
            api.run(name).catch((error: Error) => {
              bookingService(strapi, 'metrics').jobCrashed(name);
              bookingService(strapi, 'availability').noteError(error);
              strapi.log.error(`[booking:jobs] ${name} crashed: ${error.message}`);
            }),
          // noOverlap: a run that outlasts its interval is not stacked onto itself in this process.
          { name: `booking-${name}`, noOverlap: true },
        );
        tasks.push(task);
      }
      strapi.log.info(`[booking:jobs] scheduled ${tasks.length} jobs`);
    },

    /** Stops the schedule and waits for runs in progress, so the database is not closed under them. */
    async stop() {
      for (const task of tasks.splice(0)) void task.destroy();
      await Promise.allSettled([...inFlight]);
    },
  };
  return api;
};

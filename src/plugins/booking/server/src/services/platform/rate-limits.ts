import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { DomainError, type ErrorCode } from '../../domain/errors';
import type { RateWindow, RouteLimits } from '../../config';

/** Created by database/indexes.ts (both dialects): one row per bucket and fixed window. */
export const RATE_COUNTER_TABLE = 'booking_rate_counters';

/** One limit: `windows` applied to the counter named `scope` + `key` (an IP, a user id, or 'all' for a global cap). */
export interface LimitRule {
  scope: string;
  key: string;
  windows: RateWindow[];
}

export interface TakeOptions {
  /** Units this request consumes (rows it will write); default 1. */
  cost?: number;
  code?: ErrorCode;
  message?: string;
  now?: number;
}

const BUCKET_MAX = 190;

/** The two rules of a public route: its per-IP windows (keyed by the client IP) and its global windows. */
export const perIpAndGlobal = (scope: string, limits: RouteLimits, ip: string): LimitRule[] => [
  { scope: `${scope}:ip`, key: ip || 'unknown', windows: limits.perIp },
  { scope: `${scope}:all`, key: 'all', windows: limits.global },
];

/**
 * Request limits shared by every app instance: the counters are rows of the database, like the SMS send limits
 * (which count their own code rows). A counter is a fixed window (`window_start` = now rounded down to the
 * window), incremented with one atomic upsert, so N instances on one PostgreSQL database, or concurrent requests
 * on one SQLite file, never over-admit. A refused request counts nothing: all of its counters are taken in one
 * transaction that rolls back when any of them would exceed its maximum. A window whose `max` is 0 or less is off.
 * Fixed windows can admit up to twice `max` across a window boundary: enough to bound abuse, cheap to keep
 * (one row per active key and window; `prune` deletes the ended ones).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;

  async function increment(trx: Knex.Transaction, bucket: string, windowStart: number, expiresAt: number, cost: number): Promise<number> {
    const result = await knex()
      .raw(
        `INSERT INTO ${RATE_COUNTER_TABLE} (bucket, window_start, hits, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (bucket, window_start) DO UPDATE SET hits = ${RATE_COUNTER_TABLE}.hits + excluded.hits
         RETURNING hits`,
        [bucket, windowStart, cost, expiresAt],
      )
      .transacting(trx);
    // PostgreSQL answers { rows }, better-sqlite3 the rows themselves.
    const rows = (Array.isArray(result) ? result : result.rows) as Array<{ hits: number | string }>;
    return Number(rows[0]?.hits ?? 0);
  }

  const api = {
    /**
     * Consumes `cost` from every rule's windows or throws a 429 (`RATE_LIMITED` unless `code` says otherwise) with
     * `details.limit` naming the rule and `details.retryAfterSeconds` (sent as Retry-After). Call it outside any
     * transaction: the refusal rolls back the counters, and must not roll back the caller's work with them.
     */
    async take(rules: LimitRule[], { cost = 1, code = 'RATE_LIMITED', message, now = Date.now() }: TakeOptions = {}): Promise<void> {
      const active = rules.flatMap((rule) => rule.windows.filter((w) => w.max > 0 && w.windowSeconds > 0).map((window) => ({ rule, window })));
      if (active.length === 0 || cost <= 0) return;
      await strapi.db.transaction(async ({ trx }) => {
        for (const { rule, window } of active) {
          const windowMs = window.windowSeconds * 1000;
          const windowStart = Math.floor(now / windowMs) * windowMs;
          const bucket = `${rule.scope}|${window.windowSeconds}|${rule.key}`.slice(0, BUCKET_MAX);
          const hits = await increment(trx as Knex.Transaction, bucket, windowStart, windowStart + windowMs, cost);
          if (hits > window.max) {
            const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000));
            throw new DomainError(code, message ?? `请求过于频繁，请 ${retryAfterSeconds} 秒后再试`, { limit: rule.scope, retryAfterSeconds });
          }
        }
      });
    },

    /** Deletes the counters of ended windows (the purge job); returns how many. */
    async prune(now = Date.now()): Promise<number> {
      return knex()(RATE_COUNTER_TABLE).where('expires_at', '<=', now).delete();
    },
  };
  return api;
};

import type { Core } from '@strapi/strapi';
import { isPostgres } from './plugin';
import { BEIJING_OFFSET_SECONDS } from '../domain/beijing-time';
import { UID } from '../content-types/uids';

/**
 * Dialect pieces the analytics SQL needs. Strapi stores datetimes as epoch milliseconds on SQLite and as
 * timestamp (with or without time zone, by version) on PostgreSQL; every figure groups by Beijing calendar day.
 */
export interface AnalyticsSql {
  pg: boolean;
  /** SQL of the Beijing YYYY-MM-DD of a datetime column. */
  day: (column: string) => string;
  /** A bind value for an instant compared with datetime columns. */
  at: (instant: Date) => Date | number;
  /** SQL: `column` is at most `minutes` after `base`. */
  withinMinutes: (column: string, base: string, minutes: number) => string;
  /**
   * SQL counting distinct people: the user when known, else the device. Two integer/text distincts instead of one
   * over a concatenated key: no string is built per row (the funnel scans hundreds of thousands of events).
   */
  distinctActors: (alias: string) => string;
}

let cached: { strapi: Core.Strapi; sql: AnalyticsSql } | undefined;

export async function analyticsSql(strapi: Core.Strapi): Promise<AnalyticsSql> {
  if (cached?.strapi === strapi) return cached.sql;
  const pg = isPostgres(strapi);
  let tz = false;
  if (pg) {
    const res = await strapi.db.connection.raw(
      "SELECT data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'booking_orders' AND column_name = 'created_at'",
    );
    tz = String(res.rows[0]?.data_type ?? '').includes('with time zone');
  }
  const sql: AnalyticsSql = {
    pg,
    day: (c) =>
      !pg
        ? `strftime('%Y-%m-%d', ${c} / 1000 + ${BEIJING_OFFSET_SECONDS}, 'unixepoch')`
        : tz
          ? `to_char(${c} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`
          : `to_char(${c} + interval '8 hours', 'YYYY-MM-DD')`,
    at: (instant) => (pg ? instant : instant.getTime()),
    withinMinutes: (c, base, minutes) => (pg ? `${c} <= ${base} + interval '${Number(minutes)} minutes'` : `${c} <= ${base} + ${Number(minutes) * 60_000}`),
    distinctActors: (a) => `(COUNT(DISTINCT ${a}.user_id) + COUNT(DISTINCT CASE WHEN ${a}.user_id IS NULL THEN ${a}.device_id END))`,
  };
  cached = { strapi, sql };
  return sql;
}

/** Table and join-table names from Strapi's metadata, so the SQL follows the schema rather than guessing. */
export function tableOf(strapi: Core.Strapi, uid: string): string {
  return strapi.db.metadata.get(uid as any).tableName;
}

/**
 * A derived table (document_id, category_slug) of services: orders keep only the service's documentId, and the
 * category is a relation stored in a link table.
 */
export function serviceCategorySql(strapi: Core.Strapi): string {
  const service: any = strapi.db.metadata.get(UID.service as any);
  const link = service.attributes.category.joinTable;
  const categories = tableOf(strapi, UID.serviceCategory);
  return `(SELECT s.document_id AS document_id, MIN(c.slug) AS category_slug
    FROM ${service.tableName} s
    JOIN ${link.name} l ON l.${link.joinColumn.name} = s.id
    JOIN ${categories} c ON c.id = l.${link.inverseJoinColumn.name}
    GROUP BY s.document_id)`;
}

export const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

/** knex.raw's answer as rows on both dialects. */
export const rowsOf = (result: any): any[] => (Array.isArray(result) ? result : (result?.rows ?? []));

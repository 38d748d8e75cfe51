import type { Core } from '@strapi/strapi';
import type { BookingConfig } from '../config';

/** Typed access to the plugin's configuration and services, so call sites don't repeat string lookups. */
export const bookingConfig = (strapi: Core.Strapi): BookingConfig => strapi.config.get('plugin::booking') as BookingConfig;

export const bookingService = <T = any>(strapi: Core.Strapi, name: string): T => strapi.plugin('booking').service(name) as T;

export const isPostgres = (strapi: Core.Strapi) => strapi.db.dialect.client === 'postgres';

/**
 * Serialises work on one key across every app instance for the rest of the transaction: a PostgreSQL
 * transaction-scoped advisory lock. SQLite already runs one write transaction at a time.
 */
export async function lockKey(strapi: Core.Strapi, trx: unknown, key: string) {
  if (!isPostgres(strapi)) return;
  await strapi.db.connection.raw('select pg_advisory_xact_lock(hashtext(?))', [key]).transacting(trx as any);
}

/**
 * Raw knex does not join Strapi's ambient transaction by itself. Inside one, a raw query must run on the
 * transaction's connection: otherwise it waits for a second connection, which under load (every pooled
 * connection held by a transaction doing the same) never comes.
 */
export function inCurrentTransaction<T>(strapi: Core.Strapi, query: any): Promise<T> {
  return strapi.db.inTransaction() ? (strapi.db.transaction(async ({ trx }) => query.transacting(trx)) as Promise<T>) : query;
}

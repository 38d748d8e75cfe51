import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { BookingConfig } from '../config';
import type { ServiceFactories } from '../services';

/** Typed access to the plugin's configuration and services, so call sites don't repeat string lookups. */
export const bookingConfig = (strapi: Core.Strapi): BookingConfig => strapi.config.get('plugin::booking') as BookingConfig;

/** Every service of the plugin by registry name, typed from its factory in services/<feature>/. */
export type BookingServices = { [K in keyof ServiceFactories]: ReturnType<ServiceFactories[K]> };
export type BookingServiceName = keyof BookingServices;

export const bookingService = <K extends BookingServiceName>(strapi: Core.Strapi, name: K): BookingServices[K] =>
  strapi.plugin('booking').service(name) as BookingServices[K];

export const isPostgres = (strapi: Core.Strapi) => strapi.db.dialect.client === 'postgres';

/**
 * Serialises work on one key across every app instance for the rest of the transaction: a PostgreSQL
 * transaction-scoped advisory lock. SQLite already runs one write transaction at a time.
 */
export async function lockKey(strapi: Core.Strapi, trx: unknown, key: string) {
  if (!isPostgres(strapi)) return;
  await strapi.db.connection.raw('select pg_advisory_xact_lock(hashtext(?))', [key]).transacting(trx as Knex.Transaction);
}

/**
 * Raw knex does not join Strapi's ambient transaction by itself. Inside one, a raw query must run on the
 * transaction's connection: otherwise it waits for a second connection, which under load (every pooled
 * connection held by a transaction doing the same) never comes.
 */
export function inCurrentTransaction<T>(strapi: Core.Strapi, query: Knex.QueryBuilder | Knex.Raw): Promise<T> {
  return (strapi.db.inTransaction() ? strapi.db.transaction(async ({ trx }) => query.transacting(trx)) : query) as Promise<T>;
}

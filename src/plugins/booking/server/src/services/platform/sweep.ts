import type { Core } from '@strapi/strapi';
import { isDomainError } from '../../domain/errors';

/** Rows fetched per page; a job walks its rows by id so one run drains any backlog in bounded queries. */
export const SWEEP_BATCH = 200;

export interface SweepCounts {
  /** Rows this run changed. */
  processed: number;
  /** Due rows another actor changed first (paid, cancelled, confirmed ...) or nothing was due: expected. */
  skipped: number;
  /** Rows that failed for another reason; logged, retried on the next run. */
  failed: number;
}

/**
 * The one batch loop of every job: pages rows by ascending id (`find(afterId, limit)`), runs `work` on each and
 * counts. `work` answers whether it changed the row; `null` means the row was not due and is not counted. A
 * failure of one row is logged and never stops the others; a 409 (someone else changed the row between the scan
 * and the update) counts as skipped.
 */
export async function sweep<Row extends { id: number }>(
  strapi: Core.Strapi,
  label: string,
  find: (afterId: number, limit: number) => Promise<Row[]>,
  work: (row: Row) => Promise<boolean | null>,
  describe: (row: Row) => string = (row) => `row ${row.id}`,
): Promise<SweepCounts> {
  const counts: SweepCounts = { processed: 0, skipped: 0, failed: 0 };
  let afterId = 0;
  for (;;) {
    const rows = await find(afterId, SWEEP_BATCH);
    for (const row of rows) {
      try {
        const changed = await work(row);
        if (changed === true) counts.processed += 1;
        else if (changed === false) counts.skipped += 1;
      } catch (error) {
        if (isDomainError(error) && error.status === 409) {
          counts.skipped += 1;
        } else {
          counts.failed += 1;
          strapi.log.error(`[booking:jobs] ${label}: ${describe(row)} failed: ${(error as Error).message}`);
        }
      }
    }
    if (rows.length < SWEEP_BATCH) return counts;
    afterId = rows[rows.length - 1].id;
  }
}

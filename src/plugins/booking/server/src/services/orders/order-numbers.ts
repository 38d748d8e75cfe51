import type { Core } from '@strapi/strapi';
import { beijingDateKey } from '../../domain/beijing-time';
import { formatOrderNumber } from '../../domain/order-number';

/**
 * Readable order numbers: Beijing date + a per-day sequence kept in one row per day. The increment is its own
 * short statement (not part of the submit transaction) so that concurrent submits do not queue on that row for
 * the whole transaction; a rolled-back submit leaves a harmless gap.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async next(now = new Date()) {
    const dateKey = beijingDateKey(now).replace(/-/g, '');
    const result = await strapi.db.connection.raw(
      `INSERT INTO booking_order_sequences (date_key, last_value) VALUES (?, 1)
       ON CONFLICT (date_key) DO UPDATE SET last_value = booking_order_sequences.last_value + 1
       RETURNING last_value`,
      [dateKey],
    );
    const row = Array.isArray(result) ? result[0] : result.rows[0];
    return formatOrderNumber(now, Number(row.last_value));
  },
});

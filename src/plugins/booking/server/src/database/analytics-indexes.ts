/**
 * Indexes the analytics figures need (bench/analytics measures them on 1M orders / 5M events): every figure is a
 * range scan on one timestamp column, grouped in SQL. Created idempotently at bootstrap by database/indexes.ts.
 */
export const ANALYTICS_INDEXES = [
  'CREATE INDEX IF NOT EXISTS booking_orders_created_idx ON booking_orders (created_at)',
  'CREATE INDEX IF NOT EXISTS booking_orders_paid_idx ON booking_orders (paid_at)',
  'CREATE INDEX IF NOT EXISTS booking_orders_completed_idx ON booking_orders (completed_at)',
  'CREATE INDEX IF NOT EXISTS booking_orders_cancelled_idx ON booking_orders (cancelled_at)',
  'CREATE INDEX IF NOT EXISTS booking_orders_start_caregiver_idx ON booking_orders (start_at, caregiver_id)',
  'CREATE INDEX IF NOT EXISTS booking_payments_succeeded_idx ON booking_payments (status, succeeded_at)',
  'CREATE INDEX IF NOT EXISTS booking_refunds_settled_idx ON booking_refunds (status, settled_at)',
  'CREATE INDEX IF NOT EXISTS booking_analytics_events_type_time_idx ON booking_analytics_events (type, occurred_at)',
  // One roll-up row per day, dimension and value: a second concurrent roll-up fails instead of doubling a day.
  'CREATE UNIQUE INDEX IF NOT EXISTS booking_daily_metrics_uq ON booking_daily_metrics (date, dimension, dimension_value)',
];

/** PostgreSQL only: trigram indexes behind the catalog search's LIKE '%…%' (published rows only). */
export const ANALYTICS_PG_INDEXES = [
  // The funnel and keyword figures read only these columns of a type and time range: an index-only scan.
  'CREATE INDEX IF NOT EXISTS booking_analytics_events_funnel_idx ON booking_analytics_events (type, occurred_at) INCLUDE (category_slug, user_id, device_id, keyword, results_count)',
  'CREATE EXTENSION IF NOT EXISTS pg_trgm',
  "CREATE INDEX IF NOT EXISTS services_name_trgm_idx ON services USING gin (LOWER(COALESCE(name, '')) gin_trgm_ops) WHERE published_at IS NOT NULL",
  "CREATE INDEX IF NOT EXISTS services_summary_trgm_idx ON services USING gin (LOWER(COALESCE(summary, '')) gin_trgm_ops) WHERE published_at IS NOT NULL",
];

import type { Core } from '@strapi/strapi';
import { isPostgres } from '../utils/plugin';
import { ANALYTICS_INDEXES, ANALYTICS_PG_INDEXES } from './analytics-indexes';

/**
 * Constraints and tables Strapi's schema sync does not create. Strapi's `unique` is checked in application code
 * only, which two concurrent requests can both pass, so the database gets real unique indexes. They are created
 * at bootstrap, after the sync has created the tables (Strapi runs database/migrations *before* the sync, when a
 * fresh database has no tables yet), and every statement is idempotent. The same SQL serves SQLite and PostgreSQL
 * except where marked.
 */
const COMMON = [
  'CREATE UNIQUE INDEX IF NOT EXISTS up_users_phone_uq ON up_users (phone)',
  'CREATE UNIQUE INDEX IF NOT EXISTS up_users_wechat_union_uq ON up_users (wechat_union_id)',
  'CREATE UNIQUE INDEX IF NOT EXISTS up_users_wechat_mini_uq ON up_users (wechat_mini_open_id)',
  'CREATE UNIQUE INDEX IF NOT EXISTS up_users_wechat_web_uq ON up_users (wechat_web_open_id)',
  'CREATE UNIQUE INDEX IF NOT EXISTS booking_patients_owner_id_number_uq ON booking_patients (owner_id, id_number_hash)',
  'CREATE INDEX IF NOT EXISTS booking_patients_owner_idx ON booking_patients (owner_id)',
  'CREATE INDEX IF NOT EXISTS booking_sms_codes_phone_idx ON booking_sms_codes (phone, purpose, created_at)',
  'CREATE INDEX IF NOT EXISTS booking_sms_codes_ip_idx ON booking_sms_codes (ip, created_at)',
  'CREATE INDEX IF NOT EXISTS booking_consent_records_user_idx ON booking_consent_records (user_id)',
  // Orders
  'CREATE TABLE IF NOT EXISTS booking_order_sequences (date_key VARCHAR(8) PRIMARY KEY, last_value INTEGER NOT NULL)',
  'CREATE UNIQUE INDEX IF NOT EXISTS booking_orders_order_no_uq ON booking_orders (order_no)',
  'CREATE UNIQUE INDEX IF NOT EXISTS booking_orders_idempotency_uq ON booking_orders (user_id, idempotency_key)',
  'CREATE INDEX IF NOT EXISTS booking_orders_user_status_idx ON booking_orders (user_id, status, start_at)',
  'CREATE INDEX IF NOT EXISTS booking_orders_caregiver_status_idx ON booking_orders (caregiver_user_id, status, start_at)',
  'CREATE INDEX IF NOT EXISTS booking_orders_status_created_idx ON booking_orders (status, created_at)',
  'CREATE INDEX IF NOT EXISTS booking_order_events_order_idx ON booking_order_events (order_id, id)',
  'CREATE INDEX IF NOT EXISTS booking_change_requests_order_idx ON booking_change_requests (order_id, status)',
  'CREATE INDEX IF NOT EXISTS booking_schedule_slots_caregiver_idx ON booking_schedule_slots (caregiver_id, start_at)',
  'CREATE INDEX IF NOT EXISTS booking_refunds_order_idx ON booking_refunds (order_id, status)',
  'CREATE INDEX IF NOT EXISTS booking_notifications_user_idx ON booking_notifications (user_id, read_at, id)',
  // Payments: a provider transaction is applied at most once; a trade number belongs to one attempt.
  'CREATE UNIQUE INDEX IF NOT EXISTS booking_payments_trade_no_uq ON booking_payments (trade_no)',
  'CREATE UNIQUE INDEX IF NOT EXISTS booking_payments_provider_txn_uq ON booking_payments (channel, provider_txn_id)',
  'CREATE INDEX IF NOT EXISTS booking_payments_order_idx ON booking_payments (order_id, status)',
  'CREATE INDEX IF NOT EXISTS booking_payments_user_idx ON booking_payments (user_id, created_at)',
  'CREATE INDEX IF NOT EXISTS booking_payments_pending_idx ON booking_payments (status, created_at)',
  'CREATE UNIQUE INDEX IF NOT EXISTS booking_refunds_refund_no_uq ON booking_refunds (refund_no)',
  'CREATE INDEX IF NOT EXISTS booking_payment_freezes_user_idx ON booking_payment_freezes (user_id, active)',
  // Dispatch: live offers per order / per caregiver / due for expiry; one block row per (user, caregiver).
  'CREATE INDEX IF NOT EXISTS booking_dispatch_offers_order_idx ON booking_dispatch_offers (order_id, status)',
  'CREATE INDEX IF NOT EXISTS booking_dispatch_offers_caregiver_idx ON booking_dispatch_offers (caregiver_user_id, status, expires_at)',
  'CREATE INDEX IF NOT EXISTS booking_dispatch_offers_due_idx ON booking_dispatch_offers (status, expires_at)',
  'CREATE UNIQUE INDEX IF NOT EXISTS booking_caregiver_blocks_uq ON booking_caregiver_blocks (user_id, caregiver_id)',
  'CREATE INDEX IF NOT EXISTS booking_operator_alerts_open_idx ON booking_operator_alerts (resolved_at, id)',
  'CREATE INDEX IF NOT EXISTS booking_orders_hall_idx ON booking_orders (status, city_code, service_document_id, start_at)',
  // The dispatch candidate query: bounding box on the effective position (current, else home), radius upper bound.
  'CREATE INDEX IF NOT EXISTS caregivers_dispatch_geo_idx ON caregivers ((COALESCE(current_latitude, home_latitude)), (COALESCE(current_longitude, home_longitude)))',
  'CREATE INDEX IF NOT EXISTS caregivers_dispatch_status_idx ON caregivers (status, online)',
  'CREATE INDEX IF NOT EXISTS caregivers_service_radius_idx ON caregivers (service_radius_km)',
  // Feedback: one review per order, whatever races past the service check.
  'CREATE UNIQUE INDEX IF NOT EXISTS booking_reviews_order_uq ON booking_reviews (order_id)',
  'CREATE INDEX IF NOT EXISTS booking_reviews_caregiver_idx ON booking_reviews (caregiver_id, hidden, id)',
  'CREATE INDEX IF NOT EXISTS booking_reviews_service_idx ON booking_reviews (service_document_id, hidden, id)',
  'CREATE INDEX IF NOT EXISTS booking_complaints_order_idx ON booking_complaints (order_id, status)',
  'CREATE INDEX IF NOT EXISTS booking_complaints_status_deadline_idx ON booking_complaints (status, overdue, deadline_at)',
  'CREATE INDEX IF NOT EXISTS booking_complaint_steps_complaint_idx ON booking_complaint_steps (complaint_id, id)',
  // Training: one plan per caregiver and month (the plan job may run on several instances).
  'CREATE UNIQUE INDEX IF NOT EXISTS booking_training_plans_month_uq ON booking_training_plans (caregiver_user_id, month)',
  'CREATE INDEX IF NOT EXISTS booking_exam_attempts_user_exam_idx ON booking_exam_attempts (caregiver_user_id, exam_id, status)',
  // Caregivers: one application per ID number across users (blind index); credential expiry sweep.
  'CREATE UNIQUE INDEX IF NOT EXISTS caregivers_id_number_hash_uq ON caregivers (id_number_hash)',
  'CREATE INDEX IF NOT EXISTS caregiver_credentials_status_valid_idx ON caregiver_credentials (status, valid_until)',
  'CREATE INDEX IF NOT EXISTS booking_audit_logs_subject_idx ON booking_audit_logs (subject_type, subject_id)',
  // Private scans: a key names one file; an applicant's uploads are looked up by owner.
  'CREATE UNIQUE INDEX IF NOT EXISTS booking_private_files_key_uq ON booking_private_files ("key")',
  'CREATE INDEX IF NOT EXISTS booking_private_files_owner_idx ON booking_private_files (owner_user_id)',
  'CREATE INDEX IF NOT EXISTS booking_identity_checks_user_idx ON booking_identity_checks (user_id, created_at)',
  // Earnings: each source (order, refund, penalty) is booked once; a statement per caregiver and period; one payout
  // in flight per statement is guarded by the statement's status CAS, the trade number by a unique index.
  'CREATE UNIQUE INDEX IF NOT EXISTS booking_earnings_source_uq ON booking_earnings (source_key)',
  'CREATE INDEX IF NOT EXISTS booking_earnings_caregiver_idx ON booking_earnings (caregiver_id, statement_id, settleable_at)',
  'CREATE INDEX IF NOT EXISTS booking_earnings_order_idx ON booking_earnings (order_id)',
  'CREATE UNIQUE INDEX IF NOT EXISTS booking_settlement_statements_period_uq ON booking_settlement_statements (caregiver_id, period_key)',
  'CREATE UNIQUE INDEX IF NOT EXISTS booking_settlement_statements_no_uq ON booking_settlement_statements (statement_no)',
  'CREATE UNIQUE INDEX IF NOT EXISTS booking_payouts_out_trade_no_uq ON booking_payouts (out_trade_no)',
  'CREATE INDEX IF NOT EXISTS booking_payouts_status_idx ON booking_payouts (status, id)',
  'CREATE UNIQUE INDEX IF NOT EXISTS booking_payout_accounts_caregiver_uq ON booking_payout_accounts (caregiver_id)',
  // Rate limits shared by every instance (services/platform/rate-limits.ts): one counter per bucket and window.
  'CREATE TABLE IF NOT EXISTS booking_rate_counters (bucket VARCHAR(200) NOT NULL, window_start BIGINT NOT NULL, hits INTEGER NOT NULL, expires_at BIGINT NOT NULL, PRIMARY KEY (bucket, window_start))',
  'CREATE INDEX IF NOT EXISTS booking_rate_counters_expires_idx ON booking_rate_counters (expires_at)',
  'CREATE INDEX IF NOT EXISTS booking_payment_notifications_unverified_idx ON booking_payment_notifications (verified, created_at)',
  'CREATE INDEX IF NOT EXISTS booking_oauth_states_expires_idx ON booking_oauth_states (expires_at)',
  ...ANALYTICS_INDEXES,
];

async function ensureScheduleExclusion(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  const exists = await knex.raw("SELECT 1 FROM pg_constraint WHERE conname = 'booking_schedule_slots_no_overlap'");
  if (exists.rows.length > 0) return;
  // Strapi stores datetimes as timestamp with or without time zone depending on version: pick the matching range type.
  const column = await knex.raw(
    "SELECT data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'booking_schedule_slots' AND column_name = 'start_at'",
  );
  const range = String(column.rows[0]?.data_type ?? '').includes('with time zone') ? 'tstzrange' : 'tsrange';
  await knex.raw('CREATE EXTENSION IF NOT EXISTS btree_gist');
  await knex.raw(
    `ALTER TABLE booking_schedule_slots ADD CONSTRAINT booking_schedule_slots_no_overlap
     EXCLUDE USING gist (caregiver_id WITH =, ${range}(start_at, end_at, '[)') WITH &&) WHERE (active)`,
  );
}

export async function ensureIndexes(strapi: Core.Strapi) {
  for (const sql of COMMON) await strapi.db.connection.raw(sql);
  if (isPostgres(strapi)) await ensureScheduleExclusion(strapi);
  if (isPostgres(strapi)) for (const sql of ANALYTICS_PG_INDEXES) await strapi.db.connection.raw(sql);
}

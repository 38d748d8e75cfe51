import type { Core } from '@strapi/strapi';

/**
 * Constraints Strapi's schema sync does not create. Strapi's `unique` is checked in application code only,
 * which two concurrent requests can both pass, so the database gets real unique indexes. They are created at
 * bootstrap (after the sync created the tables) and are idempotent; the same SQL works on SQLite and PostgreSQL.
 */
const STATEMENTS = [
  'CREATE UNIQUE INDEX IF NOT EXISTS up_users_phone_uq ON up_users (phone)',
  'CREATE UNIQUE INDEX IF NOT EXISTS up_users_wechat_union_uq ON up_users (wechat_union_id)',
  'CREATE UNIQUE INDEX IF NOT EXISTS up_users_wechat_mini_uq ON up_users (wechat_mini_open_id)',
  'CREATE UNIQUE INDEX IF NOT EXISTS up_users_wechat_web_uq ON up_users (wechat_web_open_id)',
  'CREATE UNIQUE INDEX IF NOT EXISTS booking_patients_owner_id_number_uq ON booking_patients (owner_id, id_number_hash)',
  'CREATE INDEX IF NOT EXISTS booking_patients_owner_idx ON booking_patients (owner_id)',
  'CREATE INDEX IF NOT EXISTS booking_sms_codes_phone_idx ON booking_sms_codes (phone, purpose, created_at)',
  'CREATE INDEX IF NOT EXISTS booking_sms_codes_ip_idx ON booking_sms_codes (ip, created_at)',
  'CREATE INDEX IF NOT EXISTS booking_consent_records_user_idx ON booking_consent_records (user_id)',
];

export async function ensureIndexes(strapi: Core.Strapi) {
  for (const sql of STATEMENTS) {
    await strapi.db.connection.raw(sql);
  }
}

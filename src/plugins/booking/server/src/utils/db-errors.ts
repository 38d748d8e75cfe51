/**
 * A unique index refused the write. Checked by code and message rather than by class: PostgreSQL (pg) and SQLite
 * (better-sqlite3) throw unrelated error types, and better-sqlite3's error class is bound once per process, so an
 * `instanceof` check is unreliable in any host that loads modules more than once (test sandboxes included).
 */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null | undefined;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed|duplicate key/.test(e?.message ?? '');
}

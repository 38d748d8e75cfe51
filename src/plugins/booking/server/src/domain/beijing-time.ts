/**
 * Beijing (Asia/Shanghai) wall-clock helpers.
 *
 * Every business rule (night surcharge, weekends, holidays, order-number dates) is judged in
 * Beijing time, regardless of the server's TZ. China has not observed DST since 1991, so a fixed
 * UTC+8 offset is exact and we avoid Intl/ICU, whose tz data may be missing on slim Node images.
 */
import { bookingError, DomainError } from './errors';

export const BEIJING_OFFSET_MINUTES = 8 * 60;
const OFFSET_MS = BEIJING_OFFSET_MINUTES * 60_000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;

export interface BeijingParts {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday .. 6 = Saturday */
  weekday: number;
  /** YYYY-MM-DD, the Beijing calendar date */
  dateKey: string;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Seconds to add to a UTC epoch to read Beijing wall-clock time (for SQL that has no time zones, e.g. SQLite). */
export const BEIJING_OFFSET_SECONDS = BEIJING_OFFSET_MINUTES * 60;

/**
 * Beijing wall-clock time as `YYYY-MM-DDTHH:mm:ss` (no zone suffix). Payment gateways want their timestamps in
 * this clock in slightly different spellings; each provider derives its own from this one.
 */
export function beijingWallClock(date: Date): string {
  assertValidDate(date);
  return new Date(date.getTime() + OFFSET_MS).toISOString().slice(0, 19);
}

function assertValidDate(date: Date): void {
  // Invalid dates would otherwise silently produce "NaN-NaN-NaN" keys and skip every rule.
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw bookingError('INVALID_DATE');
  }
}

/** Shifting the instant by +8h and reading the UTC fields yields Beijing wall-clock fields. */
export function beijingParts(date: Date): BeijingParts {
  assertValidDate(date);
  const shifted = new Date(date.getTime() + OFFSET_MS);
  const year = shifted.getUTCFullYear();
  const month = shifted.getUTCMonth() + 1;
  const day = shifted.getUTCDate();
  return {
    year,
    month,
    day,
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    weekday: shifted.getUTCDay(),
    dateKey: `${pad(year, 4)}-${pad(month)}-${pad(day)}`,
  };
}

export function beijingDateKey(date: Date): string {
  return beijingParts(date).dateKey;
}

/** The instant at which Beijing wall clocks show the given time (month is 1-based). */
export function fromBeijing(year: number, month: number, day: number, hour = 0, minute = 0): Date {
  const fields = [year, month, day, hour, minute];
  if (!fields.every(Number.isInteger)) {
    throw bookingError('INVALID_DATE');
  }
  const utcMs = Date.UTC(year, month - 1, day, hour, minute) - OFFSET_MS;
  const result = new Date(utcMs);
  // Date.UTC silently rolls over (Feb 30 -> Mar 2); reject that so typos don't book a wrong day.
  const back = beijingParts(result);
  if (back.year !== year || back.month !== month || back.day !== day || back.hour !== hour || back.minute !== minute) {
    throw bookingError('INVALID_DATE');
  }
  return result;
}

/** The instant of Beijing midnight (00:00 UTC+8) starting the Beijing day that contains `date`. */
export function beijingDayStart(date: Date): Date {
  assertValidDate(date);
  const dayMs = 24 * HOUR_MS;
  return new Date(Math.floor((date.getTime() + OFFSET_MS) / dayMs) * dayMs - OFFSET_MS);
}

/** Minutes since Beijing midnight, 0..1439. */
export function minutesOfDay(date: Date): number {
  const p = beijingParts(date);
  return p.hour * 60 + p.minute;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** '08:30' -> 510. Strict two-digit format so config typos ('8:3', '24:00') fail loudly. */
export function parseHHMM(value: string): number {
  const match = typeof value === 'string' ? HHMM.exec(value) : null;
  if (!match) {
    throw new DomainError('INVALID_TIME', `时间格式应为 HH:MM（如 08:30），收到「${String(value)}」`);
  }
  return Number(match[1]) * 60 + Number(match[2]);
}

/** 'YYYY-MM-DD' calendar key check, used to validate holiday calendars. */
export function isDateKey(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

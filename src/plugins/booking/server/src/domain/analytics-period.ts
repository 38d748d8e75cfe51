/**
 * Date ranges, growth and CSV for the operator figures. Pure: every figure is judged by Beijing calendar day
 * (UTC+8, no DST since 1991), whatever the server's TZ.
 */
import { bookingError, DomainError } from './errors';

const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3_600_000;
export const MAX_RANGE_DAYS = 366;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Beijing midnight of a YYYY-MM-DD key, as a UTC epoch (ms). */
export function dayStartUtc(dateKey: string): number {
  const m = DATE_RE.exec(dateKey);
  if (!m) throw new DomainError('INVALID_DATE', '日期格式应为 YYYY-MM-DD');
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 2026-02-30 over to March: refuse instead of silently answering for another day.
  if (new Date(ms).toISOString().slice(0, 10) !== dateKey) throw new DomainError('INVALID_DATE', `日期不存在：${dateKey}`);
  return ms - OFFSET_MS;
}

/** The Beijing calendar day of an instant. */
export const beijingDateKey = (instant: Date | number): string =>
  new Date((typeof instant === 'number' ? instant : instant.getTime()) + OFFSET_MS).toISOString().slice(0, 10);

export const addDays = (dateKey: string, days: number): string => beijingDateKey(dayStartUtc(dateKey) + days * DAY_MS);

export interface DayRange {
  from: string;
  to: string;
  /** Inclusive number of days. */
  days: number;
  /** [startUtc, endUtc) instants covering the Beijing days. */
  startUtc: Date;
  endUtc: Date;
}

export function dayRange(from: string, to: string, maxDays = MAX_RANGE_DAYS): DayRange {
  const start = dayStartUtc(from);
  const end = dayStartUtc(to);
  if (end < start) throw bookingError('INVALID_RANGE');
  const days = Math.round((end - start) / DAY_MS) + 1;
  if (days > maxDays) throw new DomainError('RANGE_TOO_LONG', `查询区间不能超过 ${maxDays} 天`, { maxDays });
  return { from, to, days, startUtc: new Date(start), endUtc: new Date(end + DAY_MS) };
}

/** The period of equal length just before `range` (for growth). */
export const previousRange = (range: DayRange): DayRange => dayRange(addDays(range.from, -range.days), addDays(range.from, -1), range.days);

export function listDays(range: Pick<DayRange, 'from' | 'days'>): string[] {
  return Array.from({ length: range.days }, (_, i) => addDays(range.from, i));
}

/** YYYY-MM → its first and last Beijing day. */
export function monthRange(month: string): DayRange {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw bookingError('INVALID_MONTH');
  const first = `${month}-01`;
  const next = new Date(Date.UTC(Number(m[1]), Number(m[2]), 1)).toISOString().slice(0, 10);
  return dayRange(first, addDays(next, -1));
}

/** Relative change; null when the previous value is 0 (growth from nothing is not a percentage). */
export function growth(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return Math.round(((current - previous) / previous) * 10_000) / 10_000;
}

export interface CsvColumn<T> {
  key: keyof T & string;
  header: string;
}

/**
 * RFC 4180 CSV with a UTF-8 BOM (Excel on Chinese Windows otherwise opens it as GBK). Text cells that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR) get a leading apostrophe: search keywords are user input.
 */
export function toCsv<T extends object>(columns: CsvColumn<T>[], rows: T[]): string {
  const cell = (value: unknown): string => {
    if (value === null || value === undefined) return '';
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    let text = String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [columns.map((c) => cell(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => cell((row as Record<string, unknown>)[c.key])).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * Search terms for Chinese text without a word segmenter: the whole query and, for longer queries, its
 * 2-character shingles (most Chinese words are two characters), lower-cased, whitespace collapsed.
 */
export function searchTerms(query: string): { phrase: string; shingles: string[] } {
  const phrase = query.trim().toLowerCase().replace(/\s+/g, ' ');
  const chars = Array.from(phrase.replace(/\s/g, ''));
  const shingles = new Set<string>();
  if (chars.length > 2) for (let i = 0; i + 1 < chars.length; i += 1) shingles.add(chars[i] + chars[i + 1]);
  return { phrase, shingles: [...shingles] };
}

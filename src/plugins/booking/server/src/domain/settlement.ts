/**
 * Settlement periods and statement totals. Pure, no Strapi.
 *
 * - Periods follow the Beijing calendar: weekly periods run Monday 00:00 to the next Monday 00:00 (key
 *   `2026-W48`, ISO week numbering), monthly periods the first of the month to the first of the next (`2026-11`).
 * - An earning entry becomes settleable `holdDays` after it occurred (completion, refund, penalty): until then a
 *   complaint can still claw it back before any money leaves. A period closes for every entry settleable before
 *   its end that no statement holds yet, so a late adjustment lands in the open (next) statement.
 * - A statement pays the sum of its entries. A caregiver whose entries sum to zero or less gets no statement: the
 *   entries stay open and are netted against the next period's earnings (deductions are never paid "negative").
 */
import { beijingParts, fromBeijing } from './beijing-time';

export type PeriodKind = 'weekly' | 'monthly';

export interface Period {
  key: string;
  start: Date;
  end: Date;
}

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** ISO week-numbering year and week of a Beijing calendar date. */
function isoWeek(year: number, month: number, day: number): { year: number; week: number } {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of this week decides the year
  const weekYear = date.getUTCFullYear();
  const firstDay = Date.UTC(weekYear, 0, 1);
  return { year: weekYear, week: Math.ceil(((date.getTime() - firstDay) / DAY_MS + 1) / 7) };
}

/** The period containing `at`. */
export function periodOf(at: Date, kind: PeriodKind): Period {
  const p = beijingParts(at);
  if (kind === 'monthly') {
    const start = fromBeijing(p.year, p.month, 1);
    const end = p.month === 12 ? fromBeijing(p.year + 1, 1, 1) : fromBeijing(p.year, p.month + 1, 1);
    return { key: `${p.year}-${pad(p.month)}`, start, end };
  }
  const weekday = p.weekday || 7; // Monday 1 .. Sunday 7
  const start = new Date(fromBeijing(p.year, p.month, p.day).getTime() - (weekday - 1) * DAY_MS);
  const end = new Date(start.getTime() + 7 * DAY_MS);
  const w = isoWeek(p.year, p.month, p.day);
  return { key: `${w.year}-W${pad(w.week)}`, start, end };
}

/** The latest period that has ended by `now` (the one a closing run settles). */
export function lastClosedPeriod(now: Date, kind: PeriodKind): Period {
  const current = periodOf(now, kind);
  return periodOf(new Date(current.start.getTime() - 1), kind);
}

export function settleableAt(occurredAt: Date, holdDays: number): Date {
  return new Date(occurredAt.getTime() + holdDays * DAY_MS);
}

export interface StatementEntry {
  kind: 'order' | 'refund' | 'penalty' | 'adjustment';
  amountFen: number;
}

export interface StatementTotals {
  earningsFen: number;
  deductionsFen: number;
  payableFen: number;
}

/** Earnings are the positive entries, deductions the negative ones (as a positive number), payable their net. */
export function statementTotals(entries: StatementEntry[]): StatementTotals {
  let earningsFen = 0;
  let deductionsFen = 0;
  for (const e of entries) {
    if (!Number.isInteger(e.amountFen)) throw new TypeError('amounts are integer fen');
    if (e.amountFen >= 0) earningsFen += e.amountFen;
    else deductionsFen -= e.amountFen;
  }
  return { earningsFen, deductionsFen, payableFen: earningsFen - deductionsFen };
}

/** Whether a statement is made now for these entries (see the module comment). */
export const shouldIssueStatement = (totals: StatementTotals) => totals.payableFen > 0;

/**
 * The payout's out-trade number: statement id and attempt, letters and digits only (WeChat's out_bill_no allows
 * nothing else), at most 32 characters. The same (statement, attempt) always gives the same number, which is what
 * makes a resend idempotent at the provider.
 */
export function payoutTradeNo(statementId: number, attempt: number): string {
  if (!Number.isInteger(statementId) || statementId <= 0 || !Number.isInteger(attempt) || attempt <= 0 || attempt > 99)
    throw new RangeError('statement id and attempt (1..99) are positive integers');
  return `PO${String(statementId).padStart(12, '0')}A${String(attempt).padStart(2, '0')}`;
}

/** A bank card shown by its last four digits only. */
export const maskBankCard = (last4: string) => `**** **** **** ${last4.slice(-4)}`;

/** Mainland bank card numbers: 12 to 19 digits with a valid Luhn check digit. */
export function isBankCardNumber(value: string): boolean {
  const digits = value.replace(/\s+/g, '');
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

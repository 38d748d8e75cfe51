/**
 * Human-readable order numbers: YYYYMMDD (Beijing date of creation) + 8-digit daily sequence,
 * e.g. 2026112600000042. Customers read these out over the phone to support, so they are digits
 * only, fixed length (16) and sort chronologically as strings. Uniqueness comes from the
 * per-day sequence, which the caller allocates atomically (e.g. a DB counter keyed by dateKey).
 */
import { bookingError, DomainError } from './errors';
import { beijingParts, isDateKey } from './beijing-time';

export const ORDER_SEQUENCE_DIGITS = 8;
export const MAX_ORDER_SEQUENCE = 10 ** ORDER_SEQUENCE_DIGITS - 1;
const ORDER_NUMBER = /^(\d{4})(\d{2})(\d{2})(\d{8})$/;

export interface ParsedOrderNumber {
  /** Beijing date YYYY-MM-DD */
  dateKey: string;
  sequence: number;
}

function assertSequence(sequence: number): void {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_ORDER_SEQUENCE) {
    throw new DomainError('INVALID_ORDER_SEQUENCE', `订单序号必须为 1 到 ${MAX_ORDER_SEQUENCE} 之间的整数`, { sequence });
  }
}

export function formatOrderNumber(date: Date, sequence: number): string {
  assertSequence(sequence);
  const { dateKey } = beijingParts(date);
  return `${dateKey.replace(/-/g, '')}${String(sequence).padStart(ORDER_SEQUENCE_DIGITS, '0')}`;
}

export function parseOrderNumber(value: string): ParsedOrderNumber {
  const match = typeof value === 'string' ? ORDER_NUMBER.exec(value.trim()) : null;
  const dateKey = match ? `${match[1]}-${match[2]}-${match[3]}` : '';
  const sequence = match ? Number(match[4]) : 0;
  if (!match || !isDateKey(dateKey) || sequence < 1) {
    throw bookingError('INVALID_ORDER_NUMBER', { orderNumber: value });
  }
  return { dateKey, sequence };
}

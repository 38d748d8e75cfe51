/**
 * Caregiver calendar arithmetic. Intervals are half-open [start, end): an order ending at 10:00
 * and another starting at 10:00 do not overlap, which is what makes back-to-back bookings possible.
 *
 * Travel buffer: `busyInterval` widens a service interval by the buffer on both sides. To require
 * a gap of exactly `buffer` minutes between two orders, widen only ONE side of the comparison
 * (e.g. the candidate) and compare it against the other orders' raw service intervals; widening
 * both requires a gap of 2 × buffer.
 */
import { bookingError, DomainError } from './errors';
import { MINUTE_MS } from './beijing-time';

export interface Interval {
  start: Date;
  end: Date;
}

const isValidDate = (d: unknown): d is Date => d instanceof Date && !Number.isNaN(d.getTime());

/** Throws 400 INVALID_SLOT unless both are valid dates and end is strictly after start. */
export function validateSlot(start: Date, end: Date): void {
  if (!isValidDate(start) || !isValidDate(end)) {
    throw bookingError('INVALID_SLOT');
  }
  if (end.getTime() <= start.getTime()) {
    throw new DomainError('INVALID_SLOT', '结束时间必须晚于开始时间', {
      start: start.toISOString(),
      end: end.toISOString(),
    });
  }
}

export function busyInterval(start: Date, end: Date, travelBufferMinutes: number): Interval {
  validateSlot(start, end);
  if (!Number.isInteger(travelBufferMinutes) || travelBufferMinutes < 0) {
    throw bookingError('INVALID_BUFFER', { travelBufferMinutes });
  }
  const buffer = travelBufferMinutes * MINUTE_MS;
  return { start: new Date(start.getTime() - buffer), end: new Date(end.getTime() + buffer) };
}

/** Half-open overlap test: touching intervals do not overlap. */
export function overlaps(a: Interval, b: Interval): boolean {
  return a.start.getTime() < b.end.getTime() && b.start.getTime() < a.end.getTime();
}

/** The existing intervals (with whatever extra fields, e.g. order ids) that overlap the candidate. */
export function findConflicts<T extends Interval>(candidate: Interval, existing: readonly T[]): T[] {
  return existing.filter((item) => overlaps(candidate, item));
}

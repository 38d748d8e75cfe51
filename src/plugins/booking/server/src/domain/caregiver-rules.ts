/**
 * Pure rules about caregivers' standing: suspension, credential expiry, presence and weekly working hours.
 * No Strapi import; the services load rows, call these, and write.
 */
import { DomainError } from './errors';

export interface SuspensionState {
  status: string;
  suspendedUntil?: string | Date | null;
}

/** Suspended indefinitely (status) or until a time still in the future. */
export function isSuspended(state: SuspensionState, now: Date = new Date()): boolean {
  if (state.status === 'suspended') return true;
  if (!state.suspendedUntil) return false;
  return new Date(state.suspendedUntil).getTime() > now.getTime();
}

/** May take orders and be listed publicly: approved and not suspended. */
export function isActiveCaregiver(state: SuspensionState, now: Date = new Date()): boolean {
  return state.status === 'approved' && !isSuspended(state, now);
}

export type CredentialExpiryAction = 'expire' | 'notify' | 'none';

export interface CredentialExpiryState {
  status: string;
  /** YYYY-MM-DD; null for credentials that never expire. */
  validUntil?: string | null;
  notifiedExpiryAt?: string | Date | null;
}

const DAY_MS = 86_400_000;

function addDays(dateKey: string, days: number): string {
  return new Date(Date.parse(`${dateKey}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * What the expiry job does with one credential on `today` (a Beijing date key). A credential is valid through its
 * validUntil date, so it expires the day after. Only live credentials (pending or approved) change: rejected,
 * suspended and already-expired ones are left as the auditor left them. The notice goes once, `noticeDays` ahead.
 */
export function credentialExpiryAction(state: CredentialExpiryState, today: string, noticeDays = 30): CredentialExpiryAction {
  if (!state.validUntil || !['pending', 'approved'].includes(state.status)) return 'none';
  if (state.validUntil < today) return 'expire';
  if (state.status === 'approved' && !state.notifiedExpiryAt && state.validUntil <= addDays(today, noticeDays)) return 'notify';
  return 'none';
}

/** An approved credential counts as a badge while it has not expired (validUntil inclusive). */
export function isCredentialValid(state: { status: string; validUntil?: string | null }, today: string): boolean {
  return state.status === 'approved' && (!state.validUntil || state.validUntil >= today);
}

/** A caregiver silent for longer than `minutes` is presumed offline (app killed, no network). */
export function isPresenceStale(lastSeenAt: string | Date | null | undefined, now: Date, minutes: number): boolean {
  if (!lastSeenAt) return true;
  return now.getTime() - new Date(lastSeenAt).getTime() > minutes * 60_000;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export interface TimeRange {
  start: string;
  end: string;
}
export type WeeklySchedule = Partial<Record<Weekday, TimeRange[]>>;

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const DAY_NAMES: Record<Weekday, string> = { mon: '周一', tue: '周二', wed: '周三', thu: '周四', fri: '周五', sat: '周六', sun: '周日' };

/**
 * Checks a weekly schedule and returns it with each day's ranges sorted. Times are Beijing wall-clock HH:MM; an end
 * of "00:00" means midnight at the end of the day (so a full day is 00:00-00:00 without losing a minute). A range
 * may not cross midnight (split it over two days) and ranges of one day may not overlap.
 */
export function normalizeWeeklySchedule(schedule: WeeklySchedule): Record<Weekday, TimeRange[]> {
  const out = {} as Record<Weekday, TimeRange[]>;
  for (const day of WEEKDAYS) {
    const ranges = schedule[day] ?? [];
    const parsed = ranges.map((range) => {
      if (!HHMM.test(range.start) || !HHMM.test(range.end)) {
        throw new DomainError('INVALID_WORKING_HOURS', `${DAY_NAMES[day]}的时间格式应为 HH:MM`, { day });
      }
      const start = minutesOf(range.start);
      const end = range.end === '00:00' ? 24 * 60 : minutesOf(range.end);
      if (end <= start) throw new DomainError('INVALID_WORKING_HOURS', `${DAY_NAMES[day]}的结束时间必须晚于开始时间`, { day });
      return { start, end, range };
    });
    parsed.sort((a, b) => a.start - b.start);
    for (let i = 1; i < parsed.length; i += 1) {
      if ((parsed[i] as { start: number }).start < (parsed[i - 1] as { end: number }).end) {
        throw new DomainError('INVALID_WORKING_HOURS', `${DAY_NAMES[day]}的时间段有重叠`, { day });
      }
    }
    out[day] = parsed.map((p) => ({ start: p.range.start, end: p.range.end }));
  }
  return out;
}

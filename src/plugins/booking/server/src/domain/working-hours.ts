/**
 * Is a caregiver working at a given instant? The shape of the caregiver profile's `workingHours` JSON is owned by
 * caregiver-rules.ts (`WeeklySchedule`), in Beijing wall-clock time:
 *
 *   { "mon": [{ "start": "08:00", "end": "18:00" }], "tue": [{ "start": "08:00", "end": "12:00" }, { "start": "14:00", "end": "00:00" }] }
 *
 * Keys mon..sun (a missing day = not working); each range is [start, end) in HH:MM; an end of "00:00" means midnight
 * at the end of the day; ranges do not cross midnight (split over two days). Dispatch reads it through this file.
 */
import { beijingParts, minutesOfDay } from './beijing-time';
import { normalizeWeeklySchedule, WEEKDAYS, type Weekday, type WeeklySchedule } from './caregiver-rules';

/** beijingParts().weekday is 0 = Sunday; WEEKDAYS starts on Monday. */
const dayKey = (weekday: number): Weekday => WEEKDAYS[(weekday + 6) % 7] as Weekday;
const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `at` (Beijing time) falls inside one of that day's ranges. Missing or malformed hours: false. */
export function isWithinWorkingHours(hours: unknown, at: Date): boolean {
  if (!hours || typeof hours !== 'object' || Array.isArray(hours)) return false;
  let schedule: ReturnType<typeof normalizeWeeklySchedule>;
  try {
    schedule = normalizeWeeklySchedule(hours as WeeklySchedule);
  } catch {
    return false;
  }
  const minute = minutesOfDay(at);
  return (schedule[dayKey(beijingParts(at).weekday)] ?? []).some((range) => {
    const end = range.end === '00:00' ? 24 * 60 : toMinutes(range.end);
    return minute >= toMinutes(range.start) && minute < end;
  });
}

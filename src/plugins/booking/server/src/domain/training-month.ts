/**
 * Monthly training plan calendar rules: pure, no Strapi. Months are Beijing calendar months ("YYYY-MM").
 */
import { beijingParts, fromBeijing } from './beijing-time';

export const DAY_MS = 86_400_000;
/** The second reminder goes out this many days before the month ends if the plan is still incomplete. */
export const FINAL_REMINDER_DAYS = 7;

export function monthKey(now: Date): string {
  const p = beijingParts(now);
  return `${p.year}-${String(p.month).padStart(2, '0')}`;
}

/** The instant the Beijing month containing `now` ends (midnight of the 1st of the next month). */
export function monthEnd(now: Date): Date {
  const p = beijingParts(now);
  return p.month === 12 ? fromBeijing(p.year + 1, 1, 1) : fromBeijing(p.year, p.month + 1, 1);
}

export function isFinalReminderDue(now: Date): boolean {
  return monthEnd(now).getTime() - now.getTime() <= FINAL_REMINDER_DAYS * DAY_MS;
}

/**
 * Courses a caregiver must take: required for everyone, or required for a service among the caregiver's skills.
 */
export function requiredFor(course: { requiredForAll: boolean; requiredServiceIds: readonly string[] }, skills: readonly string[]): boolean {
  return course.requiredForAll || course.requiredServiceIds.some((id) => skills.includes(id));
}

/** The plan's courses: the required ones not yet passed, in course order. */
export function planCourses(
  courses: ReadonlyArray<{ documentId: string; requiredForAll: boolean; requiredServiceIds: readonly string[] }>,
  skills: readonly string[],
  passed: readonly string[],
): string[] {
  return courses.filter((c) => requiredFor(c, skills) && !passed.includes(c.documentId)).map((c) => c.documentId);
}

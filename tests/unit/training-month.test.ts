import { fromBeijing } from '../../src/plugins/booking/server/src/domain/beijing-time';
import { isFinalReminderDue, monthEnd, monthKey, planCourses, requiredFor } from '../../src/plugins/booking/server/src/domain/training-month';

describe('Beijing months', () => {
  it.each<[Date, string, Date]>([
    [fromBeijing(2026, 11, 1, 0, 0), '2026-11', fromBeijing(2026, 12, 1)],
    [new Date('2026-11-30T16:30:00Z'), '2026-12', fromBeijing(2027, 1, 1)], // 00:30 on Dec 1 in Beijing
    [fromBeijing(2026, 12, 31, 23, 59), '2026-12', fromBeijing(2027, 1, 1)],
    [fromBeijing(2028, 2, 29, 12, 0), '2028-02', fromBeijing(2028, 3, 1)],
  ])('%p is in %s, ending %p', (now, key, end) => {
    expect(monthKey(now)).toBe(key);
    expect(monthEnd(now)).toEqual(end);
  });

  it.each<[Date, boolean]>([
    [fromBeijing(2026, 11, 1, 9, 0), false],
    [fromBeijing(2026, 11, 23, 23, 59), false],
    [fromBeijing(2026, 11, 24, 0, 0), true], // exactly 7 days before Dec 1
    [fromBeijing(2026, 11, 30, 20, 0), true],
  ])('final reminder due at %p: %s', (now, due) => {
    expect(isFinalReminderDue(now)).toBe(due);
  });
});

describe('plan courses', () => {
  const courses = [
    { documentId: 'all', requiredForAll: true, requiredServiceIds: [] },
    { documentId: 'escort', requiredForAll: false, requiredServiceIds: ['svc-escort'] },
    { documentId: 'nurse', requiredForAll: false, requiredServiceIds: ['svc-nurse', 'svc-wound'] },
    { documentId: 'optional', requiredForAll: false, requiredServiceIds: [] },
  ];
  it.each<[string[], string[], string[]]>([
    [[], [], ['all']],
    [['svc-escort'], [], ['all', 'escort']],
    [['svc-wound', 'svc-escort'], ['all'], ['escort', 'nurse']],
    [['svc-nurse'], ['all', 'nurse'], []],
  ])('skills %p, passed %p -> %p', (skills, passed, expected) => {
    expect(planCourses(courses, skills, passed)).toEqual(expected);
  });
  it('optional courses are never required', () => {
    expect(requiredFor(courses[3], ['svc-escort'])).toBe(false);
  });
});

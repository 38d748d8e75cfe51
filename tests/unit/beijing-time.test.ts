import { DomainError } from '../../src/plugins/booking/server/src/domain/errors';
import {
  beijingDateKey,
  beijingDayStart,
  beijingParts,
  fromBeijing,
  isDateKey,
  minutesOfDay,
  parseHHMM,
} from '../../src/plugins/booking/server/src/domain/beijing-time';

describe('beijingParts', () => {
  test.each<[string, ReturnType<typeof beijingParts>]>([
    ['2026-11-25T17:00:00Z', { year: 2026, month: 11, day: 26, hour: 1, minute: 0, weekday: 4, dateKey: '2026-11-26' }],
    ['2026-11-25T15:59:00Z', { year: 2026, month: 11, day: 25, hour: 23, minute: 59, weekday: 3, dateKey: '2026-11-25' }],
    ['2026-12-31T16:00:00Z', { year: 2027, month: 1, day: 1, hour: 0, minute: 0, weekday: 5, dateKey: '2027-01-01' }],
    // A Friday-night UTC instant is already Saturday in Beijing.
    ['2026-03-06T23:30:00Z', { year: 2026, month: 3, day: 7, hour: 7, minute: 30, weekday: 6, dateKey: '2026-03-07' }],
    ['2028-02-28T16:00:00Z', { year: 2028, month: 2, day: 29, hour: 0, minute: 0, weekday: 2, dateKey: '2028-02-29' }],
  ])('%s', (iso, expected) => {
    expect(beijingParts(new Date(iso))).toEqual(expected);
    expect(beijingDateKey(new Date(iso))).toBe(expected.dateKey);
  });

  it('is independent of the process time zone (uses only UTC fields)', () => {
    // July and January give the same +8 offset: there is no DST.
    expect(beijingParts(new Date('2026-07-01T00:00:00Z')).hour).toBe(8);
    expect(beijingParts(new Date('2026-01-01T00:00:00Z')).hour).toBe(8);
  });

  it('rejects an invalid date', () => {
    expect(() => beijingParts(new Date('nope'))).toThrow(DomainError);
  });
});

describe('fromBeijing', () => {
  test.each<[number[], string]>([
    [[2026, 11, 26], '2026-11-25T16:00:00.000Z'],
    [[2026, 11, 26, 1], '2026-11-25T17:00:00.000Z'],
    [[2026, 3, 2, 8, 30], '2026-03-02T00:30:00.000Z'],
    [[2027, 1, 1, 7, 59], '2026-12-31T23:59:00.000Z'],
  ])('%p -> %s', (args, iso) => {
    const [y, m, d, h, min] = args as [number, number, number, number?, number?];
    expect(fromBeijing(y, m, d, h, min).toISOString()).toBe(iso);
  });

  it('round-trips through beijingParts', () => {
    const p = beijingParts(fromBeijing(2026, 5, 17, 13, 45));
    expect([p.year, p.month, p.day, p.hour, p.minute]).toEqual([2026, 5, 17, 13, 45]);
  });

  test.each([[[2026, 2, 30]], [[2026, 13, 1]], [[2026, 1, 1, 24]], [[2026, 1, 1, 0, 60]], [[2026, 1, 1.5]]])('rejects %p instead of rolling over', (args) => {
    const [y, m, d, h, min] = args as [number, number, number, number?, number?];
    expect(() => fromBeijing(y, m, d, h, min)).toThrow(DomainError);
  });
});

describe('minutesOfDay / beijingDayStart', () => {
  test.each([
    ['2026-03-01T16:00:00Z', 0],
    ['2026-03-02T00:30:00Z', 510],
    ['2026-03-02T15:59:00Z', 1439],
  ])('%s -> %i', (iso, minutes) => {
    expect(minutesOfDay(new Date(iso))).toBe(minutes);
  });

  it('finds Beijing midnight', () => {
    expect(beijingDayStart(new Date('2026-03-02T15:59:00Z')).toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(beijingDayStart(new Date('2026-03-02T16:00:00Z')).toISOString()).toBe('2026-03-02T16:00:00.000Z');
  });
});

describe('parseHHMM', () => {
  test.each([
    ['00:00', 0],
    ['08:30', 510],
    ['20:00', 1200],
    ['23:59', 1439],
  ])('%s -> %i', (value, minutes) => {
    expect(parseHHMM(value)).toBe(minutes);
  });

  test.each([['24:00'], ['8:30'], ['08:3'], ['08:60'], ['0830'], [''], [' 08:30'], ['ab:cd']])('rejects %p', (value) => {
    try {
      parseHHMM(value);
      throw new Error('expected a DomainError');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('INVALID_TIME');
      expect((error as DomainError).status).toBe(400);
    }
  });
});

describe('isDateKey', () => {
  test.each([
    ['2026-10-01', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-1-01', false],
    ['2026/10/01', false],
    [20261001, false],
  ])('%p -> %s', (value, expected) => {
    expect(isDateKey(value)).toBe(expected);
  });
});

import { DomainError } from '../../src/plugins/booking/server/src/domain/errors';
import { fromBeijing } from '../../src/plugins/booking/server/src/domain/beijing-time';
import {
  HARD_MAX_UNITS,
  percentOfFen,
  quotePrice,
  unitMinutesFor,
  validatePricingRule,
  type HolidayCalendar,
  type PriceLineCode,
  type PriceQuote,
  type PricingRule,
} from '../../src/plugins/booking/server/src/domain/pricing';

// 2026-03-02 is a Monday, 03-07 Saturday, 03-08 Sunday, 10-01 Thursday, 10-03 Saturday.
const HOURLY: PricingRule = {
  unit: 'hour',
  basePriceFen: 5000,
  minUnits: 1,
  maxUnits: 24,
  nightSurchargeFen: 1000,
  weekendSurchargePercent: 20,
  holidaySurchargePercent: 100,
  dependentSurchargeFen: 2000,
};
const CAL: HolidayCalendar = { holidays: ['2026-10-01', '2026-10-02', '2026-10-03'], makeupWorkdays: ['2026-09-27'] };
const EMPTY_CAL: HolidayCalendar = { holidays: [], makeupWorkdays: [] };

const bj = (month: number, day: number, hour = 0, minute = 0) => fromBeijing(2026, month, day, hour, minute);

/** Invariants every quote must satisfy: integer fen, consistent lines, correct total. */
function checkInvariants(q: PriceQuote): void {
  expect(Number.isInteger(q.totalFen)).toBe(true);
  expect(q.lines[0]?.code).toBe('base');
  for (const line of q.lines) {
    expect(Number.isInteger(line.amountFen)).toBe(true);
    expect(Number.isInteger(line.unitAmountFen)).toBe(true);
    expect(line.amountFen).toBe(line.quantity * line.unitAmountFen);
    if (line.code !== 'base') expect(line.amountFen).toBeGreaterThan(0);
  }
  expect(q.totalFen).toBe(q.lines.reduce((s, l) => s + l.amountFen, 0));
}

/** Compact view: code -> [quantity, amountFen]. */
function summary(q: PriceQuote): Partial<Record<PriceLineCode, [number, number]>> {
  return Object.fromEntries(q.lines.map((l) => [l.code, [l.quantity, l.amountFen]]));
}

function catchError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('surcharges (hourly rule, 5000 fen/h)', () => {
  type Case = [string, Date, number, boolean, HolidayCalendar, Partial<Record<PriceLineCode, [number, number]>>, number];
  const cases: Case[] = [
    ['weekday daytime: base only', bj(3, 2, 10), 2, false, CAL, { base: [2, 10000] }, 10000],
    ['night alone', bj(3, 2, 21), 1, false, CAL, { base: [1, 5000], night: [1, 1000] }, 6000],
    ['slot ending exactly 20:00: no night', bj(3, 2, 19), 1, false, CAL, { base: [1, 5000] }, 5000],
    ['slot starting 19:59: night', bj(3, 2, 19, 59), 1, false, CAL, { base: [1, 5000], night: [1, 1000] }, 6000],
    ['slot starting 07:59: night', bj(3, 2, 7, 59), 1, false, CAL, { base: [1, 5000], night: [1, 1000] }, 6000],
    ['slot starting 08:00: no night', bj(3, 2, 8), 1, false, CAL, { base: [1, 5000] }, 5000],
    ['slot 07:00-08:00: night', bj(3, 2, 7), 1, false, CAL, { base: [1, 5000], night: [1, 1000] }, 6000],
    ['18:00 x4: only 20:00 and 21:00 slots are night', bj(3, 2, 18), 4, false, CAL, { base: [4, 20000], night: [2, 2000] }, 22000],
    ['across midnight', bj(3, 2, 23), 2, false, CAL, { base: [2, 10000], night: [2, 2000] }, 12000],
    ['Saturday: weekend alone', bj(3, 7, 10), 2, false, CAL, { base: [2, 10000], weekend: [2, 2000] }, 12000],
    ['Sunday: weekend alone', bj(3, 8, 10), 1, false, CAL, { base: [1, 5000], weekend: [1, 1000] }, 6000],
    ['Sunday that is a makeup workday: no weekend', bj(9, 27, 10), 1, false, CAL, { base: [1, 5000] }, 5000],
    ['weekday holiday', bj(10, 1, 10), 1, false, CAL, { base: [1, 5000], holiday: [1, 5000] }, 10000],
    ['holiday on a Saturday: holiday only', bj(10, 3, 10), 2, false, CAL, { base: [2, 10000], holiday: [2, 10000] }, 20000],
    ['dependent alone', bj(3, 2, 10), 3, true, CAL, { base: [3, 15000], dependent: [3, 6000] }, 21000],
    // Fri 23:00 + 2h: first slot starts Friday, second starts Saturday 00:00.
    ['Friday night into Saturday', bj(3, 6, 23), 2, false, CAL, { base: [2, 10000], night: [2, 2000], weekend: [1, 1000] }, 13000],
    // Saturday 10:00 Beijing is still Saturday; 07:00 Beijing Saturday is Friday 23:00 UTC.
    ['weekend judged in Beijing time, not UTC', bj(3, 7, 7), 1, false, CAL, { base: [1, 5000], night: [1, 1000], weekend: [1, 1000] }, 7000],
    ['Monday 07:00 Beijing (Sunday in UTC) is not weekend', bj(3, 9, 9), 1, false, CAL, { base: [1, 5000] }, 5000],
    ['holiday judged by slot start: 09-30 23:00 x2', bj(9, 30, 23), 2, false, CAL, { base: [2, 10000], night: [2, 2000], holiday: [1, 5000] }, 17000],
    [
      'all combined: Saturday 19:00 x3, dependent',
      bj(3, 7, 19),
      3,
      true,
      CAL,
      { base: [3, 15000], night: [2, 2000], weekend: [3, 3000], dependent: [3, 6000] },
      26000,
    ],
    ['holiday + night + dependent', bj(10, 2, 20), 2, true, CAL, { base: [2, 10000], night: [2, 2000], holiday: [2, 10000], dependent: [2, 4000] }, 26000],
    ['no calendar entries: holiday date is a plain weekday', bj(10, 1, 10), 1, false, EMPTY_CAL, { base: [1, 5000] }, 5000],
  ];

  test.each(cases)('%s', (_name, start, units, dependent, calendar, expected, total) => {
    const q = quotePrice(HOURLY, { start, units, patientDependent: dependent }, calendar);
    checkInvariants(q);
    expect(summary(q)).toEqual(expected);
    expect(q.totalFen).toBe(total);
  });

  it('labels lines in Chinese and reports start/end', () => {
    const q = quotePrice(HOURLY, { start: bj(3, 7, 19), units: 3, patientDependent: true }, CAL);
    expect(q.lines.map((l) => l.label)).toEqual(['基础服务费', '夜间服务费', '周末服务费', '不能自理护理费']);
    expect(q.start.toISOString()).toBe(bj(3, 7, 19).toISOString());
    expect(q.end.toISOString()).toBe(bj(3, 7, 22).toISOString());
    expect(q.unitMinutes).toBe(60);
  });

  it('omits zero-amount surcharges but keeps a zero base line', () => {
    const free: PricingRule = { ...HOURLY, basePriceFen: 0, nightSurchargeFen: 0, dependentSurchargeFen: 0 };
    const q = quotePrice(free, { start: bj(3, 7, 21), units: 1, patientDependent: true }, CAL);
    checkInvariants(q);
    expect(summary(q)).toEqual({ base: [1, 0] });
    expect(q.totalFen).toBe(0);
  });

  it('supports a custom night window (22:00-06:00)', () => {
    const win = { startHour: 22, endHour: 6 };
    const at = (h: number) => summary(quotePrice(HOURLY, { start: bj(3, 2, h), units: 1, patientDependent: false }, CAL, win));
    expect(at(21).night).toBeUndefined();
    expect(at(22).night).toEqual([1, 1000]);
    expect(at(5).night).toEqual([1, 1000]);
    expect(at(6).night).toBeUndefined();
  });

  it('supports a non-wrapping night window (00:00-06:00)', () => {
    const win = { startHour: 0, endHour: 6 };
    const at = (h: number, m = 0) => summary(quotePrice(HOURLY, { start: bj(3, 2, h, m), units: 1, patientDependent: false }, CAL, win));
    expect(at(23, 30).night).toEqual([1, 1000]);
    expect(at(23).night).toBeUndefined(); // ends exactly at 00:00
    expect(at(5, 59).night).toEqual([1, 1000]);
    expect(at(6).night).toBeUndefined();
  });
});

describe('percent rounding (half up, integer math)', () => {
  test.each([
    [12345, 15, 1852], // 1851.75
    [12345, 10, 1235], // 1234.5 -> up
    [12345, 3, 370], // 370.35
    [12345, 0, 0],
    [12345, 100, 12345],
    [12345, 250, 30863], // 30862.5 -> up
    [1, 50, 1], // 0.5 -> up
    [1, 49, 0],
  ])('%i fen × %i%% = %i', (base, pct, expected) => {
    expect(percentOfFen(base, pct)).toBe(expected);
    const rule: PricingRule = { ...HOURLY, basePriceFen: base, weekendSurchargePercent: pct, holidaySurchargePercent: pct };
    const q = quotePrice(rule, { start: bj(3, 7, 10), units: 3, patientDependent: false }, CAL);
    checkInvariants(q);
    if (expected > 0) expect(summary(q).weekend).toEqual([3, expected * 3]);
    const h = quotePrice(rule, { start: bj(10, 1, 10), units: 1, patientDependent: false }, CAL);
    checkInvariants(h);
    expect(h.totalFen).toBe(base + expected);
  });
});

describe('unit lengths', () => {
  test.each([
    ['hour', undefined, 60],
    ['half_day', undefined, 240],
    ['day', undefined, 1440],
    ['night', undefined, 720],
    ['per_visit', undefined, 60],
    ['per_visit', 90, 90],
  ] as const)('%s (visitMinutes=%s) -> %i min', (unit, visitMinutes, minutes) => {
    const rule: PricingRule = { ...HOURLY, unit, visitMinutes };
    expect(unitMinutesFor(rule)).toBe(minutes);
    const q = quotePrice(rule, { start: bj(3, 2, 9), units: 2, patientDependent: false }, CAL);
    checkInvariants(q);
    expect(q.unitMinutes).toBe(minutes);
    expect(q.end.getTime() - q.start.getTime()).toBe(2 * minutes * 60_000);
  });

  it("never adds a night surcharge to the 'night' unit", () => {
    const rule: PricingRule = { ...HOURLY, unit: 'night', basePriceFen: 30000 };
    const q = quotePrice(rule, { start: bj(3, 2, 20), units: 2, patientDependent: false }, CAL);
    checkInvariants(q);
    expect(summary(q)).toEqual({ base: [2, 60000] });
    // Units are consecutive slots, so two 'night' units are 24 continuous hours (20:00 -> 20:00).
    expect(q.end.toISOString()).toBe(bj(3, 3, 20).toISOString());
  });

  it("a 'day' slot always intersects the night window", () => {
    const q = quotePrice({ ...HOURLY, unit: 'day' }, { start: bj(3, 2, 8), units: 1, patientDependent: false }, CAL);
    expect(summary(q).night).toEqual([1, 1000]);
  });

  test.each([
    [8, false],
    [16, false], // 16:00-20:00 touches the window only at its end
    [17, true],
    [4, true], // 04:00-08:00
  ])('half_day starting %i:00 -> night %s', (hour, night) => {
    const q = quotePrice({ ...HOURLY, unit: 'half_day' }, { start: bj(3, 2, hour), units: 1, patientDependent: false }, CAL);
    expect(summary(q).night !== undefined).toBe(night);
  });

  it('per_visit of 90 minutes from 19:00 runs into the night', () => {
    const q = quotePrice({ ...HOURLY, unit: 'per_visit', visitMinutes: 90 }, { start: bj(3, 2, 19), units: 1, patientDependent: false }, CAL);
    expect(summary(q).night).toEqual([1, 1000]);
  });
});

describe('unit count validation', () => {
  const rule: PricingRule = { ...HOURLY, minUnits: 2, maxUnits: 8 };
  test.each([[2], [8], [5]])('accepts %p', (units) => {
    const q = quotePrice(rule, { start: bj(3, 2, 9), units, patientDependent: false }, CAL);
    expect(q.units).toBe(units);
  });

  test.each([[1], [9], [0], [-1], [2.5], [NaN], [Infinity]])('rejects %p', (units) => {
    const error = catchError(() => quotePrice(rule, { start: bj(3, 2, 9), units, patientDependent: false }, CAL));
    expect(error.code).toBe('INVALID_UNITS');
    expect(error.status).toBe(400);
    expect(error.message).toBe('预约数量需在 2 到 8 之间');
  });

  it('applies a hard cap when the rule has no maxUnits', () => {
    const open: PricingRule = { ...HOURLY, maxUnits: undefined };
    expect(quotePrice(open, { start: bj(3, 2, 9), units: HARD_MAX_UNITS, patientDependent: false }, CAL).units).toBe(HARD_MAX_UNITS);
    const error = catchError(() => quotePrice(open, { start: bj(3, 2, 9), units: HARD_MAX_UNITS + 1, patientDependent: false }, CAL));
    expect(error.message).toBe(`预约数量需在 1 到 ${HARD_MAX_UNITS} 之间`);
  });

  it('rejects an invalid start date', () => {
    const error = catchError(() => quotePrice(HOURLY, { start: new Date('nope'), units: 1, patientDependent: false }, CAL));
    expect(error.status).toBe(400);
  });
});

describe('configuration validation (422)', () => {
  test.each<[string, Partial<PricingRule>]>([
    ['unknown unit', { unit: 'week' as PricingRule['unit'] }],
    ['negative base', { basePriceFen: -1 }],
    ['fractional base (yuan typed as float)', { basePriceFen: 49.9 }],
    ['fractional night surcharge', { nightSurchargeFen: 0.5 }],
    ['negative dependent surcharge', { dependentSurchargeFen: -100 }],
    ['fractional percent', { weekendSurchargePercent: 12.5 }],
    ['negative percent', { holidaySurchargePercent: -5 }],
    ['minUnits 0', { minUnits: 0 }],
    ['maxUnits < minUnits', { minUnits: 3, maxUnits: 2 }],
    ['visitMinutes 0', { unit: 'per_visit', visitMinutes: 0 }],
  ])('%s', (_name, patch) => {
    const error = catchError(() => validatePricingRule({ ...HOURLY, ...patch }));
    expect(error.code).toBe('INVALID_PRICING_RULE');
    expect(error.status).toBe(422);
    expect(() => quotePrice({ ...HOURLY, ...patch }, { start: bj(3, 2, 9), units: 1, patientDependent: false }, CAL)).toThrow(DomainError);
  });

  test.each<[string, HolidayCalendar]>([
    ['malformed date', { holidays: ['2026-10-1'], makeupWorkdays: [] }],
    ['impossible date', { holidays: [], makeupWorkdays: ['2026-02-30'] }],
    ['date both holiday and makeup workday', { holidays: ['2026-10-01'], makeupWorkdays: ['2026-10-01'] }],
  ])('calendar: %s', (_name, calendar) => {
    const error = catchError(() => quotePrice(HOURLY, { start: bj(3, 2, 9), units: 1, patientDependent: false }, calendar));
    expect(error.code).toBe('INVALID_CALENDAR');
    expect(error.status).toBe(422);
  });

  test.each([[{ startHour: 20, endHour: 20 }], [{ startHour: 24, endHour: 8 }], [{ startHour: 20.5, endHour: 8 }]])('night window %p', (win) => {
    const error = catchError(() => quotePrice(HOURLY, { start: bj(3, 2, 9), units: 1, patientDependent: false }, CAL, win));
    expect(error.code).toBe('INVALID_NIGHT_WINDOW');
  });
});

/**
 * Price quotes for a booking. Pure and deterministic so the same quote can be shown before payment
 * and re-computed server-side when the order is created (the client's number is never trusted).
 *
 * Rules:
 * - A booking is `units` consecutive slots of `unitMinutes`, starting at `start`.
 *   Unit lengths: hour 60, half_day 240, day 1440, night 720 (one 20:00-08:00 shift),
 *   per_visit = rule.visitMinutes (default 60).
 * - base = basePriceFen × units (always present as a line, even when 0).
 * - night: nightSurchargeFen for each slot whose half-open interval [slotStart, slotEnd) intersects
 *   the Beijing night window (default 20:00-08:00). A slot ending exactly at 20:00 or starting
 *   exactly at 08:00 does not intersect. Not applied to unit 'night', whose price already is a
 *   night price. Note a 'day' slot (24h) always intersects the night window.
 * - holiday: holidaySurchargePercent of basePriceFen for each slot whose START is on a Beijing
 *   holiday date (calendar.holidays).
 * - weekend: weekendSurchargePercent of basePriceFen for each slot whose START is on a Beijing
 *   Saturday/Sunday, unless that date is a makeup workday (调休) or a holiday. A holiday on a
 *   weekend gets only the holiday surcharge: surcharges for "special days" never stack.
 * - Percent amounts are computed per slot and rounded half up with integer math
 *   (floor((base × percent + 50) / 100)); the line amount is that per-slot amount × slot count,
 *   so every line satisfies quantity × unitAmountFen = amountFen.
 * - dependent: dependentSurchargeFen per slot when the patient cannot care for themself (不能自理).
 * - Lines with a zero amount are omitted, except base. totalFen = sum of line amounts.
 * All money is integer fen.
 */
import { bookingError, DomainError } from './errors';
import { HOUR_MS, MINUTE_MS, beijingDayStart, beijingParts, isDateKey } from './beijing-time';

export const PRICING_UNITS = ['per_visit', 'hour', 'half_day', 'day', 'night'] as const;
export type PricingUnit = (typeof PRICING_UNITS)[number];

export const UNIT_LABELS: Readonly<Record<PricingUnit, string>> = {
  per_visit: '次',
  hour: '小时',
  half_day: '半天',
  day: '天',
  night: '晚',
};

const FIXED_UNIT_MINUTES: Readonly<Record<Exclude<PricingUnit, 'per_visit'>, number>> = {
  hour: 60,
  half_day: 240,
  day: 1440,
  night: 720,
};
export const DEFAULT_VISIT_MINUTES = 60;

/** Mirrors the Strapi `booking.pricing-rule` component. */
export interface PricingRule {
  unit: PricingUnit;
  basePriceFen: number;
  minUnits: number;
  maxUnits?: number | null;
  nightSurchargeFen: number;
  weekendSurchargePercent: number;
  holidaySurchargePercent: number;
  dependentSurchargeFen: number;
  visitMinutes?: number | null;
}

export interface PriceRequest {
  start: Date;
  units: number;
  patientDependent: boolean;
}

export interface HolidayCalendar {
  /** Beijing dates YYYY-MM-DD of statutory holidays. */
  holidays: string[];
  /** Weekend dates that are workdays because of 调休. */
  makeupWorkdays: string[];
}

export interface NightWindow {
  startHour: number;
  endHour: number;
}

export type PriceLineCode = 'base' | 'night' | 'weekend' | 'holiday' | 'dependent';

export interface PriceLine {
  code: PriceLineCode;
  label: string;
  quantity: number;
  unitAmountFen: number;
  amountFen: number;
}

export interface PriceQuote {
  unit: PricingUnit;
  units: number;
  unitMinutes: number;
  start: Date;
  end: Date;
  lines: PriceLine[];
  totalFen: number;
}

export const DEFAULT_NIGHT_WINDOW: Readonly<NightWindow> = { startHour: 20, endHour: 8 };

/** Upper bounds catch fen/yuan and percent/basis-point mix-ups in admin input. */
const MAX_PRICE_FEN = 100_000_000; // 100万元 per unit
const MAX_PERCENT = 1000;
/** Hard cap even without maxUnits, so a typo cannot create a years-long booking. */
export const HARD_MAX_UNITS = 1000;

const LINE_LABELS: Readonly<Record<PriceLineCode, string>> = {
  base: '基础服务费',
  night: '夜间服务费',
  weekend: '周末服务费',
  holiday: '节假日服务费',
  dependent: '不能自理护理费',
};

const isFenAmount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_PRICE_FEN;
const isPercent = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_PERCENT;

function invalidRule(field: string, message: string): never {
  throw new DomainError('INVALID_PRICING_RULE', `计价规则配置错误：${message}`, { field });
}

/** Throws 422: a broken rule is a configuration problem, not the customer's input error. */
export function validatePricingRule(rule: PricingRule): void {
  if (!rule || typeof rule !== 'object') invalidRule('rule', '缺少计价规则');
  if (!(PRICING_UNITS as readonly unknown[]).includes(rule.unit)) invalidRule('unit', '计价单位无效');
  if (!isFenAmount(rule.basePriceFen)) invalidRule('basePriceFen', '基础价格必须为非负整数（分）');
  if (!isFenAmount(rule.nightSurchargeFen)) invalidRule('nightSurchargeFen', '夜间加价必须为非负整数（分）');
  if (!isFenAmount(rule.dependentSurchargeFen)) invalidRule('dependentSurchargeFen', '不能自理加价必须为非负整数（分）');
  if (!isPercent(rule.weekendSurchargePercent)) invalidRule('weekendSurchargePercent', `周末加价比例必须为 0 到 ${MAX_PERCENT} 的整数`);
  if (!isPercent(rule.holidaySurchargePercent)) invalidRule('holidaySurchargePercent', `节假日加价比例必须为 0 到 ${MAX_PERCENT} 的整数`);
  if (!Number.isInteger(rule.minUnits) || rule.minUnits < 1) invalidRule('minUnits', '最少预约数量必须为正整数');
  if (rule.maxUnits != null && (!Number.isInteger(rule.maxUnits) || rule.maxUnits < rule.minUnits)) {
    invalidRule('maxUnits', '最多预约数量必须为不小于最少数量的整数');
  }
  if (rule.visitMinutes != null && (!Number.isInteger(rule.visitMinutes) || rule.visitMinutes < 1 || rule.visitMinutes > 1440)) {
    invalidRule('visitMinutes', '单次服务时长必须为 1 到 1440 之间的整数（分钟）');
  }
}

export function unitMinutesFor(rule: Pick<PricingRule, 'unit' | 'visitMinutes'>): number {
  return rule.unit === 'per_visit' ? (rule.visitMinutes ?? DEFAULT_VISIT_MINUTES) : FIXED_UNIT_MINUTES[rule.unit];
}

/** Integer percent of an integer amount, rounded half up; exact because both are integers. */
export function percentOfFen(amountFen: number, percent: number): number {
  return Math.floor((amountFen * percent + 50) / 100);
}

/** Validated calendars by identity: the configured one is the same object for every quote of the process. */
const validatedCalendars = new WeakMap<HolidayCalendar, { holidays: Set<string>; makeup: Set<string> }>();

function validateCalendar(calendar: HolidayCalendar): { holidays: Set<string>; makeup: Set<string> } {
  const known = calendar && typeof calendar === 'object' ? validatedCalendars.get(calendar) : undefined;
  if (known) return known;
  const sets = checkCalendar(calendar);
  if (calendar && typeof calendar === 'object') validatedCalendars.set(calendar, sets);
  return sets;
}

function checkCalendar(calendar: HolidayCalendar): { holidays: Set<string>; makeup: Set<string> } {
  const holidays = calendar?.holidays ?? [];
  const makeup = calendar?.makeupWorkdays ?? [];
  const bad = [...holidays, ...makeup].find((d) => !isDateKey(d));
  if (bad !== undefined) {
    throw new DomainError('INVALID_CALENDAR', `节假日日历中的日期格式不正确：「${String(bad)}」`, { date: bad });
  }
  const makeupSet = new Set(makeup);
  const both = holidays.find((d) => makeupSet.has(d));
  if (both !== undefined) {
    throw new DomainError('INVALID_CALENDAR', `日期 ${both} 不能同时是节假日和调休工作日`, { date: both });
  }
  return { holidays: new Set(holidays), makeup: makeupSet };
}

function validateNightWindow(window: NightWindow): void {
  const ok = (h: unknown) => Number.isInteger(h) && (h as number) >= 0 && (h as number) <= 23;
  if (!ok(window?.startHour) || !ok(window?.endHour) || window.startHour === window.endHour) {
    throw bookingError('INVALID_NIGHT_WINDOW', { nightWindow: window });
  }
}

/** Does [startMs, endMs) intersect the night window on any Beijing day it touches? */
function intersectsNight(startMs: number, endMs: number, window: NightWindow): boolean {
  const wraps = window.startHour > window.endHour; // e.g. 20:00 -> next day 08:00
  // Start one day early so a window that began the previous evening is considered.
  let dayStart = beijingDayStart(new Date(startMs)).getTime() - 24 * HOUR_MS;
  for (; dayStart < endMs; dayStart += 24 * HOUR_MS) {
    const nightStart = dayStart + window.startHour * HOUR_MS;
    const nightEnd = dayStart + (wraps ? 24 + window.endHour : window.endHour) * HOUR_MS;
    if (startMs < nightEnd && nightStart < endMs) return true;
  }
  return false;
}

export function quotePrice(rule: PricingRule, request: PriceRequest, calendar: HolidayCalendar, nightWindow: NightWindow = DEFAULT_NIGHT_WINDOW): PriceQuote {
  validatePricingRule(rule);
  validateNightWindow(nightWindow);
  const { holidays, makeup } = validateCalendar(calendar);
  const { start, units, patientDependent } = request;
  if (!(start instanceof Date) || Number.isNaN(start.getTime())) {
    throw new DomainError('INVALID_DATE', '预约开始时间格式不正确');
  }

  const max = Math.min(rule.maxUnits ?? HARD_MAX_UNITS, HARD_MAX_UNITS);
  if (!Number.isInteger(units) || units < rule.minUnits || units > max) {
    throw new DomainError('INVALID_UNITS', `预约数量需在 ${rule.minUnits} 到 ${max} 之间`, {
      units,
      minUnits: rule.minUnits,
      maxUnits: max,
    });
  }

  const unitMinutes = unitMinutesFor(rule);
  const slotMs = unitMinutes * MINUTE_MS;
  let nightSlots = 0;
  let weekendSlots = 0;
  let holidaySlots = 0;
  for (let i = 0; i < units; i += 1) {
    const slotStart = start.getTime() + i * slotMs;
    const slotEnd = slotStart + slotMs;
    if (rule.unit !== 'night' && intersectsNight(slotStart, slotEnd, nightWindow)) nightSlots += 1;
    const { dateKey, weekday } = beijingParts(new Date(slotStart));
    if (holidays.has(dateKey)) holidaySlots += 1;
    else if ((weekday === 0 || weekday === 6) && !makeup.has(dateKey)) weekendSlots += 1;
  }

  const line = (code: PriceLineCode, quantity: number, unitAmountFen: number): PriceLine => ({
    code,
    label: LINE_LABELS[code],
    quantity,
    unitAmountFen,
    amountFen: quantity * unitAmountFen,
  });
  const lines: PriceLine[] = [
    line('base', units, rule.basePriceFen),
    line('night', nightSlots, rule.nightSurchargeFen),
    line('weekend', weekendSlots, percentOfFen(rule.basePriceFen, rule.weekendSurchargePercent)),
    line('holiday', holidaySlots, percentOfFen(rule.basePriceFen, rule.holidaySurchargePercent)),
    line('dependent', patientDependent ? units : 0, rule.dependentSurchargeFen),
  ].filter((l) => l.code === 'base' || l.amountFen > 0);

  const totalFen = lines.reduce((sum, l) => sum + l.amountFen, 0);
  return { unit: rule.unit, units, unitMinutes, start: new Date(start.getTime()), end: new Date(start.getTime() + units * slotMs), lines, totalFen };
}

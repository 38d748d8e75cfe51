/**
 * Chinese resident identity card numbers (GB 11643-1999, 18 characters).
 *
 * Layout: 6-digit administrative region code (GB/T 2260) + 8-digit birth date (YYYYMMDD)
 * + 3-digit sequence (odd = male) + 1 check character (ISO 7064 MOD 11-2, 'X' stands for 10).
 *
 * We validate structure only; there is no offline way to prove a number was really issued, so a
 * passing number still has to go through real-name verification where the business requires it.
 */
import { beijingDateKey, beijingParts, isDateKey } from './beijing-time';
import { bookingError, DomainError } from './errors';

export type Gender = 'male' | 'female';

export interface ParsedIdCard {
  /** Trimmed, with an upper-case check character; the form to store, hash and compare. */
  normalized: string;
  /** Digits 1-6. */
  regionCode: string;
  /** Digits 1-2. */
  provinceCode: string;
  /** YYYY-MM-DD */
  birthDate: string;
  gender: Gender;
}

/** Which part of the number failed; exposed in `details.part` so clients can highlight it. */
export type IdCardErrorPart = 'format' | 'region' | 'birthDate' | 'checksum';

const WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const FORMAT = /^\d{17}[\dX]$/;

/** Nobody born before this is a plausible patient or caregiver; older dates are data-entry errors. */
export const MIN_BIRTH_DATE = '1900-01-01';

/**
 * First two digits of GB/T 2260 province-level divisions. 71 (Taiwan) exists in the standard;
 * 81/82/83 are used by 港澳台居民居住证 (residence permits), which share the 18-character format.
 */
const PROVINCE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [11, 15],
  [21, 23],
  [31, 37],
  [41, 46],
  [50, 54],
  [61, 65],
  [71, 71],
  [81, 83],
];

/** Residence permits are issued as 810000/820000/830000 + ..., so the all-zero rule cannot apply. */
const RESIDENCE_PERMIT_PROVINCES: ReadonlySet<string> = new Set(['81', '82', '83']);

const MESSAGES: Record<IdCardErrorPart, string> = {
  format: '身份证号码格式不正确：应为18位，前17位为数字，最后一位为数字或X',
  region: '身份证号码地区码不正确，请核对前6位',
  birthDate: '身份证号码中的出生日期不正确，请核对第7至14位',
  checksum: '身份证号码校验码不正确，请逐位核对后重新输入',
};

function fail(part: IdCardErrorPart): never {
  // Deliberately no echo of the input: the number is sensitive personal information (PIPL)
  // and error payloads end up in logs and monitoring tools.
  throw new DomainError('INVALID_ID_NUMBER', MESSAGES[part], { part });
}

export function isValidProvinceCode(code: string): boolean {
  if (!/^\d{2}$/.test(code)) return false;
  const n = Number(code);
  return PROVINCE_RANGES.some(([lo, hi]) => n >= lo && n <= hi);
}

/**
 * Simplified region rule (no full GB/T 2260 table, which changes yearly and would reject
 * numbers issued under since-abolished codes): a known province, and digits 3-6 not all zero,
 * because a province-level code alone is never the place of household registration.
 */
export function isValidRegionCode(regionCode: string): boolean {
  if (!/^\d{6}$/.test(regionCode)) return false;
  const province = regionCode.slice(0, 2);
  if (!isValidProvinceCode(province)) return false;
  return RESIDENCE_PERMIT_PROVINCES.has(province) || regionCode.slice(2) !== '0000';
}

/** The 18th character for the given first 17 digits. */
export function computeIdCardCheckDigit(first17: string): string {
  if (typeof first17 !== 'string' || !/^\d{17}$/.test(first17)) fail('format');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    sum += Number(first17[i]) * (WEIGHTS[i] as number);
  }
  return CHECK_CHARS.charAt(sum % 11);
}

/** Only the check character can be a letter, so upper-casing the whole string is safe. */
export function normalizeIdCardNumber(input: string): string {
  return input.trim().toUpperCase();
}

export function parseIdCardNumber(input: string, now: Date = new Date()): ParsedIdCard {
  if (typeof input !== 'string') fail('format');
  const normalized = normalizeIdCardNumber(input);
  if (!FORMAT.test(normalized)) fail('format');

  const regionCode = normalized.slice(0, 6);
  if (!isValidRegionCode(regionCode)) fail('region');

  // Checked before the checksum: a mistyped date digit breaks both, and "出生日期" is the more
  // actionable hint for the user.
  const birthDate = `${normalized.slice(6, 10)}-${normalized.slice(10, 12)}-${normalized.slice(12, 14)}`;
  // "Future" is judged on the Beijing calendar so a baby born today is accepted at 00:30 CST.
  if (!isDateKey(birthDate) || birthDate < MIN_BIRTH_DATE || birthDate > beijingDateKey(now)) {
    fail('birthDate');
  }

  if (computeIdCardCheckDigit(normalized.slice(0, 17)) !== normalized.charAt(17)) fail('checksum');

  return {
    normalized,
    regionCode,
    provinceCode: normalized.slice(0, 2),
    birthDate,
    gender: Number(normalized.charAt(16)) % 2 === 1 ? 'male' : 'female',
  };
}

export function isValidIdCardNumber(input: unknown, now: Date = new Date()): boolean {
  if (typeof input !== 'string') return false;
  try {
    parseIdCardNumber(input, now);
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

/**
 * Age in completed years (周岁) on the Beijing calendar date of `date`. Someone born on Feb 29
 * turns a year older on Mar 1 in common years, since Feb 28 still precedes their birthday.
 */
export function ageOn(birthDate: string, date: Date = new Date()): number {
  if (!isDateKey(birthDate)) {
    throw new DomainError('INVALID_DATE', '出生日期格式应为 YYYY-MM-DD');
  }
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const { year, month, day } = beijingParts(date);
  const beforeBirthday = month < bm || (month === bm && day < bd);
  const age = year - by - (beforeBirthday ? 1 : 0);
  if (age < 0) {
    throw new DomainError('INVALID_DATE', '出生日期不能晚于计算日期');
  }
  return age;
}

/** Top band is open-ended so very old clients are not singled out by an exact decade. */
export const OLDEST_AGE_BAND_START = 90;

/**
 * Decade band such as '40-49岁'. Public profiles show a band instead of an exact age because
 * age plus surname plus city is enough to narrow down a real person.
 */
export function ageBand(age: number): string {
  if (typeof age !== 'number' || !Number.isFinite(age) || age < 0) {
    throw bookingError('INVALID_AGE');
  }
  const whole = Math.floor(age);
  if (whole >= OLDEST_AGE_BAND_START) return `${OLDEST_AGE_BAND_START}岁及以上`;
  const start = Math.floor(whole / 10) * 10;
  return `${start}-${start + 9}岁`;
}

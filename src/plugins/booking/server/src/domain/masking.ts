/**
 * Output masking of personal information for viewers who may see that a value exists but not
 * the value itself (PIPL minimisation): other customers, caregivers before an order is confirmed,
 * support staff without the sensitive-data role.
 *
 * Every function is total: null, undefined and short inputs produce a safe string instead of
 * throwing, because masking runs while rendering responses and must never fail a request.
 * Strings are handled per Unicode code point so Chinese names and emoji are not split in half.
 */
import type { Gender } from './id-card';

export const MASK_CHAR = '*';

type Maybe = string | null | undefined;

const chars = (value: string): string[] => Array.from(value);

/**
 * Keep `keepStart` leading and `keepEnd` trailing characters and mask the rest. If the value is
 * too short to hide at least one character it is masked entirely: revealing a whole short value
 * because it happened to be short would defeat the purpose.
 */
export function maskMiddle(value: Maybe, keepStart: number, keepEnd: number): string {
  if (value === null || value === undefined || value === '') return '';
  const list = chars(String(value));
  const start = Math.max(0, Math.floor(keepStart) || 0);
  const end = Math.max(0, Math.floor(keepEnd) || 0);
  if (list.length <= start + end) return MASK_CHAR.repeat(list.length);
  const head = list.slice(0, start).join('');
  const tail = end > 0 ? list.slice(list.length - end).join('') : '';
  return head + MASK_CHAR.repeat(list.length - start - end) + tail;
}

/**
 * '11010519491231002X' -> '110105********002X'. The region code and last four are what staff
 * use to confirm a number over the phone; the birth date in between is the sensitive part.
 */
export function maskIdNumber(value: Maybe): string {
  if (value === null || value === undefined) return '';
  return maskMiddle(String(value).trim().toUpperCase(), 6, 4);
}

/**
 * '13812341234' -> '138****1234'. A mainland number written with a country code keeps a
 * canonical '+86 ' prefix so the output still shows which form was stored.
 */
export function maskPhone(value: Maybe): string {
  if (value === null || value === undefined) return '';
  const trimmed = String(value).trim();
  const compact = trimmed.replace(/[\s\-()]/g, '');
  const mainland = /^(\+86|0086|86)?(1\d{10})$/.exec(compact);
  if (mainland) {
    const national = mainland[2] as string;
    const masked = `${national.slice(0, 3)}****${national.slice(7)}`;
    return mainland[1] ? `+86 ${masked}` : masked;
  }
  return maskMiddle(trimmed, 3, 4);
}

/**
 * Two-character surnames in common use. Without this list '欧阳娜娜' would become '欧***'
 * and the honorific would read '欧阿姨', which is a different (and wrong) surname.
 */
export const COMPOUND_SURNAMES: readonly string[] = [
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '令狐',
  '钟离',
  '端木',
];

/**
 * The surname part of a Chinese name. The name must be longer than the surname: a bare '欧阳'
 * is more likely the single-character surname 欧 plus given name 阳.
 */
export function surnameOf(name: Maybe): string {
  if (name === null || name === undefined) return '';
  const list = chars(String(name).trim());
  if (list.length === 0) return '';
  const firstTwo = list.slice(0, 2).join('');
  if (list.length > 2 && COMPOUND_SURNAMES.includes(firstTwo)) return firstTwo;
  return list[0] as string;
}

/** '王秀英' -> '王**', '欧阳娜娜' -> '欧阳**'. A single character is masked entirely. */
export function maskName(name: Maybe): string {
  if (name === null || name === undefined) return '';
  const trimmed = String(name).trim();
  const list = chars(trimmed);
  if (list.length <= 1) return MASK_CHAR.repeat(list.length);
  const surname = chars(surnameOf(trimmed));
  return surname.join('') + MASK_CHAR.repeat(list.length - surname.length);
}

/**
 * Below this age '阿姨'/'师傅' sounds odd for a caregiver, so the familiar '小王' form is used.
 * Age is optional; without it the adult form is used, which fits the typical caregiver.
 */
export const YOUNG_HONORIFIC_MAX_AGE = 30;

/**
 * Public display name for caregivers: '王秀英' (female) -> '王阿姨', (male) -> '王师傅'.
 * Customers address caregivers this way in practice, and it reveals only the surname.
 */
export function honorificName(name: Maybe, gender: Gender, age?: number | null): string {
  const surname = surnameOf(name);
  if (!surname) return '';
  if (typeof age === 'number' && Number.isFinite(age) && age < YOUNG_HONORIFIC_MAX_AGE) {
    return `小${surname}`;
  }
  return gender === 'female' ? `${surname}阿姨` : `${surname}师傅`;
}

/**
 * 'zhangsan@example.com' -> 'z******n@example.com'. The domain stays visible: it is rarely
 * identifying and helps the user recognise which of their addresses is on file.
 */
export function maskEmail(value: Maybe): string {
  if (value === null || value === undefined) return '';
  const trimmed = String(value).trim();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0) return maskMiddle(trimmed, 1, 0);
  const local = trimmed.slice(0, at);
  const domain = trimmed.slice(at);
  const localChars = chars(local);
  let maskedLocal: string;
  if (localChars.length === 1) maskedLocal = MASK_CHAR;
  else if (localChars.length === 2) maskedLocal = `${localChars[0] as string}${MASK_CHAR}`;
  else maskedLocal = maskMiddle(local, 1, 1);
  return maskedLocal + domain;
}

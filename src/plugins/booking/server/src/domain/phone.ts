/**
 * Mainland China mobile numbers. Everything stored, hashed for lookup or sent to the SMS
 * provider uses the bare 11-digit form, so one person cannot register twice by writing the
 * same number as '+86 138…' and '138…'.
 */
import { DomainError } from './errors';

/** 1 + second digit 3-9 covers every carrier segment allocated so far (incl. 19x and 16x). */
export const MAINLAND_MOBILE_PATTERN = /^1[3-9]\d{9}$/;

const INVALID_PHONE_MESSAGE = '请输入正确的中国大陆手机号';

/** Separators people actually type or paste: spaces (incl. NBSP/ideographic), dashes, dots, brackets. */
const SEPARATORS = /[\s\u00a0\u3000\-‐‑–—.()（）]/g;

/** Chinese IMEs often produce full-width digits and '＋'; map them to ASCII before matching. */
function toHalfWidth(value: string): string {
  return value.replace(/[\uff10-\uff19\uff0b]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/**
 * Returns the 11-digit national number. A leading '86' is removed only when exactly 11 digits
 * remain, so a bare number that merely starts with 86 is never truncated.
 */
export function normalizeMainlandMobile(input: string): string {
  if (typeof input !== 'string') {
    throw new DomainError('INVALID_PHONE', INVALID_PHONE_MESSAGE);
  }
  const compact = toHalfWidth(input.trim()).replace(SEPARATORS, '');
  const national = compact.replace(/^(?:\+86|0086|86)(?=\d{11}$)/, '');
  if (!MAINLAND_MOBILE_PATTERN.test(national)) {
    // No echo of the input: phone numbers are personal information and errors get logged.
    throw new DomainError('INVALID_PHONE', INVALID_PHONE_MESSAGE);
  }
  return national;
}

export function isMainlandMobile(input: unknown): boolean {
  if (typeof input !== 'string') return false;
  try {
    normalizeMainlandMobile(input);
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

import { timingSafeEqual } from 'node:crypto';

/** Constant-time comparison of two hex signatures, as a real gateway does it (and false for malformed input). */
export function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

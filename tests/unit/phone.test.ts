import { isMainlandMobile, normalizeMainlandMobile } from '../../src/plugins/booking/server/src/domain/phone';
import { DomainError } from '../../src/plugins/booking/server/src/domain/errors';

describe('normalizeMainlandMobile — accepted forms', () => {
  test.each([
    ['13812341234', '13812341234'],
    ['  13812341234  ', '13812341234'],
    ['+86 138 1234 1234', '13812341234'],
    ['+8613812341234', '13812341234'],
    ['86-13812341234', '13812341234'],
    ['8613812341234', '13812341234'],
    ['0086 138-1234-1234', '13812341234'],
    ['(+86) 138 1234 1234', '13812341234'],
    ['138.1234.1234', '13812341234'],
    ['１３８１２３４１２３４', '13812341234'], // full-width digits from a Chinese IME
    ['＋８６ １３８１２３４１２３４', '13812341234'],
    ['138\u30001234\u30001234', '13812341234'], // ideographic spaces
    ['19912345678', '19912345678'],
    ['16612345678', '16612345678'],
    ['14712345678', '14712345678'],
  ])('%p -> %s', (input, expected) => {
    expect(normalizeMainlandMobile(input)).toBe(expected);
    expect(isMainlandMobile(input)).toBe(true);
  });

  it('does not strip a leading 86 from a number that would then be too short', () => {
    // '86' followed by 9 digits is neither a mobile nor a prefixed mobile.
    expect(isMainlandMobile('86123456789')).toBe(false);
  });
});

describe('normalizeMainlandMobile — rejected input', () => {
  test.each([
    ['empty', ''],
    ['blank', '   '],
    ['too short', '1381234123'],
    ['too long', '138123412345'],
    ['second digit 2', '12812341234'],
    ['second digit 0', '10012341234'],
    ['does not start with 1', '23812341234'],
    ['landline', '010-12345678'],
    ['letters', '138abcd1234'],
    ['other country code', '+85213812341234'],
    ['+86 with too few digits', '+86 138 1234 123'],
    ['double prefix', '+86 86 13812341234'],
    ['plus in the middle', '138+12341234'],
  ])('%s: %p', (_label, input) => {
    expect(isMainlandMobile(input)).toBe(false);
    try {
      normalizeMainlandMobile(input);
      throw new Error('expected normalizeMainlandMobile to throw');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'INVALID_PHONE', status: 400, message: '请输入正确的中国大陆手机号' });
    }
  });

  it.each([null, undefined, 13812341234, {}])('treats non-string %p as invalid', (input) => {
    expect(isMainlandMobile(input)).toBe(false);
    expect(() => normalizeMainlandMobile(input as unknown as string)).toThrow(DomainError);
  });
});

import {
  ageBand,
  ageOn,
  computeIdCardCheckDigit,
  isValidIdCardNumber,
  isValidRegionCode,
  MIN_BIRTH_DATE,
  parseIdCardNumber,
  type IdCardErrorPart,
} from '../../src/plugins/booking/server/src/domain/id-card';
import { DomainError } from '../../src/plugins/booking/server/src/domain/errors';

/*
 * Hand-verified check characters (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, table '10X98765432'):
 *
 * 11010519491231002X — digits 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2
 *   7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 -> 'X'
 *
 * 440524188001010014 — digits 4 4 0 5 2 4 1 8 8 0 0 1 0 1 0 0 1
 *   28+36+0+25+16+16+2+8+48+0+0+9+0+5+0+0+2 = 195; 195 mod 11 = 8 -> '4'
 *
 * 310115200002290048 — digits 3 1 0 1 1 5 2 0 0 0 0 2 2 9 0 0 4
 *   21+9+0+5+8+20+4+0+0+0+0+18+20+45+0+0+8 = 158; 158 mod 11 = 4 -> '8'
 */

const NOW = new Date('2025-06-15T04:00:00Z'); // 12:00 Beijing time

/** Appends the correct check character so a test fails only for the reason it is about. */
const withCheck = (first17: string): string => first17 + computeIdCardCheckDigit(first17);

function errorPart(fn: () => unknown): IdCardErrorPart | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    const domainError = error as DomainError;
    expect(domainError.code).toBe('INVALID_ID_NUMBER');
    expect(domainError.status).toBe(400);
    return domainError.details.part as IdCardErrorPart;
  }
  return undefined;
}

describe('computeIdCardCheckDigit', () => {
  test.each([
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'],
    ['31011520000229004', '8'],
  ])('%s -> %s', (first17, expected) => {
    expect(computeIdCardCheckDigit(first17)).toBe(expected);
  });

  it.each(['1101051949123100', '110105194912310021', '1101051949123100A'])('rejects non-17-digit input %s', (input) => {
    expect(errorPart(() => computeIdCardCheckDigit(input))).toBe('format');
  });
});

describe('parseIdCardNumber — valid numbers', () => {
  it('parses the GB 11643 example', () => {
    expect(parseIdCardNumber('11010519491231002X', NOW)).toEqual({
      normalized: '11010519491231002X',
      regionCode: '110105',
      provinceCode: '11',
      birthDate: '1949-12-31',
      gender: 'female',
    });
  });

  test.each([
    // [first 17 digits, birthDate, gender, note]
    ['31011520000229004', '2000-02-29', 'female', 'Feb 29 in a leap year'],
    ['44030519900307123', '1990-03-07', 'male', 'odd sequence digit'],
    ['65010219000101001', '1900-01-01', 'male', 'earliest allowed date'],
    ['50010320250615002', '2025-06-15', 'female', 'born today (Beijing)'],
    ['81000019800101001', '1980-01-01', 'male', 'HK residence permit 810000'],
    ['82000019800101002', '1980-01-01', 'female', 'Macao residence permit 820000'],
    ['83000019800101003', '1980-01-01', 'male', 'Taiwan residence permit 830000'],
  ])('%s (%s, %s) — %s', (first17, birthDate, gender) => {
    const id = withCheck(first17);
    const parsed = parseIdCardNumber(id, NOW);
    expect(parsed).toMatchObject({ normalized: id, birthDate, gender, regionCode: first17.slice(0, 6) });
    expect(isValidIdCardNumber(id, NOW)).toBe(true);
  });

  test.each([
    ['lowercase x', '11010519491231002x'],
    ['surrounding whitespace', '  11010519491231002X\n'],
    ['both', '\t11010519491231002x '],
  ])('normalizes %s', (_label, input) => {
    expect(parseIdCardNumber(input, NOW).normalized).toBe('11010519491231002X');
  });

  it('judges "today" on the Beijing calendar', () => {
    // 2025-06-14T16:30Z is already 2025-06-15 00:30 in Beijing.
    const justAfterMidnight = new Date('2025-06-14T16:30:00Z');
    expect(isValidIdCardNumber(withCheck('50010320250615002'), justAfterMidnight)).toBe(true);
    expect(isValidIdCardNumber(withCheck('50010320250616002'), justAfterMidnight)).toBe(false);
  });
});

describe('parseIdCardNumber — invalid numbers', () => {
  test.each<[string, string, IdCardErrorPart]>([
    ['bad checksum', '110105194912310021', 'checksum'],
    ['bad checksum (X expected digit)', '11010519491231002' + '9', 'checksum'],
    ['too short', '11010519491231002', 'format'],
    ['too long', '11010519491231002X1', 'format'],
    ['15-digit legacy number', '110105491231002', 'format'],
    ['empty', '', 'format'],
    ['letter in the middle', '1101051949123A002X', 'format'],
    ['X not at the end', 'X10105194912310021', 'format'],
    ['inner spaces', '110105 19491231002X', 'format'],
    ['full-width digits', '１１０１０５１９４９１２３１００２Ｘ', 'format'],
    ['province 99', withCheck('99010519491231002'), 'region'],
    ['province 00', withCheck('00010519491231002'), 'region'],
    ['province 16 (gap)', withCheck('16010519491231002'), 'region'],
    ['province-only region 110000', withCheck('11000019491231002'), 'region'],
    ['Feb 29 in a non-leap year', withCheck('11010520230229001'), 'birthDate'],
    ['Feb 29 in 1900 (not leap)', withCheck('11010519000229001'), 'birthDate'],
    ['month 13', withCheck('11010519491331002'), 'birthDate'],
    ['day 00', withCheck('11010519491200002'), 'birthDate'],
    ['Apr 31', withCheck('11010519490431002'), 'birthDate'],
    ['tomorrow', withCheck('11010520250616002'), 'birthDate'],
    ['far future', withCheck('11010520990101002'), 'birthDate'],
    ['before 1900', withCheck('11010518991231002'), 'birthDate'],
  ])('%s: %s -> %s', (_label, input, part) => {
    expect(errorPart(() => parseIdCardNumber(input, NOW))).toBe(part);
    expect(isValidIdCardNumber(input, NOW)).toBe(false);
  });

  it('has a correct checksum for 440524188001010014 but rejects its 1880 birth date', () => {
    // A real-format published example; it predates MIN_BIRTH_DATE, which is a deliberate rule.
    expect(computeIdCardCheckDigit('44052418800101001')).toBe('4');
    expect(MIN_BIRTH_DATE).toBe('1900-01-01');
    expect(errorPart(() => parseIdCardNumber('440524188001010014', NOW))).toBe('birthDate');
  });

  it('uses a Chinese message naming the failing part and does not echo the number', () => {
    const messages = {
      format: () => parseIdCardNumber('123', NOW),
      region: () => parseIdCardNumber(withCheck('99010519491231002'), NOW),
      birthDate: () => parseIdCardNumber(withCheck('11010520230229001'), NOW),
      checksum: () => parseIdCardNumber('110105194912310021', NOW),
    };
    const expected = { format: '格式', region: '地区码', birthDate: '出生日期', checksum: '校验码' };
    for (const [part, fn] of Object.entries(messages)) {
      expect(fn).toThrow(expected[part as keyof typeof expected]);
      try {
        fn();
      } catch (error) {
        expect((error as Error).message).not.toMatch(/\d{6}/);
        expect(JSON.stringify((error as DomainError).details)).not.toMatch(/\d{6}/);
      }
    }
  });

  it('treats non-string input as invalid', () => {
    expect(isValidIdCardNumber(undefined)).toBe(false);
    expect(isValidIdCardNumber(11010519491231)).toBe(false);
    expect(errorPart(() => parseIdCardNumber(null as unknown as string, NOW))).toBe('format');
  });
});

describe('isValidRegionCode', () => {
  test.each([
    ['110105', true],
    ['540102', true],
    ['710100', true],
    ['810000', true],
    ['110000', false],
    ['990105', false],
    ['11010', false],
  ])('%s -> %s', (code, expected) => {
    expect(isValidRegionCode(code)).toBe(expected);
  });
});

describe('ageOn', () => {
  test.each([
    ['1949-12-31', '2025-06-15T04:00:00Z', 75],
    ['1980-06-15', '2025-06-15T04:00:00Z', 45],
    ['1980-06-16', '2025-06-15T04:00:00Z', 44],
    ['1980-06-15', '2025-06-14T16:00:00Z', 45], // 00:00 on Jun 15 in Beijing
    ['1980-06-15', '2025-06-14T15:59:00Z', 44], // still Jun 14 in Beijing
    ['2000-02-29', '2023-02-28T04:00:00Z', 22],
    ['2000-02-29', '2023-03-01T04:00:00Z', 23],
    ['2000-02-29', '2024-02-29T04:00:00Z', 24],
    ['2025-06-15', '2025-06-15T04:00:00Z', 0],
  ])('born %s, on %s -> %i', (birthDate, at, expected) => {
    expect(ageOn(birthDate, new Date(at))).toBe(expected);
  });

  it.each(['1980-13-01', '2023-02-29', '19800101', ''])('rejects malformed birth date %p', (birthDate) => {
    expect(() => ageOn(birthDate, NOW)).toThrow(DomainError);
  });

  it('rejects a birth date after the reference date', () => {
    expect(() => ageOn('2025-06-16', NOW)).toThrow(DomainError);
  });
});

describe('ageBand', () => {
  test.each([
    [0, '0-9岁'],
    [9, '0-9岁'],
    [18, '10-19岁'],
    [40, '40-49岁'],
    [49, '40-49岁'],
    [49.9, '40-49岁'],
    [89, '80-89岁'],
    [90, '90岁及以上'],
    [104, '90岁及以上'],
  ])('%d -> %s', (age, expected) => {
    expect(ageBand(age)).toBe(expected);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects %p', (age) => {
    expect(() => ageBand(age)).toThrow(DomainError);
  });
});

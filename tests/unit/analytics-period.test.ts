import {
  addDays,
  beijingDateKey,
  dayRange,
  growth,
  listDays,
  monthRange,
  previousRange,
  searchTerms,
  toCsv,
} from '../../src/plugins/booking/server/src/domain/analytics-period';

describe('Beijing day ranges', () => {
  it.each([
    ['2026-03-01T15:59:59.999Z', '2026-03-01'],
    ['2026-03-01T16:00:00.000Z', '2026-03-02'],
    ['2025-12-31T16:00:00.000Z', '2026-01-01'],
  ])('%s is Beijing day %s', (iso, key) => expect(beijingDateKey(new Date(iso))).toBe(key));

  it('covers whole Beijing days, inclusive', () => {
    const range = dayRange('2026-03-01', '2026-03-03');
    expect(range.days).toBe(3);
    expect(range.startUtc.toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(range.endUtc.toISOString()).toBe('2026-03-03T16:00:00.000Z');
    expect(listDays(range)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    expect(previousRange(range)).toEqual(expect.objectContaining({ from: '2026-02-26', to: '2026-02-28', days: 3 }));
  });

  it.each([
    ['2026-03-02', '2026-03-01', 'INVALID_RANGE'],
    ['2026-02-30', '2026-03-01', 'INVALID_DATE'],
    ['2026-3-1', '2026-03-01', 'INVALID_DATE'],
    ['2025-01-01', '2026-01-02', 'RANGE_TOO_LONG'],
  ])('%s..%s is refused (%s)', (from, to, code) => {
    expect(() => dayRange(from, to)).toThrow(expect.objectContaining({ code, status: 400 }));
  });

  it('allows 366 days and crosses leap days', () => {
    expect(dayRange('2028-01-01', '2028-12-31').days).toBe(366);
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(monthRange('2028-02')).toEqual(expect.objectContaining({ from: '2028-02-01', to: '2028-02-29', days: 29 }));
    expect(monthRange('2026-12')).toEqual(expect.objectContaining({ from: '2026-12-01', to: '2026-12-31' }));
    expect(() => monthRange('2026-13')).toThrow(expect.objectContaining({ code: 'INVALID_MONTH' }));
  });
});

describe('growth', () => {
  it.each([
    [120, 100, 0.2],
    [50, 100, -0.5],
    [5, 0, null],
    [0, 3, -1],
  ])('%i vs %i → %p', (cur, prev, expected) => expect(growth(cur, prev)).toBe(expected));
});

describe('CSV', () => {
  it('has a BOM, CRLF lines and RFC 4180 quoting', () => {
    const csv = toCsv(
      [
        { key: 'k', header: '关键词' },
        { key: 'n', header: '次数' },
      ],
      [
        { k: '陪诊, 挂号', n: 3 },
        { k: '说"你好"', n: 1 },
        { k: '两行\n文字', n: 0 },
        { k: null, n: -2 },
      ],
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual(['关键词,次数', '"陪诊, 挂号",3', '"说""你好""",1', '"两行\n文字",0', ',-2', '']);
  });

  it.each(['=HYPERLINK("x")', '+1', '-1+2', '@SUM(A1)'])('neutralises the formula %s', (text) => {
    const csv = toCsv([{ key: 'k', header: 'k' }], [{ k: text }]);
    expect(csv.split('\r\n')[1]).toMatch(/^"?'/);
  });
});

describe('search terms', () => {
  it.each([
    ['采血', '采血', []],
    ['  打针 ', '打针', []],
    ['静脉采血', '静脉采血', ['静脉', '脉采', '采血']],
    ['ICU 陪护', 'icu 陪护', ['ic', 'cu', 'u陪', '陪护']],
    ['陪', '陪', []],
  ])('%s', (query, phrase, shingles) => expect(searchTerms(query)).toEqual({ phrase, shingles }));
});

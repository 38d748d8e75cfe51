import { DomainError } from '../../src/plugins/booking/server/src/domain/errors';
import { MAX_ORDER_SEQUENCE, formatOrderNumber, parseOrderNumber } from '../../src/plugins/booking/server/src/domain/order-number';

function catchError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('formatOrderNumber', () => {
  test.each<[string, number, string]>([
    ['2026-11-25T17:00:00Z', 1, '2026112600000001'], // 01:00 next day in Beijing
    ['2026-11-25T15:59:59.999Z', 1, '2026112500000001'], // 23:59:59 Beijing
    ['2026-11-25T16:00:00Z', 42, '2026112600000042'], // Beijing midnight
    ['2026-12-31T16:00:00Z', 12345678, '2027010112345678'], // new year in Beijing only
    ['2028-02-28T16:00:00Z', 99999999, '2028022999999999'], // leap day
  ])('%s #%i -> %s', (iso, seq, expected) => {
    const value = formatOrderNumber(new Date(iso), seq);
    expect(value).toBe(expected);
    expect(value).toHaveLength(16);
  });

  test.each([[0], [-1], [1.5], [NaN], [1e8], [MAX_ORDER_SEQUENCE + 1]])('rejects sequence %p', (seq) => {
    const error = catchError(() => formatOrderNumber(new Date('2026-11-25T17:00:00Z'), seq));
    expect(error.code).toBe('INVALID_ORDER_SEQUENCE');
  });

  it('rejects an invalid date', () => {
    expect(() => formatOrderNumber(new Date('nope'), 1)).toThrow(DomainError);
  });

  it('sorts chronologically as strings', () => {
    const a = formatOrderNumber(new Date('2026-11-25T17:00:00Z'), 99999999);
    const b = formatOrderNumber(new Date('2026-11-26T17:00:00Z'), 1);
    expect([b, a].sort()).toEqual([a, b]);
  });
});

describe('parseOrderNumber', () => {
  it('round-trips', () => {
    const value = formatOrderNumber(new Date('2026-11-25T17:00:00Z'), 4321);
    expect(parseOrderNumber(value)).toEqual({ dateKey: '2026-11-26', sequence: 4321 });
  });

  it('tolerates surrounding whitespace (copied from chat)', () => {
    expect(parseOrderNumber(' 2026112600000001 ')).toEqual({ dateKey: '2026-11-26', sequence: 1 });
  });

  test.each([
    [''],
    ['20261126'],
    ['202611260000001'], // 15 digits
    ['20261126000000001'], // 17 digits
    ['2026112600000000'], // sequence 0
    ['2026023000000001'], // Feb 30
    ['2026130100000001'], // month 13
    ['2026-11-26-00000001'],
    ['20261126OOOOOOO1'],
  ])('rejects %p', (value) => {
    const error = catchError(() => parseOrderNumber(value));
    expect(error.code).toBe('INVALID_ORDER_NUMBER');
    expect(error.status).toBe(400);
    expect(error.message).toBe('订单号格式不正确');
  });
});

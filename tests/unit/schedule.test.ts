import { DomainError } from '../../src/plugins/booking/server/src/domain/errors';
import { fromBeijing } from '../../src/plugins/booking/server/src/domain/beijing-time';
import { busyInterval, findConflicts, overlaps, validateSlot, type Interval } from '../../src/plugins/booking/server/src/domain/schedule';

const at = (hour: number, minute = 0) => fromBeijing(2026, 3, 2, hour, minute);
const iv = (h1: number, m1: number, h2: number, m2: number): Interval => ({ start: at(h1, m1), end: at(h2, m2) });

function catchError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('overlaps (half-open)', () => {
  test.each<[string, Interval, Interval, boolean]>([
    ['touching: a ends when b starts', iv(9, 0, 10, 0), iv(10, 0, 11, 0), false],
    ['touching: b ends when a starts', iv(10, 0, 11, 0), iv(9, 0, 10, 0), false],
    ['disjoint', iv(9, 0, 10, 0), iv(12, 0, 13, 0), false],
    ['one minute overlap', iv(9, 0, 10, 1), iv(10, 0, 11, 0), true],
    ['identical', iv(9, 0, 10, 0), iv(9, 0, 10, 0), true],
    ['b contained in a', iv(8, 0, 12, 0), iv(9, 0, 10, 0), true],
    ['a contained in b', iv(9, 0, 10, 0), iv(8, 0, 12, 0), true],
    ['same start, different end', iv(9, 0, 10, 0), iv(9, 0, 9, 30), true],
    ['same end, different start', iv(9, 0, 10, 0), iv(9, 30, 10, 0), true],
    ['partial', iv(9, 0, 11, 0), iv(10, 0, 12, 0), true],
  ])('%s -> %s', (_name, a, b, expected) => {
    expect(overlaps(a, b)).toBe(expected);
    expect(overlaps(b, a)).toBe(expected); // symmetric
  });
});

describe('busyInterval', () => {
  it('widens by the buffer on both sides', () => {
    const busy = busyInterval(at(9), at(11), 30);
    expect(busy.start.toISOString()).toBe(at(8, 30).toISOString());
    expect(busy.end.toISOString()).toBe(at(11, 30).toISOString());
  });

  it('a zero buffer leaves the interval unchanged and returns new Date objects', () => {
    const start = at(9);
    const busy = busyInterval(start, at(11), 0);
    expect(busy.start.getTime()).toBe(start.getTime());
    expect(busy.start).not.toBe(start);
  });

  test.each([[-1], [1.5], [NaN]])('rejects buffer %p', (buffer) => {
    const error = catchError(() => busyInterval(at(9), at(11), buffer));
    expect(error.code).toBe('INVALID_BUFFER');
  });

  it('validates the slot', () => {
    expect(() => busyInterval(at(11), at(9), 30)).toThrow(DomainError);
  });
});

describe('findConflicts', () => {
  const existing = [
    { id: 1, ...iv(8, 0, 10, 0) },
    { id: 2, ...iv(10, 30, 12, 0) },
    { id: 3, ...iv(14, 0, 16, 0) },
  ];

  test.each<[string, Interval, number[]]>([
    ['fits exactly in the 10:00-10:30 gap', iv(10, 0, 10, 30), []],
    ['overlaps the first by one minute', iv(9, 59, 10, 30), [1]],
    ['spans the first two', iv(9, 0, 11, 0), [1, 2]],
    ['contains everything', iv(0, 0, 23, 0), [1, 2, 3]],
    ['identical to the third', iv(14, 0, 16, 0), [3]],
    ['inside the third', iv(14, 30, 15, 0), [3]],
    ['afternoon gap', iv(12, 0, 14, 0), []],
  ])('%s', (_name, candidate, ids) => {
    expect(findConflicts(candidate, existing).map((e) => e.id)).toEqual(ids);
  });

  it('returns the original objects (extra fields preserved)', () => {
    expect(findConflicts(iv(9, 0, 9, 30), existing)[0]).toBe(existing[0]);
  });

  it('returns [] for no existing bookings', () => {
    expect(findConflicts(iv(9, 0, 10, 0), [])).toEqual([]);
  });

  describe('with a 30-minute travel buffer on the candidate', () => {
    const candidate = (h1: number, m1: number, h2: number, m2: number) => busyInterval(at(h1, m1), at(h2, m2), 30);
    test.each<[string, Interval, number[]]>([
      // Without buffer 10:00-10:30 fits; with buffer it needs 09:30-11:00 free.
      ['back-to-back now conflicts on both sides', candidate(10, 0, 10, 30), [1, 2]],
      ['exactly 30 min after the third ends: ok', candidate(16, 30, 17, 0), []],
      ['29 min after the third ends: conflict', candidate(16, 29, 17, 0), [3]],
      ['ends exactly 30 min before the third: ok', candidate(12, 30, 13, 30), []],
      ['ends 29 min before the third: conflict', candidate(12, 31, 13, 31), [3]],
    ])('%s', (_name, busy, ids) => {
      expect(findConflicts(busy, existing).map((e) => e.id)).toEqual(ids);
    });

    it('widening both sides requires twice the gap', () => {
      const existingBusy = existing.map((e) => ({ id: e.id, ...busyInterval(e.start, e.end, 30) }));
      // 16:30 start is 30 min after #3 ends: fine one-sided, a conflict when both are widened.
      expect(findConflicts(candidate(16, 30, 17, 0), existingBusy).map((e) => e.id)).toEqual([3]);
      expect(findConflicts(candidate(17, 0, 18, 0), existingBusy).map((e) => e.id)).toEqual([]);
    });
  });
});

describe('validateSlot', () => {
  it('accepts end after start', () => {
    expect(() => validateSlot(at(9), at(9, 1))).not.toThrow();
  });

  test.each<[string, Date, Date, string]>([
    ['end equals start', at(9), at(9), '结束时间必须晚于开始时间'],
    ['end before start', at(10), at(9), '结束时间必须晚于开始时间'],
    ['invalid start', new Date('x'), at(9), '服务时间格式不正确'],
    ['invalid end', at(9), new Date(NaN), '服务时间格式不正确'],
  ])('rejects %s', (_name, start, end, message) => {
    const error = catchError(() => validateSlot(start, end));
    expect(error.code).toBe('INVALID_SLOT');
    expect(error.status).toBe(400);
    expect(error.message).toBe(message);
  });
});

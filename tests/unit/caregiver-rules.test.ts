import {
  credentialExpiryAction,
  isActiveCaregiver,
  isCredentialValid,
  isPresenceStale,
  isSuspended,
  normalizeWeeklySchedule,
  type WeeklySchedule,
} from '../../src/plugins/booking/server/src/domain/caregiver-rules';
import { DomainError } from '../../src/plugins/booking/server/src/domain/errors';

const NOW = new Date('2026-06-01T04:00:00Z');
const HOUR = 3600_000;

describe('suspension', () => {
  test.each<[string, { status: string; suspendedUntil?: string | Date | null }, boolean, boolean]>([
    ['approved, never suspended', { status: 'approved' }, false, true],
    ['approved, suspension in the future', { status: 'approved', suspendedUntil: new Date(NOW.getTime() + HOUR) }, true, false],
    ['approved, suspension over', { status: 'approved', suspendedUntil: new Date(NOW.getTime() - HOUR).toISOString() }, false, true],
    ['approved, suspension ends exactly now', { status: 'approved', suspendedUntil: NOW }, false, true],
    ['suspended indefinitely', { status: 'suspended', suspendedUntil: null }, true, false],
    ['suspended with a past date (status wins)', { status: 'suspended', suspendedUntil: new Date(NOW.getTime() - HOUR) }, true, false],
    ['pending application', { status: 'pending' }, false, false],
    ['rejected application', { status: 'rejected' }, false, false],
  ])('%s', (_label, state, suspended, active) => {
    expect(isSuspended(state, NOW)).toBe(suspended);
    expect(isActiveCaregiver(state, NOW)).toBe(active);
  });
});

describe('credentialExpiryAction', () => {
  const today = '2026-06-01';
  test.each<[string, { status: string; validUntil?: string | null; notifiedExpiryAt?: string | null }, string]>([
    ['no expiry date', { status: 'approved', validUntil: null }, 'none'],
    ['valid through today', { status: 'approved', validUntil: '2026-06-01' }, 'notify'],
    ['ended yesterday', { status: 'approved', validUntil: '2026-05-31' }, 'expire'],
    ['pending and ended', { status: 'pending', validUntil: '2026-01-01' }, 'expire'],
    ['rejected and ended: left alone', { status: 'rejected', validUntil: '2026-01-01' }, 'none'],
    ['already expired', { status: 'expired', validUntil: '2026-01-01' }, 'none'],
    ['suspended and ended: left alone', { status: 'suspended', validUntil: '2026-01-01' }, 'none'],
    ['30 days ahead: notify', { status: 'approved', validUntil: '2026-07-01' }, 'notify'],
    ['31 days ahead: not yet', { status: 'approved', validUntil: '2026-07-02' }, 'none'],
    ['within 30 days but already notified', { status: 'approved', validUntil: '2026-06-10', notifiedExpiryAt: '2026-05-20T00:00:00Z' }, 'none'],
    ['pending within 30 days: no notice before approval', { status: 'pending', validUntil: '2026-06-10' }, 'none'],
    ['notified, then the day after expiry: expire', { status: 'approved', validUntil: '2026-05-31', notifiedExpiryAt: '2026-05-01T00:00:00Z' }, 'expire'],
  ])('%s', (_label, state, expected) => {
    expect(credentialExpiryAction(state, today)).toBe(expected);
  });

  test('notice window is configurable', () => {
    expect(credentialExpiryAction({ status: 'approved', validUntil: '2026-06-08' }, '2026-06-01', 7)).toBe('notify');
    expect(credentialExpiryAction({ status: 'approved', validUntil: '2026-06-09' }, '2026-06-01', 7)).toBe('none');
  });
});

describe('isCredentialValid', () => {
  test.each<[{ status: string; validUntil?: string | null }, boolean]>([
    [{ status: 'approved', validUntil: '2026-06-01' }, true],
    [{ status: 'approved', validUntil: '2026-05-31' }, false],
    [{ status: 'approved', validUntil: null }, true],
    [{ status: 'pending', validUntil: '2030-01-01' }, false],
    [{ status: 'expired', validUntil: '2030-01-01' }, false],
  ])('%j -> %s', (state, expected) => {
    expect(isCredentialValid(state, '2026-06-01')).toBe(expected);
  });
});

describe('isPresenceStale', () => {
  test.each<[string | null, boolean]>([
    [null, true],
    [new Date(NOW.getTime() - 14 * 60_000).toISOString(), false],
    [new Date(NOW.getTime() - 15 * 60_000).toISOString(), false],
    [new Date(NOW.getTime() - 16 * 60_000).toISOString(), true],
  ])('%s -> %s', (lastSeen, expected) => {
    expect(isPresenceStale(lastSeen, NOW, 15)).toBe(expected);
  });
});

describe('normalizeWeeklySchedule', () => {
  test('sorts ranges and fills missing days', () => {
    const out = normalizeWeeklySchedule({
      mon: [
        { start: '13:00', end: '18:00' },
        { start: '08:00', end: '12:00' },
      ],
      sun: [{ start: '00:00', end: '00:00' }],
    });
    expect(out.mon).toEqual([
      { start: '08:00', end: '12:00' },
      { start: '13:00', end: '18:00' },
    ]);
    expect(out.tue).toEqual([]);
    expect(out.sun).toEqual([{ start: '00:00', end: '00:00' }]);
  });

  test('touching ranges are allowed', () => {
    expect(
      normalizeWeeklySchedule({
        fri: [
          { start: '08:00', end: '12:00' },
          { start: '12:00', end: '14:00' },
        ],
      }).fri,
    ).toHaveLength(2);
  });

  test.each<[string, WeeklySchedule, RegExp]>([
    ['end before start', { mon: [{ start: '18:00', end: '08:00' }] }, /周一.*晚于/],
    ['empty range', { tue: [{ start: '08:00', end: '08:00' }] }, /周二.*晚于/],
    [
      'overlap',
      {
        wed: [
          { start: '08:00', end: '12:00' },
          { start: '11:00', end: '13:00' },
        ],
      },
      /周三.*重叠/,
    ],
    ['bad hour', { thu: [{ start: '24:00', end: '23:00' }] }, /周四.*HH:MM/],
    ['bad format', { sat: [{ start: '8:00', end: '12:00' }] }, /周六.*HH:MM/],
  ])('%s', (_label, schedule, message) => {
    expect(() => normalizeWeeklySchedule(schedule)).toThrow(DomainError);
    expect(() => normalizeWeeklySchedule(schedule)).toThrow(message);
  });
});

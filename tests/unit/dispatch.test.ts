import {
  boundingBox,
  eligibility,
  onlyBusy,
  rank,
  scoreCandidate,
  RANK_WEIGHTS,
  type DispatchCandidate,
  type DispatchOrder,
} from '../../src/plugins/booking/server/src/domain/dispatch';
import { haversineKm } from '../../src/plugins/booking/server/src/domain/geo';
import { isWithinWorkingHours } from '../../src/plugins/booking/server/src/domain/working-hours';
import { fromBeijing } from '../../src/plugins/booking/server/src/domain/beijing-time';

const NOW = fromBeijing(2026, 11, 25, 9, 0);
// Friday 27 Nov 2026, 10:00 Beijing
const START = fromBeijing(2026, 11, 27, 10, 0);
const PLACE = { latitude: 39.998, longitude: 116.47 };

const base: DispatchCandidate = {
  id: 1,
  userId: 10,
  status: 'approved',
  suspendedUntil: null,
  online: true,
  workingHours: null,
  offersService: true,
  servesCity: true,
  location: { latitude: 39.99, longitude: 116.46 },
  serviceRadiusKm: 10,
  gender: 'female',
  level: 'senior',
  rating: 4.8,
  ratingCount: 20,
  completedOrders: 30,
  lastAssignedAt: null,
  credentials: [{ code: 'health_certificate', validFrom: '2026-01-01', validUntil: '2027-01-01' }],
  passedCourseIds: [1, 2],
  isFree: true,
  blocked: false,
};
const order: DispatchOrder = { startAt: START, place: PLACE, requiredCredentialTypes: ['health_certificate'], requiredCourseIds: [1], genderPreference: null };

describe('geo', () => {
  it.each([
    [{ latitude: 39.9042, longitude: 116.4074 }, { latitude: 31.2304, longitude: 121.4737 }, 1067, 5], // 北京 – 上海
    [PLACE, PLACE, 0, 0.001],
    [{ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 1 }, 111.2, 0.2],
  ])('haversine %#', (a, b, km, tolerance) => {
    expect(Math.abs(haversineKm(a, b) - km)).toBeLessThanOrEqual(tolerance);
  });

  it('bounding box contains the circle', () => {
    const box = boundingBox(PLACE, 10);
    for (const bearing of [0, 45, 90, 135, 180, 270]) {
      const rad = (bearing * Math.PI) / 180;
      const p = {
        latitude: PLACE.latitude + (9.99 / 111.2) * Math.cos(rad),
        longitude: PLACE.longitude + (9.99 / (111.2 * Math.cos((PLACE.latitude * Math.PI) / 180))) * Math.sin(rad),
      };
      expect(haversineKm(PLACE, p)).toBeLessThan(10.05);
      expect(p.latitude).toBeGreaterThanOrEqual(box.minLat);
      expect(p.latitude).toBeLessThanOrEqual(box.maxLat);
      expect(p.longitude).toBeGreaterThanOrEqual(box.minLng);
      expect(p.longitude).toBeLessThanOrEqual(box.maxLng);
    }
  });
});

describe('working hours (Beijing time)', () => {
  const hours = {
    fri: [
      { start: '08:00', end: '12:00' },
      { start: '14:00', end: '00:00' },
    ],
    sat: [{ start: '00:00', end: '06:00' }],
  };
  it.each([
    [fromBeijing(2026, 11, 27, 10, 0), true],
    [fromBeijing(2026, 11, 27, 12, 0), false], // end is exclusive
    [fromBeijing(2026, 11, 27, 7, 59), false],
    [fromBeijing(2026, 11, 27, 23, 59), true],
    [fromBeijing(2026, 11, 28, 5, 30), true],
    [fromBeijing(2026, 11, 26, 10, 0), false], // Thursday: not working
  ])('%s → %s', (at, expected) => {
    expect(isWithinWorkingHours(hours, at)).toBe(expected);
  });
  it.each([[{ fri: [{ start: '10:00', end: '09:00' }] }], [{ fri: [{ start: '8:00', end: '19:00' }] }], [{ fri: 'all day' }], [[1]], ['08:00-18:00']])(
    'malformed %j never counts as working',
    (bad) => {
      expect(isWithinWorkingHours(bad, START)).toBe(false);
    },
  );
  it('null means no hours', () => expect(isWithinWorkingHours(null, START)).toBe(false));
});

describe('eligibility', () => {
  it('an approved, online, qualified, free, nearby caregiver is eligible', () => {
    const result = eligibility(base, order, { now: NOW });
    expect(result).toEqual({ eligible: true, reasons: [], distanceKm: expect.any(Number) });
    expect(result.distanceKm).toBeLessThan(2);
  });

  const cases: Array<[string, Partial<DispatchCandidate>, Partial<DispatchOrder>, string[]]> = [
    ['pending', { status: 'pending' }, {}, ['NOT_APPROVED']],
    ['rejected', { status: 'rejected' }, {}, ['NOT_APPROVED']],
    ['suspended status', { status: 'suspended' }, {}, ['SUSPENDED']],
    ['suspended until later', { suspendedUntil: new Date(NOW.getTime() + 3600_000) }, {}, ['SUSPENDED']],
    ['suspension over', { suspendedUntil: new Date(NOW.getTime() - 1000) }, {}, []],
    ['offline, no hours', { online: false }, {}, ['UNAVAILABLE']],
    ['offline, outside hours', { online: false, workingHours: { fri: [{ start: '13:00', end: '18:00' }] } }, {}, ['UNAVAILABLE']],
    ['offline, inside hours', { online: false, workingHours: { fri: [{ start: '08:00', end: '18:00' }] } }, {}, []],
    ['no credential', { credentials: [] }, {}, ['CREDENTIAL_MISSING']],
    ['other credential', { credentials: [{ code: 'nurse_license', validFrom: null, validUntil: null }] }, {}, ['CREDENTIAL_MISSING']],
    ['expired credential', { credentials: [{ code: 'health_certificate', validFrom: '2025-01-01', validUntil: '2026-11-26' }] }, {}, ['CREDENTIAL_EXPIRED']],
    ['valid through the service date', { credentials: [{ code: 'health_certificate', validFrom: null, validUntil: '2026-11-27' }] }, {}, []],
    ['not yet valid', { credentials: [{ code: 'health_certificate', validFrom: '2026-11-28', validUntil: null }] }, {}, ['CREDENTIAL_EXPIRED']],
    ['two required, one missing', {}, { requiredCredentialTypes: ['health_certificate', 'nurse_license'] }, ['CREDENTIAL_MISSING']],
    ['training missing', { passedCourseIds: [2] }, {}, ['TRAINING_MISSING']],
    ['no training module', { passedCourseIds: null }, {}, []],
    ['other city', { servesCity: false }, {}, ['OTHER_CITY']],
    ['no skill', { offersService: false }, {}, ['NO_SKILL']],
    ['out of range', { location: { latitude: 39.8, longitude: 116.3 } }, {}, ['OUT_OF_RANGE']],
    ['wider radius', { location: { latitude: 39.8, longitude: 116.3 }, serviceRadiusKm: 40 }, {}, []],
    ['no location', { location: null }, {}, ['OUT_OF_RANGE']],
    ['busy', { isFree: false }, {}, ['BUSY']],
    ['gender mismatch', { gender: 'male' }, { genderPreference: 'female' }, ['GENDER_MISMATCH']],
    ['gender match', {}, { genderPreference: 'female' }, []],
    ['blocked', { blocked: true }, {}, ['BLOCKED']],
    ['many at once', { status: 'pending', blocked: true, isFree: false, servesCity: false }, {}, ['NOT_APPROVED', 'OTHER_CITY', 'BUSY', 'BLOCKED']],
  ];
  it.each(cases)('%s', (_name, candidate, orderPatch, codes) => {
    const result = eligibility({ ...base, ...candidate }, { ...order, ...orderPatch }, { now: NOW });
    expect(result.reasons.map((r) => r.code)).toEqual(codes);
    expect(result.eligible).toBe(codes.length === 0);
    for (const reason of result.reasons) expect(reason.message).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe('rank', () => {
  it('weights sum to 1', () => {
    expect(Object.values(RANK_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });

  const c = (id: number, patch: Partial<DispatchCandidate>): DispatchCandidate => ({ ...base, id, ...patch });
  const cases: Array<[string, DispatchCandidate[], number[]]> = [
    ['nearer wins when all else is equal', [c(1, { location: { latitude: 40.05, longitude: 116.47 } }), c(2, { location: PLACE })], [2, 1]],
    ['better rated wins', [c(1, { rating: 4.0, ratingCount: 50 }), c(2, { rating: 5.0, ratingCount: 50 })], [2, 1]],
    ['one 5-star review does not beat a proven 4.9', [c(1, { rating: 5, ratingCount: 1 }), c(2, { rating: 4.9, ratingCount: 200 })], [2, 1]],
    [
      'least recently assigned wins',
      [c(1, { lastAssignedAt: new Date(NOW.getTime() - 3600_000) }), c(2, { lastAssignedAt: new Date(NOW.getTime() - 48 * 3600_000) })],
      [2, 1],
    ],
    ['never assigned counts as fully idle', [c(1, { lastAssignedAt: new Date(NOW.getTime() - 24 * 3600_000) }), c(2, { lastAssignedAt: null })], [2, 1]],
    ['experience counts', [c(1, { completedOrders: 0 }), c(2, { completedOrders: 300 })], [2, 1]],
    ['level counts', [c(1, { level: 'junior' }), c(2, { level: 'gold' })], [2, 1]],
    ['ties break by id', [c(3, {}), c(1, {}), c(2, {})], [1, 2, 3]],
    [
      'distance outweighs a small rating gap',
      [c(1, { rating: 4.9, location: { latitude: 40.15, longitude: 116.47 } }), c(2, { rating: 4.7, location: PLACE })],
      [2, 1],
    ],
  ];
  it.each(cases)('%s', (_name, candidates, expected) => {
    expect(rank(candidates, order, NOW).map((r) => r.candidate.id)).toEqual(expected);
  });

  it('explains the score: the breakdown sums to the score', () => {
    const scored = scoreCandidate(c(1, { lastAssignedAt: new Date(NOW.getTime() - 36 * 3600_000), level: 'gold' }), order, NOW);
    expect(scored.breakdown.fairness).toBeCloseTo(0.1, 4);
    expect(scored.breakdown.level).toBeCloseTo(0.1, 4);
    expect(Object.values(scored.breakdown).reduce((a, b) => a + b, 0)).toBeCloseTo(scored.score, 3);
  });
});

describe('onlyBusy', () => {
  const r = (code: string) => ({ code, message: code }) as any;
  it.each([
    [[], false],
    [[r('BUSY')], true],
    [[r('BUSY'), r('BLOCKED')], false],
    [[r('OUT_OF_RANGE')], false],
  ])('%j -> %s', (reasons, expected) => {
    expect(onlyBusy(reasons)).toBe(expected);
  });
});

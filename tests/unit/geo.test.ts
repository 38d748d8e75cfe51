import { bandRank, displayKm, distanceBand, EARTH_RADIUS_KM, haversineKm, isValidLatLng } from '../../src/plugins/booking/server/src/domain/geo';

const TIANANMEN = { latitude: 39.9087, longitude: 116.3975 };
const SHANGHAI_BUND = { latitude: 31.24, longitude: 121.49 };
const WANGJING = { latitude: 39.998, longitude: 116.47 };

describe('haversineKm', () => {
  test.each<[string, { latitude: number; longitude: number }, { latitude: number; longitude: number }, number, number]>([
    ['same point', TIANANMEN, TIANANMEN, 0, 0.0001],
    ['Tiananmen to Wangjing (~11.8 km)', TIANANMEN, WANGJING, 11.8, 0.3],
    ['Beijing to Shanghai (~1067 km)', TIANANMEN, SHANGHAI_BUND, 1067, 5],
    ['one degree of latitude (~111.2 km)', { latitude: 0, longitude: 0 }, { latitude: 1, longitude: 0 }, 111.2, 0.1],
    ['across the antimeridian', { latitude: 0, longitude: 179.5 }, { latitude: 0, longitude: -179.5 }, 111.2, 0.1],
    ['antipodes (half the circumference)', { latitude: 0, longitude: 0 }, { latitude: 0, longitude: 180 }, Math.PI * EARTH_RADIUS_KM, 0.01],
    ['pole to pole', { latitude: 90, longitude: 0 }, { latitude: -90, longitude: 0 }, Math.PI * EARTH_RADIUS_KM, 0.01],
  ])('%s', (_label, a, b, expected, tolerance) => {
    expect(Math.abs(haversineKm(a, b) - expected)).toBeLessThanOrEqual(tolerance);
    expect(haversineKm(a, b)).toBeCloseTo(haversineKm(b, a), 9);
  });

  test.each([
    [{ latitude: 91, longitude: 0 }],
    [{ latitude: 0, longitude: -181 }],
    [{ latitude: Number.NaN, longitude: 0 }],
    [{ latitude: 0, longitude: Number.POSITIVE_INFINITY }],
  ])('refuses invalid coordinates %j', (bad) => {
    expect(() => haversineKm(bad, TIANANMEN)).toThrow(RangeError);
    expect(() => haversineKm(TIANANMEN, bad)).toThrow(RangeError);
  });
});

describe('isValidLatLng', () => {
  test.each<[unknown, boolean]>([
    [TIANANMEN, true],
    [{ latitude: -90, longitude: 180 }, true],
    [{ latitude: 90.0001, longitude: 0 }, false],
    [{ latitude: '39.9', longitude: 116.4 }, false],
    [{ latitude: 39.9 }, false],
    [null, false],
    [undefined, false],
  ])('%j -> %s', (point, expected) => {
    expect(isValidLatLng(point as never)).toBe(expected);
  });
});

describe('displayKm', () => {
  test.each<[number, number]>([
    [0, 0],
    [0.01, 0.1],
    [0.04, 0.1],
    [1.26, 1.3],
    [11.84, 11.8],
    [1067.449, 1067.4],
  ])('%s -> %s', (km, expected) => {
    expect(displayKm(km)).toBe(expected);
  });
  test.each([[-1], [Number.NaN]])('refuses %s', (km) => {
    expect(() => displayKm(km)).toThrow(RangeError);
  });
});

describe('distanceBand (issue 18 item 11: coarse bands instead of 0.1 km)', () => {
  it.each([
    [0, '<1km'],
    [0.05, '<1km'],
    [0.999, '<1km'],
    [1, '1-3km'],
    [2.99, '1-3km'],
    [3, '3-5km'],
    [4.9, '3-5km'],
    [5, '5-10km'],
    [9.99, '5-10km'],
    [10, '>10km'],
    [250, '>10km'],
  ])('%f km is %s', (km, band) => {
    expect(distanceBand(km)).toBe(band);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses %f', (km) => {
    expect(() => distanceBand(km)).toThrow(RangeError);
  });

  it('ranks bands nearest first, unknown last', () => {
    expect(['>10km', '<1km', null, '3-5km'].map((b) => bandRank(b as any))).toEqual([4, 0, 5, 2]);
  });
});

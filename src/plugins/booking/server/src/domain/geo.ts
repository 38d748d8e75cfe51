/**
 * Great-circle distance on a spherical Earth (haversine). Good to a few metres at city scale, which is all a
 * "2.3 km away" label or a service-radius check needs; GCJ-02 vs WGS-84 offsets (a few hundred metres) are
 * larger than the model error, so callers must compare coordinates from the same datum.
 */
export interface LatLng {
  latitude: number;
  longitude: number;
}

/** Mean Earth radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371.0088;

const rad = (deg: number) => (deg * Math.PI) / 180;

export function isValidLatLng(point: Partial<LatLng> | null | undefined): point is LatLng {
  if (!point) return false;
  const { latitude, longitude } = point;
  return (
    typeof latitude === 'number' &&
    typeof longitude === 'number' &&
    Number.isFinite(latitude) &&
    Number.isFinite(longitude) &&
    latitude >= -90 &&
    latitude <= 90 &&
    longitude >= -180 &&
    longitude <= 180
  );
}

/** Distance in km between two points; throws on coordinates outside the valid ranges. */
export function haversineKm(a: LatLng, b: LatLng): number {
  if (!isValidLatLng(a) || !isValidLatLng(b)) throw new RangeError('invalid coordinates');
  const dLat = rad(b.latitude - a.latitude);
  const dLng = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLng / 2) ** 2;
  // min() guards against h drifting a hair above 1 for antipodal points, which would make asin NaN.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Rounded for display: one decimal, never "0.0 km" for someone who is not exactly here. */
export function displayKm(km: number): number {
  if (!Number.isFinite(km) || km < 0) throw new RangeError('invalid distance');
  if (km === 0) return 0;
  return Math.max(0.1, Math.round(km * 10) / 10);
}

/**
 * What a distance may be shown as to someone who must not learn the exact place (a caregiver's home to the public,
 * a customer's address to a caregiver browsing the hall). Precise figures from several chosen points would let
 * anyone triangulate the place; these five bands cannot be narrowed below a kilometre or more.
 */
export const DISTANCE_BANDS = ['<1km', '1-3km', '3-5km', '5-10km', '>10km'] as const;
export type DistanceBand = (typeof DISTANCE_BANDS)[number];
const BAND_UPPER_KM = [1, 3, 5, 10];

export function distanceBand(km: number): DistanceBand {
  if (!Number.isFinite(km) || km < 0) throw new RangeError('invalid distance');
  const index = BAND_UPPER_KM.findIndex((upper) => km < upper);
  return DISTANCE_BANDS[index === -1 ? DISTANCE_BANDS.length - 1 : index];
}

/** Position of a band in DISTANCE_BANDS, for sorting nearest first without revealing more than the band. */
export const bandRank = (band: DistanceBand | null) => (band === null ? DISTANCE_BANDS.length : DISTANCE_BANDS.indexOf(band));

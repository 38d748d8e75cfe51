import type { Core } from '@strapi/strapi';
import { bookingError } from '../../domain/errors';
import { ageBand, ageOn } from '../../domain/id-card';
import { honorificName } from '../../domain/masking';
import { bandRank, distanceBand, haversineKm, isValidLatLng, type LatLng } from '../../domain/geo';
import { isActiveCaregiver, isCredentialValid, normalizeWeeklySchedule, type WeeklySchedule } from '../../domain/caregiver-rules';
import { beijingDateKey } from '../../domain/beijing-time';
import { bookingService } from '../../utils/plugin';
import { UID } from '../../content-types/uids';

const CAREGIVER = UID.caregiver;
const CREDENTIAL = UID.caregiverCredential;
/**
 * Candidates sorted in memory per query. A city's approved caregivers for one service are in the hundreds; past
 * this the list would need SQL-side distance (PostGIS or a bounding box) instead.
 */
const MAX_CANDIDATES = 1000;
const LIST_FIELDS = [
  'id',
  'documentId',
  'realName',
  'gender',
  'birthDate',
  'level',
  'yearsOfExperience',
  'rating',
  'ratingCount',
  'completedOrders',
  'homeLatitude',
  'homeLongitude',
  'status',
  'suspendedUntil',
];

export interface PublicListQuery {
  serviceId?: string;
  cityCode?: string;
  lat?: number;
  lng?: number;
  gender?: 'male' | 'female';
  sort: 'rating' | 'distance' | 'experience';
  page: number;
  pageSize: number;
}

const num = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));

/** Public caregiver profiles (masked, no numbers) and the caregiver's own presence and working hours. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const activeWhere = (now: Date) => ({ status: 'approved', $or: [{ suspendedUntil: { $null: true } }, { suspendedUntil: { $lte: now } }] });

  async function badgesFor(ids: number[], today: string) {
    if (ids.length === 0) return new Map<number, string[]>();
    const rows = await strapi.db.query(CREDENTIAL).findMany({
      where: { caregiver: { id: { $in: ids } }, status: 'approved' },
      select: ['status', 'validUntil'],
      populate: { caregiver: { select: ['id'] }, credentialType: { select: ['name'] } },
    });
    const byCaregiver = new Map<number, string[]>();
    for (const row of rows as any[]) {
      if (!row.caregiver || !row.credentialType || !isCredentialValid(row, today)) continue;
      const list = byCaregiver.get(row.caregiver.id) ?? [];
      if (!list.includes(row.credentialType.name)) list.push(row.credentialType.name);
      byCaregiver.set(row.caregiver.id, list);
    }
    return byCaregiver;
  }

  function distanceOf(c: any, from: LatLng | null) {
    const home = { latitude: num(c.homeLatitude), longitude: num(c.homeLongitude) };
    if (!from || !isValidLatLng(home as LatLng)) return null;
    return haversineKm(from, home as LatLng);
  }

  async function present(rows: any[], from: LatLng | null, now: Date) {
    const today = beijingDateKey(now);
    const ids = rows.map((r) => r.id);
    const [badges, photos] = await Promise.all([
      badgesFor(ids, today),
      ids.length ? strapi.db.query(CAREGIVER).findMany({ where: { id: { $in: ids } }, select: ['id'], populate: { photo: { select: ['url'] } } }) : [],
    ]);
    const photoOf = new Map((photos as any[]).map((p) => [p.id, p.photo?.url ?? null]));
    return rows.map((c) => {
      const age = c.birthDate ? ageOn(c.birthDate, now) : null;
      const km = distanceOf(c, from);
      return {
        documentId: c.documentId,
        name: honorificName(c.realName, c.gender, age),
        photoUrl: photoOf.get(c.id) ?? null,
        gender: c.gender,
        ageBand: age === null ? null : ageBand(age),
        level: c.level,
        yearsOfExperience: c.yearsOfExperience ?? 0,
        badges: badges.get(c.id) ?? [],
        rating: num(c.rating) ?? 0,
        reviewCount: c.ratingCount ?? 0,
        completedOrders: c.completedOrders ?? 0,
        // A band, never a figure: the public could otherwise triangulate a caregiver's home from a few points.
        ...(from ? { distanceBand: km === null ? null : distanceBand(km) } : {}),
      };
    });
  }

  return {
    async list(query: PublicListQuery) {
      const now = new Date();
      const from = query.lat !== undefined && query.lng !== undefined ? { latitude: query.lat, longitude: query.lng } : null;
      if (query.sort === 'distance' && !from) throw bookingError('LOCATION_REQUIRED');
      const and: Record<string, unknown>[] = [activeWhere(now)];
      if (query.serviceId) and.push({ skills: { documentId: query.serviceId } });
      if (query.cityCode) and.push({ $or: [{ serviceCities: { code: query.cityCode } }, { city: { code: query.cityCode } }] });
      if (query.gender) and.push({ gender: query.gender });
      const rows: any[] = await strapi.db
        .query(CAREGIVER)
        .findMany({ where: { $and: and }, select: LIST_FIELDS, orderBy: { id: 'asc' }, limit: MAX_CANDIDATES });
      const key = (c: any) => {
        if (query.sort === 'distance') {
          // Sorted by band, then by rating: the order within a band must not leak finer distances than the band.
          const km = distanceOf(c, from);
          return [bandRank(km === null ? null : distanceBand(km)), -(num(c.rating) ?? 0), -(c.ratingCount ?? 0)];
        }
        if (query.sort === 'experience') return [-(c.yearsOfExperience ?? 0), -(num(c.rating) ?? 0)];
        return [-(num(c.rating) ?? 0), -(c.ratingCount ?? 0)];
      };
      const sorted = rows
        .map((c) => ({ c, k: key(c) }))
        .sort((a, b) => {
          for (let i = 0; i < a.k.length; i += 1) if (a.k[i] !== b.k[i]) return (a.k[i] as number) - (b.k[i] as number);
          return a.c.id - b.c.id;
        })
        .map((x) => x.c);
      const page = sorted.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
      return { data: await present(page, from, now), meta: { pagination: { page: query.page, pageSize: query.pageSize, total: sorted.length } } };
    },

    async findOne(documentId: string, from: LatLng | null = null) {
      const now = new Date();
      const row: any = await strapi.db.query(CAREGIVER).findOne({ where: { documentId }, select: LIST_FIELDS });
      if (!row || !isActiveCaregiver(row, now)) throw bookingError('NOT_FOUND');
      const [profile] = await present([row], from, now);
      const extra: any = await strapi.db.query(CAREGIVER).findOne({ where: { id: row.id }, select: ['bio', 'languages'] });
      return { ...profile, bio: extra?.bio ?? null, languages: Array.isArray(extra?.languages) ? extra.languages : [] };
    },

    /** Going online or offline; every call is also a heartbeat (lastSeenAt) for the autoOffline job. */
    async setStatus(userId: number, input: { online: boolean; latitude?: number; longitude?: number }) {
      const me = await bookingService(strapi, 'caregiver-identity').forUser(userId);
      const data: Record<string, unknown> = { online: input.online, lastSeenAt: new Date() };
      if (input.latitude !== undefined && input.longitude !== undefined)
        Object.assign(data, { currentLatitude: input.latitude, currentLongitude: input.longitude });
      const row: any = await strapi.db.query(CAREGIVER).update({ where: { id: me.id }, data });
      return { online: row.online, lastSeenAt: row.lastSeenAt, latitude: num(row.currentLatitude), longitude: num(row.currentLongitude) };
    },

    async setWorkingHours(userId: number, schedule: WeeklySchedule) {
      const me = await bookingService(strapi, 'caregiver-identity').forUser(userId);
      const workingHours = normalizeWeeklySchedule(schedule);
      await strapi.db.query(CAREGIVER).update({ where: { id: me.id }, data: { workingHours } });
      return { workingHours };
    },
  };
};

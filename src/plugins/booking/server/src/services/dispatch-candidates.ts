import type { Core } from '@strapi/strapi';
import { boundingBox, eligibility, rank, type DispatchCandidate, type DispatchOrder, type Eligibility, type Ranked } from '../domain/dispatch';
import { isValidLatLng } from '../domain/geo';
import { busyInterval } from '../domain/schedule';
import { bookingConfig, isPostgres } from '../utils/plugin';

const CAREGIVER = 'api::caregiver.caregiver';
const CREDENTIAL = 'api::caregiver-credential.caregiver-credential';
const SLOT = 'plugin::booking.schedule-slot';
const BLOCK = 'plugin::booking.caregiver-block';
/** Equirectangular km per degree of latitude; close enough at city scale for a pre-filter the haversine re-checks. */
const KM_PER_DEG = 111.2;
/** The SQL pre-filter keeps a little slack so rounding never drops someone the exact check would accept. */
const SLACK = 1.02;

export interface LoadedCandidate extends DispatchCandidate {
  documentId: string;
  realName: string;
}

export interface Evaluated {
  candidate: LoadedCandidate;
  eligibility: Eligibility;
  ranked: Ranked<LoadedCandidate>;
}

export interface LoadOptions {
  /** 'dispatch': only who could plausibly take it (SQL pre-filter, nearest `candidatePool`); 'all': every caregiver with the skill. */
  mode: 'dispatch' | 'all';
  /** Restrict to these caregiver ids (any skill). */
  caregiverIds?: number[];
  excludeIds?: number[];
}

const num = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));
const date = (v: unknown) => (v === null || v === undefined ? null : new Date(typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : (v as string)));
const json = (v: unknown) => {
  if (typeof v !== 'string') return v ?? null;
  try {
    return JSON.parse(v);
  } catch {
    return null;
  }
};

/** The order as the pure rules see it. */
export function dispatchOrder(order: any, requiredCourseIds: Array<number | string> = []): DispatchOrder {
  const place = { latitude: Number(order.address?.latitude), longitude: Number(order.address?.longitude) };
  return {
    startAt: new Date(order.startAt),
    place: isValidLatLng(place) ? place : null,
    requiredCredentialTypes: order.serviceSnapshot?.requiredCredentialTypes ?? [],
    requiredCourseIds,
    genderPreference: order.genderPreference ?? null,
  };
}

/**
 * Loads dispatch candidates for an order with every fact eligibility needs, in a fixed number of queries: one
 * selective candidate query (skill, and in dispatch mode city, status, online-or-scheduled, bounding box and the
 * caregiver's own radius, nearest first), then credentials, schedule conflicts and blocks for those ids only.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  /**
   * Raw knex does not join Strapi's ambient transaction by itself; inside one (e.g. dispatch during payment) the
   * query must run on that transaction's connection, or it waits on SQLite's single writer for ever.
   */
  const run = <T>(query: any): Promise<T> =>
    strapi.db.inTransaction() ? (strapi.db.transaction(async ({ trx }) => query.transacting(trx)) as Promise<T>) : query;
  const join = (attribute: string) => {
    const table = (strapi.db.metadata.get(CAREGIVER) as any).attributes[attribute].joinTable;
    return { name: table.name as string, caregiver: table.joinColumn.name as string, target: table.inverseJoinColumn.name as string };
  };

  async function requiredCourses(order: any): Promise<{ ids: Array<number | string>; training: any }> {
    const training: any = strapi.plugin('booking').service('training');
    if (!training?.passedCourseIds) return { ids: [], training: null };
    const lookup = training.requiredCourseIdsFor ?? training.requiredCourseIds;
    const fromService = lookup ? await lookup.call(training, order.serviceDocumentId) : null;
    return { ids: fromService ?? order.serviceSnapshot?.requiredTrainingCourseIds ?? [], training };
  }

  async function rows(order: any, options: LoadOptions, target: DispatchOrder) {
    const k = knex();
    const skills = join('skills');
    const homeCity = join('city');
    const serviceCities = join('serviceCities');
    const user = join('user');
    const serviceIds = k('services').select('id').where('document_id', order.serviceDocumentId);
    const cityIds = k('cities').select('id').where('code', order.cityCode);
    const inCity = k.raw(
      `(c.id in (select ?? from ?? where ?? in (select id from cities where code = ?)) or c.id in (select ?? from ?? where ?? in (select id from cities where code = ?)))`,
      [homeCity.caregiver, homeCity.name, homeCity.target, order.cityCode, serviceCities.caregiver, serviceCities.name, serviceCities.target, order.cityCode],
    );
    const hasSkill = k.raw(`c.id in (select ?? from ?? where ?? in (select id from services where document_id = ?))`, [skills.caregiver, skills.name, skills.target, order.serviceDocumentId]);
    const lat = 'COALESCE(c.current_latitude, c.home_latitude)';
    const lng = 'COALESCE(c.current_longitude, c.home_longitude)';
    const query = k('caregivers as c').select(
      'c.id', 'c.document_id', 'c.real_name', 'c.status', 'c.suspended_until', 'c.online', 'c.working_hours', 'c.gender', 'c.level',
      'c.rating', 'c.rating_count', 'c.completed_orders', 'c.last_assigned_at', 'c.service_radius_km',
      k.raw(`${lat} as lat`), k.raw(`${lng} as lng`),
      k.raw(`(select ?? from ?? u where u.?? = c.id limit 1) as user_id`, [user.target, user.name, user.caregiver]),
      k.raw(`(case when ${inCity.toQuery()} then 1 else 0 end) as serves_city`),
      k.raw(`(case when ${hasSkill.toQuery()} then 1 else 0 end) as offers_service`),
    );
    if (options.caregiverIds) query.whereIn('c.id', options.caregiverIds);
    else query.whereIn('c.id', k(skills.name).select(skills.caregiver).whereIn(skills.target, serviceIds));
    if (options.excludeIds?.length) query.whereNotIn('c.id', options.excludeIds);
    if (options.mode === 'dispatch' && target.place) {
      const { latitude, longitude } = target.place;
      const [{ max }] = await run<any[]>(k('caregivers').max({ max: 'service_radius_km' }));
      const box = boundingBox(target.place, Number(max ?? 100) * SLACK);
      const kLng = (KM_PER_DEG * Math.cos((latitude * Math.PI) / 180)) ** 2;
      const d2 = `((${lat} - ${latitude}) * (${lat} - ${latitude}) * ${KM_PER_DEG ** 2} + (${lng} - ${longitude}) * (${lng} - ${longitude}) * ${kLng})`;
      query
        .where('c.status', 'approved')
        .where((q) => q.where('c.online', isPostgres(strapi) ? true : 1).orWhereNotNull('c.working_hours'))
        .where((q) =>
          q
            .whereIn('c.id', k(homeCity.name).select(homeCity.caregiver).whereIn(homeCity.target, cityIds))
            .orWhereIn('c.id', k(serviceCities.name).select(serviceCities.caregiver).whereIn(serviceCities.target, cityIds)),
        )
        .whereRaw(`${lat} between ? and ?`, [box.minLat, box.maxLat])
        .whereRaw(`${lng} between ? and ?`, [box.minLng, box.maxLng])
        .whereRaw(`${d2} <= (COALESCE(c.service_radius_km, 10) * ${SLACK}) * (COALESCE(c.service_radius_km, 10) * ${SLACK})`)
        .orderByRaw(`${d2} asc`)
        .limit(bookingConfig(strapi).dispatch.candidatePool);
    } else {
      query.orderBy('c.id', 'asc').limit(500);
    }
    return run<any[]>(query);
  }

  const api = {
    dispatchOrder,

    async load(order: any, options: LoadOptions): Promise<{ candidates: LoadedCandidate[]; target: DispatchOrder }> {
      const courses = await requiredCourses(order);
      const target = dispatchOrder(order, courses.ids);
      const found: any[] = await rows(order, options, target);
      const ids = found.map((r) => Number(r.id));
      if (ids.length === 0) return { candidates: [], target };

      const credentials = new Map<number, Array<{ code: string; validFrom: string | null; validUntil: string | null }>>();
      if (strapi.contentTypes[CREDENTIAL as keyof typeof strapi.contentTypes] && target.requiredCredentialTypes.length > 0) {
        const held: any[] = await strapi.db.query(CREDENTIAL).findMany({
          where: { caregiver: { id: { $in: ids } }, status: 'approved' },
          populate: { caregiver: { select: ['id'] }, credentialType: { select: ['code'] } },
        });
        for (const c of held) {
          const id = c.caregiver?.id;
          if (!id || !c.credentialType?.code) continue;
          credentials.set(id, [...(credentials.get(id) ?? []), { code: c.credentialType.code, validFrom: c.validFrom ?? null, validUntil: c.validUntil ?? null }]);
        }
      }

      const slot = busyInterval(new Date(order.startAt), new Date(order.endAt), order.serviceSnapshot?.travelBufferMinutes ?? 0);
      const busy = await strapi.db.query(SLOT).findMany({
        where: {
          caregiverId: { $in: ids },
          active: true,
          startAt: { $lt: slot.end },
          endAt: { $gt: slot.start },
          $or: [{ orderId: { $null: true } }, { orderId: { $ne: order.id } }],
        },
        select: ['caregiverId'],
      });
      const busyIds = new Set(busy.map((s: any) => s.caregiverId));
      const blocks = await strapi.db.query(BLOCK).findMany({ where: { userId: order.userId, caregiverId: { $in: ids } }, select: ['caregiverId'] });
      const blockedIds = new Set(blocks.map((b: any) => b.caregiverId));

      const candidates = await Promise.all(
        found.map(async (r): Promise<LoadedCandidate> => {
          const userId = num(r.user_id);
          const latitude = num(r.lat);
          const longitude = num(r.lng);
          return {
            id: Number(r.id),
            documentId: r.document_id,
            realName: r.real_name,
            userId,
            status: r.status,
            suspendedUntil: date(r.suspended_until),
            online: r.online === true || r.online === 1,
            workingHours: json(r.working_hours),
            offersService: Number(r.offers_service) === 1,
            servesCity: Number(r.serves_city) === 1,
            location: latitude !== null && longitude !== null ? { latitude, longitude } : null,
            serviceRadiusKm: num(r.service_radius_km) ?? 10,
            gender: r.gender ?? null,
            level: r.level ?? 'junior',
            rating: num(r.rating) ?? 0,
            ratingCount: num(r.rating_count) ?? 0,
            completedOrders: num(r.completed_orders) ?? 0,
            lastAssignedAt: date(r.last_assigned_at),
            credentials: credentials.get(Number(r.id)) ?? [],
            passedCourseIds: courses.training && courses.ids.length > 0 && userId ? await courses.training.passedCourseIds(userId) : courses.training ? [] : null,
            isFree: !busyIds.has(Number(r.id)),
            blocked: blockedIds.has(Number(r.id)),
          };
        }),
      );
      return { candidates, target };
    },

    /** Every loaded candidate with eligibility and score, eligible first, then by score. */
    async evaluate(order: any, options: LoadOptions, now = new Date()): Promise<Evaluated[]> {
      const { candidates, target } = await api.load(order, options);
      const ranked = new Map(rank(candidates, target, now).map((r, i) => [r.candidate.id, { r, i }]));
      return candidates
        .map((candidate) => ({ candidate, eligibility: eligibility(candidate, target, { now }), ranked: ranked.get(candidate.id)!.r, index: ranked.get(candidate.id)!.i }))
        .sort((a, b) => Number(b.eligibility.eligible) - Number(a.eligibility.eligible) || a.index - b.index)
        .map(({ index: _index, ...rest }) => rest);
    },

    /** Eligible candidates, best first: what dispatch offers to. */
    async ranked(order: any, excludeIds: number[] = [], now = new Date()) {
      return (await api.evaluate(order, { mode: 'dispatch', excludeIds }, now)).filter((e) => e.eligibility.eligible);
    },
  };
  return api;
};

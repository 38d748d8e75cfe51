import type { Core } from '@strapi/strapi';
import { boundingBox, eligibility, rank, type DispatchCandidate, type DispatchOrder, type Eligibility, type Ranked } from '../../domain/dispatch';
import { isValidLatLng } from '../../domain/geo';
import { busyInterval } from '../../domain/schedule';
import { bookingConfig, bookingService, isPostgres, inCurrentTransaction } from '../../utils/plugin';
import { UID } from '../../content-types/uids';

const CAREGIVER = UID.caregiver;
const CREDENTIAL = UID.caregiverCredential;
const SLOT = UID.scheduleSlot;
const BLOCK = UID.caregiverBlock;
const ATTEMPT = UID.examAttempt;
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

/** A date column read raw: node-postgres turns DATE into a local-midnight Date; take its local calendar day. */
const isoDate = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
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
  const run = <T>(query: any): Promise<T> => inCurrentTransaction<T>(strapi, query);
  const join = (attribute: string) => {
    const table = (strapi.db.metadata.get(CAREGIVER) as any).attributes[attribute].joinTable;
    return { name: table.name as string, caregiver: table.joinColumn.name as string, target: table.inverseJoinColumn.name as string };
  };

  async function requiredCourses(order: any): Promise<{ ids: Array<number | string> }> {
    return { ids: await bookingService(strapi, 'training').requiredCourseIdsFor(order.serviceDocumentId) };
  }

  /**
   * Passed courses of many caregivers at once. The training service answers one caregiver per call; ranking 100
   * candidates must not cost 100 queries, so with the exam-attempt table present the same rule (an attempt with
   * passed = true counts its course) is read in one query.
   */
  async function passedCourses(courses: { ids: Array<number | string> }, userIds: number[]) {
    const passed = new Map<number, string[]>();
    if (courses.ids.length === 0 || userIds.length === 0) return passed;
    {
      const rows = await strapi.db.query(ATTEMPT).findMany({
        where: { caregiverUserId: { $in: userIds }, passed: true, courseId: { $in: courses.ids.map(String) } },
        select: ['caregiverUserId', 'courseId'],
      });
      for (const r of rows) passed.set(r.caregiverUserId, [...(passed.get(r.caregiverUserId) ?? []), r.courseId]);
    }
    return passed;
  }

  async function rows(order: any, options: LoadOptions, target: DispatchOrder) {
    const k = knex();
    const skills = join('skills');
    const homeCity = join('city');
    const serviceCities = join('serviceCities');
    const user = join('user');
    // Two tiny lookups first, so the candidate query compares plain id lists (and per-row EXISTS probes hit the
    // link tables' caregiver index instead of hashing every caregiver of the city).
    const [serviceIds, cityIds]: [number[], number[]] = await Promise.all([
      run<any[]>(k('services').where('document_id', order.serviceDocumentId).pluck('id')),
      run<any[]>(k('cities').where('code', order.cityCode).pluck('id')),
    ]);
    const linked = (table: { name: string; caregiver: string; target: string }, ids: number[]) =>
      k(table.name)
        .select(k.raw('1'))
        .whereRaw('?? = c.id', [`${table.name}.${table.caregiver}`])
        .whereIn(table.target, ids.length ? ids : [-1]);
    const inCity = () => k.raw('(exists ? or exists ?)', [linked(homeCity, cityIds), linked(serviceCities, cityIds)]);
    const hasSkill = () => k.raw('exists ?', [linked(skills, serviceIds)]);
    const lat = 'COALESCE(c.current_latitude, c.home_latitude)';
    const lng = 'COALESCE(c.current_longitude, c.home_longitude)';
    const query = k('caregivers as c').select(
      'c.id',
      'c.document_id',
      'c.real_name',
      'c.status',
      'c.suspended_until',
      'c.online',
      'c.working_hours',
      'c.gender',
      'c.level',
      'c.rating',
      'c.rating_count',
      'c.completed_orders',
      'c.last_assigned_at',
      'c.service_radius_km',
      k.raw(`${lat} as lat`),
      k.raw(`${lng} as lng`),
      k.raw(`(select ?? from ?? u where u.?? = c.id limit 1) as user_id`, [user.target, user.name, user.caregiver]),
      k.raw('(case when ? then 1 else 0 end) as serves_city', [inCity()]),
      k.raw('(case when ? then 1 else 0 end) as offers_service', [hasSkill()]),
    );
    if (options.caregiverIds) query.whereIn('c.id', options.caregiverIds);
    else
      query.whereIn(
        'c.id',
        k(skills.name)
          .select(skills.caregiver)
          .whereIn(skills.target, serviceIds.length ? serviceIds : [-1]),
      );
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
        .whereRaw('?', [inCity()])
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
        // One join instead of the ORM's populate (three queries per call): this runs on every dispatch.
        const meta = (strapi.db.metadata.get(CREDENTIAL) as any).attributes;
        const owner = meta.caregiver.joinTable;
        const kind = meta.credentialType.joinTable;
        const held: any[] = await run(
          knex()(`${strapi.db.metadata.get(CREDENTIAL).tableName} as cr`)
            .join(`${owner.name} as o`, `o.${owner.joinColumn.name}`, 'cr.id')
            .join(`${kind.name} as k`, `k.${kind.joinColumn.name}`, 'cr.id')
            .join('credential_types as t', 't.id', `k.${kind.inverseJoinColumn.name}`)
            .whereIn(`o.${owner.inverseJoinColumn.name}`, ids)
            .whereIn('t.code', target.requiredCredentialTypes)
            .where('cr.status', 'approved')
            .select({ caregiverId: `o.${owner.inverseJoinColumn.name}`, code: 't.code', validFrom: 'cr.valid_from', validUntil: 'cr.valid_until' }),
        );
        const dateKey = (v: unknown) =>
          v === null || v === undefined ? null : v instanceof Date ? isoDate(v) : typeof v === 'number' ? isoDate(new Date(v)) : String(v).slice(0, 10);
        for (const c of held) {
          const id = Number(c.caregiverId);
          credentials.set(id, [...(credentials.get(id) ?? []), { code: c.code, validFrom: dateKey(c.validFrom), validUntil: dateKey(c.validUntil) }]);
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
      const passed = await passedCourses(
        courses,
        found.map((r) => num(r.user_id)).filter((id): id is number => id !== null),
      );
      const blocks = await strapi.db.query(BLOCK).findMany({ where: { userId: order.userId, caregiverId: { $in: ids } }, select: ['caregiverId'] });
      const blockedIds = new Set(blocks.map((b: any) => b.caregiverId));

      const candidates = found.map((r): LoadedCandidate => {
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
          passedCourseIds: userId ? (passed.get(userId) ?? []) : [],
          isFree: !busyIds.has(Number(r.id)),
          blocked: blockedIds.has(Number(r.id)),
        };
      });
      return { candidates, target };
    },

    /** Every loaded candidate with eligibility and score, eligible first, then by score. */
    async evaluate(order: any, options: LoadOptions, now = new Date()): Promise<Evaluated[]> {
      const { candidates, target } = await api.load(order, options);
      const ranked = new Map(rank(candidates, target, now).map((r, i) => [r.candidate.id, { r, i }]));
      return candidates
        .map((candidate) => ({
          candidate,
          eligibility: eligibility(candidate, target, { now }),
          ranked: ranked.get(candidate.id)!.r,
          index: ranked.get(candidate.id)!.i,
        }))
        .sort((a, b) => Number(b.eligibility.eligible) - Number(a.eligibility.eligible) || a.index - b.index)
        .map(({ index: _index, ...rest }) => rest);
    },

    /**
     * The one eligibility verdict for one caregiver and one order. Every path that puts a caregiver on an order
     * (offer accept, direct accept, hall grab, booking by name at submit and at offer time, operator assign) asks
     * this, so they all apply the rules of domain/dispatch.ts with the same reason codes. `order` may be an order
     * not yet stored (submit): it needs startAt, endAt, serviceDocumentId, cityCode, address, serviceSnapshot,
     * genderPreference and userId.
     */
    async check(order: any, caregiverId: number, now = new Date()): Promise<Eligibility> {
      const [mine] = await api.evaluate({ id: 0, ...order }, { mode: 'all', caregiverIds: [caregiverId] }, now);
      return mine?.eligibility ?? { eligible: false, reasons: [{ code: 'NOT_APPROVED', message: '陪护人员不存在' }], distanceKm: null };
    },

    /** Eligible candidates, best first: what dispatch offers to. */
    async ranked(order: any, excludeIds: number[] = [], now = new Date()) {
      return (await api.evaluate(order, { mode: 'dispatch', excludeIds }, now)).filter((e) => e.eligibility.eligible);
    },
  };
  return api;
};

import type { Core } from '@strapi/strapi';
import { bandRank, distanceBand, haversineKm, isValidLatLng, type DistanceBand, type LatLng } from '../../domain/geo';
import { bookingService } from '../../utils/plugin';
import type { Evaluated } from './dispatch-candidates';
import { UID } from '../../content-types/uids';

const ORDER = UID.order;
const OFFER = UID.dispatchOffer;
/** Orders considered per request: the soonest open ones in the caregiver's cities and skills. */
const SCAN = 50;
const num = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));

/**
 * The order hall (抢单大厅): open orders nobody holds an offer for, that this caregiver is eligible for, nearest
 * first then soonest. Shows what a caregiver needs to decide (district, time, distance), not the exact address or
 * contact, which are only revealed once the order is theirs. The distance is a band measured from the caregiver's
 * own last reported position: a point of the client's choosing would let anyone triangulate customers' homes.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(caregiver: { id: number; userId: number; cityCode?: string; skills: string[] }, now = new Date()) {
    const profile: any = await strapi.db.query(UID.caregiver).findOne({ where: { id: caregiver.id }, populate: { serviceCities: { select: ['code'] } } });
    const reported = { latitude: num(profile?.currentLatitude), longitude: num(profile?.currentLongitude) };
    const from: LatLng | null = isValidLatLng(reported as LatLng) ? (reported as LatLng) : null;
    const cities = [caregiver.cityCode, ...(profile?.serviceCities ?? []).map((c: any) => c.code)].filter(Boolean);
    if (cities.length === 0 || caregiver.skills.length === 0) return [];
    const open: any[] = await strapi.db.query(ORDER).findMany({
      where: {
        status: 'pending_acceptance',
        dispatchMode: { $in: ['hall', 'auto'] },
        cityCode: { $in: cities },
        serviceDocumentId: { $in: caregiver.skills },
        startAt: { $gt: now },
      },
      orderBy: { startAt: 'asc' },
      limit: SCAN,
    });
    if (open.length === 0) return [];
    const held = await strapi.db
      .query(OFFER)
      .findMany({ where: { orderId: { $in: open.map((o) => o.id) }, status: 'offered', expiresAt: { $gt: now } }, select: ['orderId'] });
    const heldIds = new Set(held.map((o: any) => o.orderId));
    const candidates = bookingService(strapi, 'dispatch-candidates');
    const rows: Array<Record<string, unknown> & { distanceBand: DistanceBand | null; startAt: string }> = [];
    for (const order of open.filter((o) => !heldIds.has(o.id))) {
      const [mine] = (await candidates.evaluate(order, { mode: 'all', caregiverIds: [caregiver.id] }, now)) as Evaluated[];
      if (!mine?.eligibility.eligible) continue;
      const place = { latitude: Number(order.address?.latitude), longitude: Number(order.address?.longitude) };
      rows.push({
        documentId: order.documentId,
        orderNo: order.orderNo,
        service: { documentId: order.serviceDocumentId, name: order.serviceSnapshot?.name ?? null },
        startAt: new Date(order.startAt).toISOString(),
        endAt: new Date(order.endAt).toISOString(),
        unit: order.unit,
        units: order.units,
        placeType: order.placeType,
        district: order.address?.district ?? null,
        totalFen: order.totalFen,
        dispatchMode: order.dispatchMode,
        distanceBand: from && isValidLatLng(place) ? distanceBand(haversineKm(from, place)) : null,
      });
    }
    return rows.sort((a, b) => bandRank(a.distanceBand) - bandRank(b.distanceBand) || a.startAt.localeCompare(b.startAt));
  },
});

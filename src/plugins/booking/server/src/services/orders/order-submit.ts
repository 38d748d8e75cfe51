import type { Core } from '@strapi/strapi';
import { bookingError, DomainError } from '../../domain/errors';
import { quotePrice, type PricingRule, type PriceQuote } from '../../domain/pricing';
import { busyInterval } from '../../domain/schedule';
import { onlyBusy } from '../../domain/dispatch';
import { minutesOfDay, parseHHMM, MINUTE_MS } from '../../domain/beijing-time';
import { bookingConfig, bookingService, lockKey } from '../../utils/plugin';
import { insertRow } from '../../utils/insert-row';
import { UID } from '../../content-types/uids';

const ORDER = UID.order;

export interface Place {
  type: 'home' | 'hospital';
  address?: { text: string; latitude: number; longitude: number; district?: string | null };
  hospitalId?: string; // hospital documentId
  department?: string | null;
}

export interface SubmitInput {
  serviceId: string; // service documentId
  patientId: string; // patient documentId
  caregiverId?: string | null; // caregiver documentId
  genderPreference?: 'male' | 'female' | null;
  cityCode: string;
  startAt: string;
  units: number;
  place: Place;
  contactName: string;
  contactPhone: string;
  notes?: string | null;
}

/**
 * The app's catalog cache (src/catalog/cache) registers this in Strapi's container: a counter that moves on every
 * committed catalog write on any instance. Without it (or while it cannot be trusted) nothing is kept.
 */
interface CatalogFreshness {
  usable(): boolean;
  generation(): number;
}
const MAX_KEPT_SERVICES = 500;

/**
 * Submitting an order: every check a person at the front desk would make, then the price from the pure pricing
 * rule, snapshotted with the service's name and terms, in one transaction with the first order event and, when a
 * caregiver was chosen, the hold on their schedule.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const freshness = (): CatalogFreshness | null => (strapi.has('catalog.freshness') ? (strapi.get('catalog.freshness') as CatalogFreshness) : null);
  /** Published services as last read, per documentId, valid for one catalog generation. */
  const kept = new Map<string, { generation: number; service: any }>();

  /**
   * The published zh-Hans service, read with the fields a submit needs. Every submit used to spend seven round
   * trips here (a transaction around five queries); the catalog changes a few times a day, so the row is kept
   * until the next catalog write anywhere (the same invalidation as the public response cache).
   */
  async function readService(documentId: string) {
    const clock = freshness();
    const generation = clock?.usable() ? clock.generation() : null;
    const hit = generation === null ? undefined : kept.get(documentId);
    if (hit && hit.generation === generation) return hit.service;
    const service: any = await strapi.db.query(UID.service).findOne({
      where: { documentId, locale: 'zh-Hans', publishedAt: { $notNull: true } },
      populate: { pricing: true, cities: { select: ['code', 'name'] }, requiredCredentialTypes: { select: ['code'] }, category: { select: ['slug'] } },
    });
    // Kept only if no catalog write committed while it was being read.
    if (service && generation !== null && clock!.generation() === generation) {
      if (kept.size >= MAX_KEPT_SERVICES) kept.clear();
      kept.set(documentId, { generation, service });
    }
    return service;
  }

  async function loadService(documentId: string) {
    const service: any = await readService(documentId);
    if (!service) throw bookingError('SERVICE_NOT_FOUND');
    if (!service.active) throw new DomainError('SERVICE_INACTIVE', `「${service.name}」暂停预约`);
    return service;
  }

  async function resolvePlace(place: Place, cityCode: string) {
    if (place.type === 'home') return { placeType: 'home', address: place.address, hospitalId: null, department: null };
    const hospital: any = await strapi.db.query(UID.hospital).findOne({ where: { documentId: place.hospitalId, active: true }, populate: { city: true } });
    if (!hospital) throw bookingError('HOSPITAL_NOT_FOUND');
    if (hospital.city?.code !== cityCode) throw bookingError('HOSPITAL_CITY_MISMATCH');
    return {
      placeType: 'hospital',
      address: {
        text: `${hospital.name} ${hospital.address}`,
        latitude: Number(hospital.latitude),
        longitude: Number(hospital.longitude),
        district: hospital.district,
      },
      hospitalId: hospital.id,
      department: place.department ?? null,
    };
  }

  async function loadCaregiver(documentId: string, service: any, cityCode: string) {
    const caregiver: any = await strapi.db.query(UID.caregiver).findOne({
      where: { documentId },
      populate: { user: { select: ['id'] }, city: { select: ['code'] }, skills: { select: ['documentId'] } },
    });
    if (!caregiver || caregiver.status !== 'approved') throw bookingError('CAREGIVER_UNAVAILABLE');
    if (caregiver.city?.code !== cityCode) throw new DomainError('CAREGIVER_UNAVAILABLE', '所选陪护人员不在该城市服务');
    if (!caregiver.skills?.some((s: any) => s.documentId === service.documentId)) {
      throw new DomainError('CAREGIVER_UNAVAILABLE', '所选陪护人员不提供该服务');
    }
    return caregiver;
  }

  const api = {
    /** Price and time checks shared by submit and by changes of time. */
    priceFor(service: any, startAt: Date, units: number, patientDependent: boolean, now = new Date()): PriceQuote {
      if (Number.isNaN(startAt.getTime())) throw bookingError('INVALID_START');
      const earliest = now.getTime() + service.minLeadMinutes * MINUTE_MS;
      if (startAt.getTime() <= now.getTime()) throw bookingError('START_IN_PAST');
      if (startAt.getTime() < earliest) {
        throw new DomainError('LEAD_TIME', `该服务需至少提前 ${Math.ceil(service.minLeadMinutes / 60)} 小时预约`, { minLeadMinutes: service.minLeadMinutes });
      }
      const from = parseHHMM(String(service.dailyStartTime).slice(0, 5));
      const to = parseHHMM(String(service.dailyEndTime).slice(0, 5));
      const minute = minutesOfDay(startAt);
      if (minute < from || minute > to) {
        throw new DomainError(
          'OUTSIDE_SERVICE_HOURS',
          `该服务的预约开始时间为每日 ${String(service.dailyStartTime).slice(0, 5)}–${String(service.dailyEndTime).slice(0, 5)}`,
        );
      }
      const rule: PricingRule = service.pricing;
      return quotePrice(rule, { start: startAt, units, patientDependent }, bookingConfig(strapi).orders.calendar);
    },

    loadService,

    /**
     * `analyticsConsent`: the customer's `allowAnalytics` when the caller has just read it (the signed-in user), so
     * the analytics event does not read it again; left out, analytics reads it.
     */
    async submit(userId: number, input: SubmitInput, options: { idempotencyKey?: string; analyticsConsent?: boolean } = {}) {
      const { idempotencyKey } = options;
      if (idempotencyKey) {
        const previous = await strapi.db.query(ORDER).findOne({ where: { userId, idempotencyKey } });
        if (previous) return { order: previous, replayed: true };
      }
      const service = await loadService(input.serviceId);
      if (!service.cities?.some((c: any) => c.code === input.cityCode)) {
        throw new DomainError('SERVICE_NOT_IN_CITY', `「${service.name}」暂未在该城市开通`);
      }
      const patient = await strapi.db.query(UID.patient).findOne({ where: { documentId: input.patientId, ownerId: userId } });
      if (!patient) throw bookingError('PATIENT_INVALID');
      const place = await resolvePlace(input.place, input.cityCode);
      // Address text, exact point, notes and phone are stored encrypted; dispatch works on the rounded point.
      const secrets = bookingService(strapi, 'order-secrets').seal({ address: place.address, notes: input.notes ?? null, contactPhone: input.contactPhone });
      const quote = api.priceFor(service, new Date(input.startAt), input.units, patient.selfCareAbility === 'dependent');
      const caregiver = input.caregiverId ? await loadCaregiver(input.caregiverId, service, input.cityCode) : null;
      if (caregiver) {
        // Booking by name runs the same dispatch rules as every other way onto an order (range, credentials,
        // training, presence, gender, blocks, calendar), with the same reason codes.
        const verdict = await bookingService(strapi, 'dispatch-candidates').check(
          {
            userId,
            startAt: quote.start,
            endAt: quote.end,
            serviceDocumentId: service.documentId,
            cityCode: input.cityCode,
            address: secrets.address,
            genderPreference: input.genderPreference ?? null,
            serviceSnapshot: {
              travelBufferMinutes: service.travelBufferMinutes,
              requiredCredentialTypes: (service.requiredCredentialTypes ?? []).map((c: any) => c.code),
            },
          },
          caregiver.id,
        );
        if (onlyBusy(verdict.reasons)) throw bookingError('CAREGIVER_BUSY', { reasons: verdict.reasons });
        if (!verdict.eligible) {
          throw new DomainError('CAREGIVER_UNAVAILABLE', `所选陪护人员暂不可预约：${verdict.reasons.map((r) => r.message).join('；')}`, {
            reasons: verdict.reasons,
          });
        }
      }
      const orderNo = await bookingService(strapi, 'order-numbers').next();

      try {
        const order = await strapi.db.transaction(async ({ trx }) => {
          // Each unpaid order can hold a named caregiver's calendar for the unpaid window: cap how many one user opens.
          // The per-user lock (PostgreSQL; SQLite has one writer) makes concurrent submits count one after another.
          await lockKey(strapi, trx, `unpaid-orders:${userId}`);
          const limit = bookingConfig(strapi).orders.maxOpenUnpaidOrders;
          const open = await strapi.db.query(ORDER).count({ where: { userId, status: 'pending_payment' } });
          if (open >= limit) throw new DomainError('TOO_MANY_UNPAID_ORDERS', `您已有 ${open} 个待支付订单，请先支付或取消后再下单`, { limit });
          // Inserted without reading the row back: the answer is what was written (see utils/insert-row.ts).
          const created = await insertRow(strapi, ORDER, {
            orderNo,
            userId,
            patientId: patient.id,
            serviceDocumentId: service.documentId,
            cityCode: input.cityCode,
            preferredCaregiverId: caregiver?.id ?? null,
            dispatchMode: caregiver ? 'preferred' : 'auto',
            genderPreference: input.genderPreference ?? null,
            status: 'pending_payment',
            paymentStatus: 'unpaid',
            startAt: quote.start,
            endAt: quote.end,
            unit: quote.unit,
            units: quote.units,
            ...place,
            ...secrets,
            contactName: input.contactName,
            serviceSnapshot: {
              documentId: service.documentId,
              name: service.name,
              slug: service.slug,
              categorySlug: service.category?.slug ?? null,
              pricing: service.pricing,
              priceStandard: service.priceStandard ?? null,
              notes: service.notes ?? null,
              travelBufferMinutes: service.travelBufferMinutes,
              requiredCredentialTypes: (service.requiredCredentialTypes ?? []).map((c: any) => c.code),
            },
            priceLines: quote.lines,
            totalFen: quote.totalFen,
            paidFen: 0,
            refundedFen: 0,
            idempotencyKey: idempotencyKey ?? null,
          });
          const event = await bookingService(strapi, 'order-lifecycle').recordEvent(created.id, {
            action: 'submit',
            from: null,
            to: 'pending_payment',
            actor: { type: 'user', id: userId },
            data: { totalFen: quote.totalFen },
          });
          if (caregiver) {
            const slot = busyInterval(quote.start, quote.end, service.travelBufferMinutes);
            await bookingService(strapi, 'schedules').reserve({ caregiverId: caregiver.id, orderId: created.id, startAt: slot.start, endAt: slot.end });
          }
          return { created, event };
        });
        await bookingService(strapi, 'analytics').recordOrderSubmitted(order.created, options.analyticsConsent);
        // What the answer shows of a fresh order is all in hand: no need to read it back.
        return { order: order.created, replayed: false, known: { patient, events: [order.event], pendingChange: null } };
      } catch (error) {
        // A concurrent retry with the same key won the unique index: answer with its order.
        if (idempotencyKey) {
          const winner = await strapi.db.query(ORDER).findOne({ where: { userId, idempotencyKey } });
          if (winner) return { order: winner, replayed: true };
        }
        throw error;
      }
    },
  };
  return api;
};

import type { Core } from '@strapi/strapi';
import { DomainError } from '../domain/errors';
import { quotePrice, type PricingRule, type PriceQuote } from '../domain/pricing';
import { busyInterval } from '../domain/schedule';
import { minutesOfDay, parseHHMM, MINUTE_MS } from '../domain/beijing-time';
import { bookingConfig, bookingService } from '../utils/plugin';

const ORDER = 'plugin::booking.order';

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
 * Submitting an order: every check a person at the front desk would make, then the price from the pure pricing
 * rule, snapshotted with the service's name and terms, in one transaction with the first order event and, when a
 * caregiver was chosen, the hold on their schedule.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  async function loadService(documentId: string) {
    const service: any = await strapi.documents('api::service.service').findOne({
      documentId,
      status: 'published',
      locale: 'zh-Hans',
      populate: { pricing: true, cities: { fields: ['code', 'name'] }, requiredCredentialTypes: { fields: ['code'] }, category: { fields: ['slug'] } },
    } as any);
    if (!service) throw new DomainError('SERVICE_NOT_FOUND', '服务项目不存在或已下架', 422);
    if (!service.active) throw new DomainError('SERVICE_INACTIVE', `「${service.name}」暂停预约`, 422);
    return service;
  }

  async function resolvePlace(place: Place, cityCode: string) {
    if (place.type === 'home') return { placeType: 'home', address: place.address, hospitalId: null, department: null };
    const hospital: any = await strapi.db.query('api::hospital.hospital').findOne({ where: { documentId: place.hospitalId, active: true }, populate: { city: true } });
    if (!hospital) throw new DomainError('HOSPITAL_NOT_FOUND', '所选医院不存在', 422);
    if (hospital.city?.code !== cityCode) throw new DomainError('HOSPITAL_CITY_MISMATCH', '所选医院不在该城市', 422);
    return {
      placeType: 'hospital',
      address: { text: `${hospital.name} ${hospital.address}`, latitude: Number(hospital.latitude), longitude: Number(hospital.longitude), district: hospital.district },
      hospitalId: hospital.id,
      department: place.department ?? null,
    };
  }

  async function loadCaregiver(documentId: string, service: any, cityCode: string) {
    const caregiver: any = await strapi.db.query('api::caregiver.caregiver').findOne({
      where: { documentId },
      populate: { user: { select: ['id'] }, city: { select: ['code'] }, skills: { select: ['documentId'] } },
    });
    if (!caregiver || caregiver.status !== 'approved') throw new DomainError('CAREGIVER_UNAVAILABLE', '所选陪护人员暂不可预约', 422);
    if (caregiver.city?.code !== cityCode) throw new DomainError('CAREGIVER_UNAVAILABLE', '所选陪护人员不在该城市服务', 422);
    if (!caregiver.skills?.some((s: any) => s.documentId === service.documentId)) {
      throw new DomainError('CAREGIVER_UNAVAILABLE', '所选陪护人员不提供该服务', 422);
    }
    return caregiver;
  }

  const api = {
    /** Price and time checks shared by submit and by changes of time. */
    priceFor(service: any, startAt: Date, units: number, patientDependent: boolean, now = new Date()): PriceQuote {
      if (Number.isNaN(startAt.getTime())) throw new DomainError('INVALID_START', '预约时间格式不正确', 400);
      const earliest = now.getTime() + service.minLeadMinutes * MINUTE_MS;
      if (startAt.getTime() <= now.getTime()) throw new DomainError('START_IN_PAST', '预约时间必须晚于当前时间', 400);
      if (startAt.getTime() < earliest) {
        throw new DomainError('LEAD_TIME', `该服务需至少提前 ${Math.ceil(service.minLeadMinutes / 60)} 小时预约`, 422, { minLeadMinutes: service.minLeadMinutes });
      }
      const from = parseHHMM(String(service.dailyStartTime).slice(0, 5));
      const to = parseHHMM(String(service.dailyEndTime).slice(0, 5));
      const minute = minutesOfDay(startAt);
      if (minute < from || minute > to) {
        throw new DomainError('OUTSIDE_SERVICE_HOURS', `该服务的预约开始时间为每日 ${String(service.dailyStartTime).slice(0, 5)}–${String(service.dailyEndTime).slice(0, 5)}`, 422);
      }
      const rule: PricingRule = service.pricing;
      return quotePrice(rule, { start: startAt, units, patientDependent }, bookingConfig(strapi).orders.calendar);
    },

    loadService,

    async submit(userId: number, input: SubmitInput, idempotencyKey?: string) {
      if (idempotencyKey) {
        const previous = await strapi.db.query(ORDER).findOne({ where: { userId, idempotencyKey } });
        if (previous) return { order: previous, replayed: true };
      }
      const service = await loadService(input.serviceId);
      if (!service.cities?.some((c: any) => c.code === input.cityCode)) {
        throw new DomainError('SERVICE_NOT_IN_CITY', `「${service.name}」暂未在该城市开通`, 422);
      }
      const patient = await strapi.db.query('plugin::booking.patient').findOne({ where: { documentId: input.patientId, ownerId: userId } });
      if (!patient) throw new DomainError('PATIENT_NOT_FOUND', '就诊人不存在', 422);
      const place = await resolvePlace(input.place, input.cityCode);
      const quote = api.priceFor(service, new Date(input.startAt), input.units, patient.selfCareAbility === 'dependent');
      const caregiver = input.caregiverId ? await loadCaregiver(input.caregiverId, service, input.cityCode) : null;
      const orderNo = await bookingService(strapi, 'order-numbers').next();

      try {
        const order = await strapi.db.transaction(async () => {
          const created = await strapi.db.query(ORDER).create({
            data: {
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
              contactName: input.contactName,
              contactPhone: input.contactPhone,
              notes: input.notes ?? null,
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
            },
          });
          await bookingService(strapi, 'order-lifecycle').recordEvent(created.id, {
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
          return created;
        });
        await strapi.plugin('booking').service('analytics')?.recordOrderSubmitted?.(order);
        return { order, replayed: false };
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

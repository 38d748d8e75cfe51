import { z } from 'zod';
import { DISTANCE_BANDS } from '../../domain/geo';
import { envelope, listEnvelope, paginationMeta } from '../route';
import { fen, nullableString, nullableTimestamp, timestamp } from './responses';

/** Responses of dispatch: customers' blocked caregivers, caregivers' offers and hall, operators' desk. */
export const blockedCaregiver = z.object({
  caregiver: z.object({ documentId: z.string(), name: z.string().describe('masked honorific name') }),
  blockedAt: timestamp,
});
export const blockedList = envelope(z.array(blockedCaregiver));
export const blocked = envelope(blockedCaregiver);
export const unblocked = envelope(z.object({ removed: z.boolean().describe('false when the caregiver was not blocked') }));

const service = z.object({ documentId: z.string(), name: nullableString });
export const offer = z.object({
  documentId: z.string(),
  status: z.enum(['offered', 'accepted', 'declined', 'expired', 'cancelled']),
  rank: z.number().int().nullable(),
  expiresAt: timestamp.describe('answer before this time'),
  respondedAt: nullableTimestamp,
  order: z
    .object({
      documentId: z.string(),
      orderNo: z.string(),
      service,
      startAt: timestamp,
      endAt: timestamp,
      placeType: z.enum(['home', 'hospital']),
      district: nullableString.describe('district only: the full address is shown once the order is accepted'),
      totalFen: fen,
    })
    .nullable()
    .describe("null in a decline's answer"),
});
export const offerList = envelope(z.array(offer));
export const offerResponse = envelope(offer);

export const hallOrder = z.object({
  documentId: z.string(),
  orderNo: z.string(),
  service,
  startAt: timestamp,
  endAt: timestamp,
  unit: z.string(),
  units: z.number().int(),
  placeType: z.enum(['home', 'hospital']),
  district: nullableString,
  totalFen: fen,
  dispatchMode: z.enum(['preferred', 'auto', 'hall']).nullable(),
  distanceBand: z.enum(DISTANCE_BANDS).nullable().describe("from the caregiver's last reported position"),
});
export const hall = envelope(z.array(hallOrder.catchall(z.unknown())));

const reason = z.object({ code: z.string(), message: z.string() });
export const candidates = envelope(
  z.array(
    z.object({
      caregiver: z.object({
        documentId: z.string(),
        realName: z.string(),
        gender: z.enum(['male', 'female']).nullable(),
        level: z.string().nullable(),
        online: z.boolean(),
      }),
      eligible: z.boolean(),
      reasons: z.array(reason).describe('why not eligible (the same codes every assignment path uses)'),
      distanceKm: z.number().nullable(),
      score: z.number(),
      breakdown: z.object({ distance: z.number(), rating: z.number(), fairness: z.number(), experience: z.number(), level: z.number() }),
    }),
  ),
);

export const operatorAlerts = listEnvelope(
  z.object({
    id: z.number().int(),
    kind: z.string(),
    orderId: z.number().int().nullable(),
    message: z.string(),
    resolvedAt: nullableTimestamp,
    createdAt: timestamp,
    order: z.object({ documentId: z.string(), orderNo: z.string() }).nullable(),
  }),
  paginationMeta,
);

/** A change request as a caregiver decides it: the same shape the customer's answer and the order detail carry. */
export { changeRequest, changeRequestResponse } from './responses';

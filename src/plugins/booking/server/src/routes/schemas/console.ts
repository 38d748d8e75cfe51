import { z } from 'zod';
import { envelope, listEnvelope, paginationMeta } from '../route';
import { fen, nullableString, nullableTimestamp, order, timestamp } from './responses';

/** Responses of the operators' console lists, the operator order views and the risk desk. */
export const options = envelope(
  z.object({
    cities: z.array(z.object({ code: z.string(), name: z.string() })),
    services: z.array(z.object({ documentId: z.string(), name: z.string() })),
    courses: z.array(z.object({ documentId: z.string(), title: z.string() })),
  }),
);

export const caregiverRows = listEnvelope(
  z.object({
    documentId: z.string(),
    realName: z.string(),
    gender: z.enum(['male', 'female']).nullable(),
    status: z.enum(['pending', 'approved', 'rejected', 'suspended', 'withdrawn']),
    level: z.string().nullable(),
    rating: z.number().nullable(),
    ratingCount: z.number().int().nullable(),
    completedOrders: z.number().int().nullable(),
    penaltyPoints: z.number().int().nullable(),
    online: z.boolean(),
    suspendedUntil: nullableTimestamp,
    suspensionReason: nullableString,
    appliedAt: nullableTimestamp,
    approvedAt: nullableTimestamp,
    city: z.object({ code: z.string(), name: z.string() }).nullable(),
    suspended: z.boolean().describe('suspended now (indefinitely or until suspendedUntil)'),
    complaintCount: z.number().int(),
    trainingPlan: z.object({ month: z.string(), courses: z.number().int(), completed: z.boolean().nullable().describe('null: no plan this month') }),
  }),
  paginationMeta,
);

const note = z.object({ text: z.string(), createdAt: timestamp }).nullable();
export const reviewRows = listEnvelope(
  z.object({
    documentId: z.string(),
    orderId: z.number().int(),
    scores: z.object({ attitude: z.number().int(), skill: z.number().int(), punctuality: z.number().int(), overall: z.number().int() }),
    tags: z.array(z.string()),
    text: z.string(),
    followUp: note,
    reply: note,
    hidden: z.boolean(),
    createdAt: timestamp,
    hiddenReason: nullableString,
    hiddenAt: nullableTimestamp,
    order: z.object({ documentId: z.string(), orderNo: z.string() }).nullable(),
    caregiver: z.object({ documentId: z.string(), realName: z.string() }).nullable(),
    author: z.object({ phone: nullableString.describe('masked'), name: nullableString.describe('masked') }).nullable(),
  }),
  paginationMeta,
);

export const orderDetail = envelope(
  order.extend({
    payments: z.array(
      z.object({
        tradeNo: z.string(),
        channel: z.string(),
        scene: z.string(),
        amountFen: fen,
        status: z.string(),
        succeededAt: nullableTimestamp,
        failureReason: nullableString,
        createdAt: timestamp,
      }),
    ),
    refunds: z.array(
      z.object({
        refundNo: z.string(),
        amountFen: fen,
        source: z.string(),
        reason: nullableString,
        status: z.string(),
        channel: nullableString,
        settledAt: nullableTimestamp,
        lastError: nullableString,
        createdAt: timestamp,
      }),
    ),
    changeRequests: z.array(
      z.object({
        documentId: z.string(),
        status: z.string(),
        changes: z.unknown(),
        newStartAt: nullableTimestamp,
        newTotalFen: fen.nullable(),
        priceDiffFen: fen,
        expiresAt: nullableTimestamp,
        decidedAt: nullableTimestamp,
        declineReason: nullableString,
        createdAt: timestamp,
      }),
    ),
    offers: z.array(
      z.object({
        id: z.number().int(),
        caregiver: z.object({ documentId: z.string(), realName: z.string() }).nullable(),
        status: z.string(),
        rank: z.number().int().nullable(),
        score: z.number().nullable(),
        expiresAt: nullableTimestamp,
        respondedAt: nullableTimestamp,
        declineReason: nullableString,
        createdAt: timestamp,
      }),
    ),
    alerts: z.array(z.object({ id: z.number().int(), kind: z.string(), message: z.string(), resolvedAt: nullableTimestamp, createdAt: timestamp })),
  }),
);

const riskEvent = z.object({
  id: z.number().int(),
  userId: z.number().int().nullable(),
  rule: z.string(),
  severity: z.enum(['info', 'warning', 'critical']).nullable(),
  subject: nullableString,
  data: z.unknown(),
  action: z.enum(['recorded', 'alerted', 'frozen']).nullable(),
  createdAt: timestamp,
});
export const riskEvents = listEnvelope(
  riskEvent,
  z.object({ pagination: z.object({ page: z.number().int(), pageSize: z.number().int(), total: z.number().int() }) }),
);
const freeze = z.object({
  id: z.number().int(),
  documentId: z.string(),
  userId: z.number().int(),
  reason: z.string(),
  rule: nullableString,
  active: z.boolean(),
  liftedAt: nullableTimestamp,
  liftedByAdminId: z.number().int().nullable(),
  liftNote: nullableString,
  createdAt: timestamp,
});
export const freezes = listEnvelope(freeze, paginationMeta);
export const freezeResponse = envelope(freeze);

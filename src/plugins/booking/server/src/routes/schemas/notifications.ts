import { z } from 'zod';
import { envelope, listEnvelope } from '../route';
import { nullableTimestamp, timestamp } from './responses';

/** Responses of the inbox routes (站内信). */
export const notification = z.object({
  id: z.number().int().describe('pass in `ids` to mark read'),
  userId: z.number().int(),
  kind: z
    .string()
    .describe(
      'what the message is about: order (status changes), order_reminder, refund, complaint, complaint_result, caregiver_audit, suggestion_answer, training_plan, training_plan_due, penalty, payout_failed, risk_alert, risk_lifted ...',
    )
    .meta({ example: 'order' }),
  title: z.string(),
  body: z.string(),
  orderId: z.number().int().nullable(),
  data: z.object({}).catchall(z.unknown()).nullable().describe('kind-specific details (for orders: orderNo, status, action, audience)'),
  readAt: nullableTimestamp.describe('null while unread'),
  createdAt: timestamp,
});
export const notificationList = listEnvelope(notification);
export const unreadCount = envelope(z.object({ unreadCount: z.number().int() }));
export const markedRead = envelope(z.object({ count: z.number().int().describe('messages marked now'), unreadCount: z.number().int() }));

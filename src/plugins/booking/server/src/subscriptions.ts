import type { Core } from '@strapi/strapi';
import { bookingService } from './utils/plugin';

/**
 * Who reacts to which after-commit event, in one place. Dispatch takes over a paid order: a preferred caregiver
 * already holds the slot and gets the first offer; otherwise it is ranked or waits in the hall. A failure here never
 * undoes the payment: the expireOffers job offers orders left without one. Cancellations and refunds feed the risk
 * rules (cancellations_per_user, refunds_per_user) after they commit.
 */
export function subscribe(strapi: Core.Strapi) {
  const events = bookingService(strapi, 'events');
  events.on('order.paid', ({ order }) => bookingService(strapi, 'dispatch').dispatch(order));
  // Risk control counts what customers do, not what the platform does to them (timeouts, operator cancels).
  events.on('order.cancelled', ({ order, actorType }) =>
    actorType === 'user' ? bookingService(strapi, 'risk').observe('cancellation', { userId: order.userId }) : undefined,
  );
  events.on('refund.requested', ({ order }) => bookingService(strapi, 'risk').observe('refund', { userId: order.userId }));
}

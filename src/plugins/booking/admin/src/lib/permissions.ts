import { useAuth } from '@strapi/strapi/admin';

/** The plugin's admin actions (server/src/permissions.ts registers them; roles in Settings → Roles grant them). */
export type BookingAction =
  | 'orders.read'
  | 'orders.manage'
  | 'dispatch.assign'
  | 'credentials.audit'
  | 'caregivers.read'
  | 'caregivers.manage'
  | 'complaints.handle'
  | 'reviews.moderate'
  | 'suggestions.handle'
  | 'analytics.read'
  | 'analytics.manage'
  | 'risk.manage'
  | 'settlement.read'
  | 'settlement.manage'
  | 'settlement.pay';

export const ALL_ACTIONS: BookingAction[] = [
  'orders.read',
  'orders.manage',
  'dispatch.assign',
  'credentials.audit',
  'caregivers.read',
  'caregivers.manage',
  'complaints.handle',
  'reviews.moderate',
  'suggestions.handle',
  'analytics.read',
  'analytics.manage',
  'risk.manage',
  'settlement.read',
  'settlement.manage',
  'settlement.pay',
];

/**
 * What the signed-in operator may do. Pages and buttons hide what the role lacks; the server refuses it anyway
 * (every route carries `admin::hasPermissions`), so this is convenience, not the guard.
 */
export function useCan(): (action: BookingAction) => boolean {
  const permissions = useAuth('booking-console', (state: any) => state.permissions) as Array<{ action: string }> | undefined;
  const granted = new Set((permissions ?? []).map((p) => p.action));
  return (action) => granted.has(`plugin::booking.${action}`);
}

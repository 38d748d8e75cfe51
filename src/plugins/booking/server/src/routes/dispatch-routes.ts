import { z } from 'zod';
import { can, route } from './route';
import { documentIdParams, emptyQuery, shortText } from './schemas/common';

const caregiverParams = z.object({ caregiverId: documentIdParams.shape.id });
const orderParams = z.object({ orderId: documentIdParams.shape.id });
const emptyBody = z.strictObject({});

const hallQuery = z
  .strictObject({
    lat: z.coerce.number({ error: '纬度必须是数字' }).min(-90).max(90).optional(),
    lng: z.coerce.number({ error: '经度必须是数字' }).min(-180).max(180).optional(),
  })
  .refine((q) => (q.lat === undefined) === (q.lng === undefined), '经纬度需同时提供');

const assignBody = z
  .strictObject({
    caregiverId: documentIdParams.shape.id,
    force: z.boolean().optional(),
    reason: shortText(200, '原因').optional(),
  })
  .refine((b) => !b.force || (b.reason ?? '').length >= 2, { message: '强制派单必须填写原因', path: ['reason'] });

const alertsQuery = z.strictObject({
  open: z.stringbool({ truthy: ['true'], falsy: ['false'] }).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** Customer: blocked caregivers. */
export const blockRoutes = [
  route({ method: 'GET', path: '/me/blocked-caregivers', handler: 'caregiver-blocks.find', query: emptyQuery }),
  route({ method: 'POST', path: '/me/blocked-caregivers/:caregiverId', handler: 'caregiver-blocks.block', params: caregiverParams, body: emptyBody }),
  route({ method: 'DELETE', path: '/me/blocked-caregivers/:caregiverId', handler: 'caregiver-blocks.unblock', params: caregiverParams }),
];

/** Caregiver: offers and the order hall. */
export const caregiverDispatchRoutes = [
  route({ method: 'GET', path: '/caregiver/offers', handler: 'caregiver-dispatch.offers', query: emptyQuery }),
  route({ method: 'POST', path: '/caregiver/offers/:id/accept', handler: 'caregiver-dispatch.acceptOffer', params: documentIdParams, body: emptyBody }),
  route({ method: 'POST', path: '/caregiver/offers/:id/decline', handler: 'caregiver-dispatch.declineOffer', params: documentIdParams, body: z.strictObject({ reason: shortText(200, '原因').optional() }) }),
  route({ method: 'GET', path: '/caregiver/hall', handler: 'caregiver-dispatch.hall', query: hallQuery }),
  route({ method: 'POST', path: '/caregiver/hall/:orderId/grab', handler: 'caregiver-dispatch.grab', params: orderParams, body: emptyBody }),
];

/** Operator (admin API, /booking/dispatch/...). */
export const adminDispatchRoutes = [
  route({ method: 'GET', path: '/dispatch/orders/:id/candidates', handler: 'admin-dispatch.candidates', params: documentIdParams, query: emptyQuery, policies: [can('plugin::booking.dispatch.assign')] }),
  route({ method: 'POST', path: '/dispatch/orders/:id/assign', handler: 'admin-dispatch.assign', params: documentIdParams, body: assignBody, policies: [can('plugin::booking.dispatch.assign')] }),
  route({ method: 'POST', path: '/dispatch/orders/:id/reassign', handler: 'admin-dispatch.reassign', params: documentIdParams, body: assignBody, policies: [can('plugin::booking.dispatch.assign')] }),
  route({ method: 'GET', path: '/dispatch/alerts', handler: 'admin-dispatch.alerts', query: alertsQuery, policies: [can('plugin::booking.dispatch.assign')] }),
];

export const CUSTOMER_DISPATCH_ACTIONS = ['plugin::booking.caregiver-blocks.find', 'plugin::booking.caregiver-blocks.block', 'plugin::booking.caregiver-blocks.unblock'];

export const CAREGIVER_DISPATCH_ACTIONS = [
  'plugin::booking.caregiver-dispatch.offers',
  'plugin::booking.caregiver-dispatch.acceptOffer',
  'plugin::booking.caregiver-dispatch.declineOffer',
  'plugin::booking.caregiver-dispatch.hall',
  'plugin::booking.caregiver-dispatch.grab',
];

export const DISPATCH_ADMIN_ACTION = { section: 'plugins', displayName: '派单（候选人、指派、改派、提醒）', uid: 'dispatch.assign', pluginName: 'booking', subCategory: '调度' };

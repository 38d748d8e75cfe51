import { z } from 'zod';
import { can, route } from './route';
import { documentIdParams, emptyQuery, shortText } from './schemas/common';
import * as d from './schemas/dispatch';
import * as r from './schemas/responses';
import type { ErrorCode } from '../domain/errors';
import { CAREGIVER_IDENTITY_ERRORS as IDENTITY } from './caregiver-routes';

/** Taking an order: lifecycle.accept (eligibility, the state machine's compare-and-swap, the schedule reserve). */
export const ACCEPT_ERRORS: ErrorCode[] = ['ORDER_NOT_FOUND', 'CAREGIVER_BUSY', 'NOT_ELIGIBLE', 'ORDER_CHANGED', 'INVALID_TRANSITION', 'ACTOR_NOT_ALLOWED'];
const ASSIGN_ERRORS: ErrorCode[] = [
  'ORDER_NOT_FOUND',
  'CAREGIVER_NOT_FOUND',
  'CAREGIVER_NO_ACCOUNT',
  'CAREGIVER_INELIGIBLE',
  'CAREGIVER_BUSY',
  'ORDER_CHANGED',
  'INVALID_TRANSITION',
  'ACTOR_NOT_ALLOWED',
];

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
  route({ method: 'GET', path: '/me/blocked-caregivers', handler: 'caregiver-blocks.find', query: emptyQuery, response: d.blockedList, errors: [] }),
  route({
    method: 'POST',
    path: '/me/blocked-caregivers/:caregiverId',
    handler: 'caregiver-blocks.block',
    params: caregiverParams,
    body: emptyBody,
    response: d.blocked,
    status: [201, 200],
    errors: ['CAREGIVER_NOT_FOUND'],
    description: '201 when blocked now; 200 when the caregiver was blocked already.',
  }),
  route({
    method: 'DELETE',
    path: '/me/blocked-caregivers/:caregiverId',
    handler: 'caregiver-blocks.unblock',
    params: caregiverParams,
    response: d.unblocked,
    errors: ['CAREGIVER_NOT_FOUND'],
  }),
];

/** Caregiver: offers and the order hall. */
export const caregiverDispatchRoutes = [
  route({ method: 'GET', path: '/caregiver/offers', handler: 'caregiver-dispatch.offers', query: emptyQuery, response: d.offerList, errors: IDENTITY }),
  route({
    method: 'POST',
    path: '/caregiver/offers/:id/accept',
    handler: 'caregiver-dispatch.acceptOffer',
    params: documentIdParams,
    body: emptyBody,
    response: r.orderResponse,
    errors: [...IDENTITY, 'OFFER_NOT_FOUND', 'OFFER_CLOSED', ...ACCEPT_ERRORS],
  }),
  route({
    method: 'POST',
    path: '/caregiver/offers/:id/decline',
    handler: 'caregiver-dispatch.declineOffer',
    params: documentIdParams,
    body: z.strictObject({ reason: shortText(200, '原因').optional() }),
    response: d.offerResponse,
    errors: [...IDENTITY, 'OFFER_NOT_FOUND', 'OFFER_CLOSED'],
  }),
  route({ method: 'GET', path: '/caregiver/hall', handler: 'caregiver-dispatch.hall', query: hallQuery, response: d.hall, errors: IDENTITY }),
  route({
    method: 'POST',
    path: '/caregiver/hall/:orderId/grab',
    handler: 'caregiver-dispatch.grab',
    params: orderParams,
    body: emptyBody,
    response: r.orderResponse,
    errors: [...IDENTITY, 'ORDER_TAKEN', ...ACCEPT_ERRORS],
  }),
];

/** Operator (admin API, /booking/dispatch/...). */
export const adminDispatchRoutes = [
  route({
    method: 'GET',
    path: '/dispatch/orders/:id/candidates',
    handler: 'admin-dispatch.candidates',
    params: documentIdParams,
    query: emptyQuery,
    response: d.candidates,
    errors: ['ORDER_NOT_FOUND'],
    policies: [can('plugin::booking.dispatch.assign')],
  }),
  route({
    method: 'POST',
    path: '/dispatch/orders/:id/assign',
    handler: 'admin-dispatch.assign',
    params: documentIdParams,
    body: assignBody,
    response: r.orderResponse,
    errors: ASSIGN_ERRORS,
    policies: [can('plugin::booking.dispatch.assign')],
  }),
  route({
    method: 'POST',
    path: '/dispatch/orders/:id/reassign',
    handler: 'admin-dispatch.reassign',
    params: documentIdParams,
    body: assignBody,
    response: r.orderResponse,
    errors: [...ASSIGN_ERRORS, 'ORDER_NOT_ASSIGNED'],
    policies: [can('plugin::booking.dispatch.assign')],
  }),
  route({
    method: 'GET',
    path: '/dispatch/alerts',
    handler: 'admin-dispatch.alerts',
    query: alertsQuery,
    response: d.operatorAlerts,
    errors: [],
    policies: [can('plugin::booking.dispatch.assign')],
  }),
];

export const CUSTOMER_DISPATCH_ACTIONS = [
  'plugin::booking.caregiver-blocks.find',
  'plugin::booking.caregiver-blocks.block',
  'plugin::booking.caregiver-blocks.unblock',
];

export const CAREGIVER_DISPATCH_ACTIONS = [
  'plugin::booking.caregiver-dispatch.offers',
  'plugin::booking.caregiver-dispatch.acceptOffer',
  'plugin::booking.caregiver-dispatch.declineOffer',
  'plugin::booking.caregiver-dispatch.hall',
  'plugin::booking.caregiver-dispatch.grab',
];

export const DISPATCH_ADMIN_ACTION = {
  section: 'plugins',
  displayName: '派单（候选人、指派、改派、提醒）',
  uid: 'dispatch.assign',
  pluginName: 'booking',
  subCategory: '调度',
};

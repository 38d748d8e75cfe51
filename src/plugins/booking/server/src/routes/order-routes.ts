import { z } from 'zod';
import { route } from './route';
import * as r from './schemas/responses';
import type { ErrorCode } from '../domain/errors';
import { documentIdParams, emptyQuery } from './schemas/common';
import * as orders from './schemas/orders';
import { changeRequestResponse } from './schemas/dispatch';
import { CAREGIVER_IDENTITY_ERRORS as IDENTITY } from './caregiver-routes';

const decisionParams = z.object({ id: documentIdParams.shape.id, decision: z.enum(['accept', 'decline']) });

const SUBMIT_ERRORS: ErrorCode[] = [
  'SERVICE_NOT_FOUND',
  'SERVICE_INACTIVE',
  'SERVICE_NOT_IN_CITY',
  'PATIENT_INVALID',
  'HOSPITAL_NOT_FOUND',
  'HOSPITAL_CITY_MISMATCH',
  'CAREGIVER_UNAVAILABLE',
  'CAREGIVER_BUSY',
  'START_IN_PAST',
  'LEAD_TIME',
  'INVALID_START',
  'OUTSIDE_SERVICE_HOURS',
  'INVALID_IDEMPOTENCY_KEY',
  // The cap on open unpaid orders per customer.
  'TOO_MANY_UNPAID_ORDERS',
  // From the pricing and schedule rules (domain/pricing.ts, domain/schedule.ts, domain/beijing-time.ts).
  'INVALID_UNITS',
  'INVALID_DATE',
  'INVALID_TIME',
  'INVALID_SLOT',
  'INVALID_PRICING_RULE',
  'INVALID_NIGHT_WINDOW',
  'INVALID_CALENDAR',
  'INVALID_BUFFER',
];
const TRANSITION_ERRORS: ErrorCode[] = ['ORDER_NOT_FOUND', 'ORDER_CHANGED', 'ACTOR_NOT_ALLOWED', 'INVALID_TRANSITION'];
/** A caregiver's own step on an assigned order (depart, arrive, start, finish, release). */
const STEP_ERRORS: ErrorCode[] = [...IDENTITY, ...TRANSITION_ERRORS];

/** Customer and caregiver order routes (content API). */
export const orderRoutes = [
  route({
    method: 'POST',
    path: '/orders',
    handler: 'orders.submit',
    body: orders.submitOrderBody,
    response: r.orderResponse,
    status: [201, 200],
    errors: SUBMIT_ERRORS,
    summary: 'Submit an order (price snapshotted; optional Idempotency-Key header)',
    description: '201 with the new order; 200 with the original order when the same Idempotency-Key is replayed (header `Idempotent-Replayed: true`).',
  }),
  route({ method: 'GET', path: '/orders', handler: 'orders.find', query: orders.listOrdersQuery, response: r.orderList }),
  route({
    method: 'GET',
    path: '/orders/:id',
    handler: 'orders.findOne',
    params: documentIdParams,
    query: emptyQuery,
    response: r.orderResponse,
    errors: ['ORDER_NOT_FOUND'],
  }),
  route({
    method: 'GET',
    path: '/orders/:id/cancellation-quote',
    handler: 'orders.cancellationQuote',
    params: documentIdParams,
    query: emptyQuery,
    response: r.cancellationQuote,
    errors: ['ORDER_NOT_FOUND', 'CANCEL_NOT_ALLOWED'],
  }),
  route({
    method: 'POST',
    path: '/orders/:id/cancel',
    handler: 'orders.cancel',
    params: documentIdParams,
    body: orders.cancelBody,
    response: r.orderResponse,
    errors: [...TRANSITION_ERRORS, 'CANCEL_NOT_ALLOWED'],
  }),
  route({
    method: 'POST',
    path: '/orders/:id/confirm',
    handler: 'orders.confirm',
    params: documentIdParams,
    body: orders.emptyBody,
    response: r.orderResponse,
    errors: TRANSITION_ERRORS,
  }),
  route({
    method: 'POST',
    path: '/orders/:id/changes',
    handler: 'orders.change',
    params: documentIdParams,
    body: orders.changeBody,
    response: r.orderChanged,
    status: [200, 202],
    errors: [
      'ORDER_NOT_FOUND',
      'CHANGE_NOT_ALLOWED',
      'CHANGE_PENDING',
      'ORDER_CHANGED',
      'SERVICE_NOT_FOUND',
      'SERVICE_INACTIVE',
      'PATIENT_INVALID',
      'HOSPITAL_NOT_FOUND',
      'CAREGIVER_BUSY',
      'INVALID_UNITS',
      'INVALID_START',
      'INVALID_DATE',
      'INVALID_TIME',
      'INVALID_SLOT',
      'INVALID_REFUND',
      'REFUND_EXCEEDS_PAID',
      'SUPPLEMENT_REQUIRED',
    ],
    summary: 'Change time, units or place',
    description:
      'Applies at once (200) before acceptance when nothing is due. Otherwise answers 202 with a change request: after acceptance the caregiver must agree; when a paid order becomes dearer the difference (`chargeFen`) must be paid with POST /orders/{id}/payments and `changeRequest` before `expiresAt` (补差价), or the change lapses.',
  }),
  route({
    method: 'GET',
    path: '/caregivers/:id/availability',
    handler: 'orders.availability',
    params: documentIdParams,
    query: orders.availabilityQuery,
    response: r.availability,
    errors: ['CAREGIVER_NOT_FOUND', 'INVALID_SLOT'],
  }),

  route({ method: 'GET', path: '/caregiver/orders', handler: 'caregiver-orders.find', query: orders.listOrdersQuery, response: r.orderList, errors: IDENTITY }),
  route({
    method: 'GET',
    path: '/caregiver/orders/:id',
    handler: 'caregiver-orders.findOne',
    params: documentIdParams,
    query: emptyQuery,
    response: r.orderResponse,
    errors: [...IDENTITY, 'ORDER_NOT_FOUND'],
  }),
  route({
    method: 'POST',
    path: '/caregiver/orders/:id/accept',
    handler: 'caregiver-orders.accept',
    params: documentIdParams,
    body: orders.emptyBody,
    response: r.orderResponse,
    errors: [...IDENTITY, 'ORDER_OFFERED_ELSEWHERE', 'OFFER_CLOSED', 'ORDER_NOT_FOUND', 'CAREGIVER_BUSY', 'NOT_ELIGIBLE', ...TRANSITION_ERRORS],
  }),
  route({
    method: 'POST',
    path: '/caregiver/orders/:id/depart',
    handler: 'caregiver-orders.depart',
    params: documentIdParams,
    body: orders.emptyBody,
    response: r.orderResponse,
    errors: STEP_ERRORS,
  }),
  route({
    method: 'POST',
    path: '/caregiver/orders/:id/arrive',
    handler: 'caregiver-orders.arrive',
    params: documentIdParams,
    body: orders.emptyBody,
    response: r.orderResponse,
    errors: STEP_ERRORS,
  }),
  route({
    method: 'POST',
    path: '/caregiver/orders/:id/start',
    handler: 'caregiver-orders.start',
    params: documentIdParams,
    body: orders.emptyBody,
    response: r.orderResponse,
    errors: STEP_ERRORS,
  }),
  route({
    method: 'POST',
    path: '/caregiver/orders/:id/finish',
    handler: 'caregiver-orders.finish',
    params: documentIdParams,
    body: orders.finishBody,
    response: r.orderResponse,
    errors: [...STEP_ERRORS, 'SUMMARY_REQUIRED'],
  }),
  route({
    method: 'POST',
    path: '/caregiver/orders/:id/release',
    handler: 'caregiver-orders.release',
    params: documentIdParams,
    body: orders.releaseBody,
    response: r.orderResponse,
    errors: STEP_ERRORS,
  }),
  route({
    method: 'POST',
    path: '/caregiver/change-requests/:id/:decision',
    handler: 'caregiver-orders.decideChange',
    params: decisionParams,
    body: orders.decideChangeBody,
    response: changeRequestResponse,
    errors: [
      ...IDENTITY,
      'CHANGE_NOT_FOUND',
      'CHANGE_CLOSED',
      'CHANGE_NOT_ALLOWED',
      'ORDER_CHANGED',
      'CAREGIVER_BUSY',
      'INVALID_REFUND',
      'REFUND_EXCEEDS_PAID',
    ],
    summary: 'Accept or decline a change request (accepting a dearer change of a paid order waits for the difference)',
  }),
];

export const CUSTOMER_ORDER_ACTIONS = [
  'plugin::booking.orders.submit',
  'plugin::booking.orders.find',
  'plugin::booking.orders.findOne',
  'plugin::booking.orders.cancellationQuote',
  'plugin::booking.orders.cancel',
  'plugin::booking.orders.confirm',
  'plugin::booking.orders.change',
  'plugin::booking.orders.availability',
];

export const CAREGIVER_ORDER_ACTIONS = [
  'plugin::booking.caregiver-orders.find',
  'plugin::booking.caregiver-orders.findOne',
  'plugin::booking.caregiver-orders.accept',
  'plugin::booking.caregiver-orders.depart',
  'plugin::booking.caregiver-orders.arrive',
  'plugin::booking.caregiver-orders.start',
  'plugin::booking.caregiver-orders.finish',
  'plugin::booking.caregiver-orders.release',
  'plugin::booking.caregiver-orders.decideChange',
];

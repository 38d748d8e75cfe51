import { can, route } from './route';
import { documentIdParams, emptyQuery } from './schemas/common';
import * as f from './schemas/feedback';
import type { ErrorCode } from '../domain/errors';

// The review moves the order to 'reviewed' through the state machine.
const TRANSITION_ERRORS: ErrorCode[] = ['ORDER_CHANGED', 'INVALID_TRANSITION', 'ACTOR_NOT_ALLOWED'];
const STEP_ERRORS: ErrorCode[] = ['COMPLAINT_NOT_FOUND', 'COMPLAINT_STEP_INVALID', 'COMPLAINT_CHANGED', 'ORDER_NOT_FOUND'];
/** Resolving applies its resolutions (refunds, penalties, suspension, retraining, replacement) in the same transaction. */
const RESOLVE_ERRORS: ErrorCode[] = [
  ...STEP_ERRORS,
  'RESOLUTION_REQUIRED',
  'DUPLICATE_RESOLUTION',
  'CONFLICTING_REFUNDS',
  'CONFLICTING_PENALTIES',
  'NO_CAREGIVER',
  'NOTHING_TO_REFUND',
  'REFUND_EXCEEDS_PAID',
  'INVALID_REFUND',
  'CANNOT_REPLACE',
  'CAREGIVER_NOT_FOUND',
  'COURSE_NOT_FOUND',
  'INVALID_PENALTY_FINE',
  'ORDER_CHANGED',
  'INVALID_TRANSITION',
  'ACTOR_NOT_ALLOWED',
];

/** Reviews, complaints and suggestions (content API). The two review lists are public. */
export const feedbackRoutes = [
  route({
    method: 'POST',
    path: '/orders/:id/review',
    handler: 'reviews.create',
    params: documentIdParams,
    body: f.createReviewBody,
    response: f.reviewResponse,
    status: 201,
    errors: ['ORDER_NOT_FOUND', 'INVALID_TAGS', 'ALREADY_REVIEWED', 'NOT_COMPLETED', 'NO_CAREGIVER', ...TRANSITION_ERRORS],
  }),
  route({
    method: 'POST',
    path: '/reviews/:id/follow-up',
    handler: 'reviews.followUp',
    params: documentIdParams,
    body: f.followUpBody,
    response: f.reviewResponse,
    errors: ['REVIEW_NOT_FOUND', 'ALREADY_FOLLOWED_UP', 'FOLLOW_UP_CLOSED'],
  }),
  route({
    method: 'POST',
    path: '/caregiver/reviews/:id/reply',
    handler: 'reviews.reply',
    params: documentIdParams,
    body: f.replyBody,
    response: f.reviewResponse,
    errors: ['NOT_A_CAREGIVER', 'CAREGIVER_SUSPENDED', 'REVIEW_NOT_FOUND', 'ALREADY_REPLIED'],
  }),
  route({
    method: 'GET',
    path: '/caregivers/:id/reviews',
    handler: 'reviews.forCaregiver',
    auth: false,
    params: documentIdParams,
    query: f.pageQuery,
    response: f.caregiverReviews,
    errors: ['CAREGIVER_NOT_FOUND'],
  }),
  route({
    method: 'GET',
    path: '/services/:id/reviews',
    handler: 'reviews.forService',
    auth: false,
    params: documentIdParams,
    query: f.pageQuery,
    response: f.publicReviews,
    errors: [],
  }),

  route({
    method: 'POST',
    path: '/orders/:id/complaints',
    handler: 'complaints.create',
    params: documentIdParams,
    body: f.createComplaintBody,
    response: f.complaintResponse,
    status: 201,
    errors: ['ORDER_NOT_FOUND', 'NOT_COMPLAINABLE', 'COMPLAINT_OPEN'],
  }),
  route({ method: 'GET', path: '/complaints', handler: 'complaints.find', query: f.pageQuery, response: f.complaintList, errors: [] }),
  route({
    method: 'GET',
    path: '/complaints/:id',
    handler: 'complaints.findOne',
    params: documentIdParams,
    query: emptyQuery,
    response: f.complaintResponse,
    errors: ['COMPLAINT_NOT_FOUND'],
  }),

  route({
    method: 'POST',
    path: '/suggestions',
    handler: 'suggestions.create',
    body: f.createSuggestionBody,
    response: f.suggestionResponse,
    status: 201,
    errors: [],
  }),
  route({ method: 'GET', path: '/suggestions', handler: 'suggestions.find', query: f.pageQuery, response: f.suggestionList, errors: [] }),
];

export const CUSTOMER_FEEDBACK_ACTIONS = [
  'plugin::booking.reviews.create',
  'plugin::booking.reviews.followUp',
  'plugin::booking.complaints.create',
  'plugin::booking.complaints.find',
  'plugin::booking.complaints.findOne',
  'plugin::booking.suggestions.create',
  'plugin::booking.suggestions.find',
];

export const CAREGIVER_FEEDBACK_ACTIONS = ['plugin::booking.reviews.reply'];

/** Operator routes (admin API, /booking/...). */
export const adminFeedbackRoutes = [
  route({
    method: 'POST',
    path: '/reviews/:id/hide',
    handler: 'admin-feedback.hideReview',
    params: documentIdParams,
    body: f.hideBody,
    response: f.moderatedReview,
    errors: ['REVIEW_NOT_FOUND', 'NO_CHANGE'],
    policies: [can('plugin::booking.reviews.moderate')],
  }),
  route({
    method: 'POST',
    path: '/reviews/:id/unhide',
    handler: 'admin-feedback.unhideReview',
    params: documentIdParams,
    body: f.emptyBody,
    response: f.moderatedReview,
    errors: ['REVIEW_NOT_FOUND', 'NO_CHANGE'],
    policies: [can('plugin::booking.reviews.moderate')],
  }),

  route({
    method: 'GET',
    path: '/complaints',
    handler: 'admin-feedback.complaints',
    query: f.adminComplaintsQuery,
    response: f.complaintList,
    errors: [],
    policies: [can('plugin::booking.complaints.handle')],
  }),
  route({
    method: 'GET',
    path: '/complaints/:id',
    handler: 'admin-feedback.complaint',
    params: documentIdParams,
    query: emptyQuery,
    response: f.complaintResponse,
    errors: ['COMPLAINT_NOT_FOUND'],
    policies: [can('plugin::booking.complaints.handle')],
  }),
  route({
    method: 'POST',
    path: '/complaints/:id/investigate',
    handler: 'admin-feedback.investigate',
    params: documentIdParams,
    body: f.stepBody,
    response: f.complaintResponse,
    errors: STEP_ERRORS,
    policies: [can('plugin::booking.complaints.handle')],
  }),
  route({
    method: 'POST',
    path: '/complaints/:id/resolve',
    handler: 'admin-feedback.resolve',
    params: documentIdParams,
    body: f.resolveBody,
    response: f.complaintResponse,
    errors: RESOLVE_ERRORS,
    policies: [can('plugin::booking.complaints.handle')],
  }),
  route({
    method: 'POST',
    path: '/complaints/:id/reject',
    handler: 'admin-feedback.reject',
    params: documentIdParams,
    body: f.stepBody,
    response: f.complaintResponse,
    errors: STEP_ERRORS,
    policies: [can('plugin::booking.complaints.handle')],
  }),

  route({
    method: 'GET',
    path: '/suggestions',
    handler: 'admin-feedback.suggestions',
    query: f.adminSuggestionsQuery,
    response: f.suggestionList,
    errors: [],
    policies: [can('plugin::booking.suggestions.handle')],
  }),
  route({
    method: 'POST',
    path: '/suggestions/:id/tag',
    handler: 'admin-feedback.tagSuggestion',
    params: documentIdParams,
    body: f.tagSuggestionBody,
    response: f.suggestionResponse,
    errors: ['SUGGESTION_NOT_FOUND'],
    policies: [can('plugin::booking.suggestions.handle')],
  }),
  route({
    method: 'POST',
    path: '/suggestions/:id/answer',
    handler: 'admin-feedback.answerSuggestion',
    params: documentIdParams,
    body: f.answerSuggestionBody,
    response: f.suggestionResponse,
    errors: ['SUGGESTION_NOT_FOUND', 'ALREADY_ANSWERED'],
    policies: [can('plugin::booking.suggestions.handle')],
  }),
];

export const FEEDBACK_ADMIN_ACTIONS = [
  { section: 'plugins', displayName: '评价审核（隐藏、恢复）', uid: 'reviews.moderate', pluginName: 'booking', subCategory: '评价与投诉' },
  { section: 'plugins', displayName: '处理投诉', uid: 'complaints.handle', pluginName: 'booking', subCategory: '评价与投诉' },
  { section: 'plugins', displayName: '处理意见建议', uid: 'suggestions.handle', pluginName: 'booking', subCategory: '评价与投诉' },
];

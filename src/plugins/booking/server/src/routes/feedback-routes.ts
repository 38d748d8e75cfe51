import { can, route } from './route';
import { documentIdParams, emptyQuery } from './schemas/common';
import * as f from './schemas/feedback';


/** Reviews, complaints and suggestions (content API). The two review lists are public. */
export const feedbackRoutes = [
  route({ method: 'POST', path: '/orders/:id/review', handler: 'reviews.create', params: documentIdParams, body: f.createReviewBody }),
  route({ method: 'POST', path: '/reviews/:id/follow-up', handler: 'reviews.followUp', params: documentIdParams, body: f.followUpBody }),
  route({ method: 'POST', path: '/caregiver/reviews/:id/reply', handler: 'reviews.reply', params: documentIdParams, body: f.replyBody }),
  route({ method: 'GET', path: '/caregivers/:id/reviews', handler: 'reviews.forCaregiver', auth: false, params: documentIdParams, query: f.pageQuery }),
  route({ method: 'GET', path: '/services/:id/reviews', handler: 'reviews.forService', auth: false, params: documentIdParams, query: f.pageQuery }),

  route({ method: 'POST', path: '/orders/:id/complaints', handler: 'complaints.create', params: documentIdParams, body: f.createComplaintBody }),
  route({ method: 'GET', path: '/complaints', handler: 'complaints.find', query: f.pageQuery }),
  route({ method: 'GET', path: '/complaints/:id', handler: 'complaints.findOne', params: documentIdParams, query: emptyQuery }),

  route({ method: 'POST', path: '/suggestions', handler: 'suggestions.create', body: f.createSuggestionBody }),
  route({ method: 'GET', path: '/suggestions', handler: 'suggestions.find', query: f.pageQuery }),
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
  route({ method: 'POST', path: '/reviews/:id/hide', handler: 'admin-feedback.hideReview', params: documentIdParams, body: f.hideBody, policies: [can('plugin::booking.reviews.moderate')] }),
  route({ method: 'POST', path: '/reviews/:id/unhide', handler: 'admin-feedback.unhideReview', params: documentIdParams, body: f.emptyBody, policies: [can('plugin::booking.reviews.moderate')] }),

  route({ method: 'GET', path: '/complaints', handler: 'admin-feedback.complaints', query: f.adminComplaintsQuery, policies: [can('plugin::booking.complaints.handle')] }),
  route({ method: 'GET', path: '/complaints/:id', handler: 'admin-feedback.complaint', params: documentIdParams, query: emptyQuery, policies: [can('plugin::booking.complaints.handle')] }),
  route({ method: 'POST', path: '/complaints/:id/investigate', handler: 'admin-feedback.investigate', params: documentIdParams, body: f.stepBody, policies: [can('plugin::booking.complaints.handle')] }),
  route({ method: 'POST', path: '/complaints/:id/resolve', handler: 'admin-feedback.resolve', params: documentIdParams, body: f.resolveBody, policies: [can('plugin::booking.complaints.handle')] }),
  route({ method: 'POST', path: '/complaints/:id/reject', handler: 'admin-feedback.reject', params: documentIdParams, body: f.stepBody, policies: [can('plugin::booking.complaints.handle')] }),

  route({ method: 'GET', path: '/suggestions', handler: 'admin-feedback.suggestions', query: f.adminSuggestionsQuery, policies: [can('plugin::booking.suggestions.handle')] }),
  route({ method: 'POST', path: '/suggestions/:id/tag', handler: 'admin-feedback.tagSuggestion', params: documentIdParams, body: f.tagSuggestionBody, policies: [can('plugin::booking.suggestions.handle')] }),
  route({ method: 'POST', path: '/suggestions/:id/answer', handler: 'admin-feedback.answerSuggestion', params: documentIdParams, body: f.answerSuggestionBody, policies: [can('plugin::booking.suggestions.handle')] }),
];

export const FEEDBACK_ADMIN_ACTIONS = [
  { section: 'plugins', displayName: '评价审核（隐藏、恢复）', uid: 'reviews.moderate', pluginName: 'booking', subCategory: '评价与投诉' },
  { section: 'plugins', displayName: '处理投诉', uid: 'complaints.handle', pluginName: 'booking', subCategory: '评价与投诉' },
  { section: 'plugins', displayName: '处理意见建议', uid: 'suggestions.handle', pluginName: 'booking', subCategory: '评价与投诉' },
];

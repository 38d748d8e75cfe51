import { can, route } from './route';
import { documentIdParams, emptyQuery } from './schemas/common';
import * as s from './schemas/caregivers';
import type { ErrorCode } from '../domain/errors';

/** What caregiver-identity answers for a user who is not (or not now) an active caregiver. */
export const CAREGIVER_IDENTITY_ERRORS: ErrorCode[] = ['NOT_A_CAREGIVER', 'CAREGIVER_SUSPENDED'];
const APPLICATION_ERRORS: ErrorCode[] = [
  'INVALID_ID_NUMBER',
  'INVALID_DATE',
  'TOO_YOUNG',
  'APPLICATION_PENDING',
  'ALREADY_CAREGIVER',
  'ID_NUMBER_TAKEN',
  'UNKNOWN_REFERENCE',
  'UNKNOWN_FILE',
  'CREDENTIAL_EXPIRY_REQUIRED',
  'CREDENTIAL_DATES',
  'CREDENTIAL_EXPIRED',
  'CREDENTIAL_NOT_YET_VALID',
  'IDENTITY_MISMATCH',
  'IDENTITY_CHECK_LIMIT',
  'IDENTITY_UNAVAILABLE',
];

/**
 * Caregiver onboarding (any signed-in user may apply), public profiles (no sign-in), and the caregiver's own
 * presence and working hours (caregiver role; suspended caregivers are refused by caregiver-identity).
 */
export const caregiverRoutes = [
  // Multipart (field `file`): no JSON body schema; the service sniffs the bytes and accepts images only.
  route({
    method: 'POST',
    path: '/caregiver-applications/photos',
    handler: 'caregiver-applications.uploadPhoto',
    upload: { field: 'file', description: 'one image: JPEG, PNG, WebP or GIF (sniffed from the bytes), at most 5 MB' },
    response: s.uploadedPhoto,
    status: 201,
    errors: ['FILE_REQUIRED', 'PHOTO_TOO_LARGE', 'PHOTO_NOT_IMAGE'],
    summary: 'Upload one ID-card, photo or certificate scan (multipart/form-data, field `file`, image ≤ 5 MB)',
    description:
      "Send `multipart/form-data` with one image in the field `file` (JPEG, PNG, WebP or GIF, at most 5 MB; the type is sniffed from the bytes). The answer's `id` goes into idCardFrontId, idCardBackId, photoId or a credential's imageIds of POST /api/booking/caregiver-applications; a file can only be used by the user who uploaded it. Scans are private: they are never served publicly.",
  }),
  route({
    method: 'POST',
    path: '/caregiver-applications',
    handler: 'caregiver-applications.submit',
    body: s.applicationBody,
    response: s.myApplication,
    status: 201,
    errors: APPLICATION_ERRORS,
    summary: 'Apply to become a caregiver (申请成为护理员)',
    description:
      "Submits (or, after a rejection, resubmits) the application with the ids of scans uploaded first through POST /api/booking/caregiver-applications/photos. The identity provider checks name and ID number before anything is stored. The answer is the applicant's view (status `pending`); an operator approves or rejects it, and the user is notified. Follow the status with GET /api/booking/caregiver-applications/me.",
  }),
  route({
    method: 'GET',
    path: '/caregiver-applications/me',
    handler: 'caregiver-applications.mine',
    query: emptyQuery,
    response: s.myApplication,
    errors: ['NO_APPLICATION'],
    summary: 'My caregiver application: status, rejection reason, credentials (masked)',
  }),

  route({
    method: 'GET',
    path: '/caregivers',
    handler: 'caregiver-profiles.find',
    auth: false,
    query: s.publicListQuery,
    response: s.publicCaregiverList,
    errors: ['LOCATION_REQUIRED'],
  }),
  route({
    method: 'GET',
    path: '/caregivers/:id',
    handler: 'caregiver-profiles.findOne',
    auth: false,
    params: documentIdParams,
    query: s.publicOneQuery,
    response: s.publicCaregiverResponse,
    errors: ['NOT_FOUND'],
  }),

  route({
    method: 'POST',
    path: '/caregiver/status',
    handler: 'caregiver-profiles.setStatus',
    body: s.statusBody,
    response: s.presence,
    errors: CAREGIVER_IDENTITY_ERRORS,
  }),
  route({
    method: 'PUT',
    path: '/caregiver/working-hours',
    handler: 'caregiver-profiles.setWorkingHours',
    body: s.workingHoursBody,
    response: s.workingHours,
    errors: [...CAREGIVER_IDENTITY_ERRORS, 'INVALID_WORKING_HOURS'],
  }),
];

export const CAREGIVER_APPLICANT_ACTIONS = [
  'plugin::booking.caregiver-applications.uploadPhoto',
  'plugin::booking.caregiver-applications.submit',
  'plugin::booking.caregiver-applications.mine',
];

export const CAREGIVER_SELF_ACTIONS = ['plugin::booking.caregiver-profiles.setStatus', 'plugin::booking.caregiver-profiles.setWorkingHours'];

const AUDIT = can('plugin::booking.credentials.audit');
const MANAGE = can('plugin::booking.caregivers.manage');

export const adminCaregiverRoutes = [
  route({
    method: 'GET',
    path: '/audit/applications',
    handler: 'admin-caregivers.queue',
    query: s.auditQueueQuery,
    response: s.auditQueue,
    errors: ['INVALID_DATE', 'INVALID_RANGE', 'RANGE_TOO_LONG'],
    policies: [AUDIT],
  }),
  route({
    method: 'GET',
    path: '/audit/applications/:id',
    handler: 'admin-caregivers.detail',
    params: documentIdParams,
    query: emptyQuery,
    response: s.applicationDetail,
    errors: ['NOT_FOUND'],
    policies: [AUDIT],
  }),
  route({
    method: 'GET',
    path: '/caregivers/:id/files/:fileId',
    handler: 'admin-caregivers.scan',
    params: s.scanParams,
    query: emptyQuery,
    raw: { contentType: 'image/*', description: 'the scan itself (audited as application.view_scan; Cache-Control: private, no-store)' },
    summary: 'An ID-card or certificate scan of an application',
    policies: [AUDIT],
  }),
  route({
    method: 'POST',
    path: '/audit/applications/:id/approve',
    handler: 'admin-caregivers.approve',
    params: documentIdParams,
    body: s.approveBody,
    response: s.applicationDetail,
    errors: ['NOT_FOUND', 'STATE_CONFLICT'],
    policies: [AUDIT],
  }),
  route({
    method: 'POST',
    path: '/audit/applications/:id/reject',
    handler: 'admin-caregivers.reject',
    params: documentIdParams,
    body: s.rejectBody,
    response: s.applicationDetail,
    errors: ['NOT_FOUND', 'STATE_CONFLICT'],
    policies: [AUDIT],
  }),
  route({
    method: 'POST',
    path: '/audit/credentials/:id/approve',
    handler: 'admin-caregivers.approveCredential',
    params: documentIdParams,
    body: s.approveBody,
    response: s.credentialDecision,
    errors: ['NOT_FOUND', 'STATE_CONFLICT'],
    policies: [AUDIT],
  }),
  route({
    method: 'POST',
    path: '/audit/credentials/:id/reject',
    handler: 'admin-caregivers.rejectCredential',
    params: documentIdParams,
    body: s.rejectBody,
    response: s.credentialDecision,
    errors: ['NOT_FOUND', 'STATE_CONFLICT'],
    policies: [AUDIT],
  }),
  route({
    method: 'POST',
    path: '/caregivers/:id/suspend',
    handler: 'admin-caregivers.suspend',
    params: documentIdParams,
    body: s.suspendBody,
    response: s.standing,
    errors: ['NOT_FOUND', 'STATE_CONFLICT', 'INVALID_UNTIL'],
    policies: [MANAGE],
  }),
  route({
    method: 'POST',
    path: '/caregivers/:id/lift-suspension',
    handler: 'admin-caregivers.liftSuspension',
    params: documentIdParams,
    body: s.liftBody,
    response: s.standing,
    errors: ['NOT_FOUND', 'STATE_CONFLICT', 'NOT_SUSPENDED'],
    policies: [MANAGE],
  }),
];

export const CAREGIVER_ADMIN_ACTIONS = [
  { section: 'plugins', displayName: '查看陪护人员（列表、资质、状态）', uid: 'caregivers.read', pluginName: 'booking', subCategory: '陪护人员' },
  { section: 'plugins', displayName: '资质审核（查看申请、通过、驳回）', uid: 'credentials.audit', pluginName: 'booking', subCategory: '陪护人员' },
  { section: 'plugins', displayName: '陪护人员管理（暂停、恢复接单）', uid: 'caregivers.manage', pluginName: 'booking', subCategory: '陪护人员' },
];

import { can, route } from './route';
import { documentIdParams, emptyQuery } from './schemas/common';
import * as s from './schemas/caregivers';

/**
 * Caregiver onboarding (any signed-in user may apply), public profiles (no sign-in), and the caregiver's own
 * presence and working hours (caregiver role; suspended caregivers are refused by caregiver-identity).
 */
export const caregiverRoutes = [
  // Multipart (field `file`): no JSON body schema; the service sniffs the bytes and accepts images only.
  route({ method: 'POST', path: '/caregiver-applications/photos', handler: 'caregiver-applications.uploadPhoto' }),
  route({ method: 'POST', path: '/caregiver-applications', handler: 'caregiver-applications.submit', body: s.applicationBody }),
  route({ method: 'GET', path: '/caregiver-applications/me', handler: 'caregiver-applications.mine', query: emptyQuery }),

  route({ method: 'GET', path: '/caregivers', handler: 'caregiver-profiles.find', auth: false, query: s.publicListQuery }),
  route({ method: 'GET', path: '/caregivers/:id', handler: 'caregiver-profiles.findOne', auth: false, params: documentIdParams, query: s.publicOneQuery }),

  route({ method: 'POST', path: '/caregiver/status', handler: 'caregiver-profiles.setStatus', body: s.statusBody }),
  route({ method: 'PUT', path: '/caregiver/working-hours', handler: 'caregiver-profiles.setWorkingHours', body: s.workingHoursBody }),
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
  route({ method: 'GET', path: '/audit/applications', handler: 'admin-caregivers.queue', query: s.auditQueueQuery, policies: [AUDIT] }),
  route({ method: 'GET', path: '/audit/applications/:id', handler: 'admin-caregivers.detail', params: documentIdParams, query: emptyQuery, policies: [AUDIT] }),
  route({ method: 'GET', path: '/caregivers/:id/files/:fileId', handler: 'admin-caregivers.scan', params: s.scanParams, query: emptyQuery, raw: { contentType: 'image/*', description: 'the scan itself (audited as application.view_scan; Cache-Control: private, no-store)' }, summary: 'An ID-card or certificate scan of an application', policies: [AUDIT] }),
  route({ method: 'POST', path: '/audit/applications/:id/approve', handler: 'admin-caregivers.approve', params: documentIdParams, body: s.approveBody, policies: [AUDIT] }),
  route({ method: 'POST', path: '/audit/applications/:id/reject', handler: 'admin-caregivers.reject', params: documentIdParams, body: s.rejectBody, policies: [AUDIT] }),
  route({ method: 'POST', path: '/audit/credentials/:id/approve', handler: 'admin-caregivers.approveCredential', params: documentIdParams, body: s.approveBody, policies: [AUDIT] }),
  route({ method: 'POST', path: '/audit/credentials/:id/reject', handler: 'admin-caregivers.rejectCredential', params: documentIdParams, body: s.rejectBody, policies: [AUDIT] }),
  route({ method: 'POST', path: '/caregivers/:id/suspend', handler: 'admin-caregivers.suspend', params: documentIdParams, body: s.suspendBody, policies: [MANAGE] }),
  route({ method: 'POST', path: '/caregivers/:id/lift-suspension', handler: 'admin-caregivers.liftSuspension', params: documentIdParams, body: s.liftBody, policies: [MANAGE] }),
];

export const CAREGIVER_ADMIN_ACTIONS = [
  { section: 'plugins', displayName: '查看陪护人员（列表、资质、状态）', uid: 'caregivers.read', pluginName: 'booking', subCategory: '陪护人员' },
  { section: 'plugins', displayName: '资质审核（查看申请、通过、驳回）', uid: 'credentials.audit', pluginName: 'booking', subCategory: '陪护人员' },
  { section: 'plugins', displayName: '陪护人员管理（暂停、恢复接单）', uid: 'caregivers.manage', pluginName: 'booking', subCategory: '陪护人员' },
];

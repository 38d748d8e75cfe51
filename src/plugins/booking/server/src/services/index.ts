import dispatch from './dispatch';
import dispatchCandidates from './dispatch-candidates';
import orderHall from './order-hall';
import caregiverBlocks from './caregiver-blocks';
import health from './health';
import pii from './pii';
import sms from './sms';
import verification from './verification';
import accounts from './accounts';
import profile from './profile';
import patients from './patients';
import wechat from './wechat';
import myData from './my-data';
import rolePermissions from './role-permissions';
import schedules from './schedules';
import orderNumbers from './order-numbers';
import orderSubmit from './order-submit';
import orderLifecycle from './order-lifecycle';
import orderChanges from './order-changes';
import orderViews from './order-views';
import caregiverIdentity from './caregiver-identity';
import notifications from './notifications';
import realtime from './realtime';
import jobs from './jobs';

import paymentProviders from './payment-providers';
import payments from './payments';
import paymentCallbacks from './payment-callbacks';
import refundProcessor from './refund-processor';
import reconciliation from './reconciliation';
import risk from './risk';
import reviews from './reviews';
import complaints from './complaints';
import complaintResolutions from './complaint-resolutions';
import suggestions from './suggestions';
import training from './training';
import exams from './exams';
import caregiverLevels from './caregiver-levels';
import trainingPlans from './training-plans';
import identity from './identity';
import auditLog from './audit-log';
import caregiverApplications from './caregiver-applications';
import caregiverAudit from './caregiver-audit';
import caregiverProfiles from './caregiver-profiles';
import caregiverMaintenance from './caregiver-maintenance';

import analytics from './analytics';
import catalogSearch from './catalog-search';
import analyticsBusiness from './analytics-business';
import analyticsBehaviour from './analytics-behaviour';
import analyticsQuality from './analytics-quality';
export default {
  analytics,
  'catalog-search': catalogSearch,
  'analytics-business': analyticsBusiness,
  'analytics-behaviour': analyticsBehaviour,
  'analytics-quality': analyticsQuality,
  training,
  exams,
  'caregiver-levels': caregiverLevels,
  'training-plans': trainingPlans,
  reviews,
  complaints,
  'complaint-resolutions': complaintResolutions,
  suggestions,
  'payment-providers': paymentProviders,
  payments,
  'payment-callbacks': paymentCallbacks,
  'refund-processor': refundProcessor,
  reconciliation,
  risk,
  health,
  pii,
  sms,
  verification,
  accounts,
  profile,
  patients,
  wechat,
  'my-data': myData,
  'role-permissions': rolePermissions,
  schedules,
  'order-numbers': orderNumbers,
  'order-submit': orderSubmit,
  'order-lifecycle': orderLifecycle,
  'order-changes': orderChanges,
  'order-views': orderViews,
  'caregiver-identity': caregiverIdentity,
  notifications,
  realtime,
  jobs,
  identity,
  'audit-log': auditLog,
  'caregiver-applications': caregiverApplications,
  'caregiver-audit': caregiverAudit,
  'caregiver-profiles': caregiverProfiles,
  'caregiver-maintenance': caregiverMaintenance,
  dispatch,
  'dispatch-candidates': dispatchCandidates,
  'order-hall': orderHall,
  'caregiver-blocks': caregiverBlocks,
};

import caregiverDispatch from './caregiver-dispatch';
import caregiverBlocks from './caregiver-blocks';
import adminDispatch from './admin-dispatch';
import health from './health';
import account from './account';
import patients from './patients';
import orders from './orders';
import caregiverOrders from './caregiver-orders';
import adminOrders from './admin-orders';
import payments from './payments';
import adminRisk from './admin-risk';
import notifications from './notifications';
import reviews from './reviews';
import complaints from './complaints';
import suggestions from './suggestions';
import adminFeedback from './admin-feedback';
import training from './training';
import caregiverApplications from './caregiver-applications';
import caregiverProfiles from './caregiver-profiles';
import adminCaregivers from './admin-caregivers';

import analytics from './analytics';
import earnings from './earnings';
import adminEarnings from './admin-earnings';
import adminAnalytics from './admin-analytics';
import adminConsole from './admin-console';

export default {
  earnings,
  'admin-earnings': adminEarnings,
  'caregiver-dispatch': caregiverDispatch,
  'caregiver-blocks': caregiverBlocks,
  'admin-dispatch': adminDispatch,
  analytics,
  'admin-analytics': adminAnalytics,
  'caregiver-applications': caregiverApplications,
  'caregiver-profiles': caregiverProfiles,
  'admin-caregivers': adminCaregivers,
  training,
  reviews,
  complaints,
  suggestions,
  'admin-feedback': adminFeedback,
  health,
  account,
  patients,
  orders,
  'caregiver-orders': caregiverOrders,
  'admin-orders': adminOrders,
  payments,
  'admin-risk': adminRisk,
  'admin-console': adminConsole,
  notifications,
};

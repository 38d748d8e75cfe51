import smsCode from './sms-code';
import patient from './patient';
import consentRecord from './consent-record';
import oauthState from './oauth-state';
import order from './order';
import orderEvent from './order-event';
import refund from './refund';
import changeRequest from './change-request';
import scheduleSlot from './schedule-slot';
import notification from './notification';
import payment from './payment';
import paymentNotification from './payment-notification';
import riskEvent from './risk-event';
import paymentFreeze from './payment-freeze';
import analyticsEvent from './analytics-event';
import dailyMetric from './daily-metric';
import examAttempt from './exam-attempt';
import trainingPlan from './training-plan';
import review from './review';
import complaint from './complaint';
import complaintStep from './complaint-step';
import suggestion from './suggestion';
import dispatchOffer from './dispatch-offer';
import caregiverBlock from './caregiver-block';
import operatorAlert from './operator-alert';
import auditLog from './audit-log';
import identityCheck from './identity-check';
import privateFile from './private-file';
import earning from './earning';
import settlementStatement from './settlement-statement';
import payout from './payout';
import payoutAccount from './payout-account';

export default {
  earning,
  'settlement-statement': settlementStatement,
  payout,
  'payout-account': payoutAccount,
  'sms-code': smsCode,
  patient,
  'consent-record': consentRecord,
  'oauth-state': oauthState,
  order,
  'order-event': orderEvent,
  refund,
  'change-request': changeRequest,
  'schedule-slot': scheduleSlot,
  notification,
  payment,
  'payment-notification': paymentNotification,
  'risk-event': riskEvent,
  'payment-freeze': paymentFreeze,
  'analytics-event': analyticsEvent,
  'daily-metric': dailyMetric,
  'exam-attempt': examAttempt,
  'training-plan': trainingPlan,
  review,
  complaint,
  'complaint-step': complaintStep,
  suggestion,
  'dispatch-offer': dispatchOffer,
  'caregiver-block': caregiverBlock,
  'operator-alert': operatorAlert,
  'audit-log': auditLog,
  'identity-check': identityCheck,
  'private-file': privateFile,
};

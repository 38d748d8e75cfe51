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

export default {
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
};

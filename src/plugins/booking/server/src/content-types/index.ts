import smsCode from './sms-code';
import patient from './patient';
import consentRecord from './consent-record';
import oauthState from './oauth-state';

export default {
  'sms-code': smsCode,
  patient,
  'consent-record': consentRecord,
  'oauth-state': oauthState,
};

/** Accounts: sign-in (SMS, WeChat), profile, patients, data export and deletion. */
import accounts from './accounts';
import myData from './my-data';
import patients from './patients';
import profile from './profile';
import rolePermissions from './role-permissions';
import sms from './sms';
import verification from './verification';
import wechat from './wechat';

export default {
  accounts,
  'my-data': myData,
  patients,
  profile,
  'role-permissions': rolePermissions,
  sms,
  verification,
  wechat,
};

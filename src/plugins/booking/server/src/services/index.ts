import health from './health';
import pii from './pii';
import sms from './sms';
import verification from './verification';
import accounts from './accounts';
import profile from './profile';
import patients from './patients';
import wechat from './wechat';
import myData from './my-data';

export default { health, pii, sms, verification, accounts, profile, patients, wechat, 'my-data': myData };

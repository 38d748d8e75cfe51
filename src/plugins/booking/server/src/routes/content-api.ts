import { z } from 'zod';
import { route } from './route';
import * as r from './schemas/responses';
import { documentIdParams, emptyQuery } from './schemas/common';
import * as accounts from './schemas/accounts';
import { createPatientBody, updatePatientBody } from './schemas/patients';
import { orderRoutes } from './order-routes';
import { paymentRoutes } from './payment-routes';
import { notificationRoutes } from './notification-routes';
import { blockRoutes, caregiverDispatchRoutes } from './dispatch-routes';
import { feedbackRoutes } from './feedback-routes';
import { analyticsRoutes } from './analytics-routes';
import { trainingRoutes } from './training-routes';
import { caregiverRoutes } from './caregiver-routes';
import { earningsRoutes } from './earnings-routes';

const mePurpose = z.strictObject({ purpose: z.enum(['set_password', 'delete_account']) });

export default {
  type: 'content-api',
  routes: [
    route({ method: 'GET', path: '/health', handler: 'health.check', auth: false, query: emptyQuery, response: r.health }),

    // Sign-in (public: the credential is the SMS code or the WeChat code)
    route({ method: 'POST', path: '/auth/sms/send', handler: 'account.sendCode', auth: false, body: accounts.sendCodeBody, response: r.smsSent, errors: ['SMS_RATE_LIMITED', 'SMS_SEND_FAILED', 'ACCOUNT_BLOCKED', 'ACCOUNT_DELETED'], summary: 'Send a 6-digit sign-in code by SMS' }),
    route({ method: 'POST', path: '/auth/sms/login', handler: 'account.smsLogin', auth: false, body: accounts.smsLoginBody, response: r.signIn, errors: ['CODE_MISMATCH', 'CODE_EXPIRED', 'CODE_LOCKED', 'INVALID_CODE_FORMAT', 'ACCOUNT_BLOCKED', 'ACCOUNT_DELETED'], summary: 'Sign in (or sign up) with phone + SMS code' }),
    route({ method: 'POST', path: '/auth/wechat/mini', handler: 'account.wechatMiniLogin', auth: false, body: accounts.wechatCodeBody }),
    route({ method: 'GET', path: '/auth/wechat/web/authorize', handler: 'account.startWechatWebLogin', auth: false, query: accounts.wechatWebStartQuery }),
    route({ method: 'POST', path: '/auth/wechat/web', handler: 'account.wechatWebLogin', auth: false, body: accounts.wechatWebFinishBody }),

    // My account
    route({ method: 'GET', path: '/me', handler: 'account.me', query: emptyQuery, response: r.meResponse, errors: ['USER_NOT_FOUND'] }),
    route({ method: 'PUT', path: '/me', handler: 'account.updateMe', body: accounts.profileUpdateBody, response: r.meResponse, errors: ['USER_NOT_FOUND'] }),
    route({ method: 'POST', path: '/me/avatar', handler: 'account.uploadAvatar', upload: { field: 'file', description: 'one image: JPEG, PNG, GIF or WebP' } }),
    route({ method: 'GET', path: '/me/consents', handler: 'account.consents', query: emptyQuery }),
    route({ method: 'POST', path: '/me/consents', handler: 'account.recordConsent', body: accounts.consentBody }),
    route({ method: 'POST', path: '/me/sms/send', handler: 'account.sendCodeForMe', body: mePurpose }),
    route({ method: 'POST', path: '/me/password', handler: 'account.setPassword', body: accounts.setPasswordBody }),
    route({ method: 'POST', path: '/me/phone', handler: 'account.bindPhone', body: accounts.bindPhoneBody }),
    route({ method: 'POST', path: '/me/phone/wechat', handler: 'account.bindPhoneFromWechat', body: accounts.wechatCodeBody }),
    route({ method: 'POST', path: '/me/wechat/mini', handler: 'account.bindWechatMini', body: accounts.wechatCodeBody }),
    route({ method: 'GET', path: '/me/wechat/web/authorize', handler: 'account.startWechatWebBind', query: accounts.wechatWebStartQuery }),
    route({ method: 'POST', path: '/me/wechat/web', handler: 'account.bindWechatWeb', body: accounts.wechatWebFinishBody }),
    route({ method: 'GET', path: '/me/export', handler: 'account.exportMyData', query: emptyQuery }),
    // POST, not DELETE: request bodies of DELETE are not parsed by Strapi's body parser.
    route({ method: 'POST', path: '/me/delete', handler: 'account.deleteMe', body: accounts.deleteAccountBody }),

    // Patients (就诊人)
    route({ method: 'GET', path: '/patients', handler: 'patients.find', query: emptyQuery, response: r.patientList, errors: [] }),
    route({ method: 'GET', path: '/patients/:id', handler: 'patients.findOne', params: documentIdParams, query: emptyQuery, response: r.patientResponse, errors: ['PATIENT_NOT_FOUND'] }),
    route({ method: 'POST', path: '/patients', handler: 'patients.create', body: createPatientBody, response: r.patientResponse, status: 201, errors: ['PATIENT_LIMIT', 'PATIENT_DUPLICATE', 'HOSPITAL_NOT_FOUND', 'INVALID_ID_NUMBER', 'BIRTH_DATE_MISMATCH', 'GENDER_MISMATCH'] }),
    route({ method: 'PUT', path: '/patients/:id', handler: 'patients.update', params: documentIdParams, body: updatePatientBody, response: r.patientResponse, errors: ['PATIENT_NOT_FOUND', 'PATIENT_DUPLICATE', 'HOSPITAL_NOT_FOUND', 'INVALID_ID_NUMBER', 'BIRTH_DATE_MISMATCH', 'GENDER_MISMATCH'] }),
    route({ method: 'DELETE', path: '/patients/:id', handler: 'patients.delete', params: documentIdParams, response: r.patientDeleted, errors: ['PATIENT_NOT_FOUND'] }),

    // Orders
    ...orderRoutes,
    ...paymentRoutes,
    ...notificationRoutes,
    ...feedbackRoutes,
    ...analyticsRoutes,
    ...trainingRoutes,
    ...caregiverRoutes,
    ...blockRoutes,
    ...caregiverDispatchRoutes,
    ...earningsRoutes,
  ],
};

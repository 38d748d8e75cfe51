import { z } from 'zod';
import { route } from './route';
import type { ErrorCode } from '../domain/errors';
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
/** What a WeChat code exchange can answer (the provider's own failures map to these catalogue codes). */
const WECHAT_SIGN_IN_ERRORS: ErrorCode[] = [
  'WECHAT_NOT_CONFIGURED',
  'WECHAT_INVALID_CODE',
  'WECHAT_HIGH_RISK_USER',
  'WECHAT_RATE_LIMITED',
  'WECHAT_ACCESS_TOKEN_INVALID',
  'WECHAT_BAD_RESPONSE',
  'WECHAT_MISCONFIGURED',
  'WECHAT_NETWORK',
  'WECHAT_UPSTREAM',
  'ACCOUNT_BLOCKED',
  'ACCOUNT_DELETED',
  'ACCOUNT_MERGE_REFUSED',
];
const CODE_ERRORS: ErrorCode[] = ['CODE_MISMATCH', 'CODE_EXPIRED', 'CODE_LOCKED', 'INVALID_CODE_FORMAT'];

export default {
  type: 'content-api',
  routes: [
    route({ method: 'GET', path: '/health', handler: 'health.check', auth: false, query: emptyQuery, response: r.health }),

    // Sign-in (public: the credential is the SMS code or the WeChat code)
    route({
      method: 'POST',
      path: '/auth/sms/send',
      handler: 'account.sendCode',
      auth: false,
      body: accounts.sendCodeBody,
      response: r.smsSent,
      errors: ['SMS_RATE_LIMITED', 'SMS_SEND_FAILED', 'ACCOUNT_BLOCKED', 'ACCOUNT_DELETED'],
      summary: 'Send a 6-digit sign-in code by SMS',
    }),
    route({
      method: 'POST',
      path: '/auth/sms/login',
      handler: 'account.smsLogin',
      auth: false,
      body: accounts.smsLoginBody,
      response: r.signIn,
      errors: ['CODE_MISMATCH', 'CODE_EXPIRED', 'CODE_LOCKED', 'INVALID_CODE_FORMAT', 'ACCOUNT_BLOCKED', 'ACCOUNT_DELETED'],
      summary: 'Sign in (or sign up) with phone + SMS code',
    }),
    route({
      method: 'POST',
      path: '/auth/wechat/mini',
      handler: 'account.wechatMiniLogin',
      auth: false,
      body: accounts.wechatCodeBody,
      response: r.signIn,
      errors: WECHAT_SIGN_IN_ERRORS,
      summary: 'Sign in (or sign up) with a mini-program wx.login code',
    }),
    route({
      method: 'GET',
      path: '/auth/wechat/web/authorize',
      handler: 'account.startWechatWebLogin',
      auth: false,
      query: accounts.wechatWebStartQuery,
      response: r.wechatAuthorize,
      errors: ['WECHAT_NOT_CONFIGURED'],
      summary: 'Start a WeChat website (QR) sign-in',
    }),
    route({
      method: 'POST',
      path: '/auth/wechat/web',
      handler: 'account.wechatWebLogin',
      auth: false,
      body: accounts.wechatWebFinishBody,
      response: r.signIn,
      errors: [...WECHAT_SIGN_IN_ERRORS, 'WECHAT_STATE_INVALID'],
      summary: 'Finish a WeChat website sign-in with the code and state',
    }),

    // My account
    route({ method: 'GET', path: '/me', handler: 'account.me', query: emptyQuery, response: r.meResponse, errors: ['USER_NOT_FOUND'] }),
    route({ method: 'PUT', path: '/me', handler: 'account.updateMe', body: accounts.profileUpdateBody, response: r.meResponse, errors: ['USER_NOT_FOUND'] }),
    route({
      method: 'POST',
      path: '/me/avatar',
      handler: 'account.uploadAvatar',
      upload: { field: 'file', description: 'one image: JPEG, PNG, GIF or WebP' },
      response: r.meResponse,
      errors: ['FILE_REQUIRED', 'AVATAR_TOO_LARGE', 'AVATAR_NOT_IMAGE', 'USER_NOT_FOUND'],
    }),
    route({ method: 'GET', path: '/me/consents', handler: 'account.consents', query: emptyQuery, response: r.consentList, errors: [] }),
    route({
      method: 'POST',
      path: '/me/consents',
      handler: 'account.recordConsent',
      body: accounts.consentBody,
      response: r.consentList,
      errors: ['USER_NOT_FOUND'],
    }),
    route({
      method: 'POST',
      path: '/me/sms/send',
      handler: 'account.sendCodeForMe',
      body: mePurpose,
      response: r.smsSent,
      errors: ['PHONE_REQUIRED', 'SMS_RATE_LIMITED', 'SMS_SEND_FAILED', 'ACCOUNT_BLOCKED', 'ACCOUNT_DELETED'],
      summary: 'Send a code to my own phone (to set a password or delete the account)',
    }),
    route({
      method: 'POST',
      path: '/me/password',
      handler: 'account.setPassword',
      body: accounts.setPasswordBody,
      response: r.passwordSet,
      errors: ['PHONE_REQUIRED', ...CODE_ERRORS],
    }),
    route({
      method: 'POST',
      path: '/me/phone',
      handler: 'account.bindPhone',
      body: accounts.bindPhoneBody,
      response: r.meResponse,
      errors: [...CODE_ERRORS, 'ACCOUNT_MERGE_REFUSED', 'USER_NOT_FOUND'],
    }),
    route({
      method: 'POST',
      path: '/me/phone/wechat',
      handler: 'account.bindPhoneFromWechat',
      body: accounts.wechatCodeBody,
      response: r.meResponse,
      errors: [...WECHAT_SIGN_IN_ERRORS, 'WECHAT_PHONE_NOT_MAINLAND', 'USER_NOT_FOUND'],
    }),
    route({
      method: 'POST',
      path: '/me/wechat/mini',
      handler: 'account.bindWechatMini',
      body: accounts.wechatCodeBody,
      response: r.meResponse,
      errors: [...WECHAT_SIGN_IN_ERRORS, 'WECHAT_ALREADY_BOUND', 'USER_NOT_FOUND'],
    }),
    route({
      method: 'GET',
      path: '/me/wechat/web/authorize',
      handler: 'account.startWechatWebBind',
      query: accounts.wechatWebStartQuery,
      response: r.wechatAuthorize,
      errors: ['WECHAT_NOT_CONFIGURED'],
    }),
    route({
      method: 'POST',
      path: '/me/wechat/web',
      handler: 'account.bindWechatWeb',
      body: accounts.wechatWebFinishBody,
      response: r.meResponse,
      errors: [...WECHAT_SIGN_IN_ERRORS, 'WECHAT_STATE_INVALID', 'WECHAT_ALREADY_BOUND', 'USER_NOT_FOUND'],
    }),
    route({
      method: 'GET',
      path: '/me/export',
      handler: 'account.exportMyData',
      query: emptyQuery,
      response: r.myDataExport,
      errors: ['USER_NOT_FOUND'],
      summary: 'Export my personal data (PIPL)',
    }),
    // POST, not DELETE: request bodies of DELETE are not parsed by Strapi's body parser.
    route({
      method: 'POST',
      path: '/me/delete',
      handler: 'account.deleteMe',
      body: accounts.deleteAccountBody,
      response: r.accountDeleted,
      errors: ['PHONE_REQUIRED', ...CODE_ERRORS, 'ACCOUNT_HAS_ACTIVE_ORDERS'],
      summary: 'Delete my account (SMS code + typed confirmation)',
    }),

    // Patients (就诊人)
    route({ method: 'GET', path: '/patients', handler: 'patients.find', query: emptyQuery, response: r.patientList, errors: [] }),
    route({
      method: 'GET',
      path: '/patients/:id',
      handler: 'patients.findOne',
      params: documentIdParams,
      query: emptyQuery,
      response: r.patientResponse,
      errors: ['PATIENT_NOT_FOUND'],
    }),
    route({
      method: 'POST',
      path: '/patients',
      handler: 'patients.create',
      body: createPatientBody,
      response: r.patientResponse,
      status: 201,
      errors: ['PATIENT_LIMIT', 'PATIENT_DUPLICATE', 'HOSPITAL_NOT_FOUND', 'INVALID_ID_NUMBER', 'BIRTH_DATE_MISMATCH', 'GENDER_MISMATCH'],
    }),
    route({
      method: 'PUT',
      path: '/patients/:id',
      handler: 'patients.update',
      params: documentIdParams,
      body: updatePatientBody,
      response: r.patientResponse,
      errors: ['PATIENT_NOT_FOUND', 'PATIENT_DUPLICATE', 'HOSPITAL_NOT_FOUND', 'INVALID_ID_NUMBER', 'BIRTH_DATE_MISMATCH', 'GENDER_MISMATCH'],
    }),
    route({
      method: 'DELETE',
      path: '/patients/:id',
      handler: 'patients.delete',
      params: documentIdParams,
      response: r.patientDeleted,
      errors: ['PATIENT_NOT_FOUND'],
    }),

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

import { z } from 'zod';
import { isoDate, phoneSchema, shortText, smsCodeSchema, longText } from './common';

export const sendCodeBody = z.strictObject({
  phone: phoneSchema,
  purpose: z.enum(['login', 'bind_phone', 'set_password', 'delete_account']).default('login'),
});

export const smsLoginBody = z.strictObject({ phone: phoneSchema, code: smsCodeSchema });

export const wechatCodeBody = z.strictObject({ code: z.string().min(1, '缺少微信登录凭证').max(128, '微信登录凭证格式不正确') });

export const wechatWebStartQuery = z.strictObject({
  redirectUri: z.url({ protocol: /^https?$/, error: '回调地址必须是 http(s) 链接' }).max(500),
});

export const wechatWebFinishBody = z.strictObject({
  code: z.string().min(1).max(128, '微信登录凭证格式不正确'),
  state: z.string().regex(/^[a-f0-9]{32}$/, '登录状态格式不正确'),
});

export const bindPhoneBody = z.strictObject({ phone: phoneSchema, code: smsCodeSchema });

export const setPasswordBody = z.strictObject({
  code: smsCodeSchema,
  password: z
    .string()
    .min(8, '密码至少 8 位')
    .max(64, '密码不能超过 64 位')
    .regex(/[A-Za-z]/, '密码需包含字母')
    .regex(/\d/, '密码需包含数字'),
});

export const profileUpdateBody = z.strictObject({
  displayName: shortText(30, '姓名').min(1, '姓名不能为空').nullable().optional(),
  gender: z.enum(['male', 'female', 'undisclosed']).optional(),
  birthDate: isoDate.nullable().optional(),
  contactPhone: phoneSchema.nullable().optional(),
  healthStatus: longText(2000, '健康状况').nullable().optional(),
  privacy: z
    .strictObject({
      phoneVisibleToCaregiver: z.enum(['masked', 'full']).optional(),
      allowAnalytics: z.boolean().optional(),
      marketingOptIn: z.boolean().optional(),
    })
    .optional(),
});

export const consentBody = z.strictObject({
  document: z.enum(['privacy_policy', 'terms_of_service', 'sensitive_data']),
  version: z.string().regex(/^[\w.-]{1,20}$/, '版本号格式不正确'),
});

export const deleteAccountBody = z.strictObject({ code: smsCodeSchema, confirm: z.literal('注销账号', { error: '请输入“注销账号”确认' }) });

import { z } from 'zod';

// Default messages of zod in the product language (our own messages are written in Chinese already).
z.config(z.locales.zhCN());
import { isMainlandMobile } from '../../domain/phone';

/** Shared input pieces. Objects are strict: an unknown field is a 400, never silently dropped. */
export const phoneSchema = z
  .string({ error: '请填写手机号' })
  .max(20, '手机号过长')
  .refine((value) => isMainlandMobile(value), '请输入正确的中国大陆手机号');

export const smsCodeSchema = z.string({ error: '请填写验证码' }).regex(/^\d{6}$/, '验证码为 6 位数字');

/** A Strapi 5 document id (24 lower-case alphanumerics today; a little slack for other generators). */
export const documentId = (label = '') => z.string().regex(/^[a-z0-9]{10,40}$/, `${label}编号格式不正确`);

// Path params come from the router (which adds its own numeric keys), so extra keys are stripped, not refused.
export const documentIdParams = z.object({ id: documentId() });

export const isoDate = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' });

export const shortText = (max: number, label: string) => z.string().trim().max(max, `${label}不能超过 ${max} 个字`);

export const longText = (max: number, label: string) => z.string().max(max, `${label}不能超过 ${max} 个字`);

export const emptyQuery = z.strictObject({});

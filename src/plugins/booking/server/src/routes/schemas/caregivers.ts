import { z } from 'zod';
import { documentId as docId, isoDate, shortText } from './common';
import { WEEKDAYS } from '../../domain/caregiver-rules';

const cityCode = z.string().regex(/^[1-8]\d{5}$/, '城市编码应为 6 位行政区划代码');
const documentId = docId();
const fileId = z.number({ error: '图片编号应为数字' }).int().positive();
// Mainland China bounds: a coordinate outside is a swapped lat/lng or a test value, not a real address.
const latitude = z.number().min(3).max(54);
const longitude = z.number().min(73).max(136);

export const credentialInput = z.strictObject({
  typeCode: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, '资质类型编码不正确'),
  number: z.string().trim().regex(/^[A-Za-z0-9-]{4,40}$/, '证书编号应为 4-40 位字母、数字或连字符'),
  issuer: shortText(80, '发证机关').optional(),
  validFrom: isoDate.optional(),
  validUntil: isoDate.optional(),
  imageIds: z.array(fileId).min(1, '请上传证书照片').max(5, '每个证书最多 5 张照片'),
});

export const applicationBody = z.strictObject({
  realName: z
    .string({ error: '请填写真实姓名' })
    .trim()
    .regex(/^[\u4e00-\u9fa5·]{2,20}$/, '请填写与身份证一致的中文姓名'),
  // Only length here: domain/id-card.ts gives the precise reason (format, region, birth date, checksum).
  idNumber: z.string({ error: '请填写身份证号码' }).max(30, '身份证号码格式不正确'),
  idCardFrontId: fileId,
  idCardBackId: fileId,
  photoId: fileId.optional(),
  bio: shortText(1000, '个人简介').optional(),
  yearsOfExperience: z.number().int().min(0).max(60),
  languages: z.array(shortText(20, '语言')).max(10).default([]),
  cityCode,
  serviceCityCodes: z.array(cityCode).min(1, '请选择服务城市').max(10),
  home: z.strictObject({ latitude, longitude }),
  serviceRadiusKm: z.number().int().min(1).max(100),
  skills: z.array(documentId).min(1, '请选择可提供的服务').max(50),
  credentials: z.array(credentialInput).max(10).default([]),
});


export const publicListQuery = z
  .strictObject({
    serviceId: documentId.optional(),
    cityCode: cityCode.optional(),
    lat: z.coerce.number().min(-90).max(90).optional(),
    lng: z.coerce.number().min(-180).max(180).optional(),
    gender: z.enum(['male', 'female']).optional(),
    sort: z.enum(['rating', 'distance', 'experience']).default('rating'),
    page: z.coerce.number().int().min(1).max(1000).default(1),
    pageSize: z.coerce.number().int().min(1).max(50).default(20),
  })
  .refine((q) => (q.lat === undefined) === (q.lng === undefined), { message: 'lat 和 lng 须同时提供', path: ['lat'] });

export const publicOneQuery = z
  .strictObject({ lat: z.coerce.number().min(-90).max(90).optional(), lng: z.coerce.number().min(-180).max(180).optional() })
  .refine((q) => (q.lat === undefined) === (q.lng === undefined), { message: 'lat 和 lng 须同时提供', path: ['lat'] });

export const statusBody = z
  .strictObject({ online: z.boolean({ error: 'online 应为 true 或 false' }), latitude: latitude.optional(), longitude: longitude.optional() })
  .refine((b) => (b.latitude === undefined) === (b.longitude === undefined), { message: '经纬度须同时提供', path: ['latitude'] })
  .refine((b) => !b.online || b.latitude !== undefined, { message: '上线时须提供当前位置', path: ['latitude'] });

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');
const dayRanges = z.array(z.strictObject({ start: hhmm, end: hhmm })).max(6, '每天最多 6 个时间段');
export const workingHoursBody = z.strictObject({
  schedule: z.strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, dayRanges.optional()])) as Record<(typeof WEEKDAYS)[number], z.ZodOptional<typeof dayRanges>>),
});

// Admin
export const auditQueueQuery = z.strictObject({
  status: z.enum(['pending', 'approved', 'rejected', 'suspended']).default('pending'),
  cityCode: cityCode.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
/** A scan of one application: the caregiver's documentId and the scan's opaque key (32 hex characters). */
export const scanParams = z.object({ id: documentId, fileId: z.string().regex(/^[a-f0-9]{32}$/, '文件编号格式不正确') });
export const approveBody = z.strictObject({ note: shortText(200, '审核备注').optional() });
export const rejectBody = z.strictObject({ reason: shortText(200, '驳回原因').min(2, '请填写驳回原因') });
export const suspendBody = z.strictObject({
  reason: shortText(200, '暂停原因').min(2, '请填写暂停原因'),
  until: z.iso.datetime({ offset: true, error: '截止时间应为带时区的 ISO 8601 时间' }).optional(),
});
export const liftBody = z.strictObject({ reason: shortText(200, '恢复原因').min(2, '请填写恢复原因') });

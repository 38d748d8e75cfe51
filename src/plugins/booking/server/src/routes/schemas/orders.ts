import { z } from 'zod';
import { ORDER_STATUSES } from '../../domain/order-state-machine';
import { documentId, longText, phoneSchema, shortText } from './common';

const docId = documentId;

const place = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('home'),
    address: z.strictObject({
      text: shortText(200, '服务地址').min(5, '请填写详细服务地址'),
      latitude: z.number().min(3).max(54),
      longitude: z.number().min(73).max(136),
      district: shortText(30, '区县').nullable().optional(),
    }),
  }),
  z.strictObject({ type: z.literal('hospital'), hospitalId: docId('医院'), department: shortText(60, '科室').nullable().optional() }),
]);

export const submitOrderBody = z.strictObject({
  serviceId: docId('服务'),
  patientId: docId('就诊人'),
  caregiverId: docId('陪护人员').nullable().optional(),
  genderPreference: z.enum(['male', 'female'], { error: '陪护人员性别要求应为 male 或 female' }).nullable().optional(),
  cityCode: z.string().regex(/^\d{6}$/, '城市编码为 6 位数字'),
  startAt: z.iso.datetime({ offset: true, error: '预约时间应为 ISO 8601 格式（含时区）' }),
  units: z.number({ error: '预约数量必须是数字' }).int('预约数量必须是整数').positive('预约数量必须大于 0').max(1000, '预约数量过大'),
  place,
  contactName: shortText(30, '联系人').min(1, '请填写联系人'),
  contactPhone: phoneSchema,
  notes: longText(500, '备注').nullable().optional(),
});

export const idempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'Idempotency-Key 应为 8–64 位字母、数字、- 或 _');

// `status=a,b` or `status=a&status=b` (what generated clients send for an array).
export const statusList = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value),
  z.array(z.enum(ORDER_STATUSES, { error: '订单状态不正确' })).max(ORDER_STATUSES.length),
);

export const listOrdersQuery = z.strictObject({
  status: statusList.optional(),
  page: z.coerce.number().int().min(1).max(10000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
});

export const cancelBody = z.strictObject({ reason: shortText(200, '取消原因').optional() });

export const changeBody = z
  .strictObject({
    startAt: z.iso.datetime({ offset: true }).optional(),
    units: z.number().int().positive().max(1000).optional(),
    place: place.optional(),
  })
  .refine((v) => v.startAt !== undefined || v.units !== undefined || v.place !== undefined, '请填写要修改的时间、时长或地点');

export const finishBody = z.strictObject({ summary: longText(2000, '服务小结').min(5, '服务小结至少 5 个字') });

export const releaseBody = z.strictObject({ reason: shortText(200, '原因').min(2, '请填写原因') });

export const decideChangeBody = z.strictObject({ reason: shortText(200, '原因').optional() });

export const availabilityQuery = z.strictObject({
  startAt: z.iso.datetime({ offset: true }),
  endAt: z.iso.datetime({ offset: true }),
});

export const emptyBody = z.strictObject({});

import { z } from 'zod';
import { documentId as docId, isoDate, shortText } from './common';
import { WEEKDAYS } from '../../domain/caregiver-rules';
import { DISTANCE_BANDS } from '../../domain/geo';
import { envelope, listEnvelope } from '../route';
import { nullableString, nullableTimestamp } from './responses';

const cityCode = z.string().regex(/^[1-8]\d{5}$/, '城市编码应为 6 位行政区划代码');
const documentId = docId();
const fileId = z.number({ error: '图片编号应为数字' }).int().positive();
// Mainland China bounds: a coordinate outside is a swapped lat/lng or a test value, not a real address.
const latitude = z.number().min(3).max(54);
const longitude = z.number().min(73).max(136);

export const credentialInput = z
  .strictObject({
    typeCode: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, '资质类型编码不正确')
      .describe('`code` of a credential type (资质类型) from GET /api/credential-types, e.g. nurse_license, elderly_caregiver, health_certificate')
      .meta({ example: 'elderly_caregiver' }),
    number: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{4,40}$/, '证书编号应为 4-40 位字母、数字或连字符')
      .describe('certificate number (证书编号); stored encrypted, shown masked afterwards')
      .meta({ example: 'HL2024-001234' }),
    issuer: shortText(80, '发证机关').optional().describe('issuing authority (发证机关)'),
    validFrom: isoDate.optional().describe('valid from (YYYY-MM-DD); must not be in the future'),
    validUntil: isoDate.optional().describe('valid until (YYYY-MM-DD); required when the credential type requires an expiry, must not be past'),
    imageIds: z
      .array(fileId)
      .min(1, '请上传证书照片')
      .max(5, '每个证书最多 5 张照片')
      .describe('1–5 scans of the certificate: the `id`s returned by POST /api/booking/caregiver-applications/photos'),
  })
  .describe('one professional credential (资质证书) with its scans');

export const applicationBody = z
  .strictObject({
    realName: z
      .string({ error: '请填写真实姓名' })
      .trim()
      .regex(/^[\u4e00-\u9fa5·]{2,20}$/, '请填写与身份证一致的中文姓名')
      .describe('real name exactly as on the resident ID card (2–20 Chinese characters, · allowed); checked against the ID number by the identity provider')
      .meta({ example: '王秀英' }),
    // Only length here: domain/id-card.ts gives the precise reason (format, region, birth date, checksum).
    idNumber: z
      .string({ error: '请填写身份证号码' })
      .max(30, '身份证号码格式不正确')
      .describe(
        '18-digit resident ID number (last character may be X); format, region, birth date and checksum are checked (INVALID_ID_NUMBER), the applicant must be 18 or older (TOO_YOUNG)',
      )
      .meta({ example: '110101198003070121' }),
    idCardFrontId: fileId.describe('ID card front (人像面) scan: the `id` from POST /api/booking/caregiver-applications/photos'),
    idCardBackId: fileId.describe('ID card back (国徽面) scan: the `id` from POST /api/booking/caregiver-applications/photos'),
    photoId: fileId.optional().describe('profile photo shown (with the masked name) on the public profile: an uploaded `id`'),
    bio: shortText(1000, '个人简介').optional().describe('self-introduction (个人简介), at most 1000 characters'),
    yearsOfExperience: z.number().int().min(0).max(60).describe('years of care experience (从业年限)').meta({ example: 5 }),
    languages: z
      .array(shortText(20, '语言'))
      .max(10)
      .default([])
      .describe('languages and dialects spoken (e.g. 普通话, 粤语)')
      .meta({ example: ['普通话', '四川话'] }),
    cityCode: cityCode.describe('home city: `code` (6-digit administrative division code) of an active city from GET /api/cities').meta({ example: '310100' }),
    serviceCityCodes: z
      .array(cityCode)
      .min(1, '请选择服务城市')
      .max(10)
      .describe('cities the caregiver takes orders in: 1–10 city codes from GET /api/cities')
      .meta({ example: ['310100'] }),
    home: z
      .strictObject({
        latitude: latitude.describe('latitude (mainland China: 3–54)').meta({ example: 31.2304 }),
        longitude: longitude.describe('longitude (mainland China: 73–136)').meta({ example: 121.4737 }),
      })
      .describe('home location: used for distance bands and dispatch, never shown'),
    serviceRadiusKm: z.number().int().min(1).max(100).describe('how far from home the caregiver takes orders, in km').meta({ example: 10 }),
    skills: z
      .array(documentId)
      .min(1, '请选择可提供的服务')
      .max(50)
      .describe('documentIds of the services (服务项目, GET /api/services) the caregiver can provide'),
    credentials: z.array(credentialInput).max(10).default([]).describe('professional credentials (up to 10); each is audited on its own'),
  })
  .describe(
    'A caregiver application (申请成为护理员). Upload every scan first (multipart, one file per request), then submit the ids here. ' +
      'A rejected application may be submitted again; a pending or approved one may not (APPLICATION_PENDING, ALREADY_CAREGIVER).',
  );

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
  schedule: z.strictObject(
    Object.fromEntries(WEEKDAYS.map((d) => [d, dayRanges.optional()])) as Record<(typeof WEEKDAYS)[number], z.ZodOptional<typeof dayRanges>>,
  ),
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

// ---- Responses ----
const cityRef = z.object({ code: z.string(), name: z.string() });
export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected', 'suspended', 'withdrawn'] as const;
export const CREDENTIAL_STATUSES = ['pending', 'approved', 'rejected', 'suspended', 'expired'] as const;
const applicationStatus = z
  .enum(APPLICATION_STATUSES)
  .describe('pending 待审核 → approved 已通过 | rejected 已驳回 (may resubmit); suspended 暂停接单; withdrawn 已退出');
const credentialStatus = z.enum(CREDENTIAL_STATUSES).describe('pending 待审核, approved 已通过, rejected 已驳回, suspended 已暂停, expired 已过期');
const level = z.enum(['junior', 'intermediate', 'senior', 'gold']).describe('junior 初级, intermediate 中级, senior 高级, gold 金牌');

export const uploadedPhoto = envelope(
  z.object({
    id: z.number().int().describe('pass as idCardFrontId, idCardBackId, photoId or a credential imageIds entry'),
    mime: z.enum(['image/jpeg', 'image/png', 'image/webp', 'image/gif']).describe('type sniffed from the bytes'),
  }),
);

export const myApplication = envelope(
  z.object({
    documentId: z.string(),
    status: applicationStatus,
    rejectReason: nullableString.describe('why the application was rejected (when status is rejected)'),
    appliedAt: nullableTimestamp,
    approvedAt: nullableTimestamp,
    suspendedUntil: nullableTimestamp.describe('a timed suspension ends by itself at this time'),
    realName: z.string(),
    idNumberMasked: nullableString,
    gender: z.enum(['male', 'female']).nullable().describe('from the ID number'),
    birthDate: nullableString.describe('YYYY-MM-DD, from the ID number'),
    idVerified: z.boolean().describe('the identity provider matched name and ID number'),
    credentials: z.array(
      z.object({
        documentId: z.string(),
        type: cityRef.nullable().describe('credential type code and name'),
        numberMasked: nullableString,
        validUntil: nullableString.describe('YYYY-MM-DD'),
        status: credentialStatus,
        reviewNote: nullableString.describe("the auditor's note (the reason when rejected)"),
      }),
    ),
  }),
);

const publicCaregiver = z.object({
  documentId: z.string(),
  name: z.string().describe('masked honorific name (e.g. 王阿姨), never the full name'),
  photoUrl: nullableString,
  gender: z.enum(['male', 'female']).nullable(),
  ageBand: nullableString.describe('decade band such as 40-49岁'),
  level: level.nullable(),
  yearsOfExperience: z.number().int(),
  badges: z.array(z.string()).describe('names of valid approved credentials'),
  rating: z.number().describe('average overall score, 0 when not yet rated'),
  reviewCount: z.number().int(),
  completedOrders: z.number().int(),
  distanceBand: z.enum(DISTANCE_BANDS).nullable().optional().describe('only when lat/lng were sent; a band, never a figure'),
});
export const publicCaregiverList = listEnvelope(
  publicCaregiver,
  z.object({ pagination: z.object({ page: z.number().int(), pageSize: z.number().int(), total: z.number().int() }) }),
);
export const publicCaregiverResponse = envelope(publicCaregiver.extend({ bio: nullableString, languages: z.array(z.string()) }));

export const presence = envelope(
  z.object({ online: z.boolean(), lastSeenAt: nullableTimestamp, latitude: z.number().nullable(), longitude: z.number().nullable() }),
);
export const workingHours = envelope(
  z.object({
    workingHours: z
      .object(Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(z.object({ start: z.string(), end: z.string() })).optional()])))
      .describe('normalised weekly schedule (HH:MM ranges per weekday, Beijing time)'),
  }),
);

// Operators
/** A private scan: an opaque key, never a URL; the bytes come from GET /booking/caregivers/{caregiverId}/files/{id} (audited). */
const file = z
  .object({
    id: z.string().describe('the scan key (32 hex digits)'),
    caregiverId: z.string().describe('the application the scan belongs to'),
    mime: z.string().nullable(),
  })
  .nullable();
export const auditQueue = listEnvelope(
  z.object({
    documentId: z.string(),
    realName: z.string(),
    gender: z.enum(['male', 'female']).nullable(),
    birthDate: nullableString,
    idNumberMasked: nullableString,
    status: applicationStatus,
    appliedAt: nullableTimestamp,
    yearsOfExperience: z.number().int().nullable(),
    rejectReason: nullableString,
    city: cityRef.nullable(),
  }),
  z.object({ pagination: z.object({ page: z.number().int(), pageSize: z.number().int(), total: z.number().int() }) }),
);
const auditEntry = z.object({}).catchall(z.unknown()).describe('one audit-log row (action, admin, before/after, reason, time)');
export const applicationDetail = envelope(
  z.object({
    id: z.number().int(),
    documentId: z.string(),
    realName: z.string(),
    gender: z.enum(['male', 'female']).nullable(),
    birthDate: nullableString,
    idNumber: nullableString.describe("in full (the view is audited); null in a decision's answer"),
    idNumberMasked: nullableString,
    status: applicationStatus,
    rejectReason: nullableString,
    suspendedUntil: nullableTimestamp,
    idCardFront: file,
    idCardBack: file,
    photo: file,
    city: cityRef.nullable(),
    serviceCities: z.array(cityRef),
    skills: z.array(z.object({ documentId: z.string(), name: z.string() })),
    credentials: z.array(
      z.object({
        documentId: z.string(),
        status: credentialStatus,
        number: nullableString.describe('in full only on the audited detail view'),
        numberMasked: nullableString,
        credentialType: cityRef.nullable(),
        images: z.array(file),
      }),
    ),
    auditLog: z.array(auditEntry),
  }),
);
export const credentialDecision = envelope(
  z.object({
    id: z.number().int(),
    documentId: z.string(),
    status: credentialStatus,
    numberMasked: nullableString,
    reviewNote: nullableString,
    reviewedAt: nullableTimestamp,
    credentialType: cityRef.nullable(),
  }),
);
export const standing = envelope(
  z.object({ status: applicationStatus, suspendedUntil: nullableTimestamp, suspensionReason: nullableString, rejectReason: nullableString }),
);

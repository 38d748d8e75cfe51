import { z } from 'zod';
import { REVIEW_TAGS } from '../../domain/reviews';
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES } from '../../domain/complaints';
import { SUGGESTION_STATUSES, SUGGESTION_TAGS } from '../../domain/suggestions';
import { documentId, phoneSchema, shortText } from './common';
import { envelope, listEnvelope } from '../route';
import { nullableString, nullableTimestamp, timestamp } from './responses';

const score = (label: string) =>
  z
    .number({ error: `请为${label}打分` })
    .int(`${label}评分须为整数`)
    .min(1, `${label}评分为 1 到 5 分`)
    .max(5, `${label}评分为 1 到 5 分`);
const text = (max: number, label: string, min = 1) => z.string().trim().min(min, `请填写${label}`).max(max, `${label}不能超过 ${max} 个字`);

export const pageQuery = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
});

export const createReviewBody = z.strictObject({
  attitude: score('服务态度'),
  skill: score('专业技能'),
  punctuality: score('准时'),
  overall: score('总体'),
  tags: z
    .array(z.enum(REVIEW_TAGS, { error: '不支持的评价标签' }))
    .max(6, '最多选择 6 个标签')
    .default([]),
  text: z.string().trim().max(500, '评价内容不能超过 500 个字').optional(),
});

export const followUpBody = z.strictObject({ text: text(500, '追评内容') });
export const replyBody = z.strictObject({ text: text(300, '回复内容') });
export const hideBody = z.strictObject({ reason: text(200, '隐藏原因', 2) });
export const emptyBody = z.strictObject({});

export const createComplaintBody = z.strictObject({
  category: z.enum(COMPLAINT_CATEGORIES, { error: '投诉类型应为 late、attitude、skill、safety、billing 或 other' }),
  description: text(1000, '投诉内容', 5),
});

export const adminComplaintsQuery = pageQuery.extend({
  status: z.enum(COMPLAINT_STATUSES).optional(),
  overdue: z.stringbool({ truthy: ['true'], falsy: ['false'] }).optional(),
});

const resolution = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('full_refund') }),
    z.strictObject({ type: z.literal('partial_refund'), amountFen: z.number().int('退款金额以分为单位，须为整数').min(1, '退款金额须大于 0') }),
    z.strictObject({ type: z.literal('warning') }),
    z.strictObject({
      type: z.literal('penalty'),
      points: z.number().int().min(1, '扣分为 1 到 12 分').max(12, '扣分为 1 到 12 分'),
      // A fine (fen) deducted from the caregiver's open settlement; at most 5000 元.
      fineFen: z.number().int().min(1, '罚款金额必须为正整数（分）').max(500_000, '罚款不能超过 5000 元').optional(),
    }),
    z.strictObject({ type: z.literal('suspension'), days: z.number().int().min(1, '停单天数为 1 到 90 天').max(90, '停单天数为 1 到 90 天') }),
    z.strictObject({
      type: z.literal('retraining'),
      note: text(200, '复训说明', 2),
      courseIds: z.array(documentId('课程')).max(5, '最多指定 5 门课程').optional(),
    }),
    z.strictObject({ type: z.literal('replace_caregiver') }),
  ],
  { error: '不支持的处理方式' },
);

export const stepBody = z.strictObject({ message: text(500, '给用户的说明', 2) });
export const resolveBody = stepBody.extend({ resolutions: z.array(resolution).min(1, '请至少选择一种处理方式').max(7) });

export const createSuggestionBody = z.strictObject({
  text: text(1000, '意见建议', 5),
  contact: z.union([phoneSchema, shortText(60, '联系方式').email('联系方式应为手机号或邮箱')]).optional(),
});
export const adminSuggestionsQuery = pageQuery.extend({ status: z.enum(SUGGESTION_STATUSES).optional() });
export const tagSuggestionBody = z.strictObject({
  tags: z
    .array(z.enum(SUGGESTION_TAGS, { error: '不支持的标签' }))
    .min(1, '请至少选择一个标签')
    .max(5),
});
export const answerSuggestionBody = z.strictObject({ text: text(500, '回复内容', 2) });

// ---- Responses ----
const pageMeta = z.object({ pagination: z.object({ page: z.number().int(), pageSize: z.number().int(), total: z.number().int() }) });
const note = z.object({ text: z.string(), createdAt: timestamp }).nullable();
const scores = z.object({ attitude: z.number().int(), skill: z.number().int(), punctuality: z.number().int(), overall: z.number().int() }).describe('1–5 each');

/** What the author and the reviewed caregiver see of a review. */
const ownReview = z.object({
  documentId: z.string(),
  orderId: z.number().int(),
  scores,
  tags: z.array(z.string()),
  text: z.string().describe('empty when the reviewer wrote none'),
  followUp: note.describe("the reviewer's one follow-up (追评)"),
  reply: note.describe("the caregiver's one reply"),
  hidden: z.boolean(),
  createdAt: timestamp,
});
export const reviewResponse = envelope(ownReview);
export const moderatedReview = envelope(
  ownReview.extend({
    hiddenReason: nullableString,
    caregiverRating: z.object({ rating: z.number(), count: z.number().int() }).describe("the caregiver's rating after the change"),
  }),
);
const publicReview = ownReview.omit({ hidden: true, orderId: true }).extend({ reviewer: z.string().describe('masked display name, or 匿名用户') });
export const publicReviews = listEnvelope(publicReview, pageMeta);
export const caregiverReviews = listEnvelope(publicReview, pageMeta.extend({ rating: z.number(), ratingCount: z.number().int() }));

const complaintStep = z.object({
  fromStatus: z.enum(COMPLAINT_STATUSES).nullable(),
  toStatus: z.enum(COMPLAINT_STATUSES),
  message: nullableString,
  createdAt: timestamp,
  adminId: z.number().int().nullable().optional().describe('operators only'),
});
const complaint = z.object({
  documentId: z.string(),
  order: z.object({ documentId: nullableString, orderNo: nullableString }),
  category: z.enum(COMPLAINT_CATEGORIES),
  categoryLabel: z.string(),
  description: z.string(),
  status: z.enum(COMPLAINT_STATUSES).describe('submitted 已提交 → investigating 调查中 → resolved 已处理 | rejected 已驳回'),
  statusLabel: z.string(),
  deadlineAt: nullableTimestamp.describe('when the current step is due'),
  resolution: z
    .object({ outcome: z.enum(['resolved', 'rejected']), message: z.string() })
    .catchall(z.unknown())
    .nullable()
    .describe('set when closed; `items` lists the applied resolutions'),
  createdAt: timestamp,
  closedAt: nullableTimestamp,
  steps: z.array(complaintStep).optional().describe('on single-complaint views'),
  // Operators only
  id: z.number().int().optional(),
  userId: z.number().int().optional(),
  caregiverId: z.number().int().nullable().optional(),
  overdue: z.boolean().optional(),
  overdueAt: nullableTimestamp.optional(),
});
export const complaintResponse = envelope(complaint);
export const complaintList = listEnvelope(complaint, pageMeta);

const suggestion = z.object({
  documentId: z.string(),
  text: z.string(),
  contact: nullableString,
  status: z.enum(SUGGESTION_STATUSES).describe('new 新建, read 已读, answered 已回复'),
  answer: nullableString,
  answeredAt: nullableTimestamp,
  createdAt: timestamp,
  tags: z.array(z.enum(SUGGESTION_TAGS)).optional().describe('operators only'),
  // Operators' list only
  id: z.number().int().optional(),
  userId: z.number().int().nullable().optional(),
  answeredByAdminId: z.number().int().nullable().optional(),
});
export const suggestionResponse = envelope(suggestion);
export const suggestionList = listEnvelope(suggestion, pageMeta);

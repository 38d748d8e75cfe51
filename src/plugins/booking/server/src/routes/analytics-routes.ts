import { z } from 'zod';
import { can, route } from './route';
import { documentId, isoDate } from './schemas/common';
import { CLIENT_EVENT_TYPES } from '../services/analytics/analytics';
import type { ErrorCode } from '../domain/errors';
import * as a from './schemas/analytics';

/** A day range (domain/analytics-period.ts): real dates, from <= to, at most a year. */
const RANGE_ERRORS: ErrorCode[] = ['INVALID_DATE', 'INVALID_RANGE', 'RANGE_TOO_LONG'];
const CSV = { contentType: 'text/csv', description: 'with `format=csv`: the same table as a CSV download (Chinese headers, UTF-8)' };

const cityCode = z.string().regex(/^\d{6}$/, '城市编码应为 6 位数字');
const deviceId = z.string().regex(/^[\w-]{6,64}$/, '设备标识格式不正确');
const sessionId = z.string().regex(/^[\w-]{6,64}$/, '会话标识格式不正确');
const format = z.enum(['json', 'csv']).default('json');
const range = { from: isoDate, to: isoDate, format };

const clientEvent = z.strictObject({
  type: z.enum(CLIENT_EVENT_TYPES, { error: '事件类型不支持（订单与支付事件由服务端记录）' }),
  occurredAt: z.iso.datetime({ offset: true, error: '事件时间应为 ISO 8601 格式' }),
  serviceDocumentId: documentId('服务').optional(),
  caregiverId: z.number().int().positive().optional(),
  step: z.enum(['select_service', 'select_time', 'select_patient', 'select_address', 'confirm', 'pay']).optional(),
  cityCode: cityCode.optional(),
  sessionId: sessionId.optional(),
});

export const ingestBody = z.strictObject({
  deviceId: deviceId.optional(),
  sessionId: sessionId.optional(),
  events: z.array(clientEvent).min(1, '至少上报 1 个事件').max(100, '每批最多 100 个事件'),
});

export const searchQuery = z.strictObject({
  q: z.string().trim().min(1, '请输入搜索关键词').max(20, '关键词不能超过 20 个字'),
  cityCode: cityCode.optional(),
  deviceId: deviceId.optional(),
  page: z.coerce.number().int().min(1).max(100).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
});

/** Public (auth optional): a JWT, when sent, is verified by the controller and ties the event to the user. */
export const analyticsRoutes = [
  route({
    method: 'POST',
    path: '/analytics/events',
    handler: 'analytics.ingest',
    auth: false,
    body: ingestBody,
    response: a.ingested,
    status: 202,
    errors: ['DEVICE_ID_REQUIRED', 'UNAUTHENTICATED'],
  }),
  route({
    method: 'GET',
    path: '/search',
    handler: 'analytics.search',
    auth: false,
    query: searchQuery,
    response: a.searchResults,
    errors: ['QUERY_EMPTY', 'UNAUTHENTICATED'],
  }),
];

const read = [can('plugin::booking.analytics.read')];

export const adminAnalyticsRoutes = [
  route({
    method: 'GET',
    path: '/analytics/business',
    handler: 'admin-analytics.business',
    response: a.business,
    errors: RANGE_ERRORS,
    alternative: CSV,
    query: z.strictObject({ ...range, dimension: z.enum(['all', 'city', 'category', 'channel']).default('all'), cityCode: cityCode.optional() }),
    policies: read,
  }),
  route({
    method: 'GET',
    path: '/analytics/keywords',
    handler: 'admin-analytics.keywords',
    response: a.keywords,
    errors: RANGE_ERRORS,
    alternative: CSV,
    query: z.strictObject({
      ...range,
      noResults: z.enum(['true', 'false']).default('false'),
      limit: z.coerce.number().int().min(1).max(500).default(50),
      cityCode: cityCode.optional(),
    }),
    policies: read,
  }),
  route({
    method: 'GET',
    path: '/analytics/funnel',
    handler: 'admin-analytics.funnel',
    response: a.funnel,
    errors: RANGE_ERRORS,
    alternative: CSV,
    query: z.strictObject({ ...range, cityCode: cityCode.optional() }),
    policies: read,
  }),
  route({
    method: 'GET',
    path: '/analytics/caregivers',
    handler: 'admin-analytics.caregivers',
    response: a.caregiverQuality,
    errors: RANGE_ERRORS,
    alternative: CSV,
    query: z.strictObject({ ...range, cityCode: cityCode.optional() }),
    policies: read,
  }),
  route({
    method: 'GET',
    path: '/analytics/caregivers/awards',
    handler: 'admin-analytics.awards',
    response: a.awards,
    errors: ['INVALID_MONTH'],
    alternative: CSV,
    query: z.strictObject({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM'), format }),
    policies: read,
  }),
  route({
    method: 'GET',
    path: '/analytics/caregivers/retraining',
    handler: 'admin-analytics.retraining',
    response: a.retraining,
    errors: RANGE_ERRORS,
    alternative: CSV,
    query: z.strictObject({ asOf: isoDate.optional(), format }),
    policies: read,
  }),
  route({
    method: 'POST',
    path: '/analytics/rollup',
    handler: 'admin-analytics.rollup',
    response: a.rollup,
    errors: RANGE_ERRORS,
    body: z.strictObject({ from: isoDate, to: isoDate }),
    policies: [can('plugin::booking.analytics.manage')],
  }),
];

export const ANALYTICS_ADMIN_ACTIONS = [
  { section: 'plugins', displayName: '查看数据分析（经营、行为、服务质量）', uid: 'analytics.read', pluginName: 'booking', subCategory: '数据分析' },
  { section: 'plugins', displayName: '重新汇总每日指标', uid: 'analytics.manage', pluginName: 'booking', subCategory: '数据分析' },
];

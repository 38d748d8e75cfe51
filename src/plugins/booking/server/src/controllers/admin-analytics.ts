import type { Core } from '@strapi/strapi';
import { beijingDateKey, dayRange, toCsv, type CsvColumn } from '../domain/analytics-period';
import { bookingService } from '../utils/plugin';
import type { BookingContext } from './context';

type Columns = Array<[key: string, header: string]>;

const BUSINESS: Columns = [
  ['date', '日期'],
  ['dimension', '维度'],
  ['value', '维度值'],
  ['orders', '下单数'],
  ['gmvFen', 'GMV（分）'],
  ['paidOrders', '支付订单数'],
  ['paidFen', '实收（分）'],
  ['refundedFen', '退款（分）'],
  ['netFen', '净收入（分）'],
  ['caregiverCostFen', '陪护人员成本（分）'],
  ['feesFen', '支付手续费（分）'],
  ['grossMarginFen', '毛利（分）'],
  ['completed', '完成数'],
  ['cancelled', '取消数'],
];
const KEYWORDS: Columns = [
  ['keyword', '关键词'],
  ['searches', '搜索次数'],
  ['noResultSearches', '无结果次数'],
  ['searchers', '搜索人数'],
];
const FUNNEL: Columns = [
  ['categorySlug', '服务类别'],
  ['viewers', '浏览人数'],
  ['submitters', '下单人数'],
  ['payers', '支付人数'],
  ['completers', '完成人数'],
  ['viewToOrder', '浏览→下单'],
  ['orderToPay', '下单→支付'],
  ['payToComplete', '支付→完成'],
];
const QUALITY: Columns = [
  ['caregiverId', '陪护人员ID'],
  ['name', '姓名'],
  ['assigned', '接单数'],
  ['served', '服务完成数'],
  ['completed', '确认完成数'],
  ['cancelled', '取消数'],
  ['onTimeRate', '准时开始率'],
  ['reviewCount', '评价数'],
  ['rating', '综合评分'],
  ['attitude', '服务态度'],
  ['skill', '专业技能'],
  ['punctuality', '守时'],
  ['complaints', '投诉数'],
  ['upheldComplaints', '成立投诉数'],
  ['complaintRate', '投诉率'],
];
const AWARDS: Columns = [['rank', '名次'], ['title', '称号'], ...QUALITY];
const RETRAINING: Columns = [
  ['caregiverId', '陪护人员ID'],
  ['name', '姓名'],
  ['rating', '近90天评分'],
  ['reviewCount', '评价数'],
  ['recentUpheldComplaints', '近30天成立投诉'],
  ['reasons', '原因'],
];

/** Operator figures. JSON by default; `?format=csv` answers the same table as an Excel-friendly CSV download. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const business = () => bookingService(strapi, 'analytics-business');
  const behaviour = () => bookingService(strapi, 'analytics-behaviour');
  const quality = () => bookingService(strapi, 'analytics-quality');

  function answer(ctx: BookingContext, name: string, columns: Columns, rows: object[], body: unknown) {
    if (ctx.state.query?.format !== 'csv') {
      ctx.body = body;
      return;
    }
    const csvColumns = columns.map(([key, header]) => ({ key, header })) as CsvColumn<Record<string, unknown>>[];
    const flat = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Array.isArray(v) ? v.join(';') : v])));
    ctx.set('Content-Type', 'text/csv; charset=utf-8');
    ctx.set('Content-Disposition', `attachment; filename="${name}.csv"`);
    ctx.body = toCsv(csvColumns, flat);
  }

  const rangeOf = (q: { from: string; to: string }) => dayRange(q.from, q.to);
  const stamp = (q: { from: string; to: string }) => `${q.from}_${q.to}`;

  return {
    async business(ctx: BookingContext) {
      const q = ctx.state.query;
      const report = await business().report(rangeOf(q), q.dimension, q.cityCode);
      answer(ctx, `business-${q.dimension}-${stamp(q)}`, BUSINESS, report.data.rows, report);
    },

    async keywords(ctx: BookingContext) {
      const q = ctx.state.query;
      const range = rangeOf(q);
      const rows = await behaviour().keywords(range, { noResults: q.noResults === 'true', limit: q.limit, cityCode: q.cityCode });
      answer(ctx, `${q.noResults === 'true' ? 'no-result-keywords' : 'keywords'}-${stamp(q)}`, KEYWORDS, rows, {
        data: rows,
        meta: { from: q.from, to: q.to, noResults: q.noResults === 'true' },
      });
    },

    async funnel(ctx: BookingContext) {
      const q = ctx.state.query;
      const rows = await behaviour().funnel(rangeOf(q), q.cityCode);
      answer(ctx, `funnel-${stamp(q)}`, FUNNEL, rows, { data: rows, meta: { from: q.from, to: q.to, cityCode: q.cityCode ?? null } });
    },

    async caregivers(ctx: BookingContext) {
      const q = ctx.state.query;
      const rows = await quality().caregivers(rangeOf(q), q.cityCode);
      answer(ctx, `caregiver-quality-${stamp(q)}`, QUALITY, rows, { data: rows, meta: { from: q.from, to: q.to, reviewsEnabled: quality().reviewsEnabled() } });
    },

    async awards(ctx: BookingContext) {
      const q = ctx.state.query;
      const result = await quality().awards(q.month);
      answer(ctx, `awards-${q.month}`, AWARDS, result.data, result);
    },

    async retraining(ctx: BookingContext) {
      const q = ctx.state.query;
      const result = await quality().retraining(q.asOf ?? beijingDateKey(new Date()));
      answer(ctx, `retraining-${result.meta.asOf}`, RETRAINING, result.data, result);
    },

    async rollup(ctx: BookingContext) {
      const { from, to } = ctx.state.body;
      ctx.body = { data: await business().rollup(from, to) };
    },
  };
};

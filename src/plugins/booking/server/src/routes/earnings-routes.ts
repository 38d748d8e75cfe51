import { z } from 'zod';
import { route } from './route';
import { emptyQuery, shortText } from './schemas/common';
import { isBankCardNumber } from '../domain/settlement';
import type { ErrorCode } from '../domain/errors';
import * as e from './schemas/earnings';

/** Suspended caregivers still see their money: only a user who never became a caregiver is refused. */
const ME: ErrorCode[] = ['NOT_A_CAREGIVER'];

const page = { page: z.coerce.number().int().min(1).max(1000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) };
export const pageQuery = z.strictObject(page);
export const statementParams = z.object({ statementNo: z.string().regex(/^ST\d{4}(W\d{2}|\d{2})C\d{1,10}$/, '结算单号格式不正确') });
export const statementListQuery = z.strictObject({ ...page, status: z.enum(['pending_approval', 'approved', 'paying', 'paid']).optional() });
export const payoutParams = z.object({ outTradeNo: z.string().regex(/^PO\d{12}A\d{2}$/, '打款单号格式不正确') });
export const payoutListQuery = z.strictObject({ ...page, status: z.enum(['pending', 'processing', 'succeeded', 'failed']).optional() });
export const markBody = z.strictObject({ status: z.enum(['succeeded', 'failed']), reason: shortText(200, '原因').optional() });
export const accountBody = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('wechat') }),
  z.strictObject({
    method: z.literal('bank'),
    holderName: shortText(40, '开户人姓名').min(2, '请填写开户人姓名'),
    bankName: shortText(60, '开户银行').min(2, '请填写开户银行'),
    cardNumber: z.string().refine(isBankCardNumber, '银行卡号不正确'),
  }),
]);
export const caregiverParams = z.object({ caregiverId: z.coerce.number().int().positive('陪护人员编号不正确').max(2_147_483_647, '陪护人员编号不正确') });
export const runBody = z.strictObject({ at: z.iso.datetime({ offset: true, error: '时间应为 ISO 8601 格式' }).optional() });

/** The caregiver's own money: earnings per order, the open period, statements with their lines. */
export const earningsRoutes = [
  route({ method: 'GET', path: '/caregiver/earnings', handler: 'earnings.list', query: pageQuery, response: e.earningList, errors: ME }),
  route({ method: 'GET', path: '/caregiver/earnings/current', handler: 'earnings.current', query: emptyQuery, response: e.current, errors: ME }),
  route({ method: 'GET', path: '/caregiver/statements', handler: 'earnings.statements', query: emptyQuery, response: e.statementList, errors: ME }),
  route({
    method: 'GET',
    path: '/caregiver/statements/:statementNo',
    handler: 'earnings.statement',
    params: statementParams,
    query: emptyQuery,
    response: e.myStatementDetail,
    errors: [...ME, 'STATEMENT_NOT_FOUND'],
  }),
  route({ method: 'GET', path: '/caregiver/payout-account', handler: 'earnings.account', query: emptyQuery, response: e.payoutAccountResponse, errors: ME }),
  route({
    method: 'PUT',
    path: '/caregiver/payout-account',
    handler: 'earnings.setAccount',
    body: accountBody,
    response: e.payoutAccountSaved,
    errors: [...ME, 'WECHAT_NOT_BOUND'],
  }),
];

export const EARNINGS_ACTIONS = [
  'plugin::booking.earnings.list',
  'plugin::booking.earnings.current',
  'plugin::booking.earnings.statements',
  'plugin::booking.earnings.statement',
  'plugin::booking.earnings.account',
  'plugin::booking.earnings.setAccount',
];

const can = (action: string) => ({ name: 'admin::hasPermissions', config: { actions: [action] } });
const READ = can('plugin::booking.settlement.read');
const MANAGE = can('plugin::booking.settlement.manage');
const PAY = can('plugin::booking.settlement.pay');

export const adminEarningsRoutes = [
  route({
    method: 'GET',
    path: '/settlement/statements',
    handler: 'admin-earnings.statements',
    query: statementListQuery,
    response: e.statementPage,
    errors: [],
    policies: [READ],
  }),
  route({
    method: 'GET',
    path: '/settlement/statements/:statementNo',
    handler: 'admin-earnings.statement',
    params: statementParams,
    query: emptyQuery,
    response: e.statementDetail,
    errors: ['STATEMENT_NOT_FOUND'],
    policies: [READ],
  }),
  route({
    method: 'POST',
    path: '/settlement/statements/:statementNo/approve',
    handler: 'admin-earnings.approve',
    params: statementParams,
    body: z.strictObject({}),
    response: e.statementDetail,
    errors: ['STATEMENT_NOT_FOUND', 'STATEMENT_CHANGED'],
    policies: [MANAGE],
  }),
  route({ method: 'POST', path: '/settlement/runs', handler: 'admin-earnings.run', body: runBody, response: e.jobResult, errors: [], policies: [MANAGE] }),
  route({
    method: 'GET',
    path: '/settlement/payouts',
    handler: 'admin-earnings.payouts',
    query: payoutListQuery,
    response: e.payoutPage,
    errors: [],
    policies: [READ],
  }),
  route({
    method: 'POST',
    path: '/settlement/payouts/send',
    handler: 'admin-earnings.sendPayouts',
    body: z.strictObject({}),
    response: e.jobResult,
    errors: [],
    policies: [PAY],
  }),
  route({
    method: 'POST',
    path: '/settlement/payouts/bank-batch',
    handler: 'admin-earnings.bankBatch',
    body: z.strictObject({}),
    raw: {
      contentType: 'text/csv',
      description: 'the bank batch (打款单号, 结算单号, 开户人, 开户银行, 银行卡号, 金额（元）); header X-Batch-Count gives the number of rows',
    },
    errors: [],
    policies: [PAY],
  }),
  route({
    method: 'POST',
    path: '/settlement/payouts/:outTradeNo/mark',
    handler: 'admin-earnings.markBank',
    params: payoutParams,
    body: markBody,
    response: e.payoutResponse,
    errors: ['PAYOUT_NOT_FOUND', 'PAYOUT_CHANGED'],
    policies: [PAY],
  }),
  route({
    method: 'GET',
    path: '/settlement/caregivers/:caregiverId',
    handler: 'admin-earnings.caregiver',
    params: caregiverParams,
    query: pageQuery,
    response: e.caregiverMoney,
    errors: [],
    policies: [READ],
  }),
  route({
    method: 'GET',
    path: '/settlement/alerts',
    handler: 'admin-earnings.alerts',
    query: emptyQuery,
    response: e.payoutAlerts,
    errors: [],
    policies: [READ],
  }),
];

export const EARNINGS_ADMIN_ACTIONS = [
  { section: 'plugins', displayName: '查看结算（结算单、明细）', uid: 'settlement.read', pluginName: 'booking', subCategory: '结算' },
  { section: 'plugins', displayName: '结算管理（结算、审核结算单）', uid: 'settlement.manage', pluginName: 'booking', subCategory: '结算' },
  { section: 'plugins', displayName: '结算打款（发起打款、导出银行批次、标记到账）', uid: 'settlement.pay', pluginName: 'booking', subCategory: '结算' },
];

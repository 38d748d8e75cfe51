import { z } from 'zod';
import { can, route } from './route';
import * as r from './schemas/responses';
import * as c from './schemas/console';
import { documentId, documentIdParams, emptyQuery, shortText } from './schemas/common';

const tradeNoParams = z.object({ tradeNo: z.string().regex(/^\d{16}P\d{2}$/, '支付流水号格式不正确') });

export const startPaymentBody = z.strictObject({
  channel: z.enum(['wechat', 'alipay', 'unionpay', 'sandbox']),
  scene: z.enum(['jsapi', 'native', 'h5', 'page', 'wap', 'app', 'card', 'sandbox']),
  openid: z
    .string()
    .regex(/^[\w-]{10,64}$/, 'openid 格式不正确')
    .optional(),
  deviceId: z
    .string()
    .regex(/^[\w-]{6,64}$/, '设备标识格式不正确')
    .optional(),
  returnUrl: z
    .url({ protocol: /^https?$/ })
    .max(300)
    .optional(),
  changeRequest: documentId('改约申请')
    .optional()
    .describe('补差价: the documentId of a change request in `awaiting_payment`; the attempt then charges its `chargeFen`'),
});

export const paymentRoutes = [
  route({
    method: 'POST',
    path: '/orders/:id/payments',
    handler: 'payments.start',
    params: documentIdParams,
    body: startPaymentBody,
    response: r.paymentStarted,
    status: 201,
    errors: [
      'ORDER_NOT_FOUND',
      'ORDER_NOT_PAYABLE',
      'ORDER_EXPIRED',
      'CHANNEL_UNAVAILABLE',
      'SCENE_UNSUPPORTED',
      'OPENID_REQUIRED',
      'PAYMENT_FROZEN',
      'PAYMENT_TOO_FREQUENT',
      'GATEWAY_UNAVAILABLE',
      'PAYMENT_IN_PROGRESS',
      'RETURN_URL_REQUIRED',
      'CHANGE_NOT_FOUND',
      'CHANGE_CLOSED',
    ],
    summary: 'Start paying an order, or the difference of a change (补差价), through a channel',
  }),
  route({
    method: 'GET',
    path: '/payments/:tradeNo',
    handler: 'payments.findOne',
    params: tradeNoParams,
    query: emptyQuery,
    response: r.paymentResponse,
    errors: ['PAYMENT_NOT_FOUND'],
  }),
  // Public: the provider's signature is the credential. No body schema: the raw signed bytes are verified instead.
  route({
    method: 'POST',
    path: '/payments/notify/:channel',
    handler: 'payments.notify',
    auth: false,
    params: z.object({ channel: z.enum(['wechat', 'alipay', 'unionpay', 'sandbox']) }),
    raw: { contentType: 'text/plain', description: "the channel's own acknowledgement format" },
    summary: 'Payment provider callback (signed)',
  }),
  route({
    method: 'POST',
    path: '/payments/sandbox/:tradeNo/complete',
    handler: 'payments.completeSandbox',
    params: tradeNoParams,
    body: z.strictObject({ result: z.enum(['success', 'fail']) }),
    response: r.sandboxCompleted,
    errors: ['PAYMENT_NOT_FOUND', 'SANDBOX_ONLY'],
    summary: 'Development only: complete or fail a sandbox payment through the signed callback path',
  }),
];

export const PAYMENT_ACTIONS = ['plugin::booking.payments.start', 'plugin::booking.payments.findOne', 'plugin::booking.payments.completeSandbox'];

export const adminRiskRoutes = [
  route({
    method: 'GET',
    path: '/risk/events',
    handler: 'admin-risk.events',
    response: c.riskEvents,
    errors: [],
    query: z.strictObject({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) }),
    policies: [can('plugin::booking.risk.manage')],
  }),
  route({
    method: 'GET',
    path: '/risk/freezes',
    handler: 'admin-risk.freezes',
    response: c.freezes,
    errors: [],
    query: z.strictObject({
      active: z.enum(['true', 'false']).optional(),
      page: z.coerce.number().int().min(1).default(1),
      pageSize: z.coerce.number().int().min(1).max(100).default(20),
    }),
    policies: [can('plugin::booking.risk.manage')],
  }),
  route({
    method: 'POST',
    path: '/risk/freezes/:id/lift',
    handler: 'admin-risk.lift',
    response: c.freezeResponse,
    errors: ['FREEZE_NOT_FOUND', 'FREEZE_LIFTED'],
    params: documentIdParams,
    body: z.strictObject({ note: shortText(200, '处理说明').min(2, '请填写处理说明') }),
    policies: [can('plugin::booking.risk.manage')],
  }),
];

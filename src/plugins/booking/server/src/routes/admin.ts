import { z } from 'zod';
import { can, route } from './route';
import { documentIdParams, emptyQuery, shortText } from './schemas/common';
import { adminConsoleRoutes, operatorOrdersQuery } from './admin-console';
import * as r from './schemas/responses';
import { orderDetail } from './schemas/console';
import { adminRiskRoutes } from './payment-routes';
import { adminFeedbackRoutes } from './feedback-routes';
import { adminAnalyticsRoutes } from './analytics-routes';
import { adminCaregiverRoutes } from './caregiver-routes';
import { adminDispatchRoutes } from './dispatch-routes';
import { adminEarningsRoutes } from './earnings-routes';

/** Operator routes under /booking/... of the admin API (admin JWT + the plugin's admin permissions). */
export default {
  type: 'admin',
  routes: [
    route({
      method: 'GET',
      path: '/orders',
      handler: 'admin-orders.find',
      response: r.orderList,
      errors: ['INVALID_DATE', 'INVALID_RANGE', 'RANGE_TOO_LONG'],
      query: operatorOrdersQuery,
      policies: [can('plugin::booking.orders.read')],
    }),
    route({
      method: 'GET',
      path: '/orders/:id',
      handler: 'admin-orders.findOne',
      params: documentIdParams,
      query: emptyQuery,
      response: orderDetail,
      errors: ['ORDER_NOT_FOUND'],
      policies: [can('plugin::booking.orders.read')],
    }),
    route({
      method: 'POST',
      path: '/orders/:id/cancel',
      handler: 'admin-orders.cancel',
      response: r.orderResponse,
      errors: ['ORDER_NOT_FOUND', 'ORDER_CHANGED', 'ACTOR_NOT_ALLOWED', 'INVALID_TRANSITION', 'CANCEL_NOT_ALLOWED'],
      params: documentIdParams,
      body: z.strictObject({ reason: shortText(200, '取消原因').min(2, '请填写取消原因') }),
      policies: [can('plugin::booking.orders.manage')],
    }),
    ...adminRiskRoutes,
    ...adminFeedbackRoutes,
    ...adminAnalyticsRoutes,
    ...adminCaregiverRoutes,
    ...adminDispatchRoutes,
    ...adminEarningsRoutes,
    ...adminConsoleRoutes,
  ],
};

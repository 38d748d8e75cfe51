import { z } from 'zod';
import { can, route } from './route';
import { documentId, isoDate, shortText } from './schemas/common';
import { statusList } from './schemas/orders';
import * as c from './schemas/console';

const page = {
  page: z.coerce.number().int().min(1).max(10000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};
const cityCode = z.string().regex(/^\d{6}$/, '城市编码应为 6 位数字');
// stringbool and preprocess rather than .transform(): @strapi/openapi cannot document a transform in a query.
const bool = z.stringbool({ truthy: ['true'], falsy: ['false'] });

/** The dispatch desk's order search: one box (order number, phone tail, caregiver name) plus filters. */
export const operatorOrdersQuery = z.strictObject({
  q: shortText(30, '搜索内容').optional(),
  status: statusList.optional(),
  cityCode: cityCode.optional(),
  serviceId: documentId('服务').optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  ...page,
});

/** Operator lists that had no route before the console (admin API, /booking/...). */
export const adminConsoleRoutes = [
  // Filter choices (cities, services, courses): public catalog facts, behind the permission every seeded operator
  // role holds (a role without it still works, with unfiltered lists).
  route({
    method: 'GET',
    path: '/console/options',
    handler: 'admin-console.options',
    query: z.strictObject({}),
    response: c.options,
    errors: [],
    policies: [can('plugin::booking.caregivers.read')],
  }),
  route({
    method: 'GET',
    path: '/caregivers',
    handler: 'admin-console.caregivers',
    response: c.caregiverRows,
    errors: [],
    query: z.strictObject({
      status: z.enum(['pending', 'approved', 'rejected', 'suspended']).optional(),
      suspended: bool.optional(),
      cityCode: cityCode.optional(),
      q: shortText(20, '姓名').optional(),
      ...page,
    }),
    policies: [can('plugin::booking.caregivers.read')],
  }),
  route({
    method: 'GET',
    path: '/reviews',
    handler: 'admin-console.reviews',
    response: c.reviewRows,
    errors: [],
    query: z.strictObject({ hidden: bool.optional(), maxOverall: z.coerce.number().int().min(1).max(5).optional(), ...page }),
    policies: [can('plugin::booking.reviews.moderate')],
  }),
];

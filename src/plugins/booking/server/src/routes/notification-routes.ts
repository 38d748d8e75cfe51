import { z } from 'zod';
import { route } from './route';
import { emptyQuery } from './schemas/common';
import * as n from './schemas/notifications';

/** Query strings arrive as strings: numbers are coerced, then bounded. */
const listQuery = z.strictObject({
  page: z.coerce.number({ error: 'page 必须是正整数' }).int('page 必须是正整数').min(1, 'page 必须是正整数').max(100000).default(1),
  pageSize: z.coerce
    .number({ error: 'pageSize 必须是 1 到 50 之间的整数' })
    .int('pageSize 必须是 1 到 50 之间的整数')
    .min(1, 'pageSize 必须是 1 到 50 之间的整数')
    .max(50, 'pageSize 必须是 1 到 50 之间的整数')
    .default(20),
  unreadOnly: z.stringbool({ truthy: ['true'], falsy: ['false'], error: 'unreadOnly 只能是 true 或 false' }).default(false),
});

const markReadBody = z.union(
  [
    z.strictObject({
      ids: z
        .array(z.number().int().positive('消息编号不正确'), { error: 'ids 必须是消息编号数组' })
        .min(1, '请至少选择一条消息')
        .max(100, '一次最多标记 100 条消息'),
    }),
    z.strictObject({ all: z.literal(true, { error: 'all 只能为 true' }) }),
  ],
  { error: '请提供要标记的消息编号 ids，或 all: true' },
);

// EventSource cannot send headers, so browsers pass the JWT in the query string instead.
const streamQuery = z.strictObject({ access_token: z.string().min(1).max(4096).optional() });

export const notificationRoutes = [
  route({ method: 'GET', path: '/notifications', handler: 'notifications.find', query: listQuery, response: n.notificationList, errors: [] }),
  route({ method: 'GET', path: '/notifications/unread-count', handler: 'notifications.unreadCount', query: emptyQuery, response: n.unreadCount, errors: [] }),
  route({ method: 'POST', path: '/notifications/read', handler: 'notifications.markRead', body: markReadBody, response: n.markedRead, errors: [] }),
  // auth: false because the token may come in the query string; the controller authenticates it itself.
  route({
    method: 'GET',
    path: '/me/events',
    handler: 'notifications.stream',
    auth: false,
    query: streamQuery,
    errors: ['UNAUTHENTICATED'],
    raw: {
      contentType: 'text/event-stream',
      description:
        'Server-Sent Events: `retry:` once, `event: ready` with `{ unreadCount }`, then `event: notification` (a message as in GET /notifications), `event: unread_count` `{ unreadCount }`, `event: resync`; comment lines as heartbeat',
    },
    summary: 'Live inbox events (SSE; JWT as Bearer header or access_token query parameter)',
  }),
];

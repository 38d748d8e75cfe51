import type { Core } from '@strapi/strapi';
import { notificationsFor, type OrderTransitionNotice, type PlannedNotification } from '../../domain/notification-rules';
import { STATUS_LABELS } from '../../domain/order-state-machine';
import { maskPhone } from '../../domain/masking';
import { bookingService } from '../../utils/plugin';
import { afterCommit, currentTrx, type RealtimeEvent } from './realtime';
import { UID } from '../../content-types/uids';

const USER_UID = UID.user;
const FIELDS = ['id', 'userId', 'kind', 'title', 'body', 'orderId', 'data', 'readAt', 'createdAt'];

export interface NotificationInput {
  kind: string;
  title: string;
  body: string;
  orderId?: number | null;
  data?: Record<string, unknown> | null;
}

export interface ListOptions {
  page?: number;
  pageSize?: number;
  unreadOnly?: boolean;
}

interface NotificationRow {
  id: number;
  userId: number;
  kind: string;
  title: string;
  body: string;
  orderId: number | null;
  data: Record<string, unknown> | null;
  readAt: string | Date | null;
  createdAt: string | Date;
}

interface PendingSms {
  userId: number;
  templateKey: string;
  params: Record<string, string>;
}

/** The live event for a new inbox row: ids and small fields only (NOTIFY payloads are capped at 8000 bytes). */
const notificationEvent = (row: NotificationRow): RealtimeEvent => ({
  kind: 'notification',
  data: {
    id: row.id,
    kind: row.kind,
    title: row.title,
    orderId: row.orderId ?? null,
    orderNo: typeof row.data?.orderNo === 'string' ? row.data.orderNo : null,
    status: typeof row.data?.status === 'string' ? row.data.status : null,
    createdAt: row.createdAt,
  },
});

/**
 * The in-app inbox (站内消息) and the notices of order status changes: an inbox row and a live event per
 * recipient, written in the caller's transaction, plus SMS sent only after that transaction has committed.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const realtime = () => bookingService(strapi, 'realtime');
  const inbox = () => strapi.db.query(UID.notification);

  /** strapi.db.query joins the surrounding strapi.db.transaction by itself; the live event waits for its commit. */
  async function write(userId: number, input: NotificationInput, trx?: unknown): Promise<NotificationRow> {
    const row = (await inbox().create({
      data: {
        userId,
        kind: input.kind,
        title: input.title,
        body: input.body,
        orderId: input.orderId ?? null,
        data: input.data ?? null,
      },
      select: FIELDS,
    })) as NotificationRow;
    await realtime().publish(userId, notificationEvent(row), trx);
    return row;
  }

  const unreadCount = (userId: number): Promise<number> => inbox().count({ where: { userId, readAt: { $null: true } } });

  async function sendSms(jobs: PendingSms[]) {
    if (jobs.length === 0) return;
    const users = (await strapi.db.query(USER_UID).findMany({ where: { id: { $in: jobs.map((j) => j.userId) } }, select: ['id', 'phone'] })) as Array<{
      id: number;
      phone: string | null;
    }>;
    const phones = new Map(users.map((u) => [u.id, u.phone]));
    for (const job of jobs) {
      const phone = phones.get(job.userId);
      // WeChat-only accounts have no phone yet: the inbox and the live event are all they get.
      if (!phone) continue;
      try {
        await bookingService(strapi, 'sms').send({ phone, templateKey: job.templateKey, params: job.params });
      } catch (error) {
        strapi.log.warn(`[booking:notifications] SMS ${job.templateKey} to ${maskPhone(phone)} failed: ${(error as Error).message}`);
      }
    }
  }

  return {
    /**
     * Tells the parties of an order about a status change. Call it inside the strapi.db.transaction that
     * persists the transition (passing its `trx` is optional, it is found either way): the inbox rows then commit
     * or roll back with the order, live events are delivered on commit, and SMS are sent after the commit
     * without ever failing the transition. Outside any transaction SMS are sent before this resolves.
     */
    async onOrderTransition(notice: OrderTransitionNotice, givenTrx?: unknown): Promise<NotificationRow[]> {
      const { order, to, action } = notice;
      const trx = await currentTrx(strapi, givenTrx);
      const planned: PlannedNotification[] = notificationsFor(notice);
      const rows: NotificationRow[] = [];
      const sms: PendingSms[] = [];
      for (const item of planned) {
        const recipient = item.audience === 'user' ? order.userId : order.caregiverUserId;
        if (!recipient) continue;
        rows.push(
          await write(
            recipient,
            {
              kind: item.kind,
              title: item.title,
              body: item.body,
              orderId: order.id,
              data: { orderNo: order.orderNo, status: to, action, audience: item.audience },
            },
            trx,
          ),
        );
        if (item.sms) {
          sms.push({ userId: recipient, templateKey: item.sms.templateKey, params: { orderNo: order.orderNo, status: STATUS_LABELS[to] } });
        }
      }
      await afterCommit(
        strapi,
        trx,
        () => sendSms(sms),
        (error) => strapi.log.warn(`[booking:notifications] SMS for order ${order.orderNo} failed: ${(error as Error).message}`),
      );
      return rows;
    },

    /** A single inbox message (with its live event) for anything that is not an order transition. */
    notify(userId: number, input: NotificationInput, trx?: unknown): Promise<NotificationRow> {
      return write(userId, input, trx);
    },

    /** The caller's inbox, newest first. */
    async list(userId: number, { page = 1, pageSize = 20, unreadOnly = false }: ListOptions = {}) {
      const where: Record<string, unknown> = { userId };
      if (unreadOnly) where.readAt = { $null: true };
      const [rows, total] = await Promise.all([
        inbox().findMany({ where, select: FIELDS, orderBy: { id: 'desc' }, offset: (page - 1) * pageSize, limit: pageSize }),
        inbox().count({ where }),
      ]);
      return {
        data: rows as NotificationRow[],
        meta: { pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } },
      };
    },

    unreadCount,

    /**
     * Marks the caller's messages read. Ids of other users' messages are not an error, they simply match
     * nothing, so the answer never reveals whether they exist. Other open tabs learn the new unread count live.
     */
    async markRead(userId: number, ids: number[] | 'all') {
      const where: Record<string, unknown> = { userId, readAt: { $null: true } };
      if (ids !== 'all') where.id = { $in: ids };
      const { count } = await inbox().updateMany({ where, data: { readAt: new Date() } });
      const unread = await unreadCount(userId);
      if (count > 0) await realtime().publish(userId, { kind: 'unread_count', data: { unreadCount: unread } });
      return { count, unreadCount: unread };
    },
  };
};

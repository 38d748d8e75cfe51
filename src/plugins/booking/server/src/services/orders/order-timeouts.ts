import type { Core } from '@strapi/strapi';
import { beijingParts, HOUR_MS, MINUTE_MS } from '../../domain/beijing-time';
import { bookingConfig, bookingService } from '../../utils/plugin';
import { UID } from '../../content-types/uids';
import { sweep, type SweepCounts } from '../platform/sweep';

const ORDER = UID.order;

interface OrderRow {
  id: number;
  orderNo: string;
  userId: number;
  caregiverUserId: number | null;
  startAt: string | Date;
  serviceSnapshot: { name?: string } | null;
}

const pad = (n: number) => String(n).padStart(2, '0');
const beijingLabel = (date: Date) => {
  const p = beijingParts(date);
  return `${p.month}月${p.day}日 ${pad(p.hour)}:${pad(p.minute)}`;
};

/**
 * What happens to an order when a clock runs out: the unpaid one is cancelled, the one about to start is reminded,
 * the finished one nobody confirmed is completed. Each is a sweep over what is due at `now` that applies every
 * change through the order lifecycle (state machine, compare-and-swap, order event), so a second run, or a run on
 * another instance, changes each order at most once. The jobs runner (services/platform/jobs.ts) schedules them and
 * makes one instance at a time run each.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const orders = () => strapi.db.query(ORDER);
  const lifecycle = () => bookingService(strapi, 'order-lifecycle');
  const settings = () => bookingConfig(strapi).orders;

  /** Walks due orders by ascending id (shared batch loop, services/platform/sweep.ts). */
  const sweepOrders = (label: string, find: (afterId: number, limit: number) => Promise<OrderRow[]>, work: (row: OrderRow) => Promise<boolean>) =>
    sweep(strapi, label, find, work, (row) => `order ${row.orderNo ?? row.id}`);

  const scan = (where: Record<string, unknown>) => (afterId: number, limit: number) =>
    orders().findMany({
      where: { ...where, id: { $gt: afterId } },
      select: ['id', 'orderNo', 'userId', 'caregiverUserId', 'startAt', 'serviceSnapshot'],
      orderBy: { id: 'asc' },
      limit,
    }) as Promise<OrderRow[]>;

  /**
   * Cancels one order only if it is still unpaid. The re-check locks the row in the same transaction the cancel
   * joins: 'timeout_cancel' is also valid from pending_acceptance, so a payment landing between the scan and the
   * cancel would otherwise get a paid order cancelled. With the row locked, a concurrent payment's
   * compare-and-swap waits for this transaction and then finds the order cancelled (409), exactly as if the
   * cancel had simply come first.
   */
  async function cancelIfStillUnpaid(row: OrderRow) {
    return strapi.db.transaction(async () => {
      const current = await strapi.db.queryBuilder(ORDER).select(['id']).where({ id: row.id, status: 'pending_payment' }).forUpdate().first().execute();
      if (!current) return false;
      await lifecycle().cancel(row.id, { type: 'system' }, '超时未支付，系统自动取消');
      return true;
    });
  }

  /** Marks the reminder sent and writes the inbox messages in one transaction: a failed write retries next run. */
  async function remind(row: OrderRow) {
    return strapi.db.transaction(async ({ trx }) => {
      // Compare-and-swap: of two concurrent runs only one flips remindedAt, so nobody is reminded twice.
      const { count } = await orders().updateMany({ where: { id: row.id, remindedAt: { $null: true } }, data: { remindedAt: new Date() } });
      if (count !== 1) return false;
      const notifications = bookingService(strapi, 'notifications');
      const service = row.serviceSnapshot?.name ?? '陪护服务';
      const when = beijingLabel(new Date(row.startAt));
      await notifications.notify(
        row.userId,
        {
          kind: 'order_reminder',
          title: '服务即将开始',
          body: `您预约的「${service}」将于 ${when} 开始，陪护人员会准时到达。订单号：${row.orderNo}`,
          orderId: row.id,
        },
        trx,
      );
      if (row.caregiverUserId) {
        await notifications.notify(
          row.caregiverUserId,
          { kind: 'order_reminder', title: '服务即将开始', body: `订单 ${row.orderNo}「${service}」将于 ${when} 开始，请合理安排出发时间。`, orderId: row.id },
          trx,
        );
      }
      return true;
    });
  }

  return {
    /** Unpaid orders past the payment window are cancelled by the system (free: nothing was paid). */
    cancelUnpaid(now: Date): Promise<SweepCounts> {
      const cutoff = new Date(now.getTime() - settings().unpaidTimeoutMinutes * MINUTE_MS);
      return sweepOrders('cancelUnpaid', scan({ status: 'pending_payment', createdAt: { $lte: cutoff } }), cancelIfStillUnpaid);
    },

    /** Accepted orders starting within the reminder window get one reminder each (customer and caregiver). */
    remindUpcoming(now: Date): Promise<SweepCounts> {
      const horizon = new Date(now.getTime() + settings().reminderMinutesBefore * MINUTE_MS);
      return sweepOrders('remindUpcoming', scan({ status: 'accepted', remindedAt: { $null: true }, startAt: { $gt: now, $lte: horizon } }), remind);
    },

    /** Finished orders the customer did not confirm within autoConfirmHours are completed by the system. */
    autoConfirm(now: Date): Promise<SweepCounts> {
      const cutoff = new Date(now.getTime() - settings().autoConfirmHours * HOUR_MS);
      return sweepOrders('autoConfirm', scan({ status: 'finished', finishedAt: { $lte: cutoff } }), async (row) => {
        await lifecycle().transition(row.id, 'auto_confirm', { type: 'system' }, { reason: '超时自动确认完成' });
        return true;
      });
    },
  };
};

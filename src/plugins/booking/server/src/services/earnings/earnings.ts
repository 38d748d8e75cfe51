import type { Core } from '@strapi/strapi';
import { bookingError } from '../../domain/errors';
import { clawbackFen, computeEarning, snapshotCommission, termsFor, type CommissionRule, type CommissionSnapshot } from '../../domain/commission';
import { settleableAt } from '../../domain/settlement';
import { bookingConfig } from '../../utils/plugin';

const RULE = 'api::commission-rule.commission-rule';
const EARNING = 'plugin::booking.earning';
const CAREGIVER = 'api::caregiver.caregiver';

const COMPLETED = new Set(['completed', 'reviewed']);

/**
 * The caregiver's money per order. The commission terms are snapshotted onto the order when it is paid (like the
 * price), the earning is written by the completion transition in its own transaction, and later refunds and
 * complaint fines add signed entries. Every entry has a unique source key (order, refund number, complaint), so a
 * retry or a race can never book the same money twice: the completion's compare-and-swap lets one transaction
 * through, and the unique index stops anything that slips past it.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const entries = () => strapi.db.query(EARNING);
  const settings = () => bookingConfig(strapi).earnings;

  async function loadRules(): Promise<CommissionRule[]> {
    if (!strapi.contentTypes[RULE as keyof typeof strapi.contentTypes]) return [];
    const rows = await strapi.db.query(RULE).findMany({
      where: { active: true },
      populate: { service: { select: ['documentId'] }, category: { select: ['slug'] } },
      limit: 1000,
    });
    return rows.map((r: any) => ({
      id: r.id,
      name: r.name,
      serviceDocumentId: r.service?.documentId ?? null,
      categorySlug: r.category?.slug ?? null,
      caregiverLevel: r.caregiverLevel ?? null,
      shareBp: r.shareBp,
      nightShareBp: r.nightShareBp,
      holidayShareBp: r.holidayShareBp,
      validFrom: r.validFrom,
      validUntil: r.validUntil,
      active: r.active,
    }));
  }

  const api = {
    /** The terms in force at `at` for the order's service, for every caregiver level (the caregiver is not known yet). */
    async snapshotFor(
      order: { serviceDocumentId: string; serviceSnapshot?: { categorySlug?: string | null } | null },
      at = new Date(),
    ): Promise<CommissionSnapshot> {
      const ref = { serviceDocumentId: order.serviceDocumentId, categorySlug: order.serviceSnapshot?.categorySlug ?? null };
      return snapshotCommission(await loadRules(), ref, at, settings().defaultShareBp);
    },

    /**
     * Books the earning of a just-completed order. Runs inside the completion transaction (order-lifecycle calls it
     * after the status swap), so the order and its earning commit together or not at all.
     */
    async recordCompletion(order: any) {
      if (!order.caregiverId || !COMPLETED.has(order.status)) return null;
      const caregiver = await strapi.db.query(CAREGIVER).findOne({ where: { id: order.caregiverId }, select: ['id', 'level'] });
      // An order paid before this module existed has no snapshot: the terms in force at its payment time apply.
      const snapshot: CommissionSnapshot = order.commissionSnapshot ?? (await api.snapshotFor(order, new Date(order.paidAt ?? order.createdAt)));
      const terms = termsFor(snapshot, caregiver?.level);
      const quote = computeEarning(order.priceLines ?? [], terms, { totalFen: order.totalFen, paidFen: order.paidFen, refundedFen: order.refundedFen });
      const occurredAt = new Date(order.completedAt ?? Date.now());
      return entries().create({
        data: {
          caregiverId: order.caregiverId,
          caregiverUserId: order.caregiverUserId,
          orderId: order.id,
          kind: 'order',
          sourceKey: `order:${order.id}`,
          amountFen: quote.earningFen,
          baseFen: quote.netFen,
          description: `订单 ${order.orderNo}「${order.serviceSnapshot?.name ?? '陪护服务'}」服务收入`.slice(0, 200),
          detail: {
            orderNo: order.orderNo,
            terms,
            level: caregiver?.level ?? null,
            lines: quote.lines,
            grossShareFen: quote.grossShareFen,
            totalFen: quote.totalFen,
            refundedAtCompletionFen: order.refundedFen,
          },
          occurredAt,
          settleableAt: settleableAt(occurredAt, settings().holdDays),
          cityCode: order.cityCode,
          categorySlug: order.serviceSnapshot?.categorySlug ?? null,
        },
      });
    },

    /**
     * A refund requested after completion takes back the caregiver's proportional share. Called inside the
     * refund's transaction with the order as it was before the refund (its refundedFen not yet raised).
     */
    async recordRefund(orderBefore: any, refund: { refundNo: string; amountFen: number; source: string }) {
      if (!COMPLETED.has(orderBefore.status)) return null;
      const earning = await entries().findOne({ where: { sourceKey: `order:${orderBefore.id}` } });
      if (!earning) return null;
      const refundedBefore = orderBefore.refundedFen - (earning.detail?.refundedAtCompletionFen ?? 0);
      const amount = clawbackFen(earning.amountFen, earning.baseFen ?? orderBefore.paidFen, refundedBefore, refund.amountFen);
      if (amount === 0) return null;
      const occurredAt = new Date();
      return entries().create({
        data: {
          caregiverId: earning.caregiverId,
          caregiverUserId: earning.caregiverUserId,
          orderId: orderBefore.id,
          kind: 'refund',
          sourceKey: `refund:${refund.refundNo}`,
          amountFen: -amount,
          description: `订单 ${orderBefore.orderNo} 退款 ${(refund.amountFen / 100).toFixed(2)} 元，扣回相应收入`,
          detail: { orderNo: orderBefore.orderNo, refundNo: refund.refundNo, refundFen: refund.amountFen, source: refund.source },
          occurredAt,
          settleableAt: settleableAt(occurredAt, settings().holdDays),
          cityCode: earning.cityCode,
          categorySlug: earning.categorySlug,
        },
      });
    },

    /** A fine decided with a complaint's penalty resolution; one per complaint. Inside the resolving transaction. */
    async recordPenalty(input: { caregiverId: number; caregiverUserId?: number | null; order: any; complaintKey: string; fineFen: number }) {
      if (!Number.isInteger(input.fineFen) || input.fineFen <= 0) throw bookingError('INVALID_PENALTY_FINE');
      // A retried resolution books nothing new (the unique source key is the backstop for a true race).
      const existing = await entries().findOne({ where: { sourceKey: `penalty:${input.complaintKey}` } });
      if (existing) return existing;
      const occurredAt = new Date();
      return entries().create({
        data: {
          caregiverId: input.caregiverId,
          caregiverUserId: input.caregiverUserId ?? null,
          orderId: input.order.id,
          kind: 'penalty',
          sourceKey: `penalty:${input.complaintKey}`,
          amountFen: -input.fineFen,
          description: `订单 ${input.order.orderNo} 投诉处理罚款`,
          detail: { orderNo: input.order.orderNo, complaint: input.complaintKey },
          occurredAt,
          settleableAt: settleableAt(occurredAt, settings().holdDays),
          cityCode: input.order.cityCode,
          categorySlug: input.order.serviceSnapshot?.categorySlug ?? null,
        },
      });
    },

    present(entry: any) {
      return {
        id: entry.id,
        kind: entry.kind,
        orderNo: entry.detail?.orderNo ?? null,
        amountFen: entry.amountFen,
        description: entry.description,
        occurredAt: entry.occurredAt,
        settleableAt: entry.settleableAt,
        settled: entry.statementId != null,
        ...(entry.kind === 'order' ? { shareBp: entry.detail?.terms?.shareBp ?? null, lines: entry.detail?.lines ?? [] } : {}),
      };
    },
  };
  return api;
};

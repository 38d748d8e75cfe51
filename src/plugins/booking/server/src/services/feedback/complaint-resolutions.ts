import type { Core } from '@strapi/strapi';
import { bookingError, DomainError } from '../../domain/errors';
import { beijingParts } from '../../domain/beijing-time';
import { RESOLUTION_LABELS, type Resolution } from '../../domain/complaints';
import { bookingService } from '../../utils/plugin';
import { UID } from '../../content-types/uids';

const CAREGIVER = UID.caregiver;
const COURSE = UID.trainingCourse;
const PLAN = UID.trainingPlan;
const DAY_MS = 86_400_000;

export interface AppliedResolution {
  type: Resolution['type'];
  label: string;
  [key: string]: unknown;
}

export type ResolutionInput = Resolution | { type: 'retraining'; note: string; courseIds?: string[] };

/**
 * Gives each resolution of a complaint its real effect. Runs inside the resolving transaction (the caller's), so a
 * failure of any effect rolls back every other effect, the status change and the step row together.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const lifecycle = () => bookingService(strapi, 'order-lifecycle');

  async function caregiverOf(caregiverId: number) {
    const caregiver = await strapi.db
      .query(CAREGIVER)
      .findOne({ where: { id: caregiverId }, populate: { user: { select: ['id'] }, skills: { select: ['documentId'] } } });
    if (!caregiver) throw bookingError('CAREGIVER_NOT_FOUND');
    return caregiver;
  }

  async function tellCaregiver(caregiver: any, title: string, body: string, orderId: number) {
    if (!caregiver.user?.id) return;
    await bookingService(strapi, 'notifications').notify(caregiver.user.id, { kind: 'complaint_result', title, body, orderId });
  }

  /** Retraining lands in the caregiver's training plan of the current Beijing month when that module is installed. */
  async function assignRetraining(caregiver: any, courseIds: string[], now: Date) {
    if (!strapi.contentTypes[PLAN as keyof typeof strapi.contentTypes] || courseIds.length === 0 || !caregiver.user?.id) return null;
    const found = await strapi.db
      .query(COURSE)
      .findMany({ where: { documentId: { $in: courseIds }, publishedAt: { $notNull: true } }, select: ['documentId'] });
    const known = new Set(found.map((c: any) => c.documentId));
    const missing = courseIds.filter((id) => !known.has(id));
    if (missing.length > 0) throw new DomainError('COURSE_NOT_FOUND', `培训课程不存在：${missing.join('、')}`);
    const p = beijingParts(now);
    const month = `${p.year}-${String(p.month).padStart(2, '0')}`;
    const plans = strapi.db.query(PLAN);
    // The training module makes the month's plan (with its required courses); retraining adds to it.
    const skills = (caregiver.skills ?? []).map((s: any) => s.documentId as string);
    const { plan } = await bookingService(strapi, 'training-plans').ensurePlan(caregiver.user.id, skills, month, now);
    const merged = [...new Set([...(plan.courseIds ?? []), ...courseIds])];
    // New courses reopen a finished plan.
    await plans.update({
      where: { id: plan.id },
      data: { courseIds: merged, completedAt: merged.length > (plan.courseIds ?? []).length ? null : plan.completedAt },
    });
    return { planId: plan.id, month };
  }

  return {
    async apply(
      complaint: any,
      order: any,
      resolutions: ResolutionInput[],
      adminId: number | null,
      trx: unknown,
      now = new Date(),
    ): Promise<AppliedResolution[]> {
      const applied: AppliedResolution[] = [];
      const reason = `投诉处理（${complaint.documentId}）`;
      for (const r of resolutions) {
        const label = RESOLUTION_LABELS[r.type];
        if (r.type === 'full_refund' || r.type === 'partial_refund') {
          // Reload: an earlier resolution of this batch may have changed the order.
          const fresh = await lifecycle().load(order.id);
          const amountFen = r.type === 'full_refund' ? fresh.paidFen - fresh.refundedFen : r.amountFen;
          const refund = await lifecycle().requestRefund(fresh, amountFen, 'complaint', reason);
          applied.push({ type: r.type, label, amountFen, refundNo: refund.refundNo });
          continue;
        }
        const caregiver = await caregiverOf(complaint.caregiverId);
        if (r.type === 'warning') {
          await tellCaregiver(caregiver, '投诉处理：警告', `您在订单 ${order.orderNo} 中被投诉，经核实给予警告，请注意改进服务。`, order.id);
          applied.push({ type: r.type, label });
        } else if (r.type === 'penalty') {
          // Increment in SQL: a concurrent penalty from another complaint must not be lost.
          await strapi.db
            .connection('caregivers')
            .where({ id: caregiver.id })
            .increment('penalty_points', r.points)
            .transacting(trx as any);
          const fine = r.fineFen ? `，罚款 ${(r.fineFen / 100).toFixed(2)} 元（从结算中扣除）` : '';
          if (r.fineFen) {
            await bookingService(strapi, 'earnings').recordPenalty({
              caregiverId: caregiver.id,
              caregiverUserId: caregiver.user?.id,
              order,
              complaintKey: complaint.documentId,
              fineFen: r.fineFen,
            });
          }
          await tellCaregiver(caregiver, '投诉处理：扣分', `您在订单 ${order.orderNo} 中被投诉，经核实扣 ${r.points} 分${fine}。`, order.id);
          applied.push({ type: r.type, label, points: r.points, ...(r.fineFen ? { fineFen: r.fineFen } : {}) });
        } else if (r.type === 'suspension') {
          const until = new Date(now.getTime() + r.days * DAY_MS);
          // The shared contract with onboarding: status 'suspended' + suspendedUntil; caregiver-identity and dispatch refuse it.
          await strapi.db.query(CAREGIVER).update({
            where: { id: caregiver.id },
            data: { status: 'suspended', suspendedUntil: until, suspensionReason: `${reason}：停单 ${r.days} 天`.slice(0, 200), online: false },
          });
          await tellCaregiver(caregiver, '投诉处理：停单', `您在订单 ${order.orderNo} 中被投诉，经核实停止接单 ${r.days} 天。`, order.id);
          applied.push({ type: r.type, label, days: r.days, suspendedUntil: until.toISOString() });
        } else if (r.type === 'retraining') {
          const courseIds = 'courseIds' in r && r.courseIds ? r.courseIds : [];
          const plan = await assignRetraining(caregiver, courseIds, now);
          await tellCaregiver(caregiver, '投诉处理：安排复训', `您在订单 ${order.orderNo} 中被投诉，请完成复训：${r.note}`, order.id);
          applied.push({ type: r.type, label, note: r.note, courseIds, trainingPlan: plan });
        } else if (r.type === 'replace_caregiver') {
          // 投诉换人: the operator's release path of the state machine; the order goes back to the hall.
          await lifecycle().transition(
            order.id,
            'release',
            { type: 'operator', id: adminId },
            {
              reason: '投诉换人',
              patch: { caregiverId: null, caregiverUserId: null, preferredCaregiverId: null, dispatchMode: 'hall' },
              effects: async () => bookingService(strapi, 'schedules').release(order.id),
            },
          );
          applied.push({ type: r.type, label, previousCaregiverId: caregiver.id });
        }
      }
      return applied;
    },
  };
};

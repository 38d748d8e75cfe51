import type { Core } from '@strapi/strapi';
import { DAY_MS, FINAL_REMINDER_DAYS, isFinalReminderDue, monthEnd, monthKey, planCourses } from '../../domain/training-month';
import { bookingService } from '../../utils/plugin';
import type { CourseRow } from './training';
import { UID } from '../../content-types/uids';
import { sweep } from '../platform/sweep';

const PLAN = UID.trainingPlan;
const CAREGIVER = UID.caregiver;

interface PlanRow {
  id: number;
  documentId: string;
  month: string;
  caregiverUserId: number;
  courseIds: string[];
  remindedAt: string | null;
  finalRemindedAt: string | null;
  completedAt: string | null;
}

interface Counts {
  processed: number;
  skipped: number;
  failed: number;
}

/**
 * Monthly training plans (Beijing calendar months). A plan lists the required courses the caregiver had not
 * passed when the plan was made; it is made once per month (unique month + caregiver), reminded once when made,
 * and once more in the last 7 days if still incomplete. Every step is a compare-and-swap, so the job is
 * idempotent and safe on several instances.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const plans = () => strapi.db.query(PLAN);
  const training = () => bookingService(strapi, 'training');

  async function findPlan(userId: number, month: string): Promise<PlanRow | null> {
    return plans().findOne({ where: { caregiverUserId: userId, month } });
  }

  async function ensurePlan(userId: number, skills: string[], month: string, now: Date, courses?: CourseRow[]): Promise<{ plan: PlanRow; created: boolean }> {
    const existing = await findPlan(userId, month);
    if (existing) return { plan: existing, created: false };
    const all: CourseRow[] = courses ?? (await training().publishedCourses());
    const courseIds = planCourses(all, skills, await training().passedCourseIds(userId));
    try {
      const plan = await plans().create({
        data: { month, caregiverUserId: userId, courseIds, completedAt: courseIds.length === 0 ? now : null },
      });
      return { plan, created: true };
    } catch (error) {
      // Lost a race with another instance on the unique (month, caregiver) index: theirs is the plan.
      const raced = await findPlan(userId, month);
      if (raced) return { plan: raced, created: false };
      throw error;
    }
  }

  async function completeIfDone(plan: PlanRow, now: Date): Promise<PlanRow> {
    if (plan.completedAt) return plan;
    const passed = await training().passedCourseIds(plan.caregiverUserId);
    if (!plan.courseIds.every((id) => passed.includes(id))) return plan;
    await plans().updateMany({ where: { id: plan.id, completedAt: { $null: true } }, data: { completedAt: now } });
    return { ...plan, completedAt: now.toISOString() };
  }

  async function courseTitles(ids: string[], courses?: CourseRow[]) {
    const all: CourseRow[] = courses ?? (await training().publishedCourses());
    const byId = new Map(all.map((c) => [c.documentId, c.title]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** One reminder per flag: the flag flips in the same transaction that writes the inbox message. */
  async function remind(plan: PlanRow, flag: 'remindedAt' | 'finalRemindedAt', now: Date, courses: CourseRow[]) {
    const passed = await training().passedCourseIds(plan.caregiverUserId);
    const pending = plan.courseIds.filter((id) => !passed.includes(id));
    const titles = (await courseTitles(pending, courses)).filter(Boolean).map((t) => `「${t}」`);
    const [year, month] = plan.month.split('-');
    const input =
      flag === 'remindedAt'
        ? {
            kind: 'training_plan',
            title: '本月培训计划',
            body: `${year}年${Number(month)}月培训计划：请在月底前完成 ${pending.length} 门课程的学习并通过考试：${titles.join('、')}。`,
          }
        : {
            kind: 'training_plan_due',
            title: '培训计划即将截止',
            body: `本月还有 ${pending.length} 门必修课程未通过：${titles.join('、')}。请在 ${Number(month)} 月底前完成，以免影响接单。`,
          };
    return strapi.db.transaction(async ({ trx }) => {
      const { count } = await plans().updateMany({ where: { id: plan.id, [flag]: { $null: true }, completedAt: { $null: true } }, data: { [flag]: now } });
      if (count !== 1) return false;
      await bookingService(strapi, 'notifications').notify(plan.caregiverUserId, { ...input, data: { month: plan.month, courseIds: pending } }, trx);
      return true;
    });
  }

  return {
    ensurePlan,

    async refreshCompletion(userId: number, now = new Date()) {
      const plan = await findPlan(userId, monthKey(now));
      return plan ? completeIfDone(plan, now) : null;
    },

    /** This month's plan for the signed-in caregiver (made on the spot if the job has not run yet; no reminder). */
    async forCaregiver(userId: number, now = new Date()) {
      const caregiver = await bookingService(strapi, 'caregiver-identity').forUser(userId);
      const courses: CourseRow[] = await training().publishedCourses();
      const { plan } = await ensurePlan(userId, caregiver.skills, monthKey(now), now, courses);
      const current = await completeIfDone(plan, now);
      const passed = await training().passedCourseIds(userId);
      const titles = await courseTitles(current.courseIds, courses);
      return {
        documentId: current.documentId,
        month: current.month,
        courses: current.courseIds.map((id, i) => ({ documentId: id, title: titles[i], passed: passed.includes(id) })),
        remindedAt: current.remindedAt,
        finalRemindedAt: current.finalRemindedAt,
        completedAt: current.completedAt,
      };
    },

    /** The job: every approved caregiver gets this month's plan and its reminders; a second run changes nothing. */
    async planMonthly(now = new Date()): Promise<Counts> {
      const month = monthKey(now);
      const courses: CourseRow[] = await training().publishedCourses();
      const finalDue = isFinalReminderDue(now);
      // A first reminder sent inside the final week already is the final one: no second message days later.
      const finalWindowStart = monthEnd(now).getTime() - FINAL_REMINDER_DAYS * DAY_MS;
      return sweep(
        strapi,
        'planMonthlyTraining',
        (afterId, limit) =>
          strapi.db.query(CAREGIVER).findMany({
            where: { id: { $gt: afterId }, status: 'approved' },
            select: ['id'],
            populate: { user: { select: ['id'] }, skills: { select: ['documentId'] } },
            orderBy: { id: 'asc' },
            limit,
          }),
        async (row: any) => {
          const userId: number | undefined = row.user?.id;
          if (!userId) return null;
          const skills = (row.skills ?? []).map((s: any) => s.documentId as string);
          const { plan, created } = await ensurePlan(userId, skills, month, now, courses);
          const current = await completeIfDone(plan, now);
          let changed = created;
          const open = !current.completedAt;
          const firstDue = open && !current.remindedAt;
          const lastDue = open && finalDue && !current.finalRemindedAt && !firstDue && new Date(current.remindedAt!).getTime() < finalWindowStart;
          if (firstDue) changed = (await remind(current, 'remindedAt', now, courses)) || changed;
          else if (lastDue) changed = (await remind(current, 'finalRemindedAt', now, courses)) || changed;
          return changed;
        },
        (row) => `caregiver ${row.id}`,
      );
    },
  };
};

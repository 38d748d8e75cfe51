import type { Core } from '@strapi/strapi';
import { caregiverLevel } from '../domain/caregiver-level';
import { bookingService } from '../utils/plugin';

const CAREGIVER = 'api::caregiver.caregiver';
const BATCH = 200;

/** Recomputes caregiver.level from standing (orders, Bayesian rating, passed courses, penalty points). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const caregivers = () => strapi.db.query(CAREGIVER);
  const training = () => bookingService(strapi, 'training');

  /** Writes the level only when it changed, so a no-op run leaves updatedAt (and editors' view) alone. */
  async function apply(row: any): Promise<boolean> {
    const userId: number | undefined = row.user?.id;
    const passedCourses = userId ? (await training().passedCourseIds(userId)).length : 0;
    const level = caregiverLevel({
      completedOrders: Number(row.completedOrders ?? 0),
      rating: Number(row.rating ?? 0),
      ratingCount: Number(row.ratingCount ?? 0),
      passedCourses,
      penaltyPoints: Number(row.penaltyPoints ?? 0),
    });
    if (level === row.level) return false;
    await caregivers().update({ where: { id: row.id }, data: { level } });
    return true;
  }

  const FIELDS = ['id', 'level', 'completedOrders', 'rating', 'ratingCount', 'penaltyPoints'];

  return {
    async recomputeFor(userId: number) {
      const row = await caregivers().findOne({ where: { user: { id: userId } }, select: FIELDS, populate: { user: { select: ['id'] } } });
      return row ? apply(row) : false;
    },

    /** Every caregiver, by ascending id in bounded batches. */
    async recomputeAll() {
      const counts = { processed: 0, skipped: 0, failed: 0 };
      let afterId = 0;
      for (;;) {
        const rows = await caregivers().findMany({
          where: { id: { $gt: afterId } },
          select: FIELDS,
          populate: { user: { select: ['id'] } },
          orderBy: { id: 'asc' },
          limit: BATCH,
        });
        for (const row of rows) {
          try {
            if (await apply(row)) counts.processed += 1;
            else counts.skipped += 1;
          } catch (error) {
            counts.failed += 1;
            strapi.log.error(`[booking:jobs] recomputeLevels: caregiver ${row.id} failed: ${(error as Error).message}`);
          }
        }
        if (rows.length < BATCH) return counts;
        afterId = rows[rows.length - 1].id;
      }
    },
  };
};

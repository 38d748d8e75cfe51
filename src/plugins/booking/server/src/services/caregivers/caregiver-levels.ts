import type { Core } from '@strapi/strapi';
import { caregiverLevel } from '../../domain/caregiver-level';
import { bookingService } from '../../utils/plugin';
import { UID } from '../../content-types/uids';
import { sweep } from '../platform/sweep';

const CAREGIVER = UID.caregiver;

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
    recomputeAll() {
      return sweep(
        strapi,
        'recomputeLevels',
        (afterId, limit) =>
          caregivers().findMany({ where: { id: { $gt: afterId } }, select: FIELDS, populate: { user: { select: ['id'] } }, orderBy: { id: 'asc' }, limit }),
        (row: any) => apply(row),
        (row) => `caregiver ${row.id}`,
      );
    },
  };
};

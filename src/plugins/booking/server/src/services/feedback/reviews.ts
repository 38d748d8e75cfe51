import type { Core } from '@strapi/strapi';
import { bookingError, DomainError } from '../../domain/errors';
import { maskName } from '../../domain/masking';
import { bayesianRating } from '../../domain/rating';
import { assertCanFollowUp, assertCanReply, assertCanReview, invalidTags, reviewerLabel } from '../../domain/reviews';
import { bookingService, lockKey } from '../../utils/plugin';
import { UID } from '../../content-types/uids';

const REVIEW = UID.review;
const ORDER = UID.order;
const CAREGIVER = UID.caregiver;
const USER = UID.user;

export interface ReviewInput {
  attitude: number;
  skill: number;
  punctuality: number;
  overall: number;
  tags: string[];
  text?: string;
}

const toDate = (v: string | Date) => (v instanceof Date ? v : new Date(v));

/** What the author and the reviewed caregiver see of a review. */
export const presentOwn = (r: any) => ({
  documentId: r.documentId,
  orderId: r.orderId,
  scores: { attitude: r.attitude, skill: r.skill, punctuality: r.punctuality, overall: r.overall },
  tags: r.tags ?? [],
  text: r.text ?? '',
  followUp: r.followUp ?? null,
  reply: r.reply ?? null,
  hidden: r.hidden,
  createdAt: r.createdAt,
});

/**
 * Reviews: written by the order's user once the order is completed (which moves it to 'reviewed'), one follow-up
 * within 15 days, one reply by the caregiver, hidden/unhidden by operators. The caregiver's Bayesian rating is
 * recomputed in the same transaction as every change that affects which reviews count.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const reviews = () => strapi.db.query(REVIEW);
  const lifecycle = () => bookingService(strapi, 'order-lifecycle');

  async function findByDocumentId(documentId: string) {
    const review = await reviews().findOne({ where: { documentId } });
    if (!review) throw bookingError('REVIEW_NOT_FOUND');
    return review;
  }

  const api = {
    /** Recomputes and stores the caregiver's rating from their visible reviews. Call inside the writing transaction. */
    async recomputeRating(caregiverId: number) {
      const rows = await reviews().findMany({ where: { caregiverId, hidden: false }, select: ['overall'] });
      const { rating, count } = bayesianRating(rows.map((r: any) => r.overall));
      await strapi.db.query(CAREGIVER).update({ where: { id: caregiverId }, data: { rating, ratingCount: count } });
      return { rating, count };
    },

    async create(userId: number, orderDocumentId: string, input: ReviewInput) {
      const bad = invalidTags(input.tags);
      if (bad.length > 0) throw new DomainError('INVALID_TAGS', `不支持的评价标签：${bad.join('、')}`, { tags: bad });
      return strapi.db.transaction(async ({ trx }) => {
        const order = await strapi.db.query(ORDER).findOne({ where: { documentId: orderDocumentId } });
        if (!order) throw bookingError('ORDER_NOT_FOUND');
        // Serialise ratings of one caregiver so two reviews landing together both count (PostgreSQL).
        if (order.caregiverId) await lockKey(strapi, trx, `caregiver-rating:${order.caregiverId}`);
        const existing = await reviews().count({ where: { orderId: order.id } });
        assertCanReview(order, userId, existing > 0);
        // The state machine's compare-and-swap is what makes "only once" hold under concurrency.
        await lifecycle().transition(order.id, 'review', { type: 'user', id: userId });
        const review = await reviews().create({
          data: {
            orderId: order.id,
            userId,
            caregiverId: order.caregiverId,
            serviceDocumentId: order.serviceDocumentId,
            attitude: input.attitude,
            skill: input.skill,
            punctuality: input.punctuality,
            overall: input.overall,
            tags: [...new Set(input.tags)],
            text: input.text ?? null,
            hidden: false,
          },
        });
        await api.recomputeRating(order.caregiverId);
        return review;
      });
    },

    async followUp(userId: number, documentId: string, text: string, now = new Date()) {
      const review = await findByDocumentId(documentId);
      assertCanFollowUp({ userId: review.userId, createdAt: toDate(review.createdAt), followUp: review.followUp }, userId, now);
      // Compare-and-swap on the empty follow-up: a double tap cannot write two.
      const { count } = await reviews().updateMany({
        where: { id: review.id, followUp: { $null: true } },
        data: { followUp: { text, createdAt: now.toISOString() } },
      });
      if (count !== 1) throw bookingError('ALREADY_FOLLOWED_UP');
      return reviews().findOne({ where: { id: review.id } });
    },

    async reply(caregiverId: number, documentId: string, text: string, now = new Date()) {
      const review = await findByDocumentId(documentId);
      assertCanReply(review, caregiverId);
      const { count } = await reviews().updateMany({
        where: { id: review.id, reply: { $null: true } },
        data: { reply: { text, createdAt: now.toISOString() } },
      });
      if (count !== 1) throw bookingError('ALREADY_REPLIED');
      return reviews().findOne({ where: { id: review.id } });
    },

    async setHidden(documentId: string, hidden: boolean, adminId: number | null, reason?: string) {
      return strapi.db.transaction(async ({ trx }) => {
        const review = await findByDocumentId(documentId);
        await lockKey(strapi, trx, `caregiver-rating:${review.caregiverId}`);
        if (review.hidden === hidden) throw new DomainError('NO_CHANGE', hidden ? '该评价已隐藏' : '该评价未隐藏');
        await reviews().update({
          where: { id: review.id },
          data: hidden
            ? { hidden, hiddenReason: reason, hiddenByAdminId: adminId, hiddenAt: new Date() }
            : { hidden, hiddenReason: null, hiddenByAdminId: null, hiddenAt: null },
        });
        const rating = await api.recomputeRating(review.caregiverId);
        return { review: await reviews().findOne({ where: { id: review.id } }), rating };
      });
    },

    /** Public list (visible reviews only) for a caregiver or a service, with masked reviewer names. */
    async listPublic(where: { caregiverId?: number; serviceDocumentId?: string }, page: number, pageSize: number) {
      const filter = { ...where, hidden: false };
      const [rows, total] = await Promise.all([
        reviews().findMany({ where: filter, orderBy: { id: 'desc' }, offset: (page - 1) * pageSize, limit: pageSize }),
        reviews().count({ where: filter }),
      ]);
      const userIds = [...new Set(rows.map((r: any) => r.userId))];
      const users = userIds.length ? await strapi.db.query(USER).findMany({ where: { id: { $in: userIds } }, select: ['id', 'displayName'] }) : [];
      const names = new Map(users.map((u: any) => [u.id, u.displayName as string | null]));
      const data = rows.map((r: any) => {
        const { hidden: _hidden, orderId: _orderId, ...shown } = presentOwn(r);
        return { ...shown, reviewer: reviewerLabel(names.get(r.userId), maskName) };
      });
      return { data, meta: { pagination: { page, pageSize, total } } };
    },
  };
  return api;
};

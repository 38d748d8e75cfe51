/**
 * Rules for reviews (评价): who may review which order, the one follow-up (追评) and the caregiver's one reply.
 * Pure: the service loads the rows, asks these functions, and writes.
 */
import { bookingError, DomainError } from './errors';

/** Tags a reviewer may pick; anything else is refused so analytics can count them. */
export const REVIEW_TAGS = ['准时守约', '态度热情', '专业细心', '耐心周到', '沟通顺畅', '干净整洁', '迟到', '态度冷淡', '不够专业', '沟通不畅'] as const;
export type ReviewTag = (typeof REVIEW_TAGS)[number];

export const FOLLOW_UP_WINDOW_DAYS = 15;
const DAY_MS = 86_400_000;

export interface ReviewableOrder {
  userId: number;
  status: string;
  caregiverId: number | null;
}

/** The order's own user, once, after completion (a reviewed order has been reviewed already). */
export function assertCanReview(order: ReviewableOrder, userId: number, alreadyReviewed: boolean): void {
  // Someone else's order does not exist for this user (no hint that the id is valid).
  if (order.userId !== userId) throw bookingError('ORDER_NOT_FOUND');
  if (alreadyReviewed || order.status === 'reviewed') throw bookingError('ALREADY_REVIEWED');
  if (order.status !== 'completed') throw bookingError('NOT_COMPLETED', { status: order.status });
  if (!order.caregiverId) throw bookingError('NO_CAREGIVER');
}

export function invalidTags(tags: readonly string[]): string[] {
  return tags.filter((t) => !(REVIEW_TAGS as readonly string[]).includes(t));
}

export interface FollowUpTarget {
  userId: number;
  createdAt: Date;
  followUp: unknown;
}

/** One follow-up by the reviewer, within FOLLOW_UP_WINDOW_DAYS of the review. */
export function assertCanFollowUp(review: FollowUpTarget, userId: number, now: Date): void {
  if (review.userId !== userId) throw bookingError('REVIEW_NOT_FOUND');
  if (review.followUp) throw bookingError('ALREADY_FOLLOWED_UP');
  if (now.getTime() - review.createdAt.getTime() > FOLLOW_UP_WINDOW_DAYS * DAY_MS) {
    throw new DomainError('FOLLOW_UP_CLOSED', `评价超过 ${FOLLOW_UP_WINDOW_DAYS} 天后不能追评`);
  }
}

/**
 * The reviewed caregiver replies once. Not editable: a reply is a public statement next to the review, and
 * rewriting it after readers reacted would change what they reacted to.
 */
export function assertCanReply(review: { caregiverId: number; reply: unknown }, caregiverId: number): void {
  if (review.caregiverId !== caregiverId) throw bookingError('REVIEW_NOT_FOUND');
  if (review.reply) throw bookingError('ALREADY_REPLIED');
}

/** Public name of a reviewer: the masked display name, or 匿名用户 when there is none. */
export function reviewerLabel(displayName: string | null | undefined, mask: (name: string) => string): string {
  const name = (displayName ?? '').trim();
  return name ? mask(name) : '匿名用户';
}

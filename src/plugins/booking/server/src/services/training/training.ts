import type { Core } from '@strapi/strapi';
import { bookingError } from '../../domain/errors';
import { requiredFor } from '../../domain/training-month';
import { bookingService } from '../../utils/plugin';
import { UID } from '../../content-types/uids';

const COURSE = UID.trainingCourse;
const EXAM = UID.exam;
const ATTEMPT = UID.examAttempt;

export interface CourseRow {
  id: number;
  documentId: string;
  title: string;
  slug: string;
  summary: string | null;
  durationMinutes: number;
  requiredForAll: boolean;
  sortOrder: number | null;
  requiredServiceIds: string[];
}

const COURSE_FIELDS = ['id', 'documentId', 'title', 'slug', 'summary', 'durationMinutes', 'requiredForAll', 'sortOrder'];

const toCourse = (row: any): CourseRow => ({
  ...row,
  requiredForAll: Boolean(row.requiredForAll),
  requiredServiceIds: [...new Set<string>((row.requiredServices ?? []).map((s: any) => s.documentId))],
});

/**
 * Training catalog for caregivers: published, active courses with their exam, what the caregiver must take
 * (required for all, or for one of their skills) and what they have passed. A course counts as passed when the
 * caregiver has a passed attempt at one of its exams; a course without an exam is reading material only.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const identity = () => bookingService(strapi, 'caregiver-identity');

  /** Published rows only: with draftAndPublish the draft row of the same document must never be served. */
  async function publishedCourses(): Promise<CourseRow[]> {
    const rows = await strapi.db.query(COURSE).findMany({
      where: { publishedAt: { $notNull: true }, active: true },
      select: COURSE_FIELDS,
      populate: { requiredServices: { select: ['documentId'] } },
      orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
    });
    return rows.map(toCourse);
  }

  /** The exam of each course (the first by id when editors created several). */
  async function examsByCourse() {
    const rows = await strapi.db.query(EXAM).findMany({
      select: ['id', 'documentId', 'title', 'passMark', 'timeLimitMinutes', 'attemptLimit'],
      populate: { course: { select: ['documentId'] }, questions: { select: ['id'] } },
      orderBy: { id: 'asc' },
    });
    const byCourse = new Map<string, any>();
    for (const exam of rows) {
      const courseId = exam.course?.documentId;
      if (courseId && !byCourse.has(courseId)) byCourse.set(courseId, exam);
    }
    return byCourse;
  }

  async function attemptsOf(userId: number) {
    return strapi.db.query(ATTEMPT).findMany({
      where: { caregiverUserId: userId },
      select: ['examId', 'courseId', 'status', 'passed', 'score'],
    });
  }

  function present(course: CourseRow, skills: string[], exam: any, attempts: any[]) {
    const mine = exam ? attempts.filter((a) => a.examId === exam.documentId) : [];
    const used = mine.filter((a) => a.status !== 'open').length;
    return {
      documentId: course.documentId,
      title: course.title,
      slug: course.slug,
      summary: course.summary,
      durationMinutes: course.durationMinutes,
      requiredForAll: course.requiredForAll,
      required: requiredFor(course, skills),
      passed: attempts.some((a) => a.passed && a.courseId === course.documentId),
      bestScore: mine.reduce<number | null>((best, a) => (a.score == null ? best : Math.max(best ?? 0, a.score)), null),
      exam: exam
        ? {
            documentId: exam.documentId,
            title: exam.title,
            passMark: exam.passMark,
            timeLimitMinutes: exam.timeLimitMinutes,
            attemptLimit: exam.attemptLimit,
            attemptsUsed: used,
            questionCount: (exam.questions ?? []).length,
          }
        : null,
    };
  }

  const api = {
    publishedCourses,

    async listFor(userId: number) {
      const caregiver = await identity().forUser(userId);
      const [courses, exams, attempts] = await Promise.all([publishedCourses(), examsByCourse(), attemptsOf(userId)]);
      return courses.map((c) => present(c, caregiver.skills, exams.get(c.documentId), attempts));
    },

    async courseFor(userId: number, documentId: string) {
      const caregiver = await identity().forUser(userId);
      const row = await strapi.db.query(COURSE).findOne({
        where: { documentId, publishedAt: { $notNull: true }, active: true },
        select: [...COURSE_FIELDS, 'content'],
        populate: { requiredServices: { select: ['documentId'] }, materials: { select: ['name', 'url', 'mime', 'size', 'ext'] } },
      });
      if (!row) throw bookingError('COURSE_NOT_FOUND');
      const [exams, attempts] = await Promise.all([examsByCourse(), attemptsOf(userId)]);
      const course = toCourse(row);
      return {
        ...present(course, caregiver.skills, exams.get(course.documentId), attempts),
        content: row.content,
        materials: (row.materials ?? []).map((m: any) => ({ name: m.name, url: m.url, mime: m.mime, size: m.size, ext: m.ext })),
      };
    },

    /** Course documentIds the caregiver (by user id) has passed an exam of. Used by dispatch eligibility. */
    async passedCourseIds(caregiverUserId: number): Promise<string[]> {
      const rows = await strapi.db.query(ATTEMPT).findMany({ where: { caregiverUserId, passed: true }, select: ['courseId'] });
      return [...new Set<string>(rows.map((r: any) => r.courseId).filter(Boolean))];
    },

    /**
     * Course documentIds a caregiver must have passed to serve this service: the published, active courses required
     * for everyone plus those naming the service. Used by dispatch eligibility.
     */
    async requiredCourseIdsFor(serviceDocumentId: string): Promise<string[]> {
      const courses = await publishedCourses();
      return courses.filter((c) => requiredFor(c, [serviceDocumentId])).map((c) => c.documentId);
    },
  };
  return api;
};

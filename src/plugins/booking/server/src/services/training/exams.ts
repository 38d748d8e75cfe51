import type { Core } from '@strapi/strapi';
import { bookingError, DomainError } from '../../domain/errors';
import { MINUTE_MS } from '../../domain/beijing-time';
import { grade, isPastGrace, shuffled, SUBMIT_GRACE_MS, type GradableQuestion, type QuestionType } from '../../domain/exam-grading';
import { bookingService, lockKey } from '../../utils/plugin';
import { UID } from '../../content-types/uids';

const EXAM = UID.exam;
const ATTEMPT = UID.examAttempt;

interface SnapshotQuestion extends GradableQuestion {
  prompt: string;
  options: Array<{ key: string; text: string }>;
}

const TRUE_FALSE_OPTIONS = [
  { key: 'true', text: '正确' },
  { key: 'false', text: '错误' },
];

const asKeys = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value == null ? [] : [String(value)]);

function toSnapshot(q: any): SnapshotQuestion {
  const options = Array.isArray(q.options)
    ? q.options.filter((o: any) => o && o.key != null).map((o: any) => ({ key: String(o.key), text: String(o.text ?? '') }))
    : [];
  const type = q.type as QuestionType;
  return {
    key: String(q.id),
    type,
    prompt: q.prompt,
    options: type === 'true_false' && options.length === 0 ? TRUE_FALSE_OPTIONS : options,
    answer: asKeys(q.answer),
    points: Number(q.points) || 1,
  };
}

/**
 * Exams. The answer keys live in the exam's private component field and in the attempt's private snapshot; no
 * response built here ever contains them, before or after submission (decision in docs/decisions.md): results
 * say which questions were right, never what the right options were, so the bank survives retakes.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const attempts = () => strapi.db.query(ATTEMPT);
  const identity = () => bookingService(strapi, 'caregiver-identity');

  /** What the caregiver sees of an attempt: questions in the stored shuffled order, without answer keys. */
  function presentAttempt(row: any) {
    const byKey = new Map<string, SnapshotQuestion>((row.questionSnapshot ?? []).map((q: SnapshotQuestion) => [q.key, q]));
    const questions = (row.questionOrder as string[]).map((key) => {
      const q = byKey.get(key)!;
      return { key: q.key, type: q.type, prompt: q.prompt, options: q.options, points: q.points };
    });
    return {
      documentId: row.documentId,
      examId: row.examId,
      courseId: row.courseId,
      status: row.status,
      startedAt: row.startedAt,
      deadlineAt: row.deadlineAt,
      passMark: row.passMark,
      questions,
    };
  }

  function presentResult(row: any) {
    return {
      documentId: row.documentId,
      examId: row.examId,
      courseId: row.courseId,
      status: row.status,
      startedAt: row.startedAt,
      deadlineAt: row.deadlineAt,
      submittedAt: row.submittedAt,
      score: row.score,
      passed: Boolean(row.passed),
      passMark: row.passMark,
      results: row.results ?? [],
    };
  }

  /** Closes open attempts whose deadline and grace have passed: they count as used, scored 0 (compare-and-swap). */
  async function expireStale(userId: number, examId: string | undefined, now: Date) {
    const cutoff = new Date(now.getTime() - SUBMIT_GRACE_MS);
    await attempts().updateMany({
      where: { caregiverUserId: userId, ...(examId ? { examId } : {}), status: 'open', deadlineAt: { $lt: cutoff } },
      data: { status: 'expired', score: 0, passed: false },
    });
  }

  async function loadExam(examId: string) {
    const exam = await strapi.db.query(EXAM).findOne({
      where: { documentId: examId },
      populate: { questions: true, course: { select: ['documentId', 'publishedAt', 'active'] } },
    });
    if (!exam) throw bookingError('EXAM_NOT_FOUND');
    const courseId: string | null = exam.course?.documentId ?? null;
    if (courseId) {
      const published = await strapi.db.query(UID.trainingCourse).findOne({
        where: { documentId: courseId, publishedAt: { $notNull: true }, active: true },
        select: ['id'],
      });
      if (!published) throw new DomainError('EXAM_NOT_FOUND', '考试所属课程未发布或已下架');
    }
    const questions = (exam.questions ?? []).map(toSnapshot);
    if (questions.length === 0) throw bookingError('EXAM_EMPTY');
    return { exam, courseId, questions };
  }

  return {
    presentAttempt,

    /**
     * Starts an attempt, or returns the caregiver's open one (same questions, same deadline). Refused when the
     * exam is already passed or its attempt limit is used up. The per-caregiver-and-exam lock keeps two
     * concurrent starts from opening two attempts.
     */
    async start(userId: number, examId: string, now = new Date(), random: () => number = Math.random) {
      await identity().forUser(userId);
      const { exam, courseId, questions } = await loadExam(examId);
      await expireStale(userId, examId, now);
      return strapi.db.transaction(async ({ trx }) => {
        await lockKey(strapi, trx, `exam-attempt:${userId}:${examId}`);
        const mine = await attempts().findMany({ where: { caregiverUserId: userId, examId }, orderBy: { id: 'asc' } });
        if (mine.some((a: any) => a.passed)) throw bookingError('EXAM_ALREADY_PASSED');
        const open = mine.find((a: any) => a.status === 'open');
        if (open) return { created: false, attempt: presentAttempt(open) };
        const used = mine.length;
        if (used >= exam.attemptLimit) {
          throw new DomainError('ATTEMPT_LIMIT_REACHED', `该考试最多可参加 ${exam.attemptLimit} 次，您的次数已用完`, { attemptLimit: exam.attemptLimit, used });
        }
        const row = await attempts().create({
          data: {
            caregiverUserId: userId,
            examId,
            courseId,
            status: 'open',
            startedAt: now,
            deadlineAt: new Date(now.getTime() + exam.timeLimitMinutes * MINUTE_MS),
            passed: false,
            passMark: exam.passMark,
            questionOrder: shuffled(
              questions.map((q: SnapshotQuestion) => q.key),
              random,
            ),
            questionSnapshot: questions,
          },
        });
        return { created: true, attempt: presentAttempt(row) };
      });
    },

    /**
     * Grades a submission on the server. After the deadline plus a 60 s grace the attempt is closed as expired
     * (score 0, it counts toward the limit) and the caller gets 409: a late answer sheet is never graded.
     */
    async submit(userId: number, attemptId: string, answers: Record<string, string[]>, now = new Date()) {
      await identity().forUser(userId);
      const row = await attempts().findOne({ where: { documentId: attemptId, caregiverUserId: userId } });
      if (!row) throw bookingError('ATTEMPT_NOT_FOUND');
      if (row.status !== 'open') throw bookingError('ATTEMPT_CLOSED');

      if (isPastGrace(new Date(row.deadlineAt), now)) {
        await attempts().updateMany({
          where: { id: row.id, status: 'open' },
          data: { status: 'expired', score: 0, passed: false, submittedAt: now, answers },
        });
        throw bookingError('EXAM_TIME_UP', { deadlineAt: row.deadlineAt });
      }

      const order = row.questionOrder as string[];
      const unknown = Object.keys(answers).filter((key) => !order.includes(key));
      if (unknown.length > 0) throw bookingError('UNKNOWN_QUESTION', { keys: unknown });

      const snapshot = row.questionSnapshot as SnapshotQuestion[];
      const result = grade(snapshot, answers, row.passMark);
      const byKey = new Map(result.results.map((r) => [r.key, r]));
      const results = order.map((key) => byKey.get(key)!);
      const { count } = await attempts().updateMany({
        where: { id: row.id, status: 'open' },
        data: { status: 'submitted', submittedAt: now, answers, score: result.score, passed: result.passed, results },
      });
      if (count !== 1) throw bookingError('ATTEMPT_CLOSED');

      if (result.passed) {
        // Standing follows from the pass; a failure here must not undo the graded attempt (the nightly job repairs it).
        try {
          await bookingService(strapi, 'caregiver-levels').recomputeFor(userId);
          await bookingService(strapi, 'training-plans').refreshCompletion(userId, now);
        } catch (error) {
          strapi.log.error(`[booking:training] after-pass updates for user ${userId} failed: ${(error as Error).message}`);
        }
      }
      return presentResult(await attempts().findOne({ where: { id: row.id } }));
    },
  };
};

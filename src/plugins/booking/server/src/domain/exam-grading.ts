/**
 * Exam grading: pure, no Strapi. The grader is the only code that reads answer keys.
 *
 * Rules (docs/decisions.md):
 * - single / true_false: the one chosen option must be the one correct key.
 * - multiple: the chosen set must equal the correct set exactly; no partial credit, because choosing a wrong
 *   option in a safety question (e.g. what to do after a fall) is as bad as missing a right one.
 * - Unanswered questions earn nothing. Duplicated keys in an answer are counted once.
 * - score = round(earned points / total points × 100), an integer percent; passed = score ≥ passMark.
 */
export type QuestionType = 'single' | 'multiple' | 'true_false';

export interface GradableQuestion {
  key: string;
  type: QuestionType;
  answer: string[];
  points: number;
}

export interface QuestionResult {
  key: string;
  correct: boolean;
  points: number;
  earned: number;
}

export interface GradeResult {
  score: number;
  passed: boolean;
  earnedPoints: number;
  totalPoints: number;
  results: QuestionResult[];
}

export type Answers = Record<string, readonly string[] | undefined>;

const uniq = (values: readonly string[]) => [...new Set(values)];

export function isCorrect(question: GradableQuestion, chosen: readonly string[] | undefined): boolean {
  const picked = uniq(chosen ?? []);
  const correct = uniq(question.answer);
  if (correct.length === 0 || picked.length === 0) return false;
  if (question.type === 'single' || question.type === 'true_false') {
    return picked.length === 1 && correct.length === 1 && picked[0] === correct[0];
  }
  return picked.length === correct.length && picked.every((key) => correct.includes(key));
}

export function grade(questions: readonly GradableQuestion[], answers: Answers, passMark: number): GradeResult {
  const results = questions.map((q) => {
    const points = Math.max(0, Math.trunc(q.points));
    const correct = isCorrect(q, answers[q.key]);
    return { key: q.key, correct, points, earned: correct ? points : 0 };
  });
  const totalPoints = results.reduce((sum, r) => sum + r.points, 0);
  const earnedPoints = results.reduce((sum, r) => sum + r.earned, 0);
  const score = totalPoints === 0 ? 0 : Math.round((earnedPoints / totalPoints) * 100);
  return { score, passed: totalPoints > 0 && score >= passMark, earnedPoints, totalPoints, results };
}

/** An attempt with nothing answered in time: every question wrong (used for expired attempts). */
export function gradeTimedOut(questions: readonly GradableQuestion[], passMark: number): GradeResult {
  return { ...grade(questions, {}, passMark), passed: false };
}

/**
 * Fisher–Yates over a copy; `random` returns [0, 1) (injected so tests are deterministic). Question order is
 * shuffled per attempt; option order is NOT shuffled, because options like "以上都是" refer to their neighbours.
 */
export function shuffled<T>(items: readonly T[], random: () => number = Math.random): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** Late submissions are accepted within this grace after the deadline (network latency, a slow phone). */
export const SUBMIT_GRACE_MS = 60_000;

export const isPastGrace = (deadlineAt: Date, now: Date) => now.getTime() > deadlineAt.getTime() + SUBMIT_GRACE_MS;

import {
  grade,
  gradeTimedOut,
  isCorrect,
  isPastGrace,
  shuffled,
  SUBMIT_GRACE_MS,
  type GradableQuestion,
} from '../../src/plugins/booking/server/src/domain/exam-grading';

const single: GradableQuestion = { key: '1', type: 'single', answer: ['B'], points: 2 };
const multiple: GradableQuestion = { key: '2', type: 'multiple', answer: ['A', 'C', 'D'], points: 3 };
const tf: GradableQuestion = { key: '3', type: 'true_false', answer: ['false'], points: 5 };

describe('isCorrect', () => {
  it.each<[string, GradableQuestion, string[] | undefined, boolean]>([
    ['single: the right key', single, ['B'], true],
    ['single: a wrong key', single, ['A'], false],
    ['single: two keys including the right one', single, ['A', 'B'], false],
    ['single: the right key twice counts once', single, ['B', 'B'], true],
    ['single: unanswered', single, undefined, false],
    ['single: empty answer', single, [], false],
    ['multiple: exact set, any order', multiple, ['D', 'A', 'C'], true],
    ['multiple: a subset (no partial credit)', multiple, ['A', 'C'], false],
    ['multiple: a superset', multiple, ['A', 'B', 'C', 'D'], false],
    ['multiple: same size, one wrong', multiple, ['A', 'B', 'C'], false],
    ['multiple: duplicates of a subset', multiple, ['A', 'A', 'C'], false],
    ['true/false: right', tf, ['false'], true],
    ['true/false: wrong', tf, ['true'], false],
    ['true/false: both', tf, ['true', 'false'], false],
    ['a question without an answer key is never correct', { key: 'x', type: 'single', answer: [], points: 1 }, ['A'], false],
  ])('%s', (_label, question, chosen, expected) => {
    expect(isCorrect(question, chosen)).toBe(expected);
  });
});

describe('grade', () => {
  const questions = [single, multiple, tf]; // 10 points in all
  it.each<[string, Record<string, string[]>, number, number, boolean]>([
    ['all right', { '1': ['B'], '2': ['A', 'C', 'D'], '3': ['false'] }, 80, 100, true],
    ['all wrong', { '1': ['A'], '2': ['A'], '3': ['true'] }, 80, 0, false],
    ['nothing answered', {}, 60, 0, false],
    ['weighted by points: only the true/false (5 of 10)', { '3': ['false'] }, 50, 50, true],
    ['weighted by points: single + multiple (5 of 10) below the mark', { '1': ['B'], '2': ['C', 'A', 'D'] }, 60, 50, false],
    ['exactly at the pass mark passes', { '2': ['A', 'C', 'D'], '3': ['false'] }, 80, 80, true],
    ['unknown keys are ignored', { zz: ['A'], '1': ['B'] }, 10, 20, true],
  ])('%s', (_label, answers, passMark, score, passed) => {
    const result = grade(questions, answers, passMark);
    expect(result.score).toBe(score);
    expect(result.passed).toBe(passed);
    expect(result.totalPoints).toBe(10);
    expect(result.results.map((r) => r.key)).toEqual(['1', '2', '3']);
  });

  it('rounds the percent to an integer', () => {
    const thirds: GradableQuestion[] = [1, 2, 3].map((i) => ({ key: String(i), type: 'single', answer: ['A'], points: 1 }));
    expect(grade(thirds, { '1': ['A'] }, 0).score).toBe(33);
    expect(grade(thirds, { '1': ['A'], '2': ['A'] }, 0).score).toBe(67);
  });

  it('an exam without points never passes, even with pass mark 0', () => {
    expect(grade([], {}, 0)).toMatchObject({ score: 0, passed: false });
  });

  it('a timed-out attempt scores 0 and fails', () => {
    expect(gradeTimedOut([single, tf], 0)).toMatchObject({ score: 0, passed: false, earnedPoints: 0 });
  });
});

describe('shuffled and grace', () => {
  it('keeps every item and does not touch the input', () => {
    const input = [1, 2, 3, 4, 5];
    const out = shuffled(input, () => 0);
    expect(input).toEqual([1, 2, 3, 4, 5]);
    expect([...out].sort()).toEqual(input);
    expect(out).not.toEqual(input);
  });
  it.each([
    [0, false],
    [SUBMIT_GRACE_MS, false],
    [SUBMIT_GRACE_MS + 1, true],
    [-1000, false],
  ])('%i ms after the deadline: past grace = %s', (offset, expected) => {
    const deadline = new Date('2026-11-01T02:00:00Z');
    expect(isPastGrace(deadline, new Date(deadline.getTime() + offset))).toBe(expected);
  });
});

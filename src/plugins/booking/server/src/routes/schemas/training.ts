import { z } from 'zod';
import { envelope } from '../route';
import { nullableString, nullableTimestamp, timestamp } from './responses';

/** Responses of the caregiver training routes (courses, exams, the monthly plan). Answer keys never appear. */
const exam = z.object({
  documentId: z.string(),
  title: z.string(),
  passMark: z.number().int().describe('score (0–100) needed to pass'),
  timeLimitMinutes: z.number().int(),
  attemptLimit: z.number().int(),
  attemptsUsed: z.number().int().describe('closed attempts (submitted or expired)'),
  questionCount: z.number().int(),
});

const course = z.object({
  documentId: z.string(),
  title: z.string(),
  slug: z.string(),
  summary: nullableString,
  durationMinutes: z.number().int(),
  requiredForAll: z.boolean(),
  required: z.boolean().describe('required for this caregiver (for everyone, or for one of their services)'),
  passed: z.boolean(),
  bestScore: z.number().int().nullable(),
  exam: exam.nullable().describe('null: reading material only'),
});
export const courseList = envelope(z.array(course));
export const courseDetail = envelope(
  course.extend({
    content: z.string().describe('rich text (Markdown)'),
    materials: z.array(z.object({ name: z.string(), url: z.string(), mime: z.string(), size: z.number(), ext: nullableString })),
  }),
);

const questionType = z.enum(['single', 'multiple', 'true_false']);
const attemptStatus = z
  .enum(['open', 'submitted', 'expired'])
  .describe('open: answer before deadlineAt; expired: the deadline passed (counts as used, score 0)');
export const attempt = envelope(
  z.object({
    documentId: z.string().describe('the attempt id to submit answers to'),
    examId: z.string(),
    courseId: nullableString,
    status: attemptStatus,
    startedAt: timestamp,
    deadlineAt: timestamp,
    passMark: z.number().int(),
    questions: z
      .array(
        z.object({
          key: z.string().describe('answer under this key'),
          type: questionType,
          prompt: z.string(),
          options: z.array(z.object({ key: z.string(), text: z.string() })),
          points: z.number(),
        }),
      )
      .describe("in this attempt's shuffled order, without answer keys"),
  }),
);
export const attemptResult = envelope(
  z.object({
    documentId: z.string(),
    examId: z.string(),
    courseId: nullableString,
    status: attemptStatus,
    startedAt: timestamp,
    deadlineAt: timestamp,
    submittedAt: nullableTimestamp,
    score: z.number().int().nullable(),
    passed: z.boolean(),
    passMark: z.number().int(),
    results: z
      .array(z.object({ key: z.string(), correct: z.boolean(), points: z.number(), earned: z.number() }))
      .describe('per question: right or wrong, never the right options'),
  }),
);

export const trainingPlan = envelope(
  z.object({
    documentId: z.string(),
    month: z.string().describe('YYYY-MM (Beijing calendar month)'),
    courses: z.array(z.object({ documentId: z.string(), title: nullableString, passed: z.boolean() })),
    remindedAt: nullableTimestamp,
    finalRemindedAt: nullableTimestamp,
    completedAt: nullableTimestamp,
  }),
);

import { z } from 'zod';
import { route } from './route';
import { documentIdParams, emptyQuery } from './schemas/common';
import * as t from './schemas/training';
import { CAREGIVER_IDENTITY_ERRORS as IDENTITY } from './caregiver-routes';

/** Question keys are the server's ids (digits); option keys are short editor-chosen codes (A, B, true ...). */
const answersBody = z.strictObject({
  // An open object rather than z.record: @strapi/openapi's bundled zod (4.4.3) cannot convert our zod's records.
  answers: z
    .object({})
    .catchall(z.array(z.string().min(1).max(20, '选项编号过长')).max(20, '选项过多'))
    .refine((answers) => Object.keys(answers).every((key) => /^\d{1,12}$/.test(key)), '题目编号格式不正确')
    .refine((answers) => Object.keys(answers).length <= 200, '题目数量过多'),
});

const emptyBody = z.strictObject({});

/** Caregiver training routes (content API, caregiver role). */
export const trainingRoutes = [
  route({ method: 'GET', path: '/caregiver/courses', handler: 'training.courses', query: emptyQuery, response: t.courseList, errors: IDENTITY }),
  route({
    method: 'GET',
    path: '/caregiver/courses/:id',
    handler: 'training.course',
    params: documentIdParams,
    query: emptyQuery,
    response: t.courseDetail,
    errors: [...IDENTITY, 'COURSE_NOT_FOUND'],
  }),
  route({
    method: 'POST',
    path: '/caregiver/exams/:id/attempts',
    handler: 'training.startAttempt',
    params: documentIdParams,
    body: emptyBody,
    response: t.attempt,
    status: [201, 200],
    errors: [...IDENTITY, 'EXAM_NOT_FOUND', 'EXAM_EMPTY', 'EXAM_ALREADY_PASSED', 'ATTEMPT_LIMIT_REACHED'],
    description: '201 with a new attempt; 200 with the attempt already open for this exam (resume it).',
  }),
  route({
    method: 'POST',
    path: '/caregiver/exam-attempts/:id/submit',
    handler: 'training.submitAttempt',
    params: documentIdParams,
    body: answersBody,
    response: t.attemptResult,
    errors: [...IDENTITY, 'ATTEMPT_NOT_FOUND', 'ATTEMPT_CLOSED', 'EXAM_TIME_UP', 'UNKNOWN_QUESTION'],
  }),
  route({ method: 'GET', path: '/caregiver/training-plan', handler: 'training.plan', query: emptyQuery, response: t.trainingPlan, errors: IDENTITY }),
];

export const TRAINING_ACTIONS = [
  'plugin::booking.training.courses',
  'plugin::booking.training.course',
  'plugin::booking.training.startAttempt',
  'plugin::booking.training.submitAttempt',
  'plugin::booking.training.plan',
];

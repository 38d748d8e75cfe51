/**
 * Caregiver training: courses, exams graded on the server with answer keys never sent, attempt and time limits,
 * levels after a pass, the monthly plan job, and GraphQL's generated types without the answer field.
 */
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { graphql, signedInUser } from '../../helpers/users';
import { approvedCaregiver, serviceBySlug } from '../../helpers/orders';
import { trainingCourses } from '../../../src/seed/training-data';
import { fromBeijing } from '../../../src/plugins/booking/server/src/domain/beijing-time';

let app: TestApp;
let caregiver: Awaited<ReturnType<typeof approvedCaregiver>>;
let courses: any[];
const MINUTE = 60_000;
const bySlug = (slug: string) => courses.find((c) => c.slug === slug);
const seedOf = (slug: string) => trainingCourses.find((c) => c.slug === slug)!;

/** True when any object anywhere in the value has the property (the answer-key leak check). */
function hasKeyDeep(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((v) => hasKeyDeep(v, key));
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => k === key || hasKeyDeep(v, key));
  return false;
}

/** Correct answers by question key, read from the database as only the grader may. */
async function answerKey(examId: string, wrong = false) {
  const exam = await app.strapi.db.query('api::exam.exam').findOne({ where: { documentId: examId }, populate: { questions: true } });
  return Object.fromEntries(exam.questions.map((q: any) => [String(q.id), wrong ? ['zz'] : q.answer]));
}

const start = (auth: Record<string, string>, examId: string) => app.http().post(`/api/booking/caregiver/exams/${examId}/attempts`).set(auth).send({});
const submit = (auth: Record<string, string>, attemptId: string, answers: Record<string, string[]>) =>
  app.http().post(`/api/booking/caregiver/exam-attempts/${attemptId}/submit`).set(auth).send({ answers });

beforeAll(async () => {
  app = await bootStrapi({ env: { SEED_DEMO: 'true' } });
  const escort = await serviceBySlug(app, 'full-escort');
  caregiver = await approvedCaregiver(app, [escort.documentId], { eligible: false });
  // Enough orders and reviews for 中级 once one course is passed.
  await app.strapi.db
    .query('api::caregiver.caregiver')
    .update({ where: { id: caregiver.caregiver.id }, data: { completedOrders: 25, rating: 4.9, ratingCount: 30 } });
  const res = await app.http().get('/api/booking/caregiver/courses').set(caregiver.auth).expect(200);
  courses = res.body.data;
});

afterAll(async () => {
  await app?.stop();
});

describe('courses', () => {
  it('lists the published courses with required flags for the caregiver’s skills and no answer keys', async () => {
    expect(courses.map((c) => c.slug)).toEqual(['escort-service-etiquette', 'elderly-fall-prevention', 'aseptic-technique-home-nursing']);
    expect(bySlug('escort-service-etiquette')).toMatchObject({ required: true, requiredForAll: true, passed: false });
    expect(bySlug('elderly-fall-prevention')).toMatchObject({ required: true, passed: false }); // full-escort is one of its services
    expect(bySlug('aseptic-technique-home-nursing')).toMatchObject({ required: false });
    expect(bySlug('escort-service-etiquette').exam).toMatchObject({ passMark: 80, attemptLimit: 3, attemptsUsed: 0, questionCount: 4 });
    expect(hasKeyDeep(courses, 'answer')).toBe(false);
  });

  it('shows a course with its content and materials; an unknown course is 404', async () => {
    const res = await app
      .http()
      .get(`/api/booking/caregiver/courses/${bySlug('elderly-fall-prevention').documentId}`)
      .set(caregiver.auth)
      .expect(200);
    expect(res.body.data.content).toContain('三个 30 秒');
    expect(res.body.data.materials).toEqual([]);
    await app.http().get('/api/booking/caregiver/courses/abcdefghij0123456789').set(caregiver.auth).expect(404);
  });

  it('is closed to customers, to caregivers without an approved profile and to anonymous callers', async () => {
    const customer = await signedInUser(app);
    await app.http().get('/api/booking/caregiver/courses').set(customer.auth).expect(403);
    await start(customer.auth, bySlug('escort-service-etiquette').exam.documentId).expect(403);
    await app.http().get('/api/booking/caregiver/training-plan').set(customer.auth).expect(403);
    const pending = await signedInUser(app);
    const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'caregiver' } });
    await app.strapi.db.query('plugin::users-permissions.user').update({ where: { id: pending.user.id }, data: { role: role.id } });
    const res = await app.http().get('/api/booking/caregiver/courses').set(pending.auth).expect(403);
    expect(res.body.error.message).toBe('您还不是已认证的陪护人员');
    await app.http().get('/api/booking/caregiver/courses').expect(403);
  });
});

describe('exams', () => {
  it('starts an attempt without answers, keeps option order, returns the open attempt again, and grades on the server', async () => {
    const examId = bySlug('escort-service-etiquette').exam.documentId;
    const first = await start(caregiver.auth, examId).expect(201);
    const attempt = first.body.data;
    expect(hasKeyDeep(first.body, 'answer')).toBe(false);
    expect(attempt.questions).toHaveLength(4);
    expect(new Date(attempt.deadlineAt).getTime() - new Date(attempt.startedAt).getTime()).toBe(20 * MINUTE);
    // Options keep the editor's order (documented): only the question order is shuffled per attempt.
    const seeded = seedOf('escort-service-etiquette').exam.questions;
    for (const q of attempt.questions) {
      const source = seeded.find((s) => s.prompt === q.prompt)!;
      expect(q.options).toEqual(source.options);
    }
    const again = await start(caregiver.auth, examId).expect(200);
    expect(again.body.data.documentId).toBe(attempt.documentId);
    expect(again.body.data.questions.map((q: any) => q.key)).toEqual(attempt.questions.map((q: any) => q.key));

    // Right for single choices, a subset for the multiple choice: no partial credit.
    const key = await answerKey(examId);
    const multi = attempt.questions.find((q: any) => q.type === 'multiple');
    const answers = { ...key, [multi.key]: key[multi.key].slice(0, 2) };
    const graded = await submit(caregiver.auth, attempt.documentId, answers).expect(200);
    expect(graded.body.data).toMatchObject({ status: 'submitted', score: 70, passed: false, passMark: 80 });
    expect(graded.body.data.results.find((r: any) => r.key === multi.key)).toEqual({ key: multi.key, correct: false, points: 30, earned: 0 });
    expect(hasKeyDeep(graded.body, 'answer')).toBe(false);
    await submit(caregiver.auth, attempt.documentId, key).expect(409);
  });

  it('refuses bad answer sheets with 400 and other caregivers’ attempts with 404', async () => {
    const examId = bySlug('escort-service-etiquette').exam.documentId;
    const attempt = (await start(caregiver.auth, examId).expect(201)).body.data;
    await submit(caregiver.auth, attempt.documentId, { abc: ['A'] }).expect(400);
    await submit(caregiver.auth, attempt.documentId, { '999999': ['A'] }).expect(400);
    await app
      .http()
      .post(`/api/booking/caregiver/exam-attempts/${attempt.documentId}/submit`)
      .set(caregiver.auth)
      .send({ answers: {}, score: 100 })
      .expect(400);
    await app
      .http()
      .post(`/api/booking/caregiver/exam-attempts/${attempt.documentId}/submit`)
      .set(caregiver.auth)
      .send({ answers: { '1': 'A' } })
      .expect(400);
    const other = await approvedCaregiver(app, [], { name: '李春梅', eligible: false });
    await submit(other.auth, attempt.documentId, await answerKey(examId)).expect(404);
    // Wrong everywhere: the second attempt fails too.
    const graded = await submit(caregiver.auth, attempt.documentId, await answerKey(examId, true)).expect(200);
    expect(graded.body.data).toMatchObject({ score: 0, passed: false });
  });

  it('two concurrent starts open one attempt', async () => {
    const other = await approvedCaregiver(app, [], { name: '周敏', eligible: false });
    const examId = bySlug('escort-service-etiquette').exam.documentId;
    const [a, b] = await Promise.all([start(other.auth, examId), start(other.auth, examId)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.data.documentId).toBe(b.body.data.documentId);
    expect(await app.strapi.db.query('plugin::booking.exam-attempt').count({ where: { caregiverUserId: other.user.id } })).toBe(1);
  });

  it('hides draft and inactive courses and their exams', async () => {
    const draft = await app.strapi.documents('api::training-course.training-course').create({
      data: { title: '压疮护理进阶（草稿）', slug: 'pressure-injury-draft', content: '编写中', durationMinutes: 30, requiredForAll: true, active: true },
    } as any);
    const exam = await app.strapi.documents('api::exam.exam').create({
      data: {
        title: '草稿考试',
        course: draft.documentId,
        passMark: 60,
        timeLimitMinutes: 10,
        attemptLimit: 1,
        questions: [{ type: 'true_false', prompt: '草稿题', options: [], answer: ['true'], points: 1 }],
      },
    } as any);
    const list = await app.http().get('/api/booking/caregiver/courses').set(caregiver.auth).expect(200);
    expect(list.body.data.map((c: any) => c.slug)).not.toContain('pressure-injury-draft');
    await app.http().get(`/api/booking/caregiver/courses/${draft.documentId}`).set(caregiver.auth).expect(404);
    await start(caregiver.auth, exam.documentId).expect(404);
    const inactive = bySlug('aseptic-technique-home-nursing');
    await app.strapi.db.query('api::training-course.training-course').updateMany({ where: { documentId: inactive.documentId }, data: { active: false } });
    await app.http().get(`/api/booking/caregiver/courses/${inactive.documentId}`).set(caregiver.auth).expect(404);
    await app.strapi.db.query('api::training-course.training-course').updateMany({ where: { documentId: inactive.documentId }, data: { active: true } });
  });

  it('stops at the attempt limit with 409', async () => {
    const examId = bySlug('escort-service-etiquette').exam.documentId;
    const third = (await start(caregiver.auth, examId).expect(201)).body.data;
    await submit(caregiver.auth, third.documentId, {}).expect(200);
    const refused = await start(caregiver.auth, examId).expect(409);
    expect(refused.body.error.message).toContain('最多可参加 3 次');
    const list = await app.http().get('/api/booking/caregiver/courses').set(caregiver.auth).expect(200);
    expect(list.body.data.find((c: any) => c.slug === 'escort-service-etiquette').exam.attemptsUsed).toBe(3);
  });

  it('closes a late submission as expired (409) and still grades one inside the grace', async () => {
    const examId = bySlug('aseptic-technique-home-nursing').exam.documentId;
    const exams = app.strapi.plugin('booking').service('exams');
    const late = await exams.start(caregiver.user.id, examId, new Date(Date.now() - 32 * MINUTE));
    const res = await submit(caregiver.auth, late.attempt.documentId, await answerKey(examId)).expect(409);
    expect(res.body.error.message).toContain('考试时间已到');
    const row = await app.strapi.db.query('plugin::booking.exam-attempt').findOne({ where: { documentId: late.attempt.documentId } });
    expect(row).toMatchObject({ status: 'expired', score: 0, passed: false });

    const inGrace = await exams.start(caregiver.user.id, examId, new Date(Date.now() - 30 * MINUTE - 20_000));
    const graded = await submit(caregiver.auth, inGrace.attempt.documentId, await answerKey(examId)).expect(200);
    expect(graded.body.data).toMatchObject({ score: 100, passed: true });
  });

  it('a pass updates passedCourseIds and the caregiver’s level; a passed exam cannot be retaken', async () => {
    const training = app.strapi.plugin('booking').service('training');
    const course = bySlug('elderly-fall-prevention');
    const before = await training.passedCourseIds(caregiver.user.id);
    expect(before).not.toContain(course.documentId);
    const attempt = (await start(caregiver.auth, course.exam.documentId).expect(201)).body.data;
    const graded = await submit(caregiver.auth, attempt.documentId, await answerKey(course.exam.documentId)).expect(200);
    expect(graded.body.data).toMatchObject({ score: 100, passed: true });
    expect(hasKeyDeep(graded.body, 'answer')).toBe(false);
    expect(await training.passedCourseIds(caregiver.user.id)).toEqual(
      expect.arrayContaining([course.documentId, bySlug('aseptic-technique-home-nursing').documentId]),
    );
    const row = await app.strapi.db.query('api::caregiver.caregiver').findOne({ where: { id: caregiver.caregiver.id } });
    expect(row.level).toBe('intermediate');
    await start(caregiver.auth, course.exam.documentId).expect(409);

    const escort = await serviceBySlug(app, 'full-escort');
    expect(await training.requiredCourseIdsFor(escort.documentId)).toEqual([bySlug('escort-service-etiquette').documentId, course.documentId]);

    // Standing changed elsewhere (penalties): the nightly job brings the level down.
    await app.strapi.db.query('api::caregiver.caregiver').update({ where: { id: caregiver.caregiver.id }, data: { penaltyPoints: 11 } });
    const run = await app.strapi.plugin('booking').service('jobs').run('recomputeLevels');
    expect(run).toMatchObject({ ran: true, failed: 0 });
    expect((await app.strapi.db.query('api::caregiver.caregiver').findOne({ where: { id: caregiver.caregiver.id } })).level).toBe('junior');
  });
});

describe('monthly training plan', () => {
  it('shows this month’s plan to the caregiver', async () => {
    const res = await app.http().get('/api/booking/caregiver/training-plan').set(caregiver.auth).expect(200);
    // Made now: the fall-prevention course is already passed, so only the course required for all remains.
    expect(res.body.data.courses).toEqual([{ documentId: bySlug('escort-service-etiquette').documentId, title: '陪诊服务规范与沟通礼仪', passed: false }]);
    expect(res.body.data.completedAt).toBeNull();
  });

  it('makes each plan once, reminds once, reminds again in the last week, and is idempotent', async () => {
    const nurse = await approvedCaregiver(app, [(await serviceBySlug(app, 'infusion-at-home')).documentId], { name: '赵丽华', eligible: false });
    const jobs = app.strapi.plugin('booking').service('jobs');
    const inbox = () => app.strapi.db.query('plugin::booking.notification').findMany({ where: { userId: nurse.user.id }, orderBy: { id: 'asc' } });
    const plan = () => app.strapi.db.query('plugin::booking.training-plan').findMany({ where: { caregiverUserId: nurse.user.id, month: '2027-03' } });

    const first = await jobs.run('planMonthlyTraining', fromBeijing(2027, 3, 1, 9, 15));
    expect(first).toMatchObject({ ran: true, failed: 0 });
    expect(first.processed).toBeGreaterThanOrEqual(1);
    const [made] = await plan();
    expect(made.courseIds).toEqual([bySlug('escort-service-etiquette').documentId, bySlug('aseptic-technique-home-nursing').documentId]);
    expect((await inbox()).map((n: any) => n.kind)).toEqual(['training_plan']);
    expect((await inbox())[0].body).toContain('「无菌操作与感染防控（护士上门）」');

    const again = await jobs.run('planMonthlyTraining', fromBeijing(2027, 3, 2, 9, 15));
    expect(again.processed).toBe(0);
    expect(await plan()).toHaveLength(1);
    expect(await inbox()).toHaveLength(1);

    await jobs.run('planMonthlyTraining', fromBeijing(2027, 3, 25, 9, 15));
    await jobs.run('planMonthlyTraining', fromBeijing(2027, 3, 26, 9, 15));
    expect((await inbox()).map((n: any) => n.kind)).toEqual(['training_plan', 'training_plan_due']);
    expect(await plan()).toHaveLength(1);
  });
});

describe('GraphQL', () => {
  it('has no answer field on exam questions and no public (or caregiver) access to exams or courses', async () => {
    const answerQuery = await graphql(app, {}, '{ exams { documentId questions { prompt answer } } }');
    expect(answerQuery.data?.exams).toBeUndefined();
    expect(JSON.stringify(answerQuery.errors)).toContain('answer');

    const type = await graphql(app, {}, '{ __type(name: "ComponentTrainingQuestion") { fields { name } } }');
    const fields = (type.data?.__type?.fields ?? []).map((f: any) => f.name);
    expect(fields).toEqual(expect.arrayContaining(['prompt', 'options']));
    expect(fields).not.toContain('answer');

    for (const auth of [{}, caregiver.auth] as Array<Record<string, string>>) {
      const exams = await graphql(app, auth, '{ exams { documentId title } }');
      expect(exams.data?.exams ?? null).toBeNull();
      expect(exams.errors?.[0]?.message).toMatch(/Forbidden/i);
      const courseList = await graphql(app, auth, '{ trainingCourses { title } }');
      expect(courseList.errors?.[0]?.message).toMatch(/Forbidden/i);
    }
  });
});

/**
 * Reviews (only the order's user, once, after completion; one follow-up within 15 days; one caregiver reply),
 * moderation with the Bayesian rating recomputed, masked public lists, and suggestions.
 */
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { adminToken, approvedCaregiver, customerWithPatient, serviceBySlug } from '../../helpers/orders';
import { completedOrder, orderRow, paidOrder } from './flow';

let app: TestApp;
let service: any;
let caregiver: Awaited<ReturnType<typeof approvedCaregiver>>;
let customer: Awaited<ReturnType<typeof customerWithPatient>>;
let ops: Awaited<ReturnType<typeof adminToken>>;
const reviews = () => app.strapi.db.query('plugin::booking.review');
const caregivers = () => app.strapi.db.query('api::caregiver.caregiver');
const body = (overall: number, extra: Record<string, unknown> = {}) => ({
  attitude: 5,
  skill: 4,
  punctuality: 5,
  overall,
  tags: ['准时守约', '专业细心'],
  text: '阿姨非常细心，全程陪同。',
  ...extra,
});
const review = (who: { auth: Record<string, string> }, orderId: string, payload: Record<string, unknown>) =>
  app.http().post(`/api/booking/orders/${orderId}/review`).set(who.auth).send(payload);
/** The expected rating, computed here from the formula and prior the brief documents (m = 4.5, C = 5). */
const expectedRating = (scores: number[]) =>
  scores.length === 0 ? 0 : Math.round(((5 * 4.5 + scores.reduce((a, b) => a + b, 0)) / (5 + scores.length)) * 10) / 10;

beforeAll(async () => {
  app = await bootStrapi({ env: { SEED_DEMO: 'true' } });
  service = await serviceBySlug(app, 'full-escort');
  caregiver = await approvedCaregiver(app, [service.documentId], { name: '李春梅' });
  customer = await customerWithPatient(app);
  await app.strapi.db.query('plugin::users-permissions.user').update({ where: { id: customer.user.id }, data: { displayName: '王秀英' } });
  ops = await adminToken(app);
});

afterAll(async () => {
  await app?.stop();
});

describe('writing a review', () => {
  it('only the order’s user, only after completion, only once; the order becomes reviewed', async () => {
    const early = await paidOrder(app, service, customer);
    expect((await review(customer, early, body(5))).body.error).toMatchObject({ status: 409, details: { code: 'NOT_COMPLETED' } });

    const id = await completedOrder(app, service, customer, caregiver);
    const stranger = await customerWithPatient(app);
    expect((await review(stranger, id, body(5))).status).toBe(404);

    // A double tap: exactly one review is written.
    const [a, b] = await Promise.all([review(customer, id, body(5)), review(customer, id, body(4))]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const created = a.status === 201 ? a : b;
    expect(created.body.data).toMatchObject({ tags: ['准时守约', '专业细心'], hidden: false });
    expect((await orderRow(app, id)).status).toBe('reviewed');
    const row = await orderRow(app, id);
    expect(await reviews().count({ where: { orderId: row.id } })).toBe(1);
    expect((await review(customer, id, body(5))).body.error.details.code).toBe('ALREADY_REVIEWED');
    expect(await app.strapi.db.query('plugin::booking.order-event').count({ where: { orderId: row.id, action: 'review' } })).toBe(1);
  });

  it('refuses bad scores, unknown tags, long text and unknown fields with a 400', async () => {
    const id = await completedOrder(app, service, customer, caregiver);
    for (const payload of [
      body(6),
      body(0),
      body(4.5),
      body(5, { tags: ['很好'] }),
      body(5, { text: '长'.repeat(501) }),
      body(5, { hidden: true }),
      { overall: 5 },
    ]) {
      const res = await review(customer, id, payload);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBeTruthy();
    }
    expect((await orderRow(app, id)).status).toBe('completed');
    await review(customer, id, body(3)).expect(201);
  });
});

describe('follow-up, reply, moderation and rating', () => {
  it('allows one follow-up within 15 days and one reply by the reviewed caregiver', async () => {
    const id = await completedOrder(app, service, customer, caregiver);
    const created = await review(customer, id, body(4)).expect(201);
    const rid = created.body.data.documentId;

    const other = await approvedCaregiver(app, [service.documentId], { name: '赵丽' });
    expect((await app.http().post(`/api/booking/caregiver/reviews/${rid}/reply`).set(other.auth).send({ text: '感谢' })).status).toBe(404);
    expect((await app.http().post(`/api/booking/caregiver/reviews/${rid}/reply`).set(customer.auth).send({ text: '感谢' })).status).toBe(403);
    const reply = await app
      .http()
      .post(`/api/booking/caregiver/reviews/${rid}/reply`)
      .set(caregiver.auth)
      .send({ text: '感谢您的认可，祝老人早日康复。' })
      .expect(200);
    expect(reply.body.data.reply.text).toContain('感谢');
    expect((await app.http().post(`/api/booking/caregiver/reviews/${rid}/reply`).set(caregiver.auth).send({ text: '再次感谢' })).status).toBe(409);

    const stranger = await customerWithPatient(app);
    expect((await app.http().post(`/api/booking/reviews/${rid}/follow-up`).set(stranger.auth).send({ text: '追评' })).status).toBe(404);
    expect((await app.http().post(`/api/booking/reviews/${rid}/follow-up`).set(customer.auth).send({ text: '' })).status).toBe(400);
    await app.http().post(`/api/booking/reviews/${rid}/follow-up`).set(customer.auth).send({ text: '复诊又约了李阿姨，依旧很好。' }).expect(200);
    expect((await app.http().post(`/api/booking/reviews/${rid}/follow-up`).set(customer.auth).send({ text: '再追评' })).status).toBe(409);

    // A review older than 15 days can no longer be followed up.
    const old = await completedOrder(app, service, customer, caregiver);
    const oldReview = (await review(customer, old, body(5)).expect(201)).body.data.documentId;
    await app.strapi.db
      .connection('booking_reviews')
      .where({ document_id: oldReview })
      .update({ created_at: new Date(Date.now() - 16 * 86_400_000) });
    const late = await app.http().post(`/api/booking/reviews/${oldReview}/follow-up`).set(customer.auth).send({ text: '追评' });
    expect(late.status).toBe(409);
    expect(late.body.error.details.code).toBe('FOLLOW_UP_CLOSED');
  });

  it('hides a review from the public lists and the rating, and brings it back (Bayesian average)', async () => {
    const rated = await approvedCaregiver(app, [service.documentId], { name: '陈桂兰' });
    const scores = [5, 2, 4];
    const ids: string[] = [];
    for (const score of scores) {
      const id = await completedOrder(app, service, customer, rated);
      ids.push((await review(customer, id, body(score)).expect(201)).body.data.documentId);
    }
    const stored = async () => caregivers().findOne({ where: { id: rated.caregiver.id } });
    expect(Number((await stored()).rating)).toBe(expectedRating(scores));
    expect((await stored()).ratingCount).toBe(3);

    const list = async () => (await app.http().get(`/api/booking/caregivers/${rated.caregiver.documentId}/reviews`).expect(200)).body;
    const before = await list();
    expect(before.data).toHaveLength(3);
    expect(before.data.every((r: any) => r.reviewer === '王**')).toBe(true);
    expect(JSON.stringify(before)).not.toContain('王秀英');
    expect(before.data[0]).not.toHaveProperty('userId');
    expect(before.meta).toMatchObject({ rating: expectedRating(scores), ratingCount: 3 });

    // Moderation needs the permission and a reason.
    const author = await adminToken(app, 'strapi-author');
    expect((await app.http().post(`/booking/reviews/${ids[1]}/hide`).set(author.auth).send({ reason: '含有辱骂内容' })).status).toBe(403);
    expect((await app.http().post(`/booking/reviews/${ids[1]}/hide`).set(ops.auth).send({})).status).toBe(400);
    const hidden = await app.http().post(`/booking/reviews/${ids[1]}/hide`).set(ops.auth).send({ reason: '含有辱骂内容' }).expect(200);
    expect(hidden.body.data).toMatchObject({ hidden: true, hiddenReason: '含有辱骂内容' });
    expect(Number((await stored()).rating)).toBe(expectedRating([5, 4]));
    expect((await list()).data.map((r: any) => r.documentId)).not.toContain(ids[1]);
    const byService = (await app.http().get(`/api/booking/services/${service.documentId}/reviews?pageSize=50`).expect(200)).body.data;
    expect(byService.map((r: any) => r.documentId)).not.toContain(ids[1]);
    expect(byService.map((r: any) => r.documentId)).toContain(ids[0]);
    expect((await app.http().post(`/booking/reviews/${ids[1]}/hide`).set(ops.auth).send({ reason: '重复操作' })).status).toBe(409);

    await app.http().post(`/booking/reviews/${ids[1]}/unhide`).set(ops.auth).send({}).expect(200);
    expect(Number((await stored()).rating)).toBe(expectedRating(scores));
    expect((await list()).data).toHaveLength(3);
  });

  it('shows 匿名用户 without a display name and answers unknown ids and bad paging with 4xx', async () => {
    const anonymous = await customerWithPatient(app);
    const anonCaregiver = await approvedCaregiver(app, [service.documentId], { name: '孙梅' });
    const id = await completedOrder(app, service, anonymous, anonCaregiver);
    await review(anonymous, id, body(5)).expect(201);
    const list = await app.http().get(`/api/booking/caregivers/${anonCaregiver.caregiver.documentId}/reviews`).expect(200);
    expect(list.body.data[0].reviewer).toBe('匿名用户');
    expect((await app.http().get('/api/booking/caregivers/zzzzzzzzzzzzzzzzzzzzzzzz/reviews')).status).toBe(404);
    expect((await app.http().get(`/api/booking/caregivers/${anonCaregiver.caregiver.documentId}/reviews?pageSize=500`)).status).toBe(400);
    expect((await app.http().get(`/api/booking/caregivers/${anonCaregiver.caregiver.documentId}/reviews?sort=id`)).status).toBe(400);
    expect((await app.http().post('/api/booking/reviews/zzzzzzzzzzzzzzzzzzzzzzzz/follow-up').set(customer.auth).send({ text: '追评' })).status).toBe(404);
  });
});

describe('suggestions', () => {
  it('are sent by signed-in users, tagged and answered by operators, and the answer reaches the inbox', async () => {
    expect((await app.http().post('/api/booking/suggestions').send({ text: '希望增加夜间陪护服务' })).status).toBe(403);
    expect((await app.http().post('/api/booking/suggestions').set(customer.auth).send({ text: '短' })).status).toBe(400);
    expect((await app.http().post('/api/booking/suggestions').set(customer.auth).send({ text: '希望增加夜间陪护服务', contact: 'abc' })).status).toBe(400);
    const created = await app
      .http()
      .post('/api/booking/suggestions')
      .set(customer.auth)
      .send({ text: '希望增加夜间陪护服务', contact: '13800138000' })
      .expect(201);
    const sid = created.body.data.documentId;
    expect(created.body.data.status).toBe('new');
    const mine = await app.http().get('/api/booking/suggestions').set(customer.auth).expect(200);
    expect(mine.body.data.map((s: any) => s.documentId)).toContain(sid);

    const author = await adminToken(app, 'strapi-author');
    expect((await app.http().get('/booking/suggestions').set(author.auth)).status).toBe(403);
    const listed = await app.http().get('/booking/suggestions?status=new').set(ops.auth).expect(200);
    expect(listed.body.data.map((s: any) => s.documentId)).toContain(sid);
    expect(
      (
        await app
          .http()
          .post(`/booking/suggestions/${sid}/tag`)
          .set(ops.auth)
          .send({ tags: ['随便'] })
      ).status,
    ).toBe(400);
    const tagged = await app
      .http()
      .post(`/booking/suggestions/${sid}/tag`)
      .set(ops.auth)
      .send({ tags: ['功能建议', '服务质量'] })
      .expect(200);
    expect(tagged.body.data).toMatchObject({ status: 'read', tags: ['功能建议', '服务质量'] });
    await app.http().post(`/booking/suggestions/${sid}/answer`).set(ops.auth).send({ text: '感谢建议，夜间陪护将于下月上线。' }).expect(200);
    expect((await app.http().post(`/booking/suggestions/${sid}/answer`).set(ops.auth).send({ text: '重复回复' })).status).toBe(409);
    const inbox = await app.http().get('/api/booking/notifications').set(customer.auth).expect(200);
    expect(inbox.body.data.some((n: any) => n.kind === 'suggestion_answer' && n.body.includes('夜间陪护'))).toBe(true);
    const after = await app.http().get('/api/booking/suggestions').set(customer.auth).expect(200);
    expect(after.body.data.find((s: any) => s.documentId === sid)).toMatchObject({ status: 'answered', answer: '感谢建议，夜间陪护将于下月上线。' });
  });
});

/**
 * Complaints: filing (own paid order, one open at a time), the operator workflow with a step row and an inbox
 * message per step, each resolution's real effect (refund sent through the sandbox channel, penalty points,
 * suspension, retraining, replacing the caregiver), all-or-nothing resolving, and the deadline job.
 */
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { adminToken, approvedCaregiver, customerWithPatient, serviceBySlug } from '../../helpers/orders';
import { caregiverSteps, orderRow, paidOrder } from './flow';

let app: TestApp;
let service: any;
let customer: Awaited<ReturnType<typeof customerWithPatient>>;
let ops: Awaited<ReturnType<typeof adminToken>>;
const complaints = () => app.strapi.db.query('plugin::booking.complaint');
const caregivers = () => app.strapi.db.query('api::caregiver.caregiver');
const refunds = () => app.strapi.db.query('plugin::booking.refund');

beforeAll(async () => {
  app = await bootStrapi({ env: { SEED_DEMO: 'true', PAYMENT_SANDBOX_ENABLED: 'true' } });
  service = await serviceBySlug(app, 'full-escort');
  customer = await customerWithPatient(app);
  ops = await adminToken(app);
});

afterAll(async () => {
  await app?.stop();
});

/** An order paid through the sandbox channel (so a refund has a real payment to go back to), then accepted. */
async function sandboxPaidAccepted(caregiver: { auth: Record<string, string> }) {
  const id = await paidOrder(app, service, customer, { pay: false });
  const started = await app.http().post(`/api/booking/orders/${id}/payments`).set(customer.auth).send({ channel: 'sandbox', scene: 'sandbox' }).expect(201);
  await app
    .http()
    .post(`/api/booking/payments/sandbox/${started.body.data.payment.tradeNo}/complete`)
    .set(customer.auth)
    .send({ result: 'success' })
    .expect(200);
  await caregiverSteps(app, caregiver, id, 'accept');
  return id;
}
const file = (orderId: string, payload: Record<string, unknown> = { category: 'attitude', description: '陪护人员态度冷淡，多次催促老人。' }, who = customer) =>
  app.http().post(`/api/booking/orders/${orderId}/complaints`).set(who.auth).send(payload);
const act = (complaintId: string, step: string, payload: Record<string, unknown>) =>
  app.http().post(`/booking/complaints/${complaintId}/${step}`).set(ops.auth).send(payload);

describe('filing a complaint', () => {
  it('accepts the user’s own paid order once at a time and shows it with its steps', async () => {
    const caregiver = await approvedCaregiver(app, [service.documentId]);
    const id = await paidOrder(app, service, customer);
    await caregiverSteps(app, caregiver, id, 'accept');
    const unpaid = await paidOrder(app, service, customer, { pay: false });
    const stranger = await customerWithPatient(app);

    expect((await file(id, { category: 'rude', description: '陪护人员态度冷淡。' })).status).toBe(400);
    expect((await file(id, { category: 'late', description: '短' })).status).toBe(400);
    expect((await file(id, { category: 'late', description: '迟到一个小时。', evidence: [1] })).status).toBe(400);
    expect((await file(id, undefined, stranger)).status).toBe(404);
    expect((await file(unpaid)).body.error.details.code).toBe('NOT_COMPLAINABLE');

    const created = await file(id).expect(201);
    expect(created.body.data).toMatchObject({
      status: 'submitted',
      category: 'attitude',
      categoryLabel: '服务态度',
      steps: [expect.objectContaining({ toStatus: 'submitted' })],
    });
    expect(created.body.data).not.toHaveProperty('userId');
    expect((await file(id)).body.error.details.code).toBe('COMPLAINT_OPEN');

    const cid = created.body.data.documentId;
    const mine = await app.http().get('/api/booking/complaints').set(customer.auth).expect(200);
    expect(mine.body.data.map((c: any) => c.documentId)).toContain(cid);
    expect((await app.http().get(`/api/booking/complaints/${cid}`).set(stranger.auth)).status).toBe(404);

    // Rejecting closes it with a step and a message; the user may then file again.
    const author = await adminToken(app, 'strapi-author');
    expect((await app.http().post(`/booking/complaints/${cid}/reject`).set(author.auth).send({ message: '经核实不属实' })).status).toBe(403);
    await act(cid, 'reject', { message: '经核实，陪护人员按规范服务，投诉不成立。' }).expect(200);
    expect((await act(cid, 'investigate', { message: '再查' })).status).toBe(409);
    const shown = await app.http().get(`/api/booking/complaints/${cid}`).set(customer.auth).expect(200);
    expect(shown.body.data.status).toBe('rejected');
    expect(shown.body.data.steps.map((s: any) => s.toStatus)).toEqual(['submitted', 'rejected']);
    await file(id).expect(201);
  });
});

describe('resolutions', () => {
  it('refunds part of the payment through the paid channel and adds penalty points', async () => {
    const caregiver = await approvedCaregiver(app, [service.documentId]);
    const id = await sandboxPaidAccepted(caregiver);
    const cid = (await file(id).expect(201)).body.data.documentId;
    await act(cid, 'investigate', { message: '已联系陪护人员了解情况' }).expect(200);

    const order = await orderRow(app, id);
    const over = await act(cid, 'resolve', { message: '退款', resolutions: [{ type: 'partial_refund', amountFen: order.paidFen + 1 }] });
    expect(over.status).toBe(409);
    expect((await act(cid, 'resolve', { message: '处理', resolutions: [{ type: 'partial_refund', amountFen: 10.5 }] })).status).toBe(400);
    expect((await act(cid, 'resolve', { message: '处理', resolutions: [{ type: 'free_massage' }] })).status).toBe(400);
    expect((await act(cid, 'resolve', { message: '处理', resolutions: [] })).status).toBe(400);

    const share = Math.floor(order.paidFen / 3);
    const res = await act(cid, 'resolve', {
      message: '经核实情况属实，退还部分费用并处罚陪护人员。',
      resolutions: [
        { type: 'partial_refund', amountFen: share },
        { type: 'penalty', points: 3 },
      ],
    }).expect(200);
    expect(res.body.data.status).toBe('resolved');
    expect(res.body.data.resolution.items.map((i: any) => i.type)).toEqual(['partial_refund', 'penalty']);
    expect(res.body.data.steps.map((s: any) => s.toStatus)).toEqual(['submitted', 'investigating', 'resolved']);

    const [refund] = await refunds().findMany({ where: { orderId: order.id } });
    expect(refund).toMatchObject({ source: 'complaint', amountFen: share, status: 'pending' });
    await app.strapi.plugin('booking').service('refund-processor').processPending();
    expect(await refunds().findOne({ where: { id: refund.id } })).toMatchObject({ status: 'succeeded', channel: 'sandbox' });
    expect(await orderRow(app, id)).toMatchObject({ refundedFen: share, paymentStatus: 'partially_refunded' });
    expect((await caregivers().findOne({ where: { id: caregiver.caregiver.id } })).penaltyPoints).toBe(3);

    const inbox = await app.http().get('/api/booking/notifications?pageSize=50').set(customer.auth).expect(200);
    expect(inbox.body.data.filter((n: any) => n.kind === 'complaint').length).toBeGreaterThanOrEqual(3);
    const cgInbox = await app.http().get('/api/booking/notifications').set(caregiver.auth).expect(200);
    expect(cgInbox.body.data.some((n: any) => n.kind === 'complaint_result' && n.body.includes('扣 3 分'))).toBe(true);
  });

  it('suspends the caregiver (caregiver routes answer 403) and never half-applies a failing set', async () => {
    const caregiver = await approvedCaregiver(app, [service.documentId]);
    const id = await paidOrder(app, service, customer);
    await caregiverSteps(app, caregiver, id, 'start');
    const cid = (await file(id, { category: 'safety', description: '服务中擅自离开老人超过半小时。' }).expect(201)).body.data.documentId;

    // The unknown course fails after the suspension was written: everything rolls back.
    const failing = await act(cid, 'resolve', {
      message: '停单并复训',
      resolutions: [
        { type: 'suspension', days: 7 },
        { type: 'retraining', note: '安全规范复训', courseIds: ['nosuchcourse0000000000'] },
      ],
    });
    expect(failing.status).toBe(404);
    expect((await caregivers().findOne({ where: { id: caregiver.caregiver.id } })).status).toBe('approved');
    expect((await complaints().findOne({ where: { documentId: cid } })).status).toBe('submitted');
    await app.http().get('/api/booking/caregiver/orders').set(caregiver.auth).expect(200);

    const replace = await act(cid, 'resolve', { message: '换人', resolutions: [{ type: 'replace_caregiver' }] });
    expect(replace.body.error.details.code).toBe('CANNOT_REPLACE');

    const course = await app.strapi.db.query('api::training-course.training-course').findOne({ where: { publishedAt: { $notNull: true } } });
    const retraining = { type: 'retraining', note: '安全规范复训', courseIds: [course.documentId] };
    await act(cid, 'resolve', { message: '停单 7 天并安排安全规范复训。', resolutions: [{ type: 'suspension', days: 7 }, retraining] }).expect(200);
    const plan = await app.strapi.db.query('plugin::booking.training-plan').findOne({ where: { caregiverUserId: caregiver.user.id } });
    expect(plan.courseIds).toContain(course.documentId);
    expect(plan.completedAt).toBeNull();
    const suspended = await caregivers().findOne({ where: { id: caregiver.caregiver.id } });
    expect(suspended.status).toBe('suspended');
    const until = new Date(suspended.suspendedUntil).getTime();
    expect(Math.abs(until - (Date.now() + 7 * 86_400_000))).toBeLessThan(120_000);
    expect((await app.http().get('/api/booking/caregiver/orders').set(caregiver.auth)).status).toBe(403);
    expect((await app.http().post(`/api/booking/caregiver/orders/${id}/finish`).set(caregiver.auth).send({ summary: '服务完成，老人情况平稳。' })).status).toBe(
      403,
    );
  });

  it('replaces the caregiver: the order goes back to the hall and the schedule is freed', async () => {
    const caregiver = await approvedCaregiver(app, [service.documentId]);
    const id = await sandboxPaidAccepted(caregiver);
    const before = await orderRow(app, id);
    expect(await app.strapi.db.query('plugin::booking.schedule-slot').count({ where: { orderId: before.id, active: true } })).toBe(1);
    const cid = (await file(id, { category: 'skill', description: '沟通后发现陪护人员不熟悉该医院流程，要求换人。' }).expect(201)).body.data.documentId;
    const res = await act(cid, 'resolve', {
      message: '已为您更换陪护人员，并给予原陪护人员警告。',
      resolutions: [{ type: 'replace_caregiver' }, { type: 'warning' }, { type: 'full_refund' }],
    });
    expect(res.status).toBe(200);
    const after = await orderRow(app, id);
    expect(after).toMatchObject({ status: 'pending_acceptance', caregiverId: null, caregiverUserId: null, dispatchMode: 'hall', refundedFen: after.paidFen });
    expect(await app.strapi.db.query('plugin::booking.schedule-slot').count({ where: { orderId: after.id, active: true } })).toBe(0);
    const release = await app.strapi.db.query('plugin::booking.order-event').findOne({ where: { orderId: after.id, action: 'release' } });
    expect(release).toMatchObject({ actorType: 'operator', fromStatus: 'accepted', toStatus: 'pending_acceptance' });
    // The order is open again for another caregiver.
    const next = await approvedCaregiver(app, [service.documentId]);
    await app.http().post(`/api/booking/caregiver/orders/${id}/accept`).set(next.auth).send({}).expect(200);
  });
});

describe('time limits', () => {
  it('flags complaints past their step deadline once, and lists them for operators', async () => {
    const caregiver = await approvedCaregiver(app, [service.documentId]);
    const id = await paidOrder(app, service, customer);
    await caregiverSteps(app, caregiver, id, 'accept');
    const cid = (await file(id, { category: 'late', description: '约定九点，陪护人员十点才到。' }).expect(201)).body.data.documentId;
    const jobs = app.strapi.plugin('booking').service('jobs');

    expect((await jobs.run('complaintDeadlines', new Date(Date.now() + 23 * 3_600_000))).processed).toBe(0);
    const first = await jobs.run('complaintDeadlines', new Date(Date.now() + 25 * 3_600_000));
    expect(first.processed).toBeGreaterThanOrEqual(1);
    expect((await complaints().findOne({ where: { documentId: cid } })).overdue).toBe(true);
    const again = await jobs.run('complaintDeadlines', new Date(Date.now() + 26 * 3_600_000));
    expect(again.processed).toBe(0);

    const overdue = await app.http().get('/booking/complaints?overdue=true').set(ops.auth).expect(200);
    expect(overdue.body.data.find((c: any) => c.documentId === cid)).toMatchObject({ overdue: true, status: 'submitted' });
    expect((await app.http().get('/booking/complaints?status=open')).status).toBe(401);
    expect((await app.http().get('/booking/complaints?status=open').set(ops.auth)).status).toBe(400);

    // Investigating starts the 72-hour clock and clears the flag.
    await act(cid, 'investigate', { message: '已受理，正在核实' }).expect(200);
    const row = await complaints().findOne({ where: { documentId: cid } });
    expect(row.overdue).toBe(false);
    expect(Math.abs(new Date(row.deadlineAt).getTime() - (Date.now() + 72 * 3_600_000))).toBeLessThan(120_000);
    expect((await jobs.run('complaintDeadlines', new Date(Date.now() + 71 * 3_600_000))).processed).toBe(0);
    const listed = await app.http().get('/booking/complaints?status=investigating').set(ops.auth).expect(200);
    expect(listed.body.data.map((c: any) => c.documentId)).toContain(cid);
  });
});

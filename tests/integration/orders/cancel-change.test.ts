import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { adminToken, approvedCaregiver, beijingAt, customerWithPatient, orderBody, serviceBySlug } from '../../helpers/orders';

let app: TestApp;
let service: any;
let customer: Awaited<ReturnType<typeof customerWithPatient>>;
let caregiver: Awaited<ReturnType<typeof approvedCaregiver>>;
let day = 2;
const orders = () => app.strapi.db.query('plugin::booking.order');
const refunds = () => app.strapi.db.query('plugin::booking.refund');
const slots = () => app.strapi.db.query('plugin::booking.schedule-slot');
const lifecycle = () => app.strapi.plugin('booking').service('order-lifecycle');

async function newOrder(overrides: Record<string, unknown> = {}) {
  const res = await app
    .http()
    .post('/api/booking/orders')
    .set(customer.auth)
    .send(orderBody(service, customer.patientId, { startAt: beijingAt(day++, 10), ...overrides }));
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return { id: res.body.data.documentId as string, row: await orders().findOne({ where: { documentId: res.body.data.documentId } }) };
}
const pay = (row: any) => lifecycle().markPaid(row.id, { amountFen: row.totalFen, reference: `pay-${row.id}` });
const cg = (id: string, action: string, body: Record<string, unknown> = {}) =>
  app.http().post(`/api/booking/caregiver/orders/${id}/${action}`).set(caregiver.auth).send(body);
const quote = (id: string) => app.http().get(`/api/booking/orders/${id}/cancellation-quote`).set(customer.auth);
const cancel = (id: string) => app.http().post(`/api/booking/orders/${id}/cancel`).set(customer.auth).send({ reason: '家属改了安排' });
/** Moves the start time as if the order were booked for `hours` from now (lead-time checks are for submission only). */
const startIn = (row: any, hours: number) => orders().update({ where: { id: row.id }, data: { startAt: new Date(Date.now() + hours * 3600_000) } });

beforeAll(async () => {
  app = await bootStrapi({ env: { SEED_DEMO: 'true' } });
  service = await serviceBySlug(app, 'full-escort');
  customer = await customerWithPatient(app);
  caregiver = await approvedCaregiver(app, [service.documentId]);
});

afterAll(async () => {
  await app?.stop();
});

describe('cancellation fee by stage', () => {
  it('is free before payment and creates no refund', async () => {
    const { id, row } = await newOrder();
    expect((await quote(id).expect(200)).body.data).toEqual(expect.objectContaining({ feeFen: 0, refundFen: 0 }));
    await cancel(id).expect(200);
    expect(await refunds().count({ where: { orderId: row.id } })).toBe(0);
  });

  it('refunds in full before acceptance, as a pending refund record for payments', async () => {
    const { id, row } = await newOrder();
    await pay(row);
    expect((await quote(id)).body.data).toEqual(expect.objectContaining({ feeFen: 0, refundFen: row.totalFen }));
    const res = await cancel(id).expect(200);
    expect(res.body.data.status).toBe('cancelled');
    const [refund] = await refunds().findMany({ where: { orderId: row.id } });
    expect(refund).toEqual(expect.objectContaining({ amountFen: row.totalFen, status: 'pending', source: 'cancellation' }));
    expect((await orders().findOne({ where: { id: row.id } })).refundedFen).toBe(row.totalFen);
  });

  it.each([
    [30, 0],
    [10, 20],
    [2, 50],
  ])('after acceptance with %i h to go keeps %i%%', async (hours, percent) => {
    const { id, row } = await newOrder();
    await pay(row);
    await cg(id, 'accept').expect(200);
    await startIn(row, hours);
    const fee = Math.floor((row.totalFen * percent + 50) / 100);
    expect((await quote(id)).body.data).toEqual(expect.objectContaining({ feeFen: fee, refundFen: row.totalFen - fee }));
    await cancel(id).expect(200);
    const after = await orders().findOne({ where: { id: row.id } });
    expect(after.cancelFeeFen).toBe(fee);
    expect(after.refundedFen).toBe(row.totalFen - fee);
    expect(after.refundedFen).toBeLessThanOrEqual(after.paidFen);
    // The caregiver's time is free again.
    expect(await slots().count({ where: { orderId: row.id, active: true } })).toBe(0);
  });

  it('keeps at least the visit fee once the caregiver has departed', async () => {
    const { id, row } = await newOrder();
    await pay(row);
    await cg(id, 'accept').expect(200);
    await cg(id, 'depart').expect(200);
    await startIn(row, 30);
    const fee = Math.min(row.totalFen, 5000);
    expect((await quote(id)).body.data.feeFen).toBe(fee);
  });

  it('the cancel answer shows the refund it just recorded', async () => {
    const { id, row } = await newOrder();
    await pay(row);
    const res = await cancel(id).expect(200);
    expect(res.body.data.refundedFen).toBe(row.totalFen);
  });

  it('computes fee and refund from the order re-read inside the transaction (a payment landing meanwhile)', async () => {
    const { id, row } = await newOrder();
    // The payment lands after the cancel request loaded the unpaid order, before its transaction reads it again.
    const service = lifecycle();
    const original = service.transition;
    const spy = jest.spyOn(service, 'transition').mockImplementationOnce(async (...args: any[]) => {
      await pay(row);
      return original.apply(service, args);
    });
    try {
      const res = await cancel(id).expect(200);
      expect(res.body.data.refundedFen).toBe(row.totalFen);
    } finally {
      spy.mockRestore();
    }
    const after = await orders().findOne({ where: { id: row.id } });
    expect(after).toEqual(expect.objectContaining({ status: 'cancelled', paidFen: row.totalFen, refundedFen: row.totalFen }));
    const [refund] = await refunds().findMany({ where: { orderId: row.id } });
    expect(refund).toEqual(expect.objectContaining({ amountFen: row.totalFen, source: 'cancellation' }));
  });

  it('feeds the risk rules: five paid cancellations in a day fire cancellations_per_user and refunds_per_user (issue 18 item 5)', async () => {
    const risky = await customerWithPatient(app);
    const riskEvents = () => app.strapi.db.query('plugin::booking.risk-event').findMany({ where: { userId: risky.user.id } });
    for (let i = 0; i < 5; i += 1) {
      const res = await app
        .http()
        .post('/api/booking/orders')
        .set(risky.auth)
        .send(orderBody(service, risky.patientId, { startAt: beijingAt(day++, 10) }))
        .expect(201);
      const row = await orders().findOne({ where: { documentId: res.body.data.documentId } });
      await pay(row);
      await app.http().post(`/api/booking/orders/${row.documentId}/cancel`).set(risky.auth).send({ reason: '临时有事' }).expect(200);
      if (i < 4) expect(await riskEvents()).toEqual([]);
    }
    const fired = (await riskEvents()).map((e: any) => e.rule).sort();
    expect(fired).toEqual(['cancellations_per_user', 'refunds_per_user']);
    const inbox = await app.strapi.db.query('plugin::booking.notification').count({ where: { userId: risky.user.id, kind: 'risk_alert' } });
    expect(inbox).toBeGreaterThanOrEqual(1);
  });

  it('cannot be cancelled once in service: that is a complaint (409)', async () => {
    const { id, row } = await newOrder();
    await pay(row);
    for (const step of ['accept', 'depart', 'arrive', 'start']) await cg(id, step).expect(200);
    const res = await cancel(id);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('投诉');
    expect(await refunds().count({ where: { orderId: row.id } })).toBe(0);
  });

  it('an operator cancels from the admin panel without a fee; customers cannot reach admin routes', async () => {
    const { id, row } = await newOrder();
    await pay(row);
    await cg(id, 'accept').expect(200);
    await startIn(row, 2);
    const ops = await adminToken(app);
    expect((await app.http().get('/booking/orders').set(customer.auth)).status).toBe(401);
    const list = await app.http().get('/booking/orders?pageSize=50').set(ops.auth).expect(200);
    expect(list.body.data.some((o: any) => o.documentId === id)).toBe(true);
    expect(list.body.data[0].patient.medicalHistory).toBeUndefined();
    await app.http().post(`/booking/orders/${id}/cancel`).set(ops.auth).send({ reason: '陪护人员突发情况，平台取消' }).expect(200);
    const [refund] = await refunds().findMany({ where: { orderId: row.id } });
    expect(refund.amountFen).toBe(row.totalFen);
  });

  it('an admin without the booking permissions is refused (403)', async () => {
    const editor = await adminToken(app, 'strapi-editor');
    expect((await app.http().get('/booking/orders').set(editor.auth)).status).toBe(403);
  });
});

describe('changes of time or place', () => {
  it('before acceptance apply at once, re-priced, with a refund of a lower price', async () => {
    const { id, row } = await newOrder({ units: 2 });
    await pay(row);
    const res = await app.http().post(`/api/booking/orders/${id}/changes`).set(customer.auth).send({ units: 1 }).expect(200);
    expect(res.body.data.applied).toBe(true);
    const after = await orders().findOne({ where: { id: row.id } });
    expect(after.units).toBe(1);
    expect(after.totalFen).toBeLessThan(row.totalFen);
    const [refund] = await refunds().findMany({ where: { orderId: row.id } });
    expect(refund).toEqual(expect.objectContaining({ source: 'change', amountFen: row.totalFen - after.totalFen }));
  });

  it('after acceptance become a request the caregiver accepts or declines', async () => {
    const { id, row } = await newOrder();
    await pay(row);
    await cg(id, 'accept').expect(200);
    const newStart = beijingAt(day + 40, 9);
    const first = await app.http().post(`/api/booking/orders/${id}/changes`).set(customer.auth).send({ startAt: newStart }).expect(202);
    expect(first.body.data.changeRequest.status).toBe('pending');
    expect((await app.http().post(`/api/booking/orders/${id}/changes`).set(customer.auth).send({ startAt: newStart })).status).toBe(409);

    const requestId = first.body.data.changeRequest.documentId;
    const declined = await app
      .http()
      .post(`/api/booking/caregiver/change-requests/${requestId}/decline`)
      .set(caregiver.auth)
      .send({ reason: '当天已有安排' })
      .expect(200);
    expect(declined.body.data.status).toBe('declined');
    expect(new Date((await orders().findOne({ where: { id: row.id } })).startAt).toISOString()).toBe(new Date(row.startAt).toISOString());

    const second = await app.http().post(`/api/booking/orders/${id}/changes`).set(customer.auth).send({ startAt: newStart }).expect(202);
    await app
      .http()
      .post(`/api/booking/caregiver/change-requests/${second.body.data.changeRequest.documentId}/accept`)
      .set(caregiver.auth)
      .send({})
      .expect(200);
    const moved = await orders().findOne({ where: { id: row.id } });
    expect(moved.startAt && new Date(moved.startAt).toISOString()).toBe(new Date(newStart).toISOString());
    const [slot] = await slots().findMany({ where: { orderId: row.id, active: true } });
    expect(new Date(slot.startAt).getTime()).toBeLessThanOrEqual(new Date(newStart).getTime());
    // Deciding twice is refused.
    expect(
      (await app.http().post(`/api/booking/caregiver/change-requests/${second.body.data.changeRequest.documentId}/decline`).set(caregiver.auth).send({}))
        .status,
    ).toBe(409);
  });

  it('an expired request can no longer be accepted', async () => {
    const { id, row } = await newOrder();
    await pay(row);
    await cg(id, 'accept').expect(200);
    const res = await app.http().post(`/api/booking/orders/${id}/changes`).set(customer.auth).send({ units: 2 }).expect(202);
    await app.strapi.db.query('plugin::booking.change-request').updateMany({ where: { orderId: row.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(
      (await app.http().post(`/api/booking/caregiver/change-requests/${res.body.data.changeRequest.documentId}/accept`).set(caregiver.auth).send({})).status,
    ).toBe(409);
  });
});

describe('schedules', () => {
  it('never books a preferred caregiver twice for overlapping time', async () => {
    const start = beijingAt(day++, 10);
    await app
      .http()
      .post('/api/booking/orders')
      .set(customer.auth)
      .send(orderBody(service, customer.patientId, { startAt: start, caregiverId: caregiver.caregiver.documentId }))
      .expect(201);
    const before = await orders().count();
    const clash = await app
      .http()
      .post('/api/booking/orders')
      .set(customer.auth)
      .send(orderBody(service, customer.patientId, { startAt: start, caregiverId: caregiver.caregiver.documentId }));
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toContain('已有安排');
    expect(await orders().count()).toBe(before);

    const free = await app
      .http()
      .get(`/api/booking/caregivers/${caregiver.caregiver.documentId}/availability`)
      .query({ startAt: start, endAt: new Date(new Date(start).getTime() + 3600_000).toISOString() })
      .set(customer.auth)
      .expect(200);
    expect(free.body.data.free).toBe(false);
    const later = beijingAt(day + 60, 10);
    const other = await app
      .http()
      .get(`/api/booking/caregivers/${caregiver.caregiver.documentId}/availability`)
      .query({ startAt: later, endAt: new Date(new Date(later).getTime() + 3600_000).toISOString() })
      .set(customer.auth)
      .expect(200);
    expect(other.body.data.free).toBe(true);
  });

  it('a transition whose effect fails leaves no trace: status, event and slot roll back together', async () => {
    const start = beijingAt(day++, 10);
    await app
      .http()
      .post('/api/booking/orders')
      .set(customer.auth)
      .send(orderBody(service, customer.patientId, { startAt: start, caregiverId: caregiver.caregiver.documentId }))
      .expect(201);
    const { id, row } = await newOrder({ startAt: start });
    await pay(row);
    const eventsBefore = await app.strapi.db.query('plugin::booking.order-event').count({ where: { orderId: row.id } });
    const res = await cg(id, 'accept');
    expect(res.status).toBe(409);
    expect(res.body.error.details.code).toBe('CAREGIVER_BUSY');
    const after = await orders().findOne({ where: { id: row.id } });
    expect(after.status).toBe('pending_acceptance');
    expect(after.caregiverId).toBeNull();
    expect(await app.strapi.db.query('plugin::booking.order-event').count({ where: { orderId: row.id } })).toBe(eventsBefore);
    expect(await slots().count({ where: { orderId: row.id, active: true } })).toBe(0);
  });

  it('frees the slot when the order is cancelled', async () => {
    const start = beijingAt(day++, 10);
    const first = await app
      .http()
      .post('/api/booking/orders')
      .set(customer.auth)
      .send(orderBody(service, customer.patientId, { startAt: start, caregiverId: caregiver.caregiver.documentId }))
      .expect(201);
    await cancel(first.body.data.documentId).expect(200);
    await app
      .http()
      .post('/api/booking/orders')
      .set(customer.auth)
      .send(orderBody(service, customer.patientId, { startAt: start, caregiverId: caregiver.caregiver.documentId }))
      .expect(201);
  });
});

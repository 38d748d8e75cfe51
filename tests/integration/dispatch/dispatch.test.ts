import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { adminToken, beijingAt, customerWithPatient, orderBody, serviceBySlug } from '../../helpers/orders';
import { dispatchableCaregiver, paidOrder, PLACE, requiredCourseIds } from '../../helpers/dispatch';

let app: TestApp;
let service: any;
let customer: Awaited<ReturnType<typeof customerWithPatient>>;
let ops: Awaited<ReturnType<typeof adminToken>>;
const sessions = new Map<number, { auth: Record<string, string> }>(); // by caregiver id
/** Caregivers eligible for every order of this file (apart from their own bookings). */
const eligibleIds: number[] = [];
const offers = () => app.strapi.db.query('plugin::booking.dispatch-offer');
const orders = () => app.strapi.db.query('plugin::booking.order');
const jobs = () => app.strapi.plugin('booking').service('jobs');
const MIN = 60_000;

async function caregiver(name: string, options: Parameters<typeof dispatchableCaregiver>[2] = {}) {
  const session = await dispatchableCaregiver(app, service, { name, ...options });
  sessions.set(session.caregiver.id, session);
  return session;
}

const liveOffer = async (orderId: number) => offers().findOne({ where: { orderId, status: 'offered' } });

beforeAll(async () => {
  app = await bootStrapi({ env: { SEED_DEMO: 'true' } });
  service = await serviceBySlug(app, 'full-escort');
  customer = await customerWithPatient(app);
  ops = await adminToken(app);
});

afterAll(async () => {
  await app?.stop();
});

describe('eligibility', () => {
  const expected: Record<string, string[]> = {};
  let good: any;

  it('offers only to the eligible caregiver and reports every reason per candidate', async () => {
    const hasTraining = (await requiredCourseIds(app, service)).length > 0;
    const hasCredentials = !!app.strapi.contentTypes['api::caregiver-credential.caregiver-credential' as never];
    // Both modules exist in this repository: the credential and training reasons must really be exercised.
    expect({ hasTraining, hasCredentials }).toEqual({ hasTraining: true, hasCredentials: true });
    // Every ineligible one is nearer and better rated than the eligible one, so only the rules keep them out.
    const better = { rating: 5, ratingCount: 100, currentLatitude: PLACE.latitude, currentLongitude: PLACE.longitude, level: 'gold' };
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const make = async (name: string, codes: string[], options: Parameters<typeof dispatchableCaregiver>[2]) => {
      const s = await caregiver(name, { ...options, profile: { ...better, ...(options?.profile ?? {}) } });
      expected[s.caregiver.documentId] = codes;
      return s;
    };
    good = await caregiver('合格者', { gender: 'female' });
    eligibleIds.push(good.caregiver.id);
    expected[good.caregiver.documentId] = [];
    await make('未审核', ['NOT_APPROVED'], { profile: { status: 'pending' } });
    await make('停单中', ['SUSPENDED'], { profile: { suspendedUntil: new Date(Date.now() + 86_400_000) } });
    await make('离线者', ['UNAVAILABLE'], { profile: { online: false, workingHours: { sun: [{ start: '20:00', end: '21:00' }] } } });
    if (hasCredentials) {
      await make('无证者', ['CREDENTIAL_MISSING'], { credentials: {} });
      await make('证过期', ['CREDENTIAL_EXPIRED'], { credentials: { health_certificate: yesterday } });
    }
    if (hasTraining) await make('未培训', ['TRAINING_MISSING'], { trained: false });
    const busy = await make('忙碌者', ['BUSY'], {});
    await app.strapi.db.query('plugin::booking.schedule-slot').create({
      data: {
        caregiverId: busy.caregiver.id,
        startAt: new Date(Date.now() + 2 * 86_400_000),
        endAt: new Date(Date.now() + 3.9 * 86_400_000),
        active: true,
        kind: 'time_off',
      },
    });
    await make('太远者', ['OUT_OF_RANGE'], { profile: { currentLatitude: 40.5, currentLongitude: 116.47 } });
    await make('外地人', ['OTHER_CITY'], { cityCode: '310100' });
    await make('男护工', ['GENDER_MISMATCH'], { gender: 'male' });
    const blocked = await make('被屏蔽', ['BLOCKED'], {});
    await app.http().post(`/api/booking/me/blocked-caregivers/${blocked.caregiver.documentId}`).set(customer.auth).send({}).expect(201);
    await app.http().post(`/api/booking/me/blocked-caregivers/${blocked.caregiver.documentId}`).set(customer.auth).send({}).expect(200);
    const list = await app.http().get('/api/booking/me/blocked-caregivers').set(customer.auth).expect(200);
    expect(list.body.data).toEqual([expect.objectContaining({ caregiver: expect.objectContaining({ documentId: blocked.caregiver.documentId }) })]);
    // Issue 18 item 12: the customer sees the masked display name, never the real name (in the list or the block answer).
    expect(list.body.data[0].caregiver.name).toBe('被阿姨');
    expect(JSON.stringify(list.body.data)).not.toContain('被屏蔽');
    const again = await app.http().post(`/api/booking/me/blocked-caregivers/${blocked.caregiver.documentId}`).set(customer.auth).send({}).expect(200);
    expect(JSON.stringify(again.body)).not.toContain('被屏蔽');

    const order = await paidOrder(app, customer, orderBody(service, customer.patientId, { startAt: beijingAt(3, 10), genderPreference: 'female' }));
    expect(order.status).toBe('pending_acceptance');
    expect(order.genderPreference).toBe('female');
    const made = await offers().findMany({ where: { orderId: order.id } });
    expect(made).toHaveLength(1);
    expect(made[0].caregiverId).toBe(good.caregiver.id);
    expect(made[0].status).toBe('offered');

    const res = await app.http().get(`/booking/dispatch/orders/${order.documentId}/candidates`).set(ops.auth).expect(200);
    const byId = new Map(res.body.data.map((c: any) => [c.caregiver.documentId, c]));
    for (const [documentId, codes] of Object.entries(expected)) {
      const row: any = byId.get(documentId);
      expect({ name: row?.caregiver.realName, codes: row?.reasons.map((r: any) => r.code) }).toEqual({ name: row?.caregiver.realName, codes });
      expect(row.eligible).toBe(codes.length === 0);
      expect(row.breakdown).toEqual(expect.objectContaining({ distance: expect.any(Number), rating: expect.any(Number), fairness: expect.any(Number) }));
    }
    expect(res.body.data[0].caregiver.documentId).toBe(good.caregiver.documentId); // eligible first

    // Unblocking makes them a candidate again.
    await app.http().delete(`/api/booking/me/blocked-caregivers/${blocked.caregiver.documentId}`).set(customer.auth).expect(200);
    expect((await app.http().get('/api/booking/me/blocked-caregivers').set(customer.auth)).body.data).toEqual([]);
    await app.http().post('/api/booking/me/blocked-caregivers/nosuchcaregiver1').set(customer.auth).send({}).expect(404);
    await app.http().post(`/api/booking/me/blocked-caregivers/${blocked.caregiver.documentId}`).set(customer.auth).send({}).expect(201);
  });

  it('every way onto an order runs the same rules with the same reason codes (issue 18 item 8)', async () => {
    const body = (extra: Record<string, unknown> = {}) =>
      orderBody(service, customer.patientId, { startAt: beijingAt(3, 10), genderPreference: 'female', ...extra });
    // Direct accept of an order with no live offer (in the hall): refused with the dispatch reasons.
    const open = await paidOrder(app, customer, body());
    await offers().updateMany({ where: { orderId: open.id }, data: { status: 'cancelled' } });
    await orders().update({ where: { id: open.id }, data: { dispatchMode: 'hall' } });
    const byCode = Object.entries(expected).filter(([, codes]) => codes.length > 0 && !['NOT_APPROVED', 'OTHER_CITY', 'SUSPENDED'].includes(codes[0]));
    expect(byCode.map(([, c]) => c[0]).sort()).toEqual([
      'BLOCKED',
      'BUSY',
      'CREDENTIAL_EXPIRED',
      'CREDENTIAL_MISSING',
      'GENDER_MISMATCH',
      'OUT_OF_RANGE',
      'TRAINING_MISSING',
      'UNAVAILABLE',
    ]);
    const caregiverRow = (documentId: string) => app.strapi.db.query('api::caregiver.caregiver').findOne({ where: { documentId } });
    for (const [documentId, codes] of byCode) {
      const session = sessions.get((await caregiverRow(documentId)).id)!;
      const direct = await app.http().post(`/api/booking/caregiver/orders/${open.documentId}/accept`).set(session.auth).send({});
      // Only a taken calendar answers like the schedule itself (409 CAREGIVER_BUSY); every other reason is a 422.
      const busy = codes.length === 1 && codes[0] === 'BUSY';
      expect({ status: direct.status, code: direct.body.error?.details?.code, reasons: direct.body.error?.details?.reasons?.map((r: any) => r.code) }).toEqual({
        status: busy ? 409 : 422,
        code: busy ? 'CAREGIVER_BUSY' : 'NOT_ELIGIBLE',
        reasons: codes,
      });
      // Booking the same caregiver by name is refused for the same reasons.
      const named = await app
        .http()
        .post('/api/booking/orders')
        .set(customer.auth)
        .send(body({ caregiverId: documentId }));
      expect({ status: named.status, code: named.body.error?.details?.code, reasons: named.body.error?.details?.reasons?.map((r: any) => r.code) }).toEqual({
        status: busy ? 409 : 422,
        code: busy ? 'CAREGIVER_BUSY' : 'CAREGIVER_UNAVAILABLE',
        reasons: codes,
      });
    }
    expect((await orders().findOne({ where: { id: open.id } })).status).toBe('pending_acceptance');

    // Booked by name while eligible, blocked before payment: the preferred offer is not made, the hold is released.
    const submitted = await app
      .http()
      .post('/api/booking/orders')
      .set(customer.auth)
      .send(body({ startAt: beijingAt(5, 10), caregiverId: good.caregiver.documentId }))
      .expect(201);
    await app.http().post(`/api/booking/me/blocked-caregivers/${good.caregiver.documentId}`).set(customer.auth).send({}).expect(201);
    const row = await orders().findOne({ where: { documentId: submitted.body.data.documentId } });
    await app.strapi
      .plugin('booking')
      .service('order-lifecycle')
      .markPaid(row.id, { amountFen: row.totalFen, reference: `pref-${row.id}` });
    expect(await offers().count({ where: { orderId: row.id, caregiverId: good.caregiver.id } })).toBe(0);
    expect(await orders().findOne({ where: { id: row.id } })).toMatchObject({ preferredCaregiverId: null });
    const event = await app.strapi.db.query('plugin::booking.order-event').findOne({ where: { orderId: row.id, action: 'preferred_ineligible' } });
    expect(event.data.reasons).toEqual(['BLOCKED']);
    expect(await app.strapi.db.query('plugin::booking.schedule-slot').count({ where: { orderId: row.id, caregiverId: good.caregiver.id, active: true } })).toBe(
      0,
    );
    await app.http().delete(`/api/booking/me/blocked-caregivers/${good.caregiver.documentId}`).set(customer.auth).expect(200);
    // Leave nothing live behind for the offer tests below.
    for (const id of [open.id, row.id]) {
      await offers().updateMany({ where: { orderId: id, status: 'offered' }, data: { status: 'cancelled' } });
      await app
        .http()
        .post(`/api/booking/orders/${(await orders().findOne({ where: { id } })).documentId}/cancel`)
        .set(customer.auth)
        .send({ reason: '测试结束' })
        .expect(200);
    }
  });

  it('the candidate list needs the dispatch permission', async () => {
    const editor = await adminToken(app, 'strapi-editor');
    const order = await orders().findOne({ where: { userId: customer.user.id } });
    await app.http().get(`/booking/dispatch/orders/${order.documentId}/candidates`).set(editor.auth).expect(403);
  });
});

describe('offers', () => {
  it('decline and timeout move to the next caregiver; after 3 misses the order is in the hall and operators are alerted', async () => {
    for (const name of ['甲', '乙', '丙', '丁']) eligibleIds.push((await caregiver(`陪护${name}`)).caregiver.id);
    const order = await paidOrder(app, customer, orderBody(service, customer.patientId, { startAt: beijingAt(5, 9) }));
    const first = await liveOffer(order.id);
    expect(first).toBeTruthy();
    const mine = sessions.get(first.caregiverId)!;

    const list = await app.http().get('/api/booking/caregiver/offers').set(mine.auth).expect(200);
    expect(list.body.data).toEqual([
      expect.objectContaining({ documentId: first.documentId, order: expect.objectContaining({ documentId: order.documentId }) }),
    ]);
    // Someone else cannot answer my offer.
    const other = [...sessions.entries()].find(([id]) => id !== first.caregiverId)![1];
    await app.http().post(`/api/booking/caregiver/offers/${first.documentId}/accept`).set(other.auth).send({}).expect(404);

    await app.http().post(`/api/booking/caregiver/offers/${first.documentId}/decline`).set(mine.auth).send({ reason: '时间冲突' }).expect(200);
    await app.http().post(`/api/booking/caregiver/offers/${first.documentId}/accept`).set(mine.auth).send({}).expect(409);
    const second = await liveOffer(order.id);
    expect(second.caregiverId).not.toBe(first.caregiverId);
    expect(second.rank).toBe(2);

    const result = await jobs().run('expireOffers', new Date(Date.now() + 11 * MIN));
    expect(result.processed).toBeGreaterThanOrEqual(1);
    expect((await offers().findOne({ where: { id: second.id } })).status).toBe('expired');
    const third = await liveOffer(order.id);
    expect([first.caregiverId, second.caregiverId]).not.toContain(third.caregiverId);

    await jobs().run('expireOffers', new Date(Date.now() + 60 * MIN));
    expect(await liveOffer(order.id)).toBeNull();
    const after = await orders().findOne({ where: { id: order.id } });
    expect(after).toMatchObject({ status: 'pending_acceptance', dispatchMode: 'hall' });
    const alerts = await app.http().get('/booking/dispatch/alerts').set(ops.auth).expect(200);
    expect(alerts.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'dispatch_failed', orderId: order.id })]));

    // In the hall: listed for an eligible caregiver who has not missed it, exactly one grab wins.
    const missed = new Set([first.caregiverId, second.caregiverId, third.caregiverId]);
    const grabberId = eligibleIds.find((id) => !missed.has(id))!;
    const fresh = sessions.get(grabberId)!;
    const hall = await app.http().get('/api/booking/caregiver/hall').query({ lat: PLACE.latitude, lng: PLACE.longitude }).set(fresh.auth).expect(200);
    expect(hall.body.data.map((o: any) => o.documentId)).toContain(order.documentId);
    expect(hall.body.data[0]).not.toHaveProperty('contactPhone');
    // Issue 18 item 11: a band from the caregiver's last reported position; a point the client picks changes nothing.
    const listed = hall.body.data.find((o: any) => o.documentId === order.documentId);
    expect(listed).not.toHaveProperty('distanceKm');
    const elsewhere = await app.http().get('/api/booking/caregiver/hall').query({ lat: 31.23, lng: 121.47 }).set(fresh.auth).expect(200);
    expect(elsewhere.body.data.find((o: any) => o.documentId === order.documentId).distanceBand).toBe(listed.distanceBand);
    expect(listed.distanceBand).toBe('1-3km'); // reported 0.01° (≈1.1 km) north of the place
    await app.http().get('/api/booking/caregiver/hall').query({ lat: 'north' }).set(fresh.auth).expect(400);
    const won = await app.http().post(`/api/booking/caregiver/hall/${order.documentId}/grab`).set(fresh.auth).send({}).expect(200);
    expect(won.body.data.status).toBe('accepted');
    const late = await app.http().post(`/api/booking/caregiver/hall/${order.documentId}/grab`).set(sessions.get(first.caregiverId)!.auth).send({});
    expect(late.status).toBe(409);
    expect(late.body.error.message).toBe('订单已被抢');
  });

  it('accepting a live offer assigns the order; the offer cannot be used twice', async () => {
    const order = await paidOrder(app, customer, orderBody(service, customer.patientId, { startAt: beijingAt(6, 9) }));
    const offer = await liveOffer(order.id);
    const mine = sessions.get(offer.caregiverId)!;
    const res = await app.http().post(`/api/booking/caregiver/offers/${offer.documentId}/accept`).set(mine.auth).send({}).expect(200);
    expect(res.body.data.status).toBe('accepted');
    expect((await orders().findOne({ where: { id: order.id } })).caregiverId).toBe(offer.caregiverId);
    expect((await offers().findOne({ where: { id: offer.id } })).status).toBe('accepted');
    await app.http().post(`/api/booking/caregiver/offers/${offer.documentId}/accept`).set(mine.auth).send({}).expect(409);
    const profile = await app.strapi.db.query('api::caregiver.caregiver').findOne({ where: { id: offer.caregiverId } });
    expect(profile.lastAssignedAt).toBeTruthy();
  });
});

describe('dispatch failures', () => {
  it('a failing dispatch (even an SQL error) never undoes the payment; the job offers the order later', async () => {
    const candidates = app.strapi.plugin('booking').service('dispatch-candidates');
    const original = candidates.ranked;
    // The fault runs on the payment's transaction, as the real candidate query does.
    candidates.ranked = async () =>
      app.strapi.db.transaction(async ({ trx }) => app.strapi.db.connection.raw('select * from no_such_table_for_dispatch').transacting(trx as any));
    let order: any;
    try {
      order = await paidOrder(app, customer, orderBody(service, customer.patientId, { startAt: beijingAt(8, 9) }));
    } finally {
      candidates.ranked = original;
    }
    expect(order).toMatchObject({ status: 'pending_acceptance', paymentStatus: 'paid' });
    expect(await offers().count({ where: { orderId: order.id } })).toBe(0);
    await jobs().run('expireOffers');
    expect(await liveOffer(order.id)).toBeTruthy();
  });
});

describe('operator assignment', () => {
  it('refuses an ineligible caregiver with the reasons unless forced with a reason, audited; reassigns', async () => {
    const order = await paidOrder(app, customer, orderBody(service, customer.patientId, { startAt: beijingAt(7, 9) }));
    const offered = await liveOffer(order.id);
    const outsider = await caregiver('外地调派', { cityCode: '310100' });
    const url = `/booking/dispatch/orders/${order.documentId}`;
    const refused = await app.http().post(`${url}/assign`).set(ops.auth).send({ caregiverId: outsider.caregiver.documentId }).expect(422);
    expect(refused.body.error.details.reasons.map((r: any) => r.code)).toEqual(['OTHER_CITY']);
    await app.http().post(`${url}/assign`).set(ops.auth).send({ caregiverId: outsider.caregiver.documentId, force: true }).expect(400);
    await app.http().post(`${url}/assign`).set(ops.auth).send({ caregiverId: outsider.caregiver.documentId, extra: 1 }).expect(400);
    const forced = await app
      .http()
      .post(`${url}/assign`)
      .set(ops.auth)
      .send({ caregiverId: outsider.caregiver.documentId, force: true, reason: '客户指定，跨城支援' })
      .expect(200);
    expect(forced.body.data.status).toBe('accepted');
    const event = await app.strapi.db.query('plugin::booking.order-event').findOne({ where: { orderId: order.id, action: 'assign' } });
    expect(event).toMatchObject({ actorType: 'operator', reason: '客户指定，跨城支援' });
    expect(event.data).toMatchObject({ forced: true, reasons: ['OTHER_CITY'] });
    expect((await offers().findOne({ where: { id: offered.id } })).status).toBe('cancelled');

    const targetId = eligibleIds.find((id) => id !== offered.caregiverId)!;
    const target = await app.strapi.db.query('api::caregiver.caregiver').findOne({ where: { id: targetId } });
    const moved = await app.http().post(`${url}/reassign`).set(ops.auth).send({ caregiverId: target.documentId }).expect(200);
    expect(moved.body.data.status).toBe('accepted');
    const after = await orders().findOne({ where: { id: order.id } });
    expect(after.caregiverId).toBe(target.id);
    const slots = await app.strapi.db.query('plugin::booking.schedule-slot').findMany({ where: { orderId: order.id, active: true } });
    expect(slots.map((s: any) => s.caregiverId)).toEqual([target.id]);
  });
});

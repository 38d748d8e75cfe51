/**
 * Operator figures on a generated data set: business figures by day and dimension (live and from the roll-up),
 * growth, caregiver quality, the monthly award and the retraining list, CSV export, and the permission.
 * Every expected value is recomputed here in plain JS from the generated rows.
 */
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { adminToken } from '../../helpers/orders';
import { signedInUser } from '../../helpers/users';
import { addDays, bj, bjMidnight, DAY, expectedBusiness, generate, HOUR, insert, nonZero, orderNo, orderRow, parseCsv, rng, totals } from './dataset';

let app: TestApp;
let admin: { auth: Record<string, string> };
let data: ReturnType<typeof generate>;
let categoryOf: (doc: string) => string;
let services: string[];
let caregivers: number[];
let userId: number;
const now = Date.now();
const today = bj(now);
const from = addDays(today, -9);

const get = (path: string) => app.http().get(`/booking/analytics${path}`).set(admin.auth);
const business = (q: string) => get(`/business?from=${from}&to=${today}&${q}`).expect(200);

beforeAll(async () => {
  app = await bootStrapi({ env: { SEED_DEMO: 'true' } });
  admin = await adminToken(app);
  const published: any[] = await app.strapi
    .documents('api::service.service')
    .findMany({ status: 'published', locale: 'zh-Hans', populate: { category: true } } as any);
  const map = new Map(published.map((s) => [s.documentId, s.category?.slug ?? '']));
  categoryOf = (doc) => map.get(doc) ?? '';
  services = [...map.keys()];
  const cg = app.strapi.db.query('api::caregiver.caregiver');
  caregivers = [];
  for (const realName of ['李秀英', '王桂兰', '赵建国', '孙丽', '周强', '吴芳', '郑敏', '冯军']) {
    caregivers.push((await cg.create({ data: { realName, gender: 'female', status: 'approved', online: false, level: 'junior' } })).id);
  }
  userId = (await signedInUser(app)).user.id;
  data = generate({ now, days: 20, count: 260, services, caregivers: caregivers.slice(0, 3) });
  await insert(app, data, userId);
});

afterAll(async () => {
  await app?.stop();
});

describe('business figures', () => {
  it.each(['all', 'city', 'category', 'channel'])('by %s equal the orders, payments and refunds (live)', async (dimension) => {
    const res = await business(`dimension=${dimension}`);
    expect(res.body.meta).toEqual(expect.objectContaining({ rolledUpDays: 0, liveDays: 10 }));
    const expected = expectedBusiness(data, dimension, from, today, categoryOf);
    expect(expected.length).toBeGreaterThanOrEqual(10);
    expect(nonZero(res.body.data.rows)).toEqual(expected);
  });

  it('filters by city and compares with the previous period of equal length', async () => {
    const res = await business('dimension=all&cityCode=310100');
    const expected = expectedBusiness(data, 'all', from, today, categoryOf, '310100');
    expect(nonZero(res.body.data.rows)).toEqual(expected);
    const before = totals(expectedBusiness(data, 'all', addDays(from, -10), addDays(from, -1), categoryOf, '310100'));
    expect(res.body.data.previous).toEqual({ from: addDays(from, -10), to: addDays(from, -1), totals: before });
    const cur = totals(expected);
    expect(res.body.data.totals).toEqual(cur);
    for (const m of Object.keys(cur)) {
      expect(res.body.data.growth[m]).toBe(before[m] === 0 ? null : Math.round(((cur[m] - before[m]) / before[m]) * 10000) / 10000);
    }
  });

  it('rolls up past days idempotently and reads them back; today stays live', async () => {
    const metrics = app.strapi.db.query('plugin::booking.daily-metric');
    await app
      .http()
      .post('/booking/analytics/rollup')
      .set(admin.auth)
      .send({ from: addDays(today, -19), to: addDays(today, -1) })
      .expect(200);
    const count = await metrics.count();
    expect(count).toBeGreaterThanOrEqual(19);
    const job = await app.strapi.plugin('booking').service('jobs').run('rollupDailyMetrics', new Date(now));
    expect(job).toEqual(expect.objectContaining({ job: 'rollupDailyMetrics', ran: true, failed: 0 }));
    await app
      .http()
      .post('/booking/analytics/rollup')
      .set(admin.auth)
      .send({ from: addDays(today, -19), to: addDays(today, -1) })
      .expect(200);
    expect(await metrics.count()).toBe(count);

    for (const dimension of ['all', 'city', 'category', 'channel']) {
      const res = await business(`dimension=${dimension}`);
      expect(res.body.meta).toEqual(expect.objectContaining({ rolledUpDays: 9, liveDays: 1 }));
      expect(nonZero(res.body.data.rows)).toEqual(expectedBusiness(data, dimension, from, today, categoryOf));
    }

    // A late row for a rolled-up day shows only after that day is rolled up again.
    const late = {
      ...data.orders[0],
      orderNo: orderNo(),
      createdAt: bjMidnight(addDays(today, -2)) + HOUR,
      paidAt: null,
      completedAt: null,
      cancelledAt: null,
      status: 'pending_payment',
      channel: null,
    };
    await app.strapi.db.query('plugin::booking.order').create({ data: orderRow(late, userId) });
    const dayRow = async () => (await business('dimension=all')).body.data.rows.find((r: any) => r.date === addDays(today, -2))?.orders ?? 0;
    const before = await dayRow();
    await app.strapi.plugin('booking').service('jobs').run('rollupDailyMetrics', new Date(now));
    expect(await dayRow()).toBe(before + 1);
    data.orders.push(late);
  });

  it('refuses bad ranges with a 400', async () => {
    await get(`/business?from=${today}&to=${from}`).expect(400);
    await get('/business?from=2025-01-01&to=2026-01-02').expect(400);
    await get('/business?from=2026-02-30&to=2026-03-02').expect(400);
    await get(`/business?from=${from}&to=${today}&dimension=hospital`).expect(400);
    await get(`/business?from=${from}&to=${today}&extra=1`).expect(400);
  });

  it('exports CSV with a BOM, proper quoting and the same rows', async () => {
    const json = await business('dimension=channel');
    const res = await get(`/business?from=${from}&to=${today}&dimension=channel&format=csv`).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="business-channel-/);
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(res.text.slice(1));
    expect(rows[0]).toEqual([
      '日期',
      '维度',
      '维度值',
      '下单数',
      'GMV（分）',
      '支付订单数',
      '实收（分）',
      '退款（分）',
      '净收入（分）',
      '陪护人员成本（分）',
      '支付手续费（分）',
      '毛利（分）',
      '完成数',
      '取消数',
    ]);
    expect(rows.slice(1).map((r) => [r[0], r[2], Number(r[4]), Number(r[8])])).toEqual(
      json.body.data.rows.map((r: any) => [r.date, r.value, r.gmvFen, r.netFen]),
    );
  });

  it('needs the analytics permission', async () => {
    const editor = await adminToken(app, 'strapi-editor');
    await app.http().get(`/booking/analytics/business?from=${from}&to=${today}`).set(editor.auth).expect(403);
    await app.http().post('/booking/analytics/rollup').set(editor.auth).send({ from, to: today }).expect(403);
  });
});

describe('caregiver quality', () => {
  const reviews: any[] = [];
  const complaints: any[] = [];

  beforeAll(async () => {
    const r = rng(99);
    let n = 0;
    const withCaregiver = data.orders.filter((o) => o.caregiverId);
    for (const o of withCaregiver) {
      if (o.status === 'completed' && r.next() < 0.7) {
        reviews.push({
          orderId: o.id,
          userId,
          caregiverId: o.caregiverId,
          serviceDocumentId: o.serviceDocumentId,
          attitude: r.int(2, 5),
          skill: r.int(2, 5),
          punctuality: r.int(1, 5),
          overall: r.int(2, 5),
          hidden: r.next() < 0.15,
          createdAt: new Date(Math.min(now - 1000, o.completedAt! + HOUR)),
        });
      }
      if (r.next() < 0.3) {
        const status = r.pick(['submitted', 'resolved', 'resolved', 'rejected']);
        const createdAt = Math.min(now - 1000, o.startAt + 5 * HOUR);
        complaints.push({
          orderId: o.id,
          userId,
          caregiverId: o.caregiverId,
          category: 'late',
          description: `迟到 ${++n}`,
          status,
          createdAt: new Date(createdAt),
          closedAt: status === 'submitted' ? null : new Date(createdAt),
        });
      }
    }
    // Award month (five months back): caregivers 3..7 with fixed records.
    const month = bj(bjMidnight(today) - 150 * DAY).slice(0, 7);
    const monthStart = bjMidnight(`${month}-01`) + 10 * HOUR;
    const plan: Array<[number, number, number[], number]> = [
      [caregivers[3], 12, [5, 5, 5, 5], 0],
      [caregivers[4], 11, [4, 4, 4, 4], 0],
      [caregivers[5], 10, [5, 5, 5], 1],
      [caregivers[6], 9, [5, 5, 5], 0],
      [caregivers[7], 13, [5, 5, 4, 5], 0],
    ];
    for (const [caregiverId, completed, scores, upheld] of plan) {
      const rows = Array.from({ length: completed }, (_, i) => ({
        orderNo: orderNo(),
        cityCode: '110100',
        serviceDocumentId: services[0],
        status: 'completed',
        totalFen: 10000,
        createdAt: monthStart + i * DAY,
        paidAt: monthStart + i * DAY,
        completedAt: monthStart + i * DAY + 6 * HOUR,
        cancelledAt: null,
        startAt: monthStart + i * DAY + 2 * HOUR,
        startedAt: monthStart + i * DAY + 2 * HOUR,
        caregiverId,
        channel: 'wechat',
      }));
      await app.strapi.db.query('plugin::booking.order').createMany({ data: rows.map((o) => orderRow(o, userId)) });
      const ids = await app.strapi.db.query('plugin::booking.order').findMany({ where: { orderNo: { $in: rows.map((o) => o.orderNo) } }, select: ['id'] });
      scores.forEach((overall, i) =>
        reviews.push({
          orderId: ids[i].id,
          userId,
          caregiverId,
          serviceDocumentId: services[0],
          attitude: 5,
          skill: 5,
          punctuality: 5,
          overall,
          hidden: false,
          createdAt: new Date(monthStart + i * DAY + 8 * HOUR),
        }),
      );
      for (let i = 0; i < upheld; i += 1)
        complaints.push({
          orderId: ids[0].id,
          userId,
          caregiverId,
          category: 'attitude',
          description: '态度差',
          status: 'resolved',
          createdAt: new Date(monthStart + DAY),
          closedAt: new Date(monthStart + 2 * DAY),
        });
    }
    await app.strapi.db.query('plugin::booking.review').createMany({ data: reviews });
    await app.strapi.db.query('plugin::booking.complaint').createMany({ data: complaints });
  });

  it('per caregiver: served, cancellations, on-time starts, scores and complaints', async () => {
    const res = await get(`/caregivers?from=${from}&to=${today}`).expect(200);
    const inRange = (t: number) => bj(t) >= from && bj(t) <= today;
    const avg = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100 : null);
    const expected = caregivers
      .slice(0, 3)
      .map((id) => {
        const mine = data.orders.filter((o) => o.caregiverId === id && inRange(o.startAt));
        const started = mine.filter((o) => o.startedAt !== null);
        const onTime = started.filter((o) => o.startedAt! <= o.startAt + 10 * 60_000).length;
        const rv = reviews.filter((r) => r.caregiverId === id && !r.hidden && inRange(r.createdAt.getTime()));
        const cp = complaints.filter((c) => c.caregiverId === id && inRange(c.createdAt.getTime()));
        const served = mine.filter((o) => ['finished', 'completed', 'reviewed'].includes(o.status)).length;
        return {
          caregiverId: id,
          served,
          cancelled: mine.filter((o) => o.status === 'cancelled').length,
          onTime,
          onTimeRate: started.length ? Math.round((onTime / started.length) * 10000) / 10000 : null,
          reviewCount: rv.length,
          rating: avg(rv.map((r) => r.overall)),
          skill: avg(rv.map((r) => r.skill)),
          complaints: cp.length,
          upheldComplaints: cp.filter((c) => c.status === 'resolved').length,
          complaintRate: served ? Math.round((cp.length / served) * 10000) / 10000 : null,
        };
      })
      .filter((e) => data.orders.some((o) => o.caregiverId === e.caregiverId && inRange(o.startAt)));
    expect(expected.length).toBe(3);
    expect(expected.every((e) => e.reviewCount > 0 && e.served > 0)).toBe(true);
    const got = res.body.data.map((r: any) => Object.fromEntries(Object.keys(expected[0]).map((k) => [k, r[k]])));
    expect(got.sort((a: any, b: any) => a.caregiverId - b.caregiverId)).toEqual(expected);
    expect(res.body.data[0].name).toEqual(expect.any(String));
  });

  it('awards 优秀陪护人员 by the stated rule', async () => {
    const month = bj(bjMidnight(today) - 150 * DAY).slice(0, 7);
    const res = await get(`/caregivers/awards?month=${month}`).expect(200);
    // 7: 13 orders but 4.75; 4: rated 4.0; 5: an upheld complaint; 6: 9 orders. Only 3 qualifies.
    expect(res.body.data.map((r: any) => [r.rank, r.caregiverId, r.completed, r.rating])).toEqual([[1, caregivers[3], 12, 5]]);
    expect(res.body.meta.rule).toContain('4.8');
    const csv = await get(`/caregivers/awards?month=${month}&format=csv`).expect(200);
    expect(parseCsv(csv.text.slice(1))[1].slice(0, 3)).toEqual(['1', '优秀陪护人员', String(caregivers[3])]);
  });

  it('lists caregivers needing retraining', async () => {
    const res = await get('/caregivers/retraining').expect(200);
    const windowFrom = addDays(today, -89);
    const complaintFrom = addDays(today, -29);
    const expected = caregivers
      .map((id) => {
        const rv = reviews.filter((r) => r.caregiverId === id && !r.hidden && bj(r.createdAt.getTime()) >= windowFrom);
        const rating = rv.length ? Math.round((rv.reduce((s, r) => s + r.overall, 0) / rv.length) * 100) / 100 : null;
        const upheld = complaints.filter(
          (c) => c.caregiverId === id && c.status === 'resolved' && c.closedAt && bj(c.closedAt.getTime()) >= complaintFrom,
        ).length;
        const reasons = [...(rating !== null && rv.length >= 5 && rating < 4 ? ['low_rating'] : []), ...(upheld >= 2 ? ['complaints'] : [])];
        return { caregiverId: id, reasons };
      })
      .filter((e) => e.reasons.length > 0);
    expect(res.body.data.map((r: any) => ({ caregiverId: r.caregiverId, reasons: r.reasons }))).toEqual(expected);
  });
});

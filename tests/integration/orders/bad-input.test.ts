import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { beijingAt, customerWithPatient, orderBody, serviceBySlug } from '../../helpers/orders';

let app: TestApp;
let service: any;
let shanghaiOnly: any;
let customer: Awaited<ReturnType<typeof customerWithPatient>>;
let stranger: Awaited<ReturnType<typeof customerWithPatient>>;
const count = async () => ({
  orders: await app.strapi.db.query('plugin::booking.order').count(),
  events: await app.strapi.db.query('plugin::booking.order-event').count(),
  slots: await app.strapi.db.query('plugin::booking.schedule-slot').count(),
});

beforeAll(async () => {
  app = await bootStrapi({ env: { SEED_DEMO: 'true' } });
  service = await serviceBySlug(app, 'venous-blood-draw');
  shanghaiOnly = await serviceBySlug(app, 'picc-maintenance');
  customer = await customerWithPatient(app);
  stranger = await customerWithPatient(app);
});

afterAll(async () => {
  await app?.stop();
});

const pastIso = () => new Date(Date.now() - 3600_000).toISOString();
const soonIso = () => new Date(Date.now() + 10 * 60_000).toISOString();

describe('hostile or malformed submissions get a 4xx and write nothing', () => {
  const cases: Array<[string, () => Record<string, unknown>, number, RegExp]> = [
    ['a start time in the past', () => ({ startAt: pastIso() }), 400, /晚于当前时间/],
    ['a start inside the lead time', () => ({ startAt: soonIso() }), 422, /提前/],
    ['a start outside service hours', () => ({ startAt: beijingAt(3, 3) }), 422, /每日/],
    ['another user’s patient', () => ({ patientId: stranger.patientId }), 422, /就诊人/],
    ['negative units', () => ({ units: -1 }), 400, /units|大于 0/],
    ['fractional units', () => ({ units: 1.5 }), 400, /整数/],
    ['too many units for the service', () => ({ units: 999 }), 400, /预约数量/],
    ['a huge note', () => ({ notes: '很'.repeat(5000) }), 400, /备注/],
    ['a huge address', () => ({ place: { type: 'home', address: { text: '路'.repeat(1000), latitude: 39.9, longitude: 116.4 } } }), 400, /服务地址/],
    [
      'coordinates outside China',
      () => ({ place: { type: 'home', address: { text: '北京市朝阳区某小区 1 号', latitude: 48.85, longitude: 2.35 } } }),
      400,
      /longitude|latitude/,
    ],
    ['an unknown top-level field', () => ({ totalFen: 1 }), 400, /totalFen/],
    ['an unknown place type', () => ({ place: { type: 'moon' } }), 400, /place/],
    ['a service not offered in the city', () => ({ serviceId: shanghaiOnly.documentId }), 422, /未在该城市开通/],
    ['an unknown service', () => ({ serviceId: 'zzzzzzzzzzzzzzzzzzzzzzzz' }), 422, /服务项目不存在/],
    ['a malformed city', () => ({ cityCode: 'beijing' }), 400, /城市编码/],
    ['a bad contact phone', () => ({ contactPhone: '110' }), 400, /手机号/],
    ['a start without time zone', () => ({ startAt: '2030-01-01T10:00:00' }), 400, /ISO 8601/],
    ['a wrong type', () => ({ units: '2' }), 400, /数字/],
  ];

  test.each(cases)('%s', async (_label, override, status, message) => {
    const before = await count();
    const res = await app
      .http()
      .post('/api/booking/orders')
      .set(customer.auth)
      .send(orderBody(service, customer.patientId, override()));
    expect(res.status).toBe(status);
    expect(res.body.data).toBeNull();
    expect(res.body.error.message).toMatch(message);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(js|ts):\d+/);
    expect(await count()).toEqual(before);
  });

  it('rejects a body that is not JSON with a 400', async () => {
    const res = await app.http().post('/api/booking/orders').set(customer.auth).set('Content-Type', 'application/json').send('{"serviceId":');
    expect(res.status).toBe(400);
  });

  it('needs a signed-in user', async () => {
    const res = await app.http().post('/api/booking/orders').send(orderBody(service, customer.patientId));
    expect([401, 403]).toContain(res.status);
  });
});

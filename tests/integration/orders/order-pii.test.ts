/**
 * Issue 18 item 15: an order's address, notes and contact phone, and a patient's emergency-contact phone, are stored
 * encrypted; in clear stay only the district, the point rounded to about 100 m and the phone's last four digits.
 * Viewers still see exactly what they saw before, and rows written before encryption are sealed at boot.
 */
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { adminToken, beijingAt, customerWithPatient, orderBody, serviceBySlug } from '../../helpers/orders';
import { isEncrypted } from '../../../src/plugins/booking/server/src/services/platform/pii-crypto';

let app: TestApp;
let service: any;
let customer: Awaited<ReturnType<typeof customerWithPatient>>;
let admin: Awaited<ReturnType<typeof adminToken>>;
const orders = () => app.strapi.db.query('plugin::booking.order');

beforeAll(async () => {
  app = await bootStrapi({ env: { SEED_DEMO: 'true' } });
  service = await serviceBySlug(app, 'full-escort');
  customer = await customerWithPatient(app, { emergencyContactName: '张强', emergencyContactPhone: '13700001234' });
  admin = await adminToken(app);
});

afterAll(async () => {
  await app?.stop();
});

describe('personal fields of orders and patients at rest', () => {
  it('stores address text, exact point, notes and phone encrypted; keeps district, a ~100 m point and the last four digits', async () => {
    const body = orderBody(service, customer.patientId, { startAt: beijingAt(2, 9), contactPhone: '13912345678' });
    const res = await app.http().post('/api/booking/orders').set(customer.auth).send(body).expect(201);
    const row = await orders().findOne({ where: { documentId: res.body.data.documentId } });

    const raw = JSON.stringify(row);
    expect(raw).not.toContain('望京西园');
    expect(raw).not.toContain('听力');
    expect(raw).not.toContain('13912345678');
    expect(row.address).toEqual({ district: '朝阳区', latitude: 39.998, longitude: 116.47 });
    expect(isEncrypted(row.addressCipher)).toBe(true);
    expect(isEncrypted(row.notes)).toBe(true);
    expect(isEncrypted(row.contactPhone)).toBe(true);
    expect(row.contactPhoneLast4).toBe('5678');

    // The owner reads what they wrote.
    const mine = await app.http().get(`/api/booking/orders/${row.documentId}`).set(customer.auth).expect(200);
    expect(mine.body.data.address).toEqual(expect.objectContaining({ text: body.place.address.text, latitude: 39.998, longitude: 116.47, district: '朝阳区' }));
    expect(mine.body.data.notes).toBe(body.notes);
    expect(mine.body.data.contactPhone).toBe('13912345678');

    // Operators find it by the phone's last four digits and see it masked.
    const found = await app.http().get('/booking/orders?q=5678').set(admin.auth).expect(200);
    const hit = found.body.data.find((o: any) => o.documentId === row.documentId);
    expect(hit?.contactPhone).toBe('139****5678');
  });

  it('a changed address is sealed too, and the change request keeps no clear copy', async () => {
    const res = await app
      .http()
      .post('/api/booking/orders')
      .set(customer.auth)
      .send(orderBody(service, customer.patientId, { startAt: beijingAt(3, 9) }))
      .expect(201);
    const place = {
      type: 'home',
      address: { text: '北京市海淀区中关村南大街 5 号院 3 号楼 1201', latitude: 39.95678, longitude: 116.32123, district: '海淀区' },
    };
    await app.http().post(`/api/booking/orders/${res.body.data.documentId}/changes`).set(customer.auth).send({ place }).expect(200);
    const row = await orders().findOne({ where: { documentId: res.body.data.documentId } });
    expect(JSON.stringify(row)).not.toContain('中关村');
    expect(row.address).toEqual({ district: '海淀区', latitude: 39.957, longitude: 116.321 });
    const mine = await app.http().get(`/api/booking/orders/${row.documentId}`).set(customer.auth).expect(200);
    expect(mine.body.data.address.text).toBe(place.address.text);
  });

  it("encrypts the patient's emergency-contact phone and still shows it to the owner", async () => {
    const row = await app.strapi.db.query('plugin::booking.patient').findOne({ where: { documentId: customer.patientId } });
    expect(isEncrypted(row.emergencyContactPhone)).toBe(true);
    const mine = await app.http().get(`/api/booking/patients/${customer.patientId}`).set(customer.auth).expect(200);
    expect(mine.body.data.emergencyContactPhone).toBe('13700001234');
  });

  it('seals rows written before encryption, once, and reads them the same before and after', async () => {
    const legacy = await orders().create({
      data: {
        orderNo: '2026010100009999',
        userId: customer.user.id,
        serviceDocumentId: service.documentId,
        cityCode: '110100',
        status: 'cancelled',
        paymentStatus: 'unpaid',
        startAt: new Date(),
        endAt: new Date(),
        unit: 'half_day',
        units: 1,
        placeType: 'home',
        address: { text: '北京市东城区东四十条 22 号', latitude: 39.93321, longitude: 116.43219, district: '东城区' },
        contactName: '王芳',
        contactPhone: '13600001111',
        notes: '老人行动不便',
        priceLines: [],
        totalFen: 100,
        paidFen: 0,
        refundedFen: 0,
        serviceSnapshot: { name: '全程陪诊' },
      },
    });
    const before = await app.http().get(`/api/booking/orders/${legacy.documentId}`).set(customer.auth).expect(200);
    expect(before.body.data.contactPhone).toBe('13600001111');

    const secrets = app.strapi.plugin('booking').service('order-secrets');
    expect(await secrets.sealLegacy()).toBe(1);
    expect(await secrets.sealLegacy()).toBe(0);
    const row = await orders().findOne({ where: { id: legacy.id } });
    expect(JSON.stringify(row)).not.toMatch(/东四十条|13600001111|行动不便/);
    expect(row.contactPhoneLast4).toBe('1111');

    const after = await app.http().get(`/api/booking/orders/${legacy.documentId}`).set(customer.auth).expect(200);
    expect(after.body.data).toEqual(expect.objectContaining({ contactPhone: '13600001111', notes: '老人行动不便' }));
    expect(after.body.data.address).toEqual(expect.objectContaining({ text: '北京市东城区东四十条 22 号', district: '东城区' }));
  });
});

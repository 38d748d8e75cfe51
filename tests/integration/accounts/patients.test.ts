import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { graphql, signedInUser } from '../../helpers/users';

let app: TestApp;
let alice: Awaited<ReturnType<typeof signedInUser>>;
let bob: Awaited<ReturnType<typeof signedInUser>>;

const ID_NUMBER = '11010519491231002X';
const HISTORY = '高血压十年，2019年行冠脉支架植入术';
const MEDICATIONS = '阿司匹林肠溶片 100mg 每日一次';

const fullPatient = {
  name: '王秀英',
  relationship: 'parent',
  idNumber: ID_NUMBER,
  condition: '术后康复期，行动不便',
  medicalHistory: HISTORY,
  medications: MEDICATIONS,
  allergies: '青霉素过敏',
  selfCareAbility: 'dependent',
  defaultDepartment: '心内科',
  emergencyContactName: '李明',
  emergencyContactPhone: '13812341234',
  emergencyContactRelationship: '儿子',
};

const patientCount = () => app.strapi.db.query('plugin::booking.patient').count();

beforeAll(async () => {
  app = await bootStrapi();
  alice = await signedInUser(app);
  bob = await signedInUser(app);
});

afterAll(async () => {
  await app?.stop();
});

describe('patients (就诊人)', () => {
  let patientId: string;

  it('creates a patient, deriving birth date and gender from the ID number', async () => {
    const res = await app.http().post('/api/booking/patients').set(alice.auth).send(fullPatient).expect(201);
    patientId = res.body.data.documentId;
    expect(res.body.data).toEqual(
      expect.objectContaining({
        name: '王秀英',
        idNumber: ID_NUMBER,
        idNumberMasked: '110105********002X',
        birthDate: '1949-12-31',
        gender: 'female',
        medicalHistory: HISTORY,
        medications: MEDICATIONS,
      }),
    );
  });

  it('stores no plaintext ID number or medical text in the database', async () => {
    const rows = await app.strapi.db.connection('booking_patients').select('*');
    const raw = JSON.stringify(rows);
    for (const secret of [ID_NUMBER, '19491231', HISTORY, MEDICATIONS, '青霉素', '行动不便']) {
      expect(raw).not.toContain(secret);
    }
    expect(rows[0].id_number_cipher).toMatch(/^v1:/);
    expect(rows[0].id_number_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('masks the ID number in the list and shows it in full only in the owner detail view', async () => {
    const list = await app.http().get('/api/booking/patients').set(alice.auth).expect(200);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0].idNumber).toBeUndefined();
    expect(list.body.data[0].idNumberMasked).toBe('110105********002X');
    const detail = await app.http().get(`/api/booking/patients/${patientId}`).set(alice.auth);
    if (detail.status !== 200) console.log(JSON.stringify(detail.body));
    expect(detail.status).toBe(200);
    expect(detail.body.data.idNumber).toBe(ID_NUMBER);
  });

  it('hides one user’s patients from another on every REST route (404, nothing changed)', async () => {
    await app.http().get(`/api/booking/patients/${patientId}`).set(bob.auth).expect(404);
    await app.http().put(`/api/booking/patients/${patientId}`).set(bob.auth).send({ name: '篡改' }).expect(404);
    await app.http().delete(`/api/booking/patients/${patientId}`).set(bob.auth).expect(404);
    const list = await app.http().get('/api/booking/patients').set(bob.auth).expect(200);
    expect(list.body.data).toEqual([]);
    const still = await app.http().get(`/api/booking/patients/${patientId}`).set(alice.auth).expect(200);
    expect(still.body.data.name).toBe('王秀英');
  });

  it('hides one user’s patients from another through GraphQL too', async () => {
    const read = await graphql(app, bob.auth, 'query($id: ID!) { myPatient(documentId: $id) { name idNumber } }', { id: patientId });
    expect(read.data?.myPatient ?? null).toBeNull();
    expect(read.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const write = await graphql(app, bob.auth, 'mutation($id: ID!) { deleteMyPatient(documentId: $id) { deleted } }', { id: patientId });
    expect(write.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await patientCount()).toBe(1);
    const mine = await graphql(app, alice.auth, 'query { myPatients { documentId name idNumberMasked } }');
    expect(mine.data.myPatients).toEqual([{ documentId: patientId, name: '王秀英', idNumberMasked: '110105********002X' }]);
  });

  it('offers no generated GraphQL CRUD for booking types', async () => {
    const res = await graphql(app, alice.auth, 'query { patients { documentId } }');
    expect(res.errors?.length).toBeGreaterThan(0);
    const create = await graphql(app, alice.auth, 'mutation { createPatient(data: { name: "x" }) { documentId } }');
    expect(create.errors?.length).toBeGreaterThan(0);
    expect(await patientCount()).toBe(1);
  });

  it('updates fields and re-encrypts medical text', async () => {
    const res = await app.http().put(`/api/booking/patients/${patientId}`).set(alice.auth).send({ medications: '氨氯地平 5mg' }).expect(200);
    expect(res.body.data.medications).toBe('氨氯地平 5mg');
    const raw = JSON.stringify(await app.strapi.db.connection('booking_patients').select('*'));
    expect(raw).not.toContain('氨氯地平');
  });

  it('refuses a second patient with the same ID number for one owner (409), but another user may add the same person', async () => {
    const dup = await app
      .http()
      .post('/api/booking/patients')
      .set(alice.auth)
      .send({ name: '王秀英', relationship: 'parent', idNumber: ID_NUMBER.toLowerCase() });
    expect(dup.status).toBe(409);
    await app.http().post('/api/booking/patients').set(bob.auth).send({ name: '王秀英', relationship: 'grandparent', idNumber: ID_NUMBER }).expect(201);
  });

  it('masks by viewer: a caregiver sees a masked ID and phone, an operator no medical text', async () => {
    const service = app.strapi.plugin('booking').service('patients');
    const row = await app.strapi.db.query('plugin::booking.patient').findOne({ where: { documentId: patientId } });
    const caregiverView = service.present(row, 'caregiver');
    expect(caregiverView.idNumber).toBeUndefined();
    expect(caregiverView.idNumberMasked).toBe('110105********002X');
    expect(caregiverView.emergencyContactPhone).toBe('138****1234');
    expect(caregiverView.allergies).toBe('青霉素过敏');
    const operatorView = service.present(row, 'operator');
    expect(operatorView.medicalHistory).toBeUndefined();
    expect(operatorView.idNumber).toBeUndefined();
  });

  it('needs a signed-in user', async () => {
    const res = await app.http().get('/api/booking/patients');
    expect([401, 403]).toContain(res.status);
  });
});

describe('bad patient input gets a clear 4xx and writes nothing', () => {
  it.each([
    ['bad ID checksum', { name: '张三', relationship: 'self', idNumber: '110105194912310021' }, /校验码/],
    ['impossible birth date in ID', { name: '张三', relationship: 'self', idNumber: '110105194902300023' }, /出生日期/],
    ['unknown region in ID', { name: '张三', relationship: 'self', idNumber: '990105194912310028' }, /地区/],
    ['ID too long', { name: '张三', relationship: 'self', idNumber: '11010519491231002XX' }, /18/],
    ['birth date contradicting ID', { name: '张三', relationship: 'self', idNumber: ID_NUMBER, birthDate: '1950-01-01' }, /不一致/],
    ['missing name', { relationship: 'self' }, /name/],
    ['unknown relationship', { name: '张三', relationship: 'boss' }, /relationship/],
    ['oversized medical history', { name: '张三', relationship: 'self', medicalHistory: '病'.repeat(4001) }, /4000/],
    ['oversized name', { name: '张'.repeat(31), relationship: 'self' }, /30/],
    ['unknown field', { name: '张三', relationship: 'self', ownerId: 1 }, /ownerId|Unrecognized|unrecognized/],
    ['bad emergency phone', { name: '张三', relationship: 'self', emergencyContactPhone: '12345' }, /手机号/],
    ['wrong type', { name: 42, relationship: 'self' }, /name/],
  ])('%s', async (_label, body, message) => {
    const before = await patientCount();
    const res = await app.http().post('/api/booking/patients').set(alice.auth).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(js|ts):\d+/);
    expect(await patientCount()).toBe(before);
  });

  it('refuses a malformed id in the path with 400', async () => {
    await app.http().get('/api/booking/patients/..%2F..%2Fetc').set(alice.auth).expect(400);
  });

  it('caps the number of patients per user at 10 (422) and writes nothing more', async () => {
    const carol = await signedInUser(app);
    for (let i = 0; i < 10; i += 1) {
      await app
        .http()
        .post('/api/booking/patients')
        .set(carol.auth)
        .send({ name: `家人${i}`, relationship: 'relative' })
        .expect(201);
    }
    const res = await app.http().post('/api/booking/patients').set(carol.auth).send({ name: '第十一位', relationship: 'relative' });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toContain('10');
    const list = await app.http().get('/api/booking/patients').set(carol.auth).expect(200);
    expect(list.body.data).toHaveLength(10);
  });
});

/**
 * With a real SMS gateway (here Aliyun's SDK against the loopback fake that verifies its signature) the development
 * outbox the H5 sign-in page reads does not exist: codes only ever reach the phone.
 */
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { startSmsGateway } from '../../helpers/sms';

let app: TestApp;
let sms: Awaited<ReturnType<typeof startSmsGateway>>;

beforeAll(async () => {
  sms = await startSmsGateway();
  app = await bootStrapi({ env: { ...sms.env } });
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await sms?.gateway.close();
});

it('has no dev outbox route while a real gateway sends the codes', async () => {
  const phone = '13700000778';
  await app.http().post('/api/booking/auth/sms/send').send({ phone }).expect(200);
  const code = sms.lastCode(phone);
  expect(code).toMatch(/^\d{6}$/);
  const res = await app.http().get('/api/dev/sms-outbox').query({ phone });
  expect(res.status).toBe(404);
  expect(JSON.stringify(res.body)).not.toContain(code);
  // The code the phone received is the one that signs in.
  expect((await app.http().post('/api/booking/auth/sms/login').send({ phone, code })).status).toBe(200);
});

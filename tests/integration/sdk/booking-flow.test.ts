/**
 * A whole booking flow driven only through the typed client (packages/sdk), as a front end would: SMS sign-in,
 * a patient, an order, a sandbox payment, the order's status, then a cancellation with its full refund. The
 * client's types come from docs/openapi.json, so this file compiling (npm run typecheck) is part of the check;
 * the server answers are also checked against the declared response schemas (API_CONTRACT_CHECK in the tests).
 */
import type { AddressInfo } from 'node:net';
import { createBookingClient, errorCode, type BookingClient } from '../../../packages/sdk/src';
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { startSmsGateway } from '../../helpers/sms';
import { beijingAt, BEIJING, serviceBySlug } from '../../helpers/orders';
import { nextPhone } from '../../helpers/users';

let app: TestApp;
let sms: Awaited<ReturnType<typeof startSmsGateway>>;
let client: BookingClient;

beforeAll(async () => {
  sms = await startSmsGateway();
  app = await bootStrapi({ env: { ...sms.env, SEED_DEMO: 'true', PAYMENT_SANDBOX_ENABLED: 'true' } });
  // A real socket: the client uses fetch, as a browser or a mini-program would.
  const server = app.strapi.server.httpServer;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = createBookingClient({ baseUrl: `http://127.0.0.1:${port}` });
});

afterAll(async () => {
  await app?.stop();
  await sms?.gateway.close();
});

it('signs in, books, pays in the sandbox and cancels through the typed client', async () => {
  const phone = nextPhone();
  const sent = await client.POST('/api/booking/auth/sms/send', { body: { phone, purpose: 'login' } });
  expect(sent.response.status).toBe(200);
  expect(sent.data?.data.sent).toBe(true);

  const wrong = await client.POST('/api/booking/auth/sms/login', { body: { phone, code: sms.lastCode(phone) === '000000' ? '111111' : '000000' } });
  expect(wrong.response.status).toBe(400);
  expect(errorCode(wrong.error)).toBe('CODE_MISMATCH');

  const login = await client.POST('/api/booking/auth/sms/login', { body: { phone, code: sms.lastCode(phone) } });
  expect(login.response.status).toBe(200);
  client.setToken(login.data!.data.jwt);

  const me = await client.GET('/api/booking/me');
  expect(me.data?.data.phone).toBeTruthy();

  const patient = await client.POST('/api/booking/patients', {
    body: { name: '张桂芳', relationship: 'parent', selfCareAbility: 'independent', medicalHistory: '高血压' },
  });
  expect(patient.response.status).toBe(201);
  const patientId = patient.data!.data.documentId;

  const service: any = await serviceBySlug(app, 'full-escort');
  const submitted = await client.POST('/api/booking/orders', {
    body: {
      serviceId: service.documentId,
      patientId,
      cityCode: BEIJING,
      startAt: beijingAt(3, 10),
      units: service.pricing.minUnits,
      place: { type: 'home', address: { text: '北京市朝阳区望京西园三区 312 号楼 2 单元 501', latitude: 39.998, longitude: 116.47 } },
      contactName: '张伟',
      contactPhone: '13800138000',
    },
    headers: { 'Idempotency-Key': `sdk-flow-${phone}` },
  });
  expect(submitted.response.status).toBe(201);
  const order = submitted.data!.data;
  expect(order.status).toBe('pending_payment');
  expect(order.totalFen).toBeGreaterThan(0);

  const started = await client.POST('/api/booking/orders/{id}/payments', {
    params: { path: { id: order.documentId } },
    body: { channel: 'sandbox', scene: 'sandbox' },
  });
  expect(started.response.status).toBe(201);
  const { tradeNo, amountFen } = started.data!.data.payment;
  expect(amountFen).toBe(order.totalFen);

  const completed = await client.POST('/api/booking/payments/sandbox/{tradeNo}/complete', {
    params: { path: { tradeNo } },
    body: { result: 'success' },
  });
  expect(completed.data?.data.payment.status).toBe('succeeded');

  const paid = await client.GET('/api/booking/orders/{id}', { params: { path: { id: order.documentId } } });
  expect(paid.data?.data).toEqual(expect.objectContaining({ status: 'pending_acceptance', paymentStatus: 'paid', paidFen: order.totalFen }));

  const mine = await client.GET('/api/booking/orders', { params: { query: { status: ['pending_acceptance'], page: 1, pageSize: 10 } } });
  expect(mine.data?.data.map((o) => o.documentId)).toEqual([order.documentId]);
  expect(mine.data?.meta.pagination.total).toBe(1);

  const cancelled = await client.POST('/api/booking/orders/{id}/cancel', { params: { path: { id: order.documentId } }, body: { reason: '行程有变' } });
  expect(cancelled.data?.data.status).toBe('cancelled');
  expect(cancelled.data?.data.cancelFeeFen ?? 0).toBe(0);

  const missing = await client.GET('/api/booking/orders/{id}', { params: { path: { id: 'doesnotexist000' } } });
  expect(missing.response.status).toBe(404);
  expect(errorCode(missing.error)).toBe('ORDER_NOT_FOUND');
});

it('serves the interactive reference (Swagger UI from npm, no CDN) over the committed document', async () => {
  const page = await app.http().get('/api-reference').expect(200);
  expect(page.headers['content-type']).toMatch(/text\/html/);
  const scripts = [...page.text.matchAll(/src="([^"]+)"/g)].map((m) => m[1]);
  expect(scripts.every((src) => src.startsWith('/api-reference/'))).toBe(true);
  for (const src of scripts) {
    const asset = await app.http().get(src).expect(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
  }
  const spec = await app.http().get('/api-reference/openapi.json').expect(200);
  expect(spec.body.openapi).toMatch(/^3\.1/);
  expect(spec.body.paths['/api/booking/orders'].post.responses['409']['x-error-codes']).toContain('CAREGIVER_BUSY');
  await app.http().get('/api-reference/../package.json').expect(404);
});

/**
 * Observability: liveness, readiness, /metrics behind its token with the series an operator watches, request ids,
 * and the logs of a representative flow (SMS sign-in, a patient with ID number and medical history, an order paid
 * through a signed callback, an SSE stream opened with its token in the URL) free of personal data and tokens.
 */
import http from 'node:http';
import Transport from 'winston-transport';
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { beijingAt, orderBody, serviceBySlug } from '../../helpers/orders';
import { nextPhone } from '../../helpers/users';
import { startSmsGateway } from '../../helpers/sms';
import { sandboxSignature } from '../../../src/plugins/booking/server/src/providers/payment/sandbox';

const TOKEN = 'metrics-test-token-0123456789';
let app: TestApp;
let sms: Awaited<ReturnType<typeof startSmsGateway>>;
const lines: string[] = [];

class Capture extends Transport {
  log(info: any, done: () => void) {
    // Everything winston would hand a log shipper: message and every extra field.
    lines.push(JSON.stringify({ ...info, message: String(info.message) }));
    done();
  }
}

/** A checksum-valid 18-digit resident ID number (GB 11643). */
function idNumber(first17: string) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, digit, i) => acc + Number(digit) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

beforeAll(async () => {
  sms = await startSmsGateway();
  app = await bootStrapi({ env: { ...sms.env, SEED_DEMO: 'true', PAYMENT_SANDBOX_ENABLED: 'true', METRICS_TOKEN: TOKEN } });
  const logger = app.strapi.log as any;
  logger.level = 'debug';
  logger.add(new Capture({ level: 'debug' }));
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await sms?.gateway.close();
});

const metrics = async () => (await app.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200)).text;

describe('health endpoints', () => {
  it('liveness answers without the database; readiness checks it; both carry a request id', async () => {
    const live = await app.http().get('/health/live').expect(200);
    expect(live.body).toEqual({ status: 'ok' });
    expect(live.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const ready = await app.http().get('/health/ready').set('X-Request-Id', 'lb-probe-42').expect(200);
    expect(ready.body).toEqual({ status: 'ready' });
    expect(ready.headers['x-request-id']).toBe('lb-probe-42');
    // An id that could smuggle log lines is replaced, not echoed.
    const odd = await app.http().get('/health/live').set('X-Request-Id', 'a b\tc');
    expect(odd.headers['x-request-id']).not.toBe('a b\tc');
  });

  it('/metrics refuses a missing or wrong token in the error shape', async () => {
    for (const auth of [undefined, 'Bearer wrong', TOKEN]) {
      const req = app.http().get('/metrics');
      const res = await (auth ? req.set('Authorization', auth) : req);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ data: null, error: expect.objectContaining({ status: 401, details: { code: 'UNAUTHENTICATED' } }) });
    }
  });
});

describe('a representative flow', () => {
  const phone = nextPhone();
  const id = idNumber('11010519491231002');
  const medical = '冠心病支架术后三年，长期服用阿司匹林';
  let jwt = '';

  it('runs sign-in, patient, order, payment, a forged callback, a job and an SSE stream', async () => {
    await app.http().post('/api/booking/auth/sms/send').send({ phone, purpose: 'login' }).expect(200);
    const login = await app
      .http()
      .post('/api/booking/auth/sms/login')
      .send({ phone, code: sms.lastCode(phone) })
      .expect(200);
    jwt = login.body.data.jwt;
    const auth = { Authorization: `Bearer ${jwt}` };
    const patient = await app
      .http()
      .post('/api/booking/patients')
      .set(auth)
      .send({
        name: '李淑珍',
        relationship: 'parent',
        selfCareAbility: 'partially_dependent',
        idNumber: id,
        medicalHistory: medical,
        medications: '阿司匹林 100mg',
      })
      .expect(201);
    // Bad input that quotes personal data back: the 400 is fine, the log must still not carry it.
    await app
      .http()
      .post('/api/booking/patients')
      .set(auth)
      .send({ name: '李淑珍', relationship: 'parent', idNumber: `${id}9`, medicalHistory: medical })
      .expect(400);

    const service = await serviceBySlug(app, 'full-escort');
    const order = await app
      .http()
      .post('/api/booking/orders')
      .set(auth)
      .send(orderBody(service, patient.body.data.documentId, { startAt: beijingAt(4, 9), contactPhone: phone }))
      .expect(201);
    const pay = await app
      .http()
      .post(`/api/booking/orders/${order.body.data.documentId}/payments`)
      .set(auth)
      .send({ channel: 'sandbox', scene: 'sandbox' })
      .expect(201);
    const { tradeNo, amountFen } = pay.body.data.payment;
    const raw = JSON.stringify({ kind: 'payment', tradeNo, providerTxnId: 'SB-OBS-1', amountFen, status: 'succeeded' });
    const notify = (signature: string) =>
      app.http().post('/api/booking/payments/notify/sandbox').set('Content-Type', 'application/json').set('x-sandbox-signature', signature).send(raw);
    await notify('0'.repeat(64)).expect(400);
    await notify(sandboxSignature(process.env.PAYMENT_SANDBOX_SECRET as string, raw)).expect(200);
    await app.strapi.plugin('booking').service('jobs').run('cancelUnpaid');

    // An SSE stream authenticated by query token (EventSource cannot send headers): count it while open.
    const server = app.strapi.server.httpServer;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as any;
    const stream = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: `/api/booking/me/events?access_token=${encodeURIComponent(jwt)}` }, (res) => resolve(res as any));
      req.on('error', reject);
    });
    expect(stream.statusCode).toBe(200);
    const text = await metrics();
    (stream as any).destroy();

    expect(text).toMatch(/care_http_request_duration_seconds_bucket\{[^}]*route="\/api\/booking\/orders"[^}]*\}/);
    expect(text).toMatch(/care_order_transitions_total\{action="pay",from="pending_payment",to="pending_acceptance"\} 1/);
    expect(text).toMatch(/care_payment_results_total\{channel="sandbox",kind="payment",outcome="[a-z_]+"\} 1/);
    expect(text).toMatch(/care_payment_callback_failures_total\{channel="sandbox",reason="bad_signature"\} 1/);
    expect(text).toMatch(/care_job_runs_total\{job="cancelUnpaid",result="ran"\} 1/);
    expect(text).toMatch(/care_job_duration_seconds_count\{job="cancelUnpaid"\} 1/);
    expect(text).toMatch(/care_sse_connections 1/);
    expect(text).toMatch(/care_refunds\{status="pending"\} 0/);
    expect(text).toMatch(/care_db_pool_connections\{state="used"\} \d+/);
    expect(text).toMatch(/care_dispatch_outcomes_total\{outcome="[a-z_]+"\} \d+/);
    expect(text).toMatch(/care_process_resident_memory_bytes \d+/);
  });

  it('left no phone number, ID number, medical text or token in the logs', async () => {
    const all = lines.join('\n');
    // The flow did log (request lines at http level), so an empty capture cannot pass by accident.
    expect(lines.length).toBeGreaterThan(8);
    expect(all).toContain('/api/booking/orders');
    for (const secret of [phone, id, medical, '阿司匹林', jwt, TOKEN]) {
      expect({ secret, found: all.includes(secret) }).toEqual({ secret, found: false });
    }
  });
});

describe('during shutdown', () => {
  it('readiness fails (the load balancer stops sending) while liveness still answers', async () => {
    app.strapi.plugin('booking').service('availability').beginShutdown();
    const ready = await app.http().get('/health/ready').expect(503);
    expect(ready.body).toEqual({ status: 'not_ready', reason: 'shutting_down' });
    expect(ready.headers.connection).toBe('close');
    await app.http().get('/health/live').expect(200);
  });
});

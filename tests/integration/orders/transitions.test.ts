/**
 * Every REST action at every reachable status: allowed by the state machine → 200, otherwise a 409 with a clear
 * message, and nothing written. The expectation comes from an independent table, not from the code under test.
 */
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { approvedCaregiver, beijingAt, customerWithPatient, orderBody, serviceBySlug } from '../../helpers/orders';

let app: TestApp;
let service: any;
let customer: Awaited<ReturnType<typeof customerWithPatient>>;
let caregiver: Awaited<ReturnType<typeof approvedCaregiver>>;
let dayOffset = 2;

type Status = 'pending_payment' | 'pending_acceptance' | 'accepted' | 'departed' | 'arrived' | 'in_service' | 'finished' | 'completed' | 'cancelled';
type RestAction =
  'user:cancel' | 'user:confirm' | 'caregiver:accept' | 'caregiver:depart' | 'caregiver:arrive' | 'caregiver:start' | 'caregiver:finish' | 'caregiver:release';

/** What a person reading the product rules expects to be possible. */
const ALLOWED: Record<Status, RestAction[]> = {
  pending_payment: ['user:cancel'],
  pending_acceptance: ['user:cancel', 'caregiver:accept'],
  accepted: ['user:cancel', 'caregiver:depart', 'caregiver:release'],
  departed: ['user:cancel', 'caregiver:arrive'],
  arrived: ['user:cancel', 'caregiver:start'],
  in_service: ['caregiver:finish'],
  finished: ['user:confirm'],
  completed: [],
  cancelled: [],
};

const PATH: Record<Status, Array<'pay' | 'accept' | 'depart' | 'arrive' | 'start' | 'finish' | 'confirm' | 'cancel'>> = {
  pending_payment: [],
  pending_acceptance: ['pay'],
  accepted: ['pay', 'accept'],
  departed: ['pay', 'accept', 'depart'],
  arrived: ['pay', 'accept', 'depart', 'arrive'],
  in_service: ['pay', 'accept', 'depart', 'arrive', 'start'],
  finished: ['pay', 'accept', 'depart', 'arrive', 'start', 'finish'],
  completed: ['pay', 'accept', 'depart', 'arrive', 'start', 'finish', 'confirm'],
  cancelled: ['cancel'],
};

const BODY: Partial<Record<string, Record<string, unknown>>> = {
  finish: { summary: '服务顺利完成，已交接家属。' },
  release: { reason: '临时身体不适' },
  cancel: { reason: '计划变更' },
};

async function orderAt(status: Status) {
  const res = await app
    .http()
    .post('/api/booking/orders')
    .set(customer.auth)
    .send(orderBody(service, customer.patientId, { startAt: beijingAt(dayOffset++, 10) }));
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  const id = res.body.data.documentId as string;
  const row = await app.strapi.db.query('plugin::booking.order').findOne({ where: { documentId: id } });
  for (const step of PATH[status]) {
    if (step === 'pay')
      await app.strapi
        .plugin('booking')
        .service('order-lifecycle')
        .markPaid(row.id, { amountFen: row.totalFen, reference: `pay-${id}` });
    else if (step === 'confirm' || step === 'cancel') await call('user', step, id).expect(200);
    else await call('caregiver', step, id).expect(200);
  }
  return { id, row };
}

function call(actor: 'user' | 'caregiver', action: string, id: string) {
  const path = actor === 'user' ? `/api/booking/orders/${id}/${action}` : `/api/booking/caregiver/orders/${id}/${action}`;
  return app
    .http()
    .post(path)
    .set(actor === 'user' ? customer.auth : caregiver.auth)
    .send(BODY[action] ?? {});
}

beforeAll(async () => {
  app = await bootStrapi({ env: { SEED_DEMO: 'true' } });
  service = await serviceBySlug(app, 'half-escort');
  customer = await customerWithPatient(app);
  caregiver = await approvedCaregiver(app, [service.documentId]);
});

afterAll(async () => {
  await app?.stop();
});

const ACTIONS: RestAction[] = [
  'user:cancel',
  'user:confirm',
  'caregiver:accept',
  'caregiver:depart',
  'caregiver:arrive',
  'caregiver:start',
  'caregiver:finish',
  'caregiver:release',
];
const cases = (Object.keys(ALLOWED) as Status[]).flatMap((status) => ACTIONS.map((action) => [status, action] as const));

test.each(cases)('%s + %s', async (status, restAction) => {
  const { id, row } = await orderAt(status);
  const [actor, action] = restAction.split(':') as ['user' | 'caregiver', string];
  const eventsBefore = await app.strapi.db.query('plugin::booking.order-event').count({ where: { orderId: row.id } });
  const res = await call(actor, action, id);
  const eventsAfter = await app.strapi.db.query('plugin::booking.order-event').count({ where: { orderId: row.id } });
  if (ALLOWED[status].includes(restAction)) {
    expect(res.status).toBe(200);
    expect(eventsAfter).toBe(eventsBefore + 1);
  } else {
    // An order no caregiver holds yet is invisible to caregivers (404) except for taking it; otherwise 409.
    const assigned = ['accepted', 'departed', 'arrived', 'in_service', 'finished', 'completed'].includes(status);
    const expected = actor === 'caregiver' && action !== 'accept' && !assigned ? 404 : 409;
    expect(res.status).toBe(expected);
    if (res.status === 409) expect(res.body.error.message).toMatch(/订单|取消|服务/);
    expect(res.body.error.message.length).toBeGreaterThan(4);
    expect(eventsAfter).toBe(eventsBefore);
    const unchanged = await app.strapi.db.query('plugin::booking.order').findOne({ where: { id: row.id } });
    expect(unchanged.status).toBe(status);
  }
});

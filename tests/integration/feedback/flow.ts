/** Drives orders through the real routes for the feedback tests (not a test file itself). */
import type { TestApp } from '../../helpers/strapi';
import { beijingAt, customerWithPatient, orderBody } from '../../helpers/orders';

type Customer = Awaited<ReturnType<typeof customerWithPatient>>;
type Session = { auth: Record<string, string> };

let day = 2;

export const orderRow = (app: TestApp, documentId: string) => app.strapi.db.query('plugin::booking.order').findOne({ where: { documentId } });

/** A submitted order, paid with markPaid (or left unpaid). Each call takes a fresh day so caregivers stay free. */
export async function paidOrder(app: TestApp, service: any, customer: Customer, { pay = true } = {}) {
  const res = await app
    .http()
    .post('/api/booking/orders')
    .set(customer.auth)
    .send(orderBody(service, customer.patientId, { startAt: beijingAt(day++, 9) }));
  if (res.status !== 201) throw new Error(`submit failed: ${JSON.stringify(res.body)}`);
  const id = res.body.data.documentId as string;
  if (pay) {
    const row = await orderRow(app, id);
    await app.strapi
      .plugin('booking')
      .service('order-lifecycle')
      .markPaid(row.id, { amountFen: row.totalFen, reference: `fb-${id}` });
  }
  return id;
}

/** Caregiver steps through the REST routes, up to and including `last`. */
export async function caregiverSteps(app: TestApp, caregiver: Session, id: string, last: 'accept' | 'start' | 'finish') {
  const steps = ['accept', 'depart', 'arrive', 'start', 'finish'];
  // Paying dispatches the order to the best ranked eligible caregiver of the file, not necessarily this one: these
  // tests are about feedback, so the order is put in the hall (live offers withdrawn) for this caregiver to take.
  const order = await orderRow(app, id);
  if (order?.status === 'pending_acceptance') {
    await app.strapi.db.query('plugin::booking.dispatch-offer').updateMany({ where: { orderId: order.id, status: 'offered' }, data: { status: 'cancelled' } });
    await app.strapi.db.query('plugin::booking.order').update({ where: { id: order.id }, data: { dispatchMode: 'hall' } });
  }
  for (const step of steps.slice(0, steps.indexOf(last) + 1)) {
    const body = step === 'finish' ? { summary: '陪同完成挂号、检查与取药，老人情况平稳。' } : {};
    const res = await app.http().post(`/api/booking/caregiver/orders/${id}/${step}`).set(caregiver.auth).send(body);
    if (res.status !== 200) throw new Error(`${step} failed: ${JSON.stringify(res.body)}`);
  }
}

/** An order taken to 'completed' (caregiver finished, customer confirmed). */
export async function completedOrder(app: TestApp, service: any, customer: Customer, caregiver: Session) {
  const id = await paidOrder(app, service, customer);
  await caregiverSteps(app, caregiver, id, 'finish');
  const res = await app.http().post(`/api/booking/orders/${id}/confirm`).set(customer.auth).send({});
  if (res.status !== 200) throw new Error(`confirm failed: ${JSON.stringify(res.body)}`);
  return id;
}

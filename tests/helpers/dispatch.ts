import type { TestApp } from './strapi';
import { approvedCaregiver, BEIJING } from './orders';

export const PLACE = { latitude: 39.998, longitude: 116.47 };
const CREDENTIAL = 'api::caregiver-credential.caregiver-credential';

export interface CaregiverOptions {
  cityCode?: string;
  gender?: 'male' | 'female';
  name?: string;
  /** Profile columns to override (status, online, location, rating ...). */
  profile?: Record<string, unknown>;
  /** Credential codes to hold; validUntil per code ('YYYY-MM-DD'), default one year ahead. */
  credentials?: Record<string, string | null>;
  /** Pass every training the service requires (when the training module exists). */
  trained?: boolean;
}

const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);

/**
 * A caregiver who, unless told otherwise, is eligible for `service` at PLACE: approved, online, near, holding
 * the service's credentials and its required trainings.
 */
export async function dispatchableCaregiver(app: TestApp, service: any, options: CaregiverOptions = {}) {
  const session = await approvedCaregiver(app, [service.documentId], {
    cityCode: options.cityCode ?? BEIJING,
    gender: options.gender,
    name: options.name,
    eligible: false,
  });
  const id = session.caregiver.id;
  await app.strapi.db.query('api::caregiver.caregiver').update({
    where: { id },
    data: {
      currentLatitude: PLACE.latitude + 0.01,
      currentLongitude: PLACE.longitude,
      serviceRadiusKm: 10,
      rating: 4.8,
      ratingCount: 10,
      ...(options.profile ?? {}),
    },
  });
  const codes: Record<string, string | null> =
    options.credentials ?? Object.fromEntries((await requiredCredentialCodes(app, service)).map((c) => [c, inAYear()]));
  if (app.strapi.contentTypes[CREDENTIAL as keyof typeof app.strapi.contentTypes]) {
    for (const [code, validUntil] of Object.entries(codes)) {
      const type = await app.strapi.db.query('api::credential-type.credential-type').findOne({ where: { code } });
      await app.strapi.db
        .query(CREDENTIAL)
        .create({ data: { caregiver: id, credentialType: type.id, validFrom: '2020-01-01', validUntil, status: 'approved' } });
    }
  }
  if (options.trained !== false) await passRequiredTrainings(app, service, session.user.id);
  return session;
}

export async function requiredCredentialCodes(app: TestApp, service: any): Promise<string[]> {
  const full: any = await app.strapi.db
    .query('api::service.service')
    .findOne({ where: { documentId: service.documentId }, populate: { requiredCredentialTypes: { select: ['code'] } } });
  return (full?.requiredCredentialTypes ?? []).map((c: any) => c.code);
}

export async function requiredCourseIds(app: TestApp, service: any): Promise<string[]> {
  const training: any = app.strapi.plugin('booking').service('training');
  return training?.requiredCourseIdsFor ? training.requiredCourseIdsFor(service.documentId) : [];
}

export async function passRequiredTrainings(app: TestApp, service: any, userId: number) {
  for (const courseId of await requiredCourseIds(app, service)) {
    await app.strapi.db.query('plugin::booking.exam-attempt').create({
      data: {
        caregiverUserId: userId,
        courseId,
        examId: 'dispatch-test',
        status: 'submitted',
        startedAt: new Date(),
        deadlineAt: new Date(),
        passed: true,
        passMark: 60,
        questionOrder: [],
        questionSnapshot: [],
      },
    });
  }
}

/** Submits an order over REST and marks it paid (which dispatches it). */
export async function paidOrder(app: TestApp, customer: { auth: Record<string, string> }, body: Record<string, unknown>) {
  const res = await app.http().post('/api/booking/orders').set(customer.auth).send(body);
  if (res.status !== 201) throw new Error(`submit failed: ${JSON.stringify(res.body)}`);
  const order = await app.strapi.db.query('plugin::booking.order').findOne({ where: { documentId: res.body.data.documentId } });
  await app.strapi
    .plugin('booking')
    .service('order-lifecycle')
    .markPaid(order.id, { amountFen: order.totalFen, reference: `test-${order.id}` });
  return app.strapi.db.query('plugin::booking.order').findOne({ where: { id: order.id } });
}

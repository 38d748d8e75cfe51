import type { TestApp } from './strapi';
import { nextPhone, signedInUser } from './users';

export const BEIJING = '110100';

/** A service of the demo catalog by slug (tests that need orders boot with SEED_DEMO=true). */
export async function serviceBySlug(app: TestApp, slug: string) {
  const service: any = await app.strapi.documents('api::service.service').findFirst({
    filters: { slug },
    status: 'published',
    locale: 'zh-Hans',
    populate: { pricing: true },
  } as any);
  if (!service) throw new Error(`service ${slug} is not seeded`);
  return service;
}

/** An ISO time `days` from now at hh:mm Beijing time (UTC+8). */
export function beijingAt(days: number, hour: number, minute = 0) {
  const now = new Date();
  // Midnight of today's Beijing date (UTC+8): after 16:00 UTC Beijing is already on the next calendar day.
  const BEIJING_OFFSET = 8 * 3600_000;
  const beijingMidnightUtc = Math.floor((now.getTime() + BEIJING_OFFSET) / 86_400_000) * 86_400_000 - BEIJING_OFFSET;
  const start = beijingMidnightUtc + days * 86_400_000 + (hour * 60 + minute) * 60_000;
  const adjusted = start <= now.getTime() ? start + 86_400_000 : start;
  return new Date(adjusted).toISOString().replace('Z', '+00:00');
}

/**
 * An approved caregiver (user with the caregiver role and an approved profile) who offers the given services. Unless
 * `eligible: false`, they also pass every dispatch rule for those services at the default order place (online, within
 * range, holding the required credentials and trainings): accepting an order runs those rules (issue 18 item 8).
 */
export async function approvedCaregiver(
  app: TestApp,
  serviceDocumentIds: string[],
  options: { cityCode?: string; gender?: 'male' | 'female'; name?: string; eligible?: boolean } = {},
) {
  const session = await signedInUser(app, nextPhone());
  const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'caregiver' } });
  await app.strapi.db.query('plugin::users-permissions.user').update({ where: { id: session.user.id }, data: { role: role.id } });
  const city = await app.strapi.db.query('api::city.city').findOne({ where: { code: options.cityCode ?? BEIJING } });
  const services = await app.strapi.db.query('api::service.service').findMany({ where: { documentId: { $in: serviceDocumentIds } }, select: ['id'] });
  const caregiver = await app.strapi.db.query('api::caregiver.caregiver').create({
    data: {
      user: session.user.id,
      realName: options.name ?? '王秀兰',
      gender: options.gender ?? 'female',
      status: 'approved',
      city: city.id,
      skills: services.map((s: any) => s.id),
      online: true,
      ...(options.eligible === false ? {} : { currentLatitude: 39.998 + 0.01, currentLongitude: 116.47, serviceRadiusKm: 10 }),
    },
  });
  if (options.eligible !== false) await qualify(app, caregiver.id, session.user.id, serviceDocumentIds);
  return { ...session, caregiver };
}

/** Approved credentials (valid for a year) and passed trainings for everything the services require. */
async function qualify(app: TestApp, caregiverId: number, userId: number, serviceDocumentIds: string[]) {
  const services = await app.strapi.db
    .query('api::service.service')
    .findMany({ where: { documentId: { $in: serviceDocumentIds } }, populate: { requiredCredentialTypes: { select: ['id', 'code'] } } });
  const types = new Map<number, string>();
  for (const s of services as any[]) for (const t of s.requiredCredentialTypes ?? []) types.set(t.id, t.code);
  const validUntil = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
  for (const typeId of types.keys()) {
    await app.strapi.db
      .query('api::caregiver-credential.caregiver-credential')
      .create({ data: { caregiver: caregiverId, credentialType: typeId, validFrom: '2020-01-01', validUntil, status: 'approved' } });
  }
  const training: any = app.strapi.plugin('booking').service('training');
  const courses = new Set<string>();
  for (const documentId of serviceDocumentIds) for (const id of await training.requiredCourseIdsFor(documentId)) courses.add(id);
  for (const courseId of courses) {
    await app.strapi.db.query('plugin::booking.exam-attempt').create({
      data: {
        caregiverUserId: userId,
        courseId,
        examId: 'test-qualified',
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

export async function customerWithPatient(app: TestApp, patient: Record<string, unknown> = {}) {
  const customer = await signedInUser(app);
  const res = await app
    .http()
    .post('/api/booking/patients')
    .set(customer.auth)
    .send({ name: '张桂芳', relationship: 'parent', selfCareAbility: 'independent', medicalHistory: '高血压', ...patient });
  if (res.status !== 201) throw new Error(`patient create failed: ${JSON.stringify(res.body)}`);
  return { ...customer, patientId: res.body.data.documentId as string };
}

export function orderBody(service: any, patientId: string, overrides: Record<string, unknown> = {}) {
  return {
    serviceId: service.documentId,
    patientId,
    cityCode: BEIJING,
    startAt: beijingAt(3, 10),
    units: service.pricing.minUnits,
    place: { type: 'home', address: { text: '北京市朝阳区望京西园三区 312 号楼 2 单元 501', latitude: 39.998, longitude: 116.47, district: '朝阳区' } },
    contactName: '张伟',
    contactPhone: '13800138000',
    notes: '老人听力不好，请大声说话',
    ...overrides,
  };
}

/** A Strapi admin (operator) and an admin-panel JWT; `roleCode` picks a built-in role (super admin by default). */
export async function adminToken(
  app: TestApp,
  roleCode = 'strapi-super-admin',
  email = `ops-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`,
) {
  const role = await app.strapi.db.query('admin::role').findOne({ where: { code: roleCode } });
  const user = await app.strapi
    .service('admin::user')
    .create({ email, firstname: '调度', lastname: '员', password: 'Operator2026', isActive: true, roles: [role.id] });
  // Signing in through the admin API gives exactly the token the admin panel would hold.
  const login = await app.http().post('/admin/login').send({ email, password: 'Operator2026' });
  const token = login.body?.data?.token ?? login.body?.data?.accessToken;
  if (!token) throw new Error(`admin login failed: ${JSON.stringify(login.body)}`);
  return { user, auth: { Authorization: `Bearer ${token}` } };
}

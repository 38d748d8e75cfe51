import type { Core } from '@strapi/strapi';

/**
 * Demo people for local development: a customer with a patient and two approved, trained caregivers who work near
 * the seeded Beijing hospitals, so that a newcomer can sign in to the H5 apps (SMS code shown in development),
 * book, pay in the sandbox and watch dispatch offer the order within minutes of `npm run quickstart`.
 *
 * Never in production: `seedDemoPeople` refuses when NODE_ENV=production whatever the flags say. Elsewhere it runs
 * when SEED_DEMO_PEOPLE=true, or by default in development (not in test, where such people would compete with the
 * tests' own caregivers for offers). Idempotent by phone number: existing accounts are left as they are.
 */
export const DEMO_CUSTOMER = { phone: '13800000001', displayName: '张伟' };
export const DEMO_PATIENT = {
  name: '张桂芳',
  relationship: 'parent',
  gender: 'female',
  birthDate: '1952-03-18',
  selfCareAbility: 'independent',
  medicalHistory: '高血压十余年，规律服药',
};

export const DEMO_CAREGIVERS = [
  {
    phone: '13900000001',
    realName: '王秀兰',
    gender: 'female' as const,
    birthDate: '1978-06-12',
    idNumberMasked: '110105********2028',
    yearsOfExperience: 8,
    bio: '三甲医院护理背景，擅长老年人陪诊与术后照护，耐心细致。',
    // Near 北京协和医院 (东城区).
    home: { latitude: 39.915, longitude: 116.42 },
  },
  {
    phone: '13900000002',
    realName: '李建国',
    gender: 'male' as const,
    birthDate: '1982-09-03',
    idNumberMasked: '110108********3015',
    yearsOfExperience: 5,
    bio: '持医疗护理员证，力气足，擅长轮椅推行、住院陪护和夜间看护。',
    // Near 北京大学人民医院 (西城区).
    home: { latitude: 39.935, longitude: 116.36 },
  },
];

const BEIJING = '110100';
const RADIUS_KM = 30;
const EVERY_DAY = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '06:00', end: '00:00' }]]));

export function wantsDemoPeople(env: NodeJS.ProcessEnv = process.env): boolean {
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (nodeEnv === 'production') return false;
  if (env.SEED_DEMO_PEOPLE !== undefined) return env.SEED_DEMO_PEOPLE === 'true';
  return nodeEnv === 'development';
}

const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);

export async function seedDemoPeople(strapi: Core.Strapi): Promise<{ created: number; skipped?: 'production' }> {
  if ((process.env.NODE_ENV ?? 'development') === 'production') return { created: 0, skipped: 'production' };
  const booking = strapi.plugin('booking');
  const users = strapi.db.query('plugin::users-permissions.user');
  let created = 0;

  // The customer and their patient.
  if (!(await users.findOne({ where: { phone: DEMO_CUSTOMER.phone } }))) {
    const session = await booking.service('accounts').signInWithPhone(DEMO_CUSTOMER.phone);
    await users.update({ where: { id: session.user.id }, data: { displayName: DEMO_CUSTOMER.displayName } });
    await booking.service('patients').create(session.user.id, DEMO_PATIENT);
    created += 1;
  }

  // Caregivers: every active Beijing service, its credentials and its required trainings.
  const city = await strapi.db.query('api::city.city').findOne({ where: { code: BEIJING } });
  if (!city) {
    strapi.log.warn('[seed] 演示人员：缺少北京市城市数据，跳过陪护人员');
    return { created };
  }
  const services: any[] = await strapi.db.query('api::service.service').findMany({
    where: { active: true, publishedAt: { $notNull: true }, cities: { code: BEIJING } },
    select: ['id', 'documentId'],
    populate: { requiredCredentialTypes: { select: ['id'] } },
  });
  const serviceIds = [...new Set(services.map((s) => s.id))];
  const credentialTypeIds = [...new Set(services.flatMap((s) => (s.requiredCredentialTypes ?? []).map((t: any) => t.id as number)))];
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'caregiver' } });
  const requiredCourses = new Set<string>();
  for (const documentId of new Set(services.map((s) => s.documentId as string))) {
    for (const courseId of await booking.service('training').requiredCourseIdsFor(documentId)) requiredCourses.add(courseId);
  }

  for (const person of DEMO_CAREGIVERS) {
    if (await users.findOne({ where: { phone: person.phone } })) continue;
    const session = await booking.service('accounts').signInWithPhone(person.phone);
    const userId = session.user.id as number;
    await users.update({ where: { id: userId }, data: { role: role.id, displayName: person.realName } });
    const now = new Date();
    const caregiver = await strapi.db.query('api::caregiver.caregiver').create({
      data: {
        user: userId,
        realName: person.realName,
        gender: person.gender,
        birthDate: person.birthDate,
        idNumberMasked: person.idNumberMasked,
        bio: person.bio,
        languages: ['普通话'],
        yearsOfExperience: person.yearsOfExperience,
        status: 'approved',
        appliedAt: now,
        approvedAt: now,
        city: city.id,
        serviceCities: [city.id],
        skills: serviceIds,
        homeLatitude: person.home.latitude,
        homeLongitude: person.home.longitude,
        serviceRadiusKm: RADIUS_KM,
        workingHours: EVERY_DAY,
        online: false,
      },
    });
    for (const typeId of credentialTypeIds) {
      await strapi.db.query('api::caregiver-credential.caregiver-credential').create({
        data: {
          caregiver: caregiver.id,
          credentialType: typeId,
          numberMasked: 'DEMO****',
          validFrom: '2020-01-01',
          validUntil: inAYear(),
          status: 'approved',
          reviewedAt: now,
        },
      });
    }
    // Passed through an exam attempt, as a real pass is recorded (training.passedCourseIds reads these).
    for (const courseId of requiredCourses) {
      const exam = await strapi.db.query('api::exam.exam').findOne({ where: { course: { documentId: courseId } }, select: ['documentId', 'passMark'] });
      await strapi.db.query('plugin::booking.exam-attempt').create({
        data: {
          caregiverUserId: userId,
          courseId,
          examId: exam?.documentId ?? 'demo-seed',
          status: 'submitted',
          startedAt: now,
          deadlineAt: now,
          submittedAt: now,
          score: 100,
          passed: true,
          passMark: exam?.passMark ?? 60,
          questionOrder: [],
          questionSnapshot: [],
        },
      });
    }
    created += 1;
  }

  strapi.log.info(
    `[seed] 演示人员就绪：新建 ${created} 个账号（用户 ${DEMO_CUSTOMER.phone}，陪护人员 ${DEMO_CAREGIVERS.map((c) => c.phone).join('、')}；开发环境验证码显示在 H5 登录页）`,
  );
  return { created };
}

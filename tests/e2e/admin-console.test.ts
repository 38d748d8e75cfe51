/**
 * The operators' console (陪护运营) in the real admin panel, driven by Debian's Chromium through playwright-core.
 * Each seeded operator role walks its main flow on data made through the API: the 审核员 audits an application
 * with two ID scans and a credential (and can neither see nor call dispatch), the 调度员 assigns an order from the
 * candidates list, the 客服 resolves a complaint with a partial refund and a penalty (after a refused amount shows
 * its error) and hides a review, the 运营主管 switches the business chart to cities, downloads a CSV and lifts a
 * payment freeze. Every page is screenshotted to tests/.artifacts/admin/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { beijingAt, BEIJING, customerWithPatient, orderBody, serviceBySlug } from '../helpers/orders';
import { dispatchableCaregiver, paidOrder } from '../helpers/dispatch';
import { signedInUser } from '../helpers/users';
import { computeIdCardCheckDigit } from '../../src/plugins/booking/server/src/domain/id-card';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SHOTS = path.resolve(__dirname, '../.artifacts/admin');
const PASSWORD = 'Operator2026ok';
const ROLES = { auditor: 'booking-auditor', dispatcher: 'booking-dispatcher', desk: 'booking-service-desk', supervisor: 'booking-supervisor' } as const;
type RoleKey = keyof typeof ROLES;

let app: TestApp;
let browser: Browser;
let baseUrl: string;
let service: any;
let customer: Awaited<ReturnType<typeof customerWithPatient>>;
let applicationId: string;
let credentialId: string;
let dispatchOrder: any;
let servedOrder: any;
let complaintId: string;
let overdueId: string;
let reviewId: string;
const contexts: BrowserContext[] = [];

const db = (uid: string) => app.strapi.db.query(uid as any);
/**
 * The admin panel scrolls inside its own containers (and the drawer inside itself), so a full-page screenshot
 * would stop at the window: grow the window to the tallest scrolled content first, then put it back.
 */
async function shot(page: Page, name: string) {
  const viewport = page.viewportSize()!;
  // Runs in the page (the tests' own tsconfig has no DOM types).
  const height = await page.evaluate(() =>
    Math.max(...Array.from((globalThis as any).document.querySelectorAll('body *')).map((e: any) => e.scrollHeight as number)),
  );
  await page.setViewportSize({ width: viewport.width, height: Math.min(Math.max(height + 40, viewport.height), 4000) });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  await page.setViewportSize(viewport);
}
const email = (role: RoleKey) => `${role}@example.com`;

/** Re-checks until true (the page updates asynchronously); fails with `what` after `ms`. */
async function until(what: string, check: () => Promise<boolean>, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A scan as a phone camera would send it: an ID card or a certificate drawn by the browser itself. */
async function renderScan(title: string, lines: string[]) {
  const page = await browser.newPage({ viewport: { width: 640, height: 400 } });
  await page.setContent(`<div id="card" style="width:600px;height:370px;margin:10px;border-radius:16px;background:linear-gradient(135deg,#e8f1fb,#fdf6e3);font-family:sans-serif;padding:28px;box-sizing:border-box;border:1px solid #9bb">
    <div style="font-size:28px;font-weight:bold;color:#245">${title}</div>
    ${lines.map((l) => `<div style="font-size:20px;margin-top:18px;color:#333">${l}</div>`).join('')}</div>`);
  const png = await page.locator('#card').screenshot();
  await page.close();
  return png;
}

async function uploadScan(session: { auth: Record<string, string> }, png: Buffer, name: string) {
  const res = await app.http().post('/api/booking/caregiver-applications/photos').set(session.auth).attach('file', png, name);
  if (res.status !== 201) throw new Error(`upload failed: ${JSON.stringify(res.body)}`);
  return res.body.data.id as number;
}

async function operatorLogin(role: RoleKey) {
  const res = await app
    .http()
    .post('/admin/login')
    .send({ email: email(role), password: PASSWORD });
  return { Authorization: `Bearer ${res.body.data.token ?? res.body.data.accessToken}` };
}

async function signIn(role: RoleKey, locale = 'zh-CN') {
  const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(email(role));
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/login'), { timeout: 60_000 });
  return page;
}

async function openConsole(page: Page, desk: string, heading: string) {
  await page.goto(`${baseUrl}/admin/plugins/booking/${desk}`);
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor({ timeout: 60_000 });
}

beforeAll(async () => {
  app = await bootStrapi({ env: { SEED_DEMO: 'true', IDENTITY_PROVIDER: 'sandbox' }, serveAdminPanel: true });
  await new Promise<void>((resolve) => app.strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(app.strapi.server.httpServer.address() as AddressInfo).port}`;
  fs.mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

  // Operators in the roles the platform seeds.
  for (const [key, code] of Object.entries(ROLES)) {
    const role = await db('admin::role').findOne({ where: { code } });
    await app.strapi
      .service('admin::user')
      .create({ email: email(key as RoleKey), firstname: role.name, lastname: '', password: PASSWORD, isActive: true, roles: [role.id] });
  }
  const supervisorAuth = await operatorLogin('supervisor');

  // 审核员's work: an application with both ID scans and a nurse licence, checked by the sandbox identity provider.
  service = await serviceBySlug(app, 'full-escort');
  const applicant = await signedInUser(app);
  const idNumber = '11010519800314202' + computeIdCardCheckDigit('11010519800314202');
  const [front, back, licence] = [
    await uploadScan(
      applicant,
      await renderScan('居民身份证', ['姓名 王秀英', '性别 女　民族 汉', '出生 1980年3月14日', `公民身份号码 ${idNumber}`]),
      'front.png',
    ),
    await uploadScan(applicant, await renderScan('中华人民共和国 居民身份证', ['签发机关 北京市公安局朝阳分局', '有效期限 2020.01.01-2040.01.01']), 'back.png'),
    await uploadScan(applicant, await renderScan('护士执业证书', ['姓名 王秀英', '证书编号 HL2019110105888', '发证机关 北京市卫生健康委员会']), 'licence.png'),
  ];
  const applied = await app
    .http()
    .post('/api/booking/caregiver-applications')
    .set(applicant.auth)
    .send({
      realName: '王秀英',
      idNumber,
      idCardFrontId: front,
      idCardBackId: back,
      yearsOfExperience: 8,
      languages: ['普通话'],
      cityCode: BEIJING,
      serviceCityCodes: [BEIJING],
      home: { latitude: 39.99, longitude: 116.47 },
      serviceRadiusKm: 15,
      skills: [service.documentId],
      credentials: [
        {
          typeCode: 'nurse_license',
          number: 'HL2019110105888',
          issuer: '北京市卫生健康委员会',
          validFrom: '2019-01-01',
          validUntil: new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10),
          imageIds: [licence],
        },
      ],
    });
  if (applied.status !== 201) throw new Error(`application failed: ${JSON.stringify(applied.body)}`);
  applicationId = applied.body.data.documentId;
  credentialId = (await db('api::caregiver-credential.caregiver-credential').findOne({ where: { caregiver: { documentId: applicationId } } })).documentId;

  // 客服's work: a served order with a complaint, a review and a suggestion, all from the customer's API.
  customer = await customerWithPatient(app);
  const served = await dispatchableCaregiver(app, service, { name: '周玉梅' });
  servedOrder = await paidOrder(app, customer, orderBody(service, customer.patientId, { startAt: beijingAt(2, 9) }));
  await app
    .http()
    .post(`/booking/dispatch/orders/${servedOrder.documentId}/assign`)
    .set(supervisorAuth)
    .send({ caregiverId: served.caregiver.documentId })
    .expect(200);
  for (const step of ['depart', 'arrive', 'start', 'finish']) {
    await app
      .http()
      .post(`/api/booking/caregiver/orders/${servedOrder.documentId}/${step}`)
      .set(served.auth)
      .send(step === 'finish' ? { summary: '陪同完成挂号、检查与取药，老人情况平稳。' } : {})
      .expect(200);
  }
  await app.http().post(`/api/booking/orders/${servedOrder.documentId}/confirm`).set(customer.auth).send({}).expect(200);
  reviewId = (
    await app
      .http()
      .post(`/api/booking/orders/${servedOrder.documentId}/review`)
      .set(customer.auth)
      .send({ attitude: 1, skill: 2, punctuality: 1, overall: 1, text: '迟到四十分钟，还打电话骂人，联系方式 138xxxx', tags: [] })
      .expect(201)
  ).body.data.documentId;
  await app.http().post('/api/booking/suggestions').set(customer.auth).send({ text: '希望可以在预约时选择会说方言的陪护人员。' }).expect(201);

  // 调度员's work: the only caregiver around goes offline, so the next paid order cannot be dispatched (an alert);
  // then an eligible caregiver comes online.
  await db('api::caregiver.caregiver').update({ where: { id: served.caregiver.id }, data: { online: false, workingHours: null } });
  dispatchOrder = await paidOrder(app, customer, orderBody(service, customer.patientId, { startAt: beijingAt(3, 14), contactPhone: '13912345678' }));
  await dispatchableCaregiver(app, service, { name: '陈淑珍' });

  // An older complaint nobody handled in time (flagged by the overdue job), then the one the 客服 resolves.
  overdueId = (
    await app
      .http()
      .post(`/api/booking/orders/${dispatchOrder.documentId}/complaints`)
      .set(customer.auth)
      .send({ category: 'other', description: '下单后一直没有人接单，客服电话也打不通。' })
      .expect(201)
  ).body.data.documentId;
  await app.strapi
    .plugin('booking')
    .service('complaints')
    .flagOverdue(new Date(Date.now() + 48 * 3600_000));
  complaintId = (
    await app
      .http()
      .post(`/api/booking/orders/${servedOrder.documentId}/complaints`)
      .set(customer.auth)
      .send({ category: 'attitude', description: '陪护人员迟到四十分钟，态度恶劣，要求退部分费用。' })
      .expect(201)
  ).body.data.documentId;

  // 运营主管's work: a frozen payer.
  await app.strapi.plugin('booking').service('risk').freeze(customer.user.id, '支付金额与订单金额不一致', 'amount_mismatch');
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await app?.stop();
});

it('opens in Chinese for a Chinese browser and in English for an English one', async () => {
  const zh = await browser.newPage({ locale: 'zh-CN' });
  await zh.goto(`${baseUrl}/admin/auth/login`);
  await zh.getByRole('button', { name: '登录' }).waitFor({ timeout: 60_000 });
  await shot(zh, '01-login-zh');
  await zh.close();
  const en = await browser.newPage({ locale: 'en-US' });
  await en.goto(`${baseUrl}/admin/auth/login`);
  await en.getByRole('button', { name: 'Login' }).waitFor({ timeout: 60_000 });
  await en.close();
}, 120_000);

it('审核员 audits an application with two ID scans and a credential, and cannot dispatch', async () => {
  const page = await signIn('auditor');
  await openConsole(page, 'audit', '资质审核');
  const nav = page.getByRole('navigation', { name: '陪护运营' });
  await nav.getByRole('link', { name: '资质审核' }).waitFor();
  expect(await nav.getByRole('link', { name: '订单调度' }).count()).toBe(0);
  expect(await nav.getByRole('link', { name: '数据分析' }).count()).toBe(0);
  const row = page.locator(`tr[data-key="${applicationId}"]`);
  await row.waitFor({ timeout: 30_000 });
  await shot(page, '02-audit-queue');

  await row.click();
  const drawer = page.getByRole('dialog', { name: '申请详情' });
  await drawer.getByText('实名核验：一致').waitFor({ timeout: 30_000 });
  // Both ID scans and the certificate image load (not broken links).
  for (const alt of ['身份证人像面', '身份证国徽面', '护士执业证书 照片 1']) {
    const img = drawer.getByRole('img', { name: alt, exact: true });
    await img.waitFor();
    await until(`${alt} to load`, () => img.evaluate((el: any) => el.complete && el.naturalWidth > 100));
  }
  await shot(page, '03-audit-detail');
  await drawer.getByRole('button', { name: '查看身份证人像面' }).click();
  await page.getByRole('button', { name: '放大' }).click();
  await page.getByText('150%').waitFor();
  await shot(page, '04-audit-scan-zoom');
  await page.keyboard.press('Escape');

  await drawer.locator(`[data-credential="${credentialId}"]`).getByRole('button', { name: '通过证书' }).click();
  await page.locator('textarea[name="credential-note"]').fill('证书与卫健委登记信息一致');
  await page.getByRole('button', { name: '确认通过' }).click();
  await drawer.getByText('证书与卫健委登记信息一致', { exact: true }).waitFor({ timeout: 30_000 });

  await drawer.getByRole('button', { name: '通过申请' }).click();
  const confirm = page.getByRole('button', { name: '确认通过' });
  expect(await confirm.isDisabled()).toBe(true); // the note is typed, never a fixed text
  await page.locator('textarea[name="approve-note"]').fill('身份证与本人照片一致，护士证在有效期内');
  await confirm.click();
  await drawer.locator('[data-audit="application.approve"]').waitFor({ timeout: 30_000 });
  await shot(page, '05-audit-approved');
  const caregiver = await db('api::caregiver.caregiver').findOne({ where: { documentId: applicationId } });
  expect(caregiver.status).toBe('approved');
  const credential = await db('api::caregiver-credential.caregiver-credential').findOne({ where: { documentId: credentialId } });
  expect(credential).toMatchObject({ status: 'approved', reviewNote: '证书与卫健委登记信息一致' });
  const audit = await db('plugin::booking.audit-log').findOne({ where: { action: 'application.approve', subjectId: applicationId } });
  expect(audit.reason).toBe('身份证与本人照片一致，护士证在有效期内');

  // The dispatch desk is not there for this role, and its routes refuse the role's own token.
  await page.goto(`${baseUrl}/admin/plugins/booking/dispatch`);
  await page.getByRole('heading', { name: '资质审核', level: 1 }).waitFor({ timeout: 30_000 });
  const auth = await operatorLogin('auditor');
  await app.http().get(`/booking/dispatch/orders/${dispatchOrder.documentId}/candidates`).set(auth).expect(403);
  await app.http().post(`/booking/dispatch/orders/${dispatchOrder.documentId}/assign`).set(auth).send({ caregiverId: applicationId }).expect(403);
}, 180_000);

it('调度员 finds an order by phone tail and assigns it from the candidates list', async () => {
  const page = await signIn('dispatcher');
  await openConsole(page, 'dispatch', '订单调度');
  await page.getByRole('region', { name: '派单告警' }).getByText(dispatchOrder.orderNo).waitFor({ timeout: 30_000 });
  await page.locator('input[name="order-search"]').fill('5678');
  const row = page.locator(`tr[data-key="${dispatchOrder.orderNo}"]`);
  await row.waitFor({ timeout: 30_000 });
  await until('the search to narrow the list', async () => (await page.locator('tbody tr').count()) === 1);
  await shot(page, '06-dispatch-orders');

  await row.click();
  const drawer = page.getByRole('dialog', { name: '订单详情' });
  await drawer.getByRole('button', { name: '查看候选人' }).click();
  const candidate = drawer.locator('tr', { hasText: '陈淑珍' });
  await candidate.getByText('符合').waitFor({ timeout: 30_000 });
  // The offline caregiver is listed with the reason she cannot take it.
  await drawer.locator('tr', { hasText: '周玉梅' }).getByRole('button', { name: '强制指派' }).waitFor();
  await shot(page, '07-dispatch-candidates');
  await candidate.getByRole('button', { name: '指派', exact: true }).click();
  await page.getByRole('button', { name: '确认指派' }).click();
  await drawer.getByText('待服务').first().waitFor({ timeout: 30_000 });
  await shot(page, '08-dispatch-assigned');
  const order = await db('plugin::booking.order').findOne({ where: { id: dispatchOrder.id } });
  const chen = await db('api::caregiver.caregiver').findOne({ where: { realName: '陈淑珍' } });
  expect(order).toMatchObject({ status: 'accepted', caregiverId: chen.id });
}, 180_000);

it('客服 resolves a complaint with a partial refund and a penalty, hides a review, sees suggestions', async () => {
  const page = await signIn('desk');
  await openConsole(page, 'complaints', '投诉处理');
  const row = page.locator(`tr[data-key="${complaintId}"]`);
  await row.waitFor({ timeout: 30_000 });
  // Overdue complaints stand out.
  expect(await page.locator(`tr[data-key="${overdueId}"]`).getAttribute('data-tone')).toBe('danger');
  expect(await row.getAttribute('data-tone')).toBeNull();
  await shot(page, '09-complaints');
  await row.click();
  const drawer = page.getByRole('dialog', { name: '投诉详情' });
  await drawer.getByRole('button', { name: '处理投诉' }).click();
  await page.getByRole('checkbox', { name: '部分退款' }).click();
  await page.locator('input[name="refund-yuan"]').fill('99999');
  await page.getByRole('checkbox', { name: '扣分' }).click();
  await page.locator('input[name="penalty-points"]').fill('3');
  await page.locator('textarea[name="resolve-message"]').fill('经核实陪护人员迟到，退还部分费用并对其扣分处理。');
  // More than was paid: the server refuses and the dialog says why.
  await page.getByRole('button', { name: '确认处理' }).click();
  await page.getByRole('alert').filter({ hasText: '退款金额不能超过可退金额' }).first().waitFor({ timeout: 30_000 });
  await shot(page, '10-complaint-refused-amount');
  await page.locator('input[name="refund-yuan"]').fill('50');
  await page.getByRole('button', { name: '确认处理' }).click();
  await drawer.getByText('已处理').first().waitFor({ timeout: 30_000 });
  await shot(page, '11-complaint-resolved');
  const complaint = await db('plugin::booking.complaint').findOne({ where: { documentId: complaintId } });
  expect(complaint.status).toBe('resolved');
  const refund = await db('plugin::booking.refund').findOne({ where: { orderId: servedOrder.id, source: 'complaint' } });
  expect(refund.amountFen).toBe(5000);
  expect((await db('api::caregiver.caregiver').findOne({ where: { realName: '周玉梅' } })).penaltyPoints).toBe(3);

  await openConsole(page, 'reviews', '评价审核');
  const review = page.locator(`tr[data-key="${reviewId}"]`);
  await review.waitFor({ timeout: 30_000 });
  await review.getByRole('button', { name: '隐藏' }).click();
  await page.locator('textarea[name="hide-reason"]').fill('含辱骂与联系方式');
  await page.getByRole('button', { name: '确认隐藏' }).click();
  await review.getByText('已隐藏').waitFor({ timeout: 30_000 });
  await shot(page, '12-reviews');
  expect(await db('plugin::booking.review').findOne({ where: { documentId: reviewId } })).toMatchObject({ hidden: true, hiddenReason: '含辱骂与联系方式' });

  await openConsole(page, 'suggestions', '意见建议');
  await page.getByText('希望可以在预约时选择会说方言的陪护人员。').waitFor({ timeout: 30_000 });
  await shot(page, '13-suggestions');
}, 180_000);

it('运营主管 switches the business chart to cities, downloads a CSV, sees caregivers and lifts a freeze', async () => {
  const page = await signIn('supervisor');
  await openConsole(page, 'analytics', '数据分析');
  // Two orders were placed today through the API.
  await page.locator('[data-metric="orders"]').getByText('2', { exact: true }).waitFor({ timeout: 30_000 });
  await page.getByRole('combobox', { name: '维度' }).click();
  await page.getByRole('option', { name: '按城市' }).click();
  const chart = page.locator('[data-dimension="city"]');
  await chart.locator('svg text', { hasText: '北京市' }).first().waitFor({ timeout: 30_000 });
  await shot(page, '14-analytics-city');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 CSV' }).first().click()]);
  expect(download.suggestedFilename()).toMatch(/^business-city-.*\.csv$/);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  expect(csv).toContain('维度值');
  expect(csv).toContain(`city,${BEIJING}`);

  await openConsole(page, 'caregivers', '陪护人员');
  await page.locator('tr', { hasText: '周玉梅' }).getByText('3', { exact: true }).waitFor({ timeout: 30_000 });
  await shot(page, '15-caregivers');

  await openConsole(page, 'risk', '支付风控');
  await page.getByRole('button', { name: '解除冻结' }).first().click();
  await page.locator('textarea[name="lift-note"]').fill('已电话核实为本人操作');
  await page.getByRole('button', { name: '确认解除' }).click();
  await page.getByText('没有符合条件的支付冻结').waitFor({ timeout: 30_000 });
  await shot(page, '16-risk');
  expect(await db('plugin::booking.payment-freeze').count({ where: { active: true } })).toBe(0);

  // The settlement desk: the supervisor holds every settlement permission, so closing and paying are offered.
  await openConsole(page, 'settlement', '结算打款');
  await page.getByRole('button', { name: '结算已结束的周期' }).click();
  await page.getByRole('status').filter({ hasText: '结算本期：完成' }).waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: '导出银行批次' }).waitFor();
  await shot(page, '17-settlement');
}, 180_000);

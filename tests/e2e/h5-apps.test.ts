/**
 * The reference H5 apps end to end, in Chromium at 375×812, on the platform's demo data (catalog + demo people).
 * Every screen visited is saved to tests/.artifacts/h5/ (next to the admin console's screenshots).
 *
 * 1. A new customer signs in with the SMS code shown in development, adds a patient, books 全程陪诊 at a hospital
 *    and pays in the sandbox; dispatch offers the order to one of the demo caregivers, who signs in to the caregiver
 *    app, accepts the offer with its countdown running and walks the service steps. The customer's order page, left
 *    open and never reloaded, shows each status as it arrives over server-sent events; the customer confirms and
 *    reviews, and the caregiver replies.
 * 2. A new caregiver applies with ID-card and certificate photos, follows the pending application, an operator
 *    approves the certificate and the application in the console's 资质审核 desk, and the applicant's page opens the workbench.
 *
 * One platform serves both (one boot keeps the e2e phase short on CI's two cores).
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { assertH5Built, confirmDialog, launch, listen, phone, shot, signIn } from '../helpers/h5';
import { DEMO_CAREGIVERS } from '../../src/seed/demo-people';
import { computeIdCardCheckDigit } from '../../src/plugins/booking/server/src/domain/id-card';

const CUSTOMER_PHONE = '13700000123';
const PNG = path.resolve(__dirname, '../fixtures/red-2x2.png');
const APPLICANT_PHONE = '13700000456';
const ID_FIRST_17 = '11010519860721402'; // female, born 1986-07-21
const ID_NUMBER = ID_FIRST_17 + computeIdCardCheckDigit(ID_FIRST_17);
const EMAIL = 'auditor@example.com';
const PASSWORD = 'Audit2026ok';

let app: TestApp;
let base: string;
let browser: Browser;

beforeAll(async () => {
  assertH5Built();
  // The real service pages (blocks and pictures), as a newcomer sees them after the quick start.
  app = await bootStrapi({ env: { SEED_DEMO: 'true', SEED_DEMO_PEOPLE: 'true', SEED_DEMO_PAGES: 'true', SEED_DEMO_PICTURES: 'true' }, serveAdminPanel: true });
  base = await listen(app);
  const superAdmin = await app.strapi.service('admin::role').getSuperAdmin();
  await app.strapi
    .service('admin::user')
    .create({ email: EMAIL, firstname: '审核', lastname: '员', password: PASSWORD, isActive: true, roles: [superAdmin.id] });
  browser = await launch();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const status = (page: Page, value: string) => page.locator(`[data-testid="order-status"][data-status="${value}"]`).waitFor({ timeout: 30_000 });

it('books, pays, dispatches, serves live, confirms and reviews through the two H5 apps', async () => {
  // ---- Customer: catalog, detail, sign-in, patient, booking, sandbox payment ----
  const c = await (await phone(browser)).newPage();
  await c.goto(`${base}/h5/`);
  await c.getByRole('link', { name: '全程陪诊' }).waitFor({ timeout: 30_000 });
  await shot(c, 'customer-01-home');
  await c.getByPlaceholder('搜索服务，如：陪诊、输液').fill('陪诊');
  await c.getByRole('link', { name: '全程陪诊' }).click();
  await c.getByRole('heading', { name: '服务流程' }).waitFor();
  expect(await c.locator('.price').first().innerText()).toContain('¥199/半天 起');
  await shot(c, 'customer-02-service-detail');
  await c.getByRole('button', { name: '立即预约' }).click();

  await c.waitForURL(/\/h5\/login$/);
  await signIn(c, CUSTOMER_PHONE, 'customer-03-login');
  await c.waitForURL(/\/h5\/book\//);
  await c.getByText('还没有就诊人，请先添加').waitFor();
  await c.getByRole('link', { name: '添加就诊人' }).click();

  await c.getByRole('textbox', { name: '就诊人姓名', exact: true }).fill('李淑珍');
  await c.getByRole('textbox', { name: '既往病史', exact: true }).fill('2 型糖尿病，胰岛素控制');
  await c.getByText('我同意平台为安排陪护服务处理').click();
  await shot(c, 'customer-04-patient-form');
  await c.getByRole('button', { name: '保存' }).click();

  await c.waitForURL(/\/h5\/book\//);
  await c.getByText('李淑珍').waitFor();
  await c.getByRole('option', { name: /北京协和医院/ }).click();
  await c.getByRole('textbox', { name: '联系人', exact: true }).fill('李明');
  await c.getByRole('textbox', { name: '备注', exact: true }).fill('老人行动慢，请在门诊楼门口等候');
  // The live preview is the plugin's own pricing rule: 1 half day of 全程陪诊 = ¥199 (+10 % on weekends).
  const preview = await c.getByTestId('preview-total').innerText();
  expect(['¥199.00', '¥218.90']).toContain(preview);
  await shot(c, 'customer-05-book');
  await c.getByRole('button', { name: '提交订单' }).click();

  await c.waitForURL(/\/pay$/);
  expect(await c.getByTestId('pay-amount').innerText()).toBe(preview);
  await c.getByText('沙箱支付（开发环境）').click();
  await shot(c, 'customer-06-pay');
  await c.getByRole('button', { name: /确认支付/ }).click();
  await c.waitForURL(/\/h5\/orders\/[a-z0-9]+$/);
  await status(c, 'pending_acceptance');
  await shot(c, 'customer-07-order-paid');

  const orderDocumentId = c.url().split('/').pop()!;
  const order = await app.strapi.db.query('plugin::booking.order').findOne({ where: { documentId: orderDocumentId } });
  expect(order).toMatchObject({
    status: 'pending_acceptance',
    paymentStatus: 'paid',
    placeType: 'hospital',
    totalFen: Math.round(Number(preview.slice(1)) * 100),
  });

  // Dispatch offered the order to one of the demo caregivers (approved, trained, working near the hospital).
  const offer = await app.strapi.db.query('plugin::booking.dispatch-offer').findOne({ where: { orderId: order.id, status: 'offered' } });
  expect(offer).toBeTruthy();
  const offered = await app.strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: offer.caregiverUserId } });
  expect(DEMO_CAREGIVERS.map((d) => d.phone)).toContain(offered.phone);

  // From here on the customer's page is never reloaded: a marker on window would vanish with a navigation.
  await c.evaluate(() => ((globalThis as any).__stayed = true));

  // ---- Caregiver: sign in, live offer with countdown, accept, service steps ----
  const g = await (await phone(browser)).newPage();
  await g.goto(`${base}/h5/caregiver/`);
  await g.waitForURL(/\/caregiver\/login$/);
  await signIn(g, offered.phone, 'caregiver-01-login');
  await g.waitForURL(/\/h5\/caregiver\/?$/);
  const card = g.locator(`[data-offer="${offer.documentId}"]`);
  await card.waitFor({ timeout: 30_000 });
  expect(await card.getByRole('timer').innerText()).toMatch(/^\d{2}:\d{2}$/);
  await shot(g, 'caregiver-02-workbench-offer');
  await g.getByRole('switch', { name: '在线接单' }).click();
  await g.getByText('接单中').waitFor();
  await card.getByRole('button', { name: '接单' }).click();
  await g.waitForURL(/\/caregiver\/orders\//);
  await status(g, 'accepted');
  await shot(g, 'caregiver-03-order-accepted');

  await status(c, 'accepted');
  await shot(c, 'customer-08-order-accepted');

  for (const [button, next] of [
    ['出发', 'departed'],
    ['已到达', 'arrived'],
    ['开始服务', 'in_service'],
  ] as const) {
    await g.getByRole('button', { name: button, exact: true }).click();
    await confirmDialog(g);
    await status(g, next);
    await status(c, next);
  }
  await shot(g, 'caregiver-04-in-service');
  await shot(c, 'customer-09-in-service');

  await g.getByRole('button', { name: '完成服务' }).click();
  await g.getByRole('textbox', { name: '服务小结', exact: true }).fill('陪同完成内分泌科复诊和抽血，已取药并讲解胰岛素用法，患者状态良好。');
  await confirmDialog(g, '提交');
  await status(g, 'finished');
  await status(c, 'finished');
  expect(await c.evaluate(() => (globalThis as any).__stayed)).toBe(true);
  await c.getByText('陪同完成内分泌科复诊和抽血').waitFor();
  await shot(c, 'customer-10-finished');

  // ---- Customer: confirm, review ----
  await c.getByRole('button', { name: '确认完成' }).click();
  await confirmDialog(c, '确认完成');
  await status(c, 'completed');
  await c.getByRole('button', { name: '去评价' }).click();
  await c.getByRole('option', { name: '准时守约' }).click();
  await c.getByRole('option', { name: '专业细心' }).click();
  await c.getByRole('textbox', { name: '评价内容', exact: true }).fill('很细心，全程陪着跑检查，家里人很放心。');
  await shot(c, 'customer-11-review');
  await c.getByRole('button', { name: '提交评价' }).click();
  await status(c, 'reviewed');
  await shot(c, 'customer-12-reviewed');
  const review = await app.strapi.db.query('plugin::booking.review').findOne({ where: { orderId: order.id } });
  expect(review).toMatchObject({ overall: 5, tags: ['准时守约', '专业细心'] });

  // ---- The other customer screens ----
  for (const [path, name, ready] of [
    ['/orders', 'customer-13-orders', order.orderNo],
    ['/inbox', 'customer-14-inbox', '消息'],
    ['/me', 'customer-15-me', '就诊人管理'],
    ['/patients', 'customer-16-patients', '李淑珍'],
    ['/me/privacy', 'customer-17-privacy', '导出个人数据'],
    ['/suggestions', 'customer-18-suggestions', '还没有提交过建议'],
    ['/complaints', 'customer-19-complaints', '暂无投诉'],
  ] as const) {
    await c.goto(`${base}/h5${path}`);
    await c.getByText(ready).first().waitFor();
    await shot(c, name);
  }

  // ---- The caregiver replies to the review, and the other caregiver screens ----
  await g.goto(`${base}/h5/caregiver/reviews`);
  await g.getByText('全程陪着跑检查').waitFor();
  await shot(g, 'caregiver-05-reviews');
  await g.getByRole('button', { name: '回复' }).click();
  await g.getByRole('textbox', { name: '回复内容', exact: true }).fill('谢谢您的信任，祝阿姨早日康复！');
  await confirmDialog(g, '回复');
  await g.getByText('我的回复：谢谢您的信任').waitFor();

  for (const [path, name, ready] of [
    ['/caregiver/hall', 'caregiver-06-hall', '暂无可抢订单'],
    ['/caregiver/hours', 'caregiver-07-hours', '周一'],
    ['/caregiver/training', 'caregiver-08-training', '培训计划'],
    ['/caregiver/me', 'caregiver-09-me', '资质证书'],
  ] as const) {
    await g.goto(`${base}/h5${path}`);
    await g.getByText(ready).first().waitFor();
    await shot(g, name);
  }
  await g.goto(`${base}/h5/caregiver/hours`);
  await g.getByRole('button', { name: '保存' }).click();
  await g.getByText('工作时间已保存').waitFor();
  const profile = await app.strapi.db.query('api::caregiver.caregiver').findOne({ where: { user: { id: offered.id } } });
  expect(profile.workingHours.mon).toEqual([{ start: '08:00', end: '18:00' }]);
  expect(profile.workingHours.sun ?? []).toEqual([]);

  await g.goto(`${base}/h5/caregiver/training`);
  await g.getByText('陪诊服务规范与沟通礼仪').click();
  await g.getByText('已通过考试').waitFor();
  await shot(g, 'caregiver-10-course');
}, 240_000);

it('a caregiver applies with photos on the H5 and an operator approves in the admin', async () => {
  const g = await (await phone(browser)).newPage();
  await g.goto(`${base}/h5/caregiver/`);
  await g.waitForURL(/\/caregiver\/login$/);
  await signIn(g, APPLICANT_PHONE);
  await g.waitForURL(/\/caregiver\/apply$/);

  await g.getByRole('textbox', { name: '真实姓名', exact: true }).fill('赵春梅');
  await g.getByRole('textbox', { name: '身份证号码', exact: true }).fill(ID_NUMBER);
  const idCard = g.locator('.uploader-row input[type=file]');
  await idCard.nth(0).setInputFiles(PNG);
  await idCard.nth(1).setInputFiles(PNG);
  // Each scan is uploaded at once; the preview appears when the server has answered with the file id.
  await g.locator('.uploader-row .adm-image-uploader-cell-image').nth(1).waitFor({ timeout: 30_000 });
  await g.getByRole('option', { name: '朝阳区' }).click();
  await g.getByRole('option', { name: '全程陪诊' }).click();
  await g.getByRole('option', { name: '健康证' }).click();
  await g.getByRole('textbox', { name: '证书编号', exact: true }).fill('JKZ2026110105');
  await g.getByRole('textbox', { name: '证书有效期', exact: true }).fill(new Date(Date.now() + 300 * 86_400_000).toISOString().slice(0, 10));
  await g.locator('.adm-form-item:has-text("证书照片") input[type=file]').setInputFiles(PNG);
  await g.locator('.adm-form-item:has-text("证书照片") .adm-image-uploader-cell-image').waitFor({ timeout: 30_000 });
  await shot(g, 'caregiver-11-apply');
  await g.getByRole('button', { name: '提交申请' }).click();

  await g.waitForURL(/\/caregiver\/application$/);
  await g.getByText('资料审核中').waitFor();
  await shot(g, 'caregiver-12-application-pending');

  const user = await app.strapi.db.query('plugin::users-permissions.user').findOne({ where: { phone: APPLICANT_PHONE } });
  const application = await app.strapi.db.query('api::caregiver.caregiver').findOne({
    where: { user: { id: user.id } },
    populate: { skills: { select: ['slug'] }, city: { select: ['code'] } },
  });
  expect(application).toMatchObject({ status: 'pending', realName: '赵春梅', gender: 'female', birthDate: '1986-07-21', city: { code: '110100' } });
  expect([...new Set(application.skills.map((s: any) => s.slug))]).toEqual(['full-escort']);
  // Scans are private files: the application holds their opaque keys.
  expect(application.idCardFrontKey).toMatch(/^[a-f0-9]{32}$/);
  expect(application.idCardBackKey).toMatch(/^[a-f0-9]{32}$/);
  expect(application.idCardFrontKey).not.toBe(application.idCardBackKey);
  const credentials = await app.strapi.db
    .query('api::caregiver-credential.caregiver-credential')
    .findMany({ where: { caregiver: { id: application.id } }, populate: { credentialType: true } });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]).toMatchObject({ status: 'pending', credentialType: { code: 'health_certificate' } });
  expect(credentials[0].imageKeys).toHaveLength(1);

  // ---- The operator approves in the admin panel ----
  const admin = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
  await admin.goto(`${base}/admin/auth/login`);
  await admin.locator('input[name="email"]').fill(EMAIL);
  await admin.locator('input[name="password"]').fill(PASSWORD);
  await admin.locator('button[type="submit"]').click();
  await admin.waitForURL((url) => !url.pathname.includes('/auth/login'), { timeout: 60_000 });
  await admin.goto(`${base}/admin/plugins/booking/audit`);
  await admin.getByRole('heading', { name: '资质审核', level: 1 }).waitFor({ timeout: 60_000 });
  const row = admin.locator(`tr[data-key="${application.documentId}"]`);
  await row.waitFor({ timeout: 30_000 });
  expect(await row.innerText()).toContain('赵春梅');
  await row.click();
  const drawer = admin.getByRole('dialog', { name: '申请详情' });
  await drawer.locator(`[data-credential="${credentials[0].documentId}"]`).getByRole('button', { name: '通过证书' }).click();
  await admin.locator('textarea[name="credential-note"]').fill('健康证在有效期内');
  await admin.getByRole('button', { name: '确认通过' }).click();
  await drawer.getByText('健康证在有效期内', { exact: true }).waitFor({ timeout: 30_000 });
  await drawer.getByRole('button', { name: '通过申请' }).click();
  await admin.locator('textarea[name="approve-note"]').fill('身份证照片清晰，H5 提交的资料齐全');
  await admin.getByRole('button', { name: '确认通过' }).click();
  await drawer.locator('[data-audit="application.approve"]').waitFor({ timeout: 30_000 });
  const approved = await app.strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: user.id }, populate: { role: true } });
  expect(approved.role.type).toBe('caregiver');

  // ---- The applicant sees the decision and enters the workbench ----
  await g.getByRole('button', { name: '刷新状态' }).click();
  await g.getByText('审核已通过').waitFor();
  await shot(g, 'caregiver-13-application-approved');
  await g.getByRole('button', { name: '进入工作台' }).click();
  await g.getByText('暂无派单').waitFor();
  await shot(g, 'caregiver-14-workbench-empty');
}, 240_000);

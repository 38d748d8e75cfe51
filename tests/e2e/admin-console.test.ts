/**
 * The operators' console in the real admin panel, driven by Debian's Chromium through playwright-core: sign in
 * as an operator, open 陪护运营, see the platform's orders and lift a payment freeze.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { customerWithPatient, orderBody, serviceBySlug, beijingAt } from '../helpers/orders';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, '../.artifacts');
const EMAIL = 'dispatcher@example.com';
const PASSWORD = 'Dispatch2026ok';

let app: TestApp;
let browser: Browser;
let page: Page;
let baseUrl: string;
let orderNo: string;
let applicantId: string;

beforeAll(async () => {
  app = await bootStrapi({ env: { SEED_DEMO: 'true' }, serveAdminPanel: true });
  await new Promise<void>((resolve) => app.strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(app.strapi.server.httpServer.address() as AddressInfo).port}`;

  const superAdmin = await app.strapi.service('admin::role').getSuperAdmin();
  await app.strapi.service('admin::user').create({ email: EMAIL, firstname: '调度', lastname: '员', password: PASSWORD, isActive: true, roles: [superAdmin.id] });

  const service = await serviceBySlug(app, 'full-escort');
  const customer = await customerWithPatient(app);
  const created = await app.http().post('/api/booking/orders').set(customer.auth).send(orderBody(service, customer.patientId, { startAt: beijingAt(3, 10) })).expect(201);
  orderNo = created.body.data.orderNo;
  await app.strapi.plugin('booking').service('risk').freeze(customer.user.id, '支付金额与订单金额不一致', 'amount_mismatch');
  // A caregiver application waiting in the audit queue.
  const city = await app.strapi.db.query('api::city.city').findOne({ where: { code: '110100' } });
  const applicant = await customerWithPatient(app);
  applicantId = (
    await app.strapi.db.query('api::caregiver.caregiver').create({
      data: { user: applicant.user.id, realName: '赵春梅', gender: 'female', status: 'pending', city: city.id, appliedAt: new Date(), idNumberMasked: '110105********002X', yearsOfExperience: 6 },
    })
  ).documentId;

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

it('signs in and works the 陪护运营 console: orders, audit queue, business figures, payment freezes', async () => {
  await page.goto(`${baseUrl}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(EMAIL);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/login'), { timeout: 60_000 });

  await page.goto(`${baseUrl}/admin/plugins/booking`);
  await page.getByRole('heading', { name: '陪护运营' }).waitFor({ timeout: 60_000 });

  // 订单: the order placed through the API is listed with its Chinese status.
  const row = page.locator(`tr[data-key="${orderNo}"]`);
  await row.waitFor({ timeout: 30_000 });
  expect(await row.innerText()).toContain('待支付');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'admin-console-orders.png'), fullPage: true });

  // 资质审核: approving the pending application really approves the caregiver.
  await page.getByRole('tab', { name: '资质审核' }).click();
  const applicant = page.locator(`tr[data-key="${applicantId}"]`);
  await applicant.waitFor({ timeout: 30_000 });
  expect(await applicant.innerText()).toContain('赵春梅');
  await applicant.getByRole('button', { name: '通过' }).click();
  await applicant.waitFor({ state: 'detached', timeout: 30_000 });
  expect((await app.strapi.db.query('api::caregiver.caregiver').findOne({ where: { documentId: applicantId } })).status).toBe('approved');

  // 经营数据: the figures render (one order placed today).
  await page.getByRole('tab', { name: '经营数据' }).click();
  const placed = page.locator('[data-metric="orders"]');
  await placed.waitFor({ timeout: 30_000 });
  expect(await placed.innerText()).toContain('1');
  await page.screenshot({ path: path.join(ARTIFACTS, 'admin-console-business.png'), fullPage: true });

  // 支付风控: lifting the freeze from the console lifts it in the database.
  await page.getByRole('tab', { name: '支付风控' }).click();
  await page.getByRole('button', { name: '解除冻结' }).first().click();
  await page.getByText('没有待审核的支付冻结').waitFor({ timeout: 30_000 });
  expect(await app.strapi.db.query('plugin::booking.payment-freeze').count({ where: { active: true } })).toBe(0);
}, 180_000);

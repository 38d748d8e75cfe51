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

it('signs in, lists orders in 陪护运营 and lifts a payment freeze', async () => {
  await page.goto(`${baseUrl}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(EMAIL);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/login'), { timeout: 60_000 });

  await page.goto(`${baseUrl}/admin/plugins/booking`);
  await page.getByRole('heading', { name: '陪护运营' }).waitFor({ timeout: 60_000 });
  const row = page.locator(`tr[data-order-no="${orderNo}"]`);
  await row.waitFor({ timeout: 30_000 });
  expect(await row.innerText()).toContain('待支付');

  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'admin-console.png'), fullPage: true });

  await page.getByRole('button', { name: '解除冻结' }).first().click();
  await page.locator('[data-freeze]').first().waitFor({ state: 'detached', timeout: 30_000 });
  expect(await app.strapi.db.query('plugin::booking.payment-freeze').count({ where: { active: true } })).toBe(0);
}, 180_000);

/**
 * Driving the H5 apps (apps/h5, served by the platform at /h5/) in Debian's Chromium with a phone-sized viewport.
 * Screenshots go next to the admin console's, in tests/.artifacts/h5/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestApp } from './strapi';

export const SCREENSHOTS = path.resolve(__dirname, '../.artifacts/h5');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function assertH5Built() {
  const index = path.resolve(__dirname, '../../apps/h5/dist/index.html');
  if (!fs.existsSync(index)) throw new Error('apps/h5/dist is missing: run `npm run build:h5` first');
}

export async function listen(app: TestApp): Promise<string> {
  await new Promise<void>((resolve) => app.strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(app.strapi.server.httpServer.address() as AddressInfo).port}`;
}

export function launch(): Promise<Browser> {
  return chromium.launch({
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
}

/** An iPhone-sized (375×812) touch context in Beijing time, with a position near 北京协和医院. */
export function phone(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    geolocation: { latitude: 39.914, longitude: 116.418 },
    permissions: ['geolocation'],
  });
}

export async function shot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  // What the phone shows (375×812 from the top), after transitions settle; passing toasts are left out.
  await page.waitForTimeout(300);
  await page.evaluate(() => (globalThis as any).scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), style: '.adm-toast-mask { display: none !important; }' });
}

/**
 * Signs in on the H5 sign-in page as a person would in development: ask for a code, read it from the page (the dev
 * SMS gateway's outbox), agree to the policy, sign in.
 */
export async function signIn(page: Page, phoneNumber: string, screenshot?: string) {
  await page.getByRole('textbox', { name: '手机号', exact: true }).fill(phoneNumber);
  await page.getByRole('button', { name: '获取验证码' }).click();
  const devCode = page.getByTestId('dev-sms-code');
  await devCode.waitFor({ timeout: 30_000 });
  const code = (await devCode.locator('strong').innerText()).trim();
  expect(code).toMatch(/^\d{6}$/);
  await devCode.getByRole('button', { name: '填入' }).click();
  expect(await page.getByRole('textbox', { name: '验证码', exact: true }).inputValue()).toBe(code);
  await page.getByText('我已阅读并同意').click();
  if (screenshot) await shot(page, screenshot);
  await page.getByRole('button', { name: '登录 / 注册' }).click();
}

/** Clicks the confirm button of the antd-mobile dialog that is open now. */
export async function confirmDialog(page: Page, text = '确定') {
  // Closed dialogs stay in the DOM, hidden; role queries only see the open one.
  await page.locator('.adm-dialog-footer').getByRole('button', { name: text, exact: true }).click({ timeout: 15_000 });
}

/**
 * WeChat sign-in and binding through the app's routes, against a loopback fake of the WeChat API that checks
 * appid, secret and code exactly as WeChat does.
 */
import { startFakeWechat, type FakeWechat } from '../../fakes/wechat-api';
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { nextPhone, signedInUser } from '../../helpers/users';

const MINI = { appId: 'wxmini0000000001', appSecret: 'mini-secret-for-tests' };
const WEB = { appId: 'wxweb00000000001', appSecret: 'web-secret-for-tests' };

let wechat: FakeWechat;
let app: TestApp;
const users = () => app.strapi.db.query('plugin::users-permissions.user');

beforeAll(async () => {
  wechat = await startFakeWechat({ mini: MINI, web: WEB });
  app = await bootStrapi({
    env: {
      WECHAT_API_BASE_URL: wechat.apiBaseUrl,
      WECHAT_OPEN_BASE_URL: wechat.openBaseUrl,
      WECHAT_MINI_APP_ID: MINI.appId,
      WECHAT_MINI_APP_SECRET: MINI.appSecret,
      WECHAT_WEB_APP_ID: WEB.appId,
      WECHAT_WEB_APP_SECRET: WEB.appSecret,
    },
  });
});

afterAll(async () => {
  await app?.stop();
  await wechat?.close();
});

const miniLogin = (code: string) => app.http().post('/api/booking/auth/wechat/mini').send({ code });

describe('mini-program sign-in', () => {
  it('creates an account on first sign-in and returns a working JWT', async () => {
    const res = await miniLogin(wechat.issueMiniCode({ openid: 'o-mini-1', unionid: 'u-1' })).expect(200);
    expect(res.body.data.jwt).toEqual(expect.any(String));
    expect(res.body.data.user.wechat).toEqual({ miniProgram: true, website: false });
    expect(JSON.stringify(res.body)).not.toContain('session_key');
    const me = await app.http().get('/api/booking/me').set('Authorization', `Bearer ${res.body.data.jwt}`).expect(200);
    expect(me.body.data.id).toBe(res.body.data.user.id);
  });

  it('signs the same person in again to the same account', async () => {
    const first = await users().findOne({ where: { wechatMiniOpenId: 'o-mini-1' } });
    const res = await miniLogin(wechat.issueMiniCode({ openid: 'o-mini-1', unionid: 'u-1' })).expect(200);
    expect(res.body.data.user.id).toBe(first.id);
    expect(await users().count({ where: { wechatUnionId: 'u-1' } })).toBe(1);
  });

  it('links the website login to the mini-program account through the unionid', async () => {
    const start = await app.http().get('/api/booking/auth/wechat/web/authorize').query({ redirectUri: 'https://h5.example.com/cb' }).expect(200);
    const url = new URL(start.body.data.url);
    expect(url.searchParams.get('appid')).toBe(WEB.appId);
    expect(url.searchParams.get('scope')).toBe('snsapi_login');
    expect(url.searchParams.get('state')).toBe(start.body.data.state);
    const code = wechat.issueWebCode({ openid: 'o-web-1', unionid: 'u-1', nickname: '微信用户' });
    const res = await app.http().post('/api/booking/auth/wechat/web').send({ code, state: start.body.data.state }).expect(200);
    const account = await users().findOne({ where: { wechatUnionId: 'u-1' } });
    expect(res.body.data.user.id).toBe(account.id);
    expect(account.wechatWebOpenId).toBe('o-web-1');
  });

  it('refuses a website login whose state is unknown or already used', async () => {
    const start = await app.http().get('/api/booking/auth/wechat/web/authorize').query({ redirectUri: 'https://h5.example.com/cb' }).expect(200);
    const code1 = wechat.issueWebCode({ openid: 'o-web-2' });
    await app.http().post('/api/booking/auth/wechat/web').send({ code: code1, state: start.body.data.state }).expect(200);
    const code2 = wechat.issueWebCode({ openid: 'o-web-2' });
    const reused = await app.http().post('/api/booking/auth/wechat/web').send({ code: code2, state: start.body.data.state });
    expect(reused.status).toBe(400);
    expect(reused.body.error.message).toContain('重新扫码');
    const forged = await app
      .http()
      .post('/api/booking/auth/wechat/web')
      .send({ code: code2, state: 'f'.repeat(32) });
    expect(forged.status).toBe(400);
  });

  it.each([
    [40029, 400, '凭证'],
    [45011, 429, '频繁'],
    [40226, 403, '风险'],
  ])('turns WeChat error %i into a %i with a clear message', async (errcode, status, text) => {
    const before = await users().count();
    wechat.failNext(errcode);
    const res = await miniLogin(wechat.issueMiniCode({ openid: 'o-mini-err' }));
    expect(res.status).toBe(status);
    expect(res.body.error.message).toContain(text);
    expect(await users().count()).toBe(before);
  });

  it('refuses a reused code', async () => {
    const code = wechat.issueMiniCode({ openid: 'o-mini-reuse' });
    await miniLogin(code).expect(200);
    const again = await miniLogin(code);
    expect(again.status).toBe(400);
  });
  // A wrong app secret (502, secret never echoed) is covered against the same fake in tests/integration/wechat-client.test.ts.
});

describe('binding', () => {
  it('binds a phone to a WeChat account with the mini-program phone code', async () => {
    const login = await miniLogin(wechat.issueMiniCode({ openid: 'o-mini-bind' })).expect(200);
    const phone = nextPhone();
    const res = await app
      .http()
      .post('/api/booking/me/phone/wechat')
      .set('Authorization', `Bearer ${login.body.data.jwt}`)
      .send({ code: wechat.issuePhoneCode(phone) })
      .expect(200);
    expect(res.body.data.phone).toBe(phone);
  });

  it('refuses to merge: a phone that already has its own account cannot be bound to a WeChat account', async () => {
    const phoneOwner = await signedInUser(app);
    const login = await miniLogin(wechat.issueMiniCode({ openid: 'o-mini-merge' })).expect(200);
    const res = await app
      .http()
      .post('/api/booking/me/phone/wechat')
      .set('Authorization', `Bearer ${login.body.data.jwt}`)
      .send({ code: wechat.issuePhoneCode(phoneOwner.phone) });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('不能合并');
    const wechatAccount = await users().findOne({ where: { wechatMiniOpenId: 'o-mini-merge' } });
    expect(wechatAccount.phone).toBeNull();
  });

  it('binds WeChat to a phone account, and refuses a WeChat that belongs to another account', async () => {
    const phoneUser = await signedInUser(app);
    const bound = await app
      .http()
      .post('/api/booking/me/wechat/mini')
      .set(phoneUser.auth)
      .send({ code: wechat.issueMiniCode({ openid: 'o-mini-for-phone', unionid: 'u-phone' }) })
      .expect(200);
    expect(bound.body.data.wechat.miniProgram).toBe(true);
    // A later WeChat sign-in lands in the phone account.
    const login = await miniLogin(wechat.issueMiniCode({ openid: 'o-mini-for-phone', unionid: 'u-phone' })).expect(200);
    expect(login.body.data.user.id).toBe(phoneUser.user.id);

    const other = await signedInUser(app);
    const refused = await app
      .http()
      .post('/api/booking/me/wechat/mini')
      .set(other.auth)
      .send({ code: wechat.issueMiniCode({ openid: 'o-mini-for-phone', unionid: 'u-phone' }) });
    expect(refused.status).toBe(409);
  });
});

/**
 * Sign-in by SMS code end to end: the app calls the real Aliyun SDK, which talks to a loopback fake gateway that
 * verifies its signature; the code the "phone" received is read back from the gateway.
 */
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { startSmsGateway } from '../../helpers/sms';
import { nextPhone } from '../../helpers/users';

let app: TestApp;
let sms: Awaited<ReturnType<typeof startSmsGateway>>;
let ipCounter = 0;
// Each test talks from its own client address (the app trusts X-Forwarded-For, as behind a load balancer).
const freshIp = () => `198.51.100.${++ipCounter}`;

const codes = () => app.strapi.db.query('plugin::booking.sms-code');
const table = () => app.strapi.db.connection('booking_sms_codes');
const send = (phone: string, ip = freshIp(), purpose = 'login') =>
  app.http().post('/api/booking/auth/sms/send').set('X-Forwarded-For', ip).send({ phone, purpose });
const login = (phone: string, code: string) => app.http().post('/api/booking/auth/sms/login').send({ phone, code });
/** Moves every code of a phone back in time, as if the minutes had passed. */
const age = (phone: string, seconds: number) =>
  table()
    .where({ phone })
    .update({ created_at: new Date(Date.now() - seconds * 1000) });

beforeAll(async () => {
  sms = await startSmsGateway();
  app = await bootStrapi({ env: { ...sms.env, TRUST_PROXY: 'true', SMS_IP_LIMIT_PER_HOUR: '6' } });
});

afterAll(async () => {
  await app?.stop();
  await sms?.gateway.close();
});

describe('sign-in by SMS code', () => {
  it('sends a 6-digit code through the gateway and stores only its HMAC', async () => {
    const phone = nextPhone();
    const res = await send(phone).expect(200);
    expect(res.body).toEqual({ data: { sent: true, expiresInSeconds: 300, resendAfterSeconds: 60 } });
    const code = sms.lastCode(phone);
    expect(code).toMatch(/^\d{6}$/);
    const message = sms.gateway.messages.at(-1)!;
    expect(message).toEqual(expect.objectContaining({ signName: '安心陪护', templateCode: 'SMS_480000001' }));
    const rows = await table().where({ phone });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(code);
    expect(rows[0].code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].message_id).toBe(message.bizId);
  });

  it('creates the account on first sign-in, returns the users-permissions JWT, and signs in to the same account later', async () => {
    const phone = nextPhone();
    await send(phone).expect(200);
    const first = await login(phone, sms.lastCode(phone)).expect(200);
    expect(first.body.data.user.phone).toBe(phone);
    const me = await app.http().get('/api/users/me').set('Authorization', `Bearer ${first.body.data.jwt}`).expect(200);
    expect(me.body.id).toBe(first.body.data.user.id);

    await age(phone, 120);
    await send(phone).expect(200);
    const second = await login(phone, sms.lastCode(phone)).expect(200);
    expect(second.body.data.user.id).toBe(first.body.data.user.id);
    expect(await app.strapi.db.query('plugin::users-permissions.user').count({ where: { phone } })).toBe(1);
  });

  it('accepts a code only once', async () => {
    const phone = nextPhone();
    await send(phone).expect(200);
    const code = sms.lastCode(phone);
    await login(phone, code).expect(200);
    const again = await login(phone, code);
    expect(again.status).toBe(400);
    expect(again.body.error.message).toContain('失效');
  });

  it('allows at most 5 wrong tries, then locks the code even for the right answer', async () => {
    const phone = nextPhone();
    await send(phone).expect(200);
    const code = sms.lastCode(phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let left = 4; left >= 1; left -= 1) {
      const res = await login(phone, wrong);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(`还可尝试 ${left} 次`);
    }
    expect((await login(phone, wrong)).status).toBe(429);
    const right = await login(phone, code);
    expect(right.status).toBe(429);
    expect(right.body.error.message).toContain('错误次数过多');
  });

  it('expires a code after 5 minutes', async () => {
    const phone = nextPhone();
    await send(phone).expect(200);
    await table()
      .where({ phone })
      .update({ expires_at: new Date(Date.now() - 1000) });
    const res = await login(phone, sms.lastCode(phone));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('失效');
  });

  it('only the newest code works', async () => {
    const phone = nextPhone();
    await send(phone).expect(200);
    const old = sms.lastCode(phone);
    await age(phone, 120);
    await send(phone).expect(200);
    const newest = sms.lastCode(phone);
    if (old !== newest) expect((await login(phone, old)).status).toBe(400);
    await login(phone, newest).expect(200);
  });
});

describe('send limits (kept in the database)', () => {
  it('allows one code a minute per phone, with Retry-After', async () => {
    const phone = nextPhone();
    await send(phone).expect(200);
    const res = await send(phone);
    expect(res.status).toBe(429);
    expect(res.body.error.message).toContain('1 分钟');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(await codes().count({ where: { phone } })).toBe(1);
  });

  it('allows 5 an hour and 10 a day per phone', async () => {
    const phone = nextPhone();
    for (let i = 0; i < 5; i += 1) {
      await age(phone, 61 * (5 - i));
      await send(phone).expect(200);
    }
    await age(phone, 120);
    const hourly = await send(phone);
    expect(hourly.status).toBe(429);
    expect(hourly.body.error.message).toContain('1 小时');

    for (let i = 0; i < 5; i += 1) {
      await age(phone, 3700);
      await send(phone).expect(200);
    }
    await age(phone, 3700);
    const daily = await send(phone);
    expect(daily.status).toBe(429);
    expect(daily.body.error.message).toContain('24 小时');
    expect(await codes().count({ where: { phone } })).toBe(10);
  });

  it('limits codes per client IP across phones', async () => {
    const ip = freshIp();
    for (let i = 0; i < 6; i += 1) await send(nextPhone(), ip).expect(200);
    const res = await send(nextPhone(), ip);
    expect(res.status).toBe(429);
    expect(res.body.error.message).toContain('当前网络');
  });

  it('lets only one of two simultaneous sends for a phone through', async () => {
    const phone = nextPhone();
    const results = await Promise.all([send(phone), send(phone), send(phone)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 429, 429]);
    expect(await codes().count({ where: { phone } })).toBe(1);
  });

  it('reports a gateway refusal clearly and does not count it against the phone', async () => {
    const phone = nextPhone();
    sms.gateway.setNextError('isv.BUSINESS_LIMIT_CONTROL', '触发分钟级流控Permits:1');
    const res = await send(phone);
    expect(res.status).toBe(429);
    expect(res.body.error.message).toContain('短信发送失败');
    expect(await codes().count({ where: { phone, status: 'failed' } })).toBe(1);
    await send(phone).expect(200);
  });
});

describe('bad input', () => {
  it.each([
    ['short phone', { phone: '1381234123' }, /手机号/],
    ['landline', { phone: '01062345678' }, /手机号/],
    ['letters', { phone: '1381234abcd' }, /手机号/],
    ['huge phone', { phone: '1'.repeat(5000) }, /手机号/],
    ['unknown purpose', { phone: '13812341234', purpose: 'steal' }, /purpose/],
    ['unknown field', { phone: '13812341234', admin: true }, /admin/],
  ])('send: %s → 400, nothing written', async (_label, body, message) => {
    const before = await codes().count();
    const res = await app.http().post('/api/booking/auth/sms/send').send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(await codes().count()).toBe(before);
  });

  it.each([
    ['5 digits', '12345'],
    ['letters', 'abcdef'],
    ['7 digits', '1234567'],
  ])('login: code with %s → 400', async (_label, code) => {
    const res = await login('13812341234', code);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('6 位数字');
  });

  it('login without a code ever sent → 400', async () => {
    const res = await login(nextPhone(), '123456');
    expect(res.status).toBe(400);
  });
});

describe('sign-up is by SMS code or WeChat only (issue 18 item 7)', () => {
  it('users-permissions register (REST and GraphQL) is refused and creates no account', async () => {
    const phone = nextPhone();
    const before = await app.strapi.db.query('plugin::users-permissions.user').count();
    const rest = await app
      .http()
      .post('/api/auth/local/register')
      .send({ username: phone, email: `${phone}@example.com`, password: 'Squat2026ok' });
    expect(rest.status).toBe(403);
    expect(rest.body.error.name).toBe('ForbiddenError');
    // The catalogue's own code, so a client can tell "sign up by SMS or WeChat" from a missing permission.
    expect(rest.body.error.details.code).toBe('PASSWORD_SIGNUP_DISABLED');
    expect(rest.body.error.message).toBe('请使用手机验证码或微信注册');
    const gql = await app
      .http()
      .post('/graphql')
      .send({
        query: 'mutation($input: UsersPermissionsRegisterInput!) { register(input: $input) { jwt } }',
        variables: { input: { username: `${phone}x`, email: `${phone}x@example.com`, password: 'Squat2026ok' } },
      });
    expect(gql.body.data?.register ?? null).toBeNull();
    expect(JSON.stringify(gql.body.errors)).toMatch(/Forbidden|手机验证码/);
    expect(await app.strapi.db.query('plugin::users-permissions.user').count()).toBe(before);
    // The phone is still free for its owner's SMS sign-up.
    await send(phone).expect(200);
    const session = await login(phone, sms.lastCode(phone)).expect(200);
    expect(session.body.data.user.username).not.toBe(undefined);
  });
});

describe('password sign-in keeps working', () => {
  it('a phone account that sets a password (proven by SMS) can sign in with users-permissions /api/auth/local', async () => {
    const phone = nextPhone();
    await send(phone).expect(200);
    const session = await login(phone, sms.lastCode(phone)).expect(200);
    const auth = { Authorization: `Bearer ${session.body.data.jwt}` };

    await age(phone, 120);
    await app.http().post('/api/booking/me/sms/send').set(auth).send({ purpose: 'set_password' }).expect(200);
    const weak = await app
      .http()
      .post('/api/booking/me/password')
      .set(auth)
      .send({ code: sms.lastCode(phone), password: 'short' });
    expect(weak.status).toBe(400);
    await app
      .http()
      .post('/api/booking/me/password')
      .set(auth)
      .send({ code: sms.lastCode(phone), password: 'Anxin2026ok' })
      .expect(200);

    const local = await app.http().post('/api/auth/local').send({ identifier: phone, password: 'Anxin2026ok' }).expect(200);
    expect(local.body.user.id).toBe(session.body.data.user.id);
    const bad = await app.http().post('/api/auth/local').send({ identifier: phone, password: 'wrong-password1' });
    expect(bad.status).toBe(400);
  });
});

/**
 * The booking routes' sign-in check (services/accounts/session-strategy.ts) keeps each role's permissions and the
 * users-permissions settings between requests. These tests hold it to users-permissions' own rules — and prove
 * that what it keeps is dropped the moment an operator changes a role, a permission or the settings.
 */
import jwt from 'jsonwebtoken';
import { bootStrapi, type TestApp } from '../../helpers/strapi';
import { signedInUser } from '../../helpers/users';

const PERMISSION = 'plugin::users-permissions.permission';
const ROLE = 'plugin::users-permissions.role';
const USER = 'plugin::users-permissions.user';
const LIST_PATIENTS = 'plugin::booking.patients.find';

let app: TestApp;
let customer: Awaited<ReturnType<typeof signedInUser>>;

beforeAll(async () => {
  app = await bootStrapi();
  customer = await signedInUser(app);
});

afterAll(async () => {
  await app?.stop();
});

const listPatients = (headers: Record<string, string> = customer.auth) => app.http().get('/api/booking/patients').set(headers);
const authenticatedRole = () => app.strapi.db.query(ROLE).findOne({ where: { type: 'authenticated' } });
const advancedSettings = () => app.strapi.store({ type: 'plugin', name: 'users-permissions' });

/** Every SQL statement `run` sends. */
async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const listener = (q: { sql: string }) => seen.push(q.sql);
  app.strapi.db.connection.on('query', listener);
  try {
    await run();
  } finally {
    app.strapi.db.connection.off('query', listener);
  }
  return seen;
}

describe('booking session strategy', () => {
  it('guards every signed-in booking content-API route with the JWT alone; public routes stay public', () => {
    const routes = (app.strapi.plugin('booking').routes as any)['content-api'].routes as any[];
    const signedIn = routes.filter((r) => r.config?.auth !== false);
    expect(signedIn.length).toBeGreaterThan(50);
    for (const r of signedIn) {
      expect(r.config.auth.strategies.map((s: any) => (typeof s === 'string' ? s : s.name))).toEqual(['booking-session']);
    }
    expect(routes.find((r) => r.path === '/health').config.auth).toBe(false);
  });

  it('reads only the user on a signed-in request once the role is known (no API-token, role, settings or permission reads)', async () => {
    await listPatients().expect(200);
    const sql = (await statementsOf(() => listPatients().expect(200))).join('\n');
    expect(sql).toMatch(/up_users/);
    expect(sql).not.toMatch(/up_roles|up_permissions|strapi_core_store_settings|strapi_api_tokens/);
  });

  it('applies a revoked permission on the next request, and its return too', async () => {
    await listPatients().expect(200);
    const role = await authenticatedRole();
    const permission = await app.strapi.db.query(PERMISSION).findOne({ where: { action: LIST_PATIENTS, role: { id: role.id } } });
    expect(permission).toBeTruthy();
    await app.strapi.db.query(PERMISSION).delete({ where: { id: permission.id } });
    try {
      const refused = await listPatients().expect(403);
      expect(refused.body.error.details.code).toBeDefined();
    } finally {
      await app.strapi.db.query(PERMISSION).create({ data: { action: LIST_PATIENTS, role: role.id } });
    }
    await listPatients().expect(200);
  });

  it('applies a role given to a user on the next request, and its withdrawal too (the role is kept per user)', async () => {
    const other = await signedInUser(app);
    const goOnline = () => app.http().post('/api/booking/caregiver/status').set(other.auth).send({ online: true });
    const asCustomer = await goOnline();
    expect(asCustomer.status).toBe(403);
    const permissionCode = asCustomer.body.error.details.code;
    await listPatients(other.auth).expect(200); // the customer's role is now kept
    const caregiverRole = await app.strapi.db.query(ROLE).findOne({ where: { type: 'caregiver' } });
    const customerRole = await authenticatedRole();
    await app.strapi.db.query(USER).update({ where: { id: other.user.id }, data: { role: caregiverRole.id } });
    try {
      // Past the permission check: the route itself answers (no caregiver profile yet), not the role refusal.
      const asCaregiver = await goOnline();
      expect(asCaregiver.body.error?.details?.code).not.toBe(permissionCode);
      expect(asCaregiver.status).not.toBe(401);
    } finally {
      await app.strapi.db.query(USER).update({ where: { id: other.user.id }, data: { role: customerRole.id } });
    }
    const again = await goOnline();
    expect(again.status).toBe(403);
    expect(again.body.error.details.code).toBe(permissionCode);
  });

  it('refuses a blocked user on the next request, and a deleted one', async () => {
    const other = await signedInUser(app);
    await listPatients(other.auth).expect(200);
    await app.strapi.db.query(USER).update({ where: { id: other.user.id }, data: { blocked: true } });
    await listPatients(other.auth).expect(401);
    await app.strapi.db.query(USER).delete({ where: { id: other.user.id } });
    await listPatients(other.auth).expect(401);
  });

  it('follows the email-confirmation setting as soon as it changes', async () => {
    const other = await signedInUser(app);
    await app.strapi.db.query(USER).update({ where: { id: other.user.id }, data: { confirmed: false } });
    const store = advancedSettings();
    const before = (await store.get({ key: 'advanced' })) as Record<string, unknown>;
    await listPatients(other.auth).expect(200); // settings read and kept: confirmation not required
    await store.set({ key: 'advanced', value: { ...before, email_confirmation: true } });
    try {
      await listPatients(other.auth).expect(401);
      await listPatients().expect(200); // a confirmed user is unaffected
    } finally {
      await store.set({ key: 'advanced', value: before });
    }
    await listPatients(other.auth).expect(200);
  });

  it('refuses forged, foreign, algorithm-swapped and malformed tokens like users-permissions does', async () => {
    const id = customer.user.id;
    const secret = app.strapi.config.get('plugin::users-permissions.jwtSecret') as string;
    const foreign = jwt.sign({ id }, 'not-the-secret-of-this-platform');
    const none = jwt.sign({ id }, '', { algorithm: 'none' });
    const hs512 = jwt.sign({ id }, secret, { algorithm: 'HS512' });
    const expired = jwt.sign({ id, exp: Math.floor(Date.now() / 1000) - 60 }, secret);
    for (const token of [foreign, none, hs512, expired, 'garbage', `${customer.jwt}x`]) {
      await listPatients({ Authorization: `Bearer ${token}` }).expect(401);
    }
    // A token without a user id is "not signed in"; one naming no user is "invalid credentials": both 401.
    await listPatients({ Authorization: `Bearer ${jwt.sign({ sub: 'x' }, secret)}` }).expect(401);
    await listPatients({ Authorization: `Bearer ${jwt.sign({ id: 999_999_999 }, secret)}` }).expect(401);
    // The genuine token still works.
    await listPatients().expect(200);
  });

  it('answers an anonymous request with the public role: refused on a customer route', async () => {
    const res = await app.http().get('/api/booking/patients');
    expect([401, 403]).toContain(res.status);
    // Same answer as users-permissions gives on the platform's own routes for the same role.
    const stock = await app.http().get('/api/users/me');
    expect(res.status).toBe(stock.status);
  });

  it('refuses an API token with a 401, even a full-access one: these routes act for a person (was a 500)', async () => {
    const token = await app.strapi
      .service('admin::api-token')
      .create({ name: `full-${Date.now()}`, description: '', type: 'full-access', lifespan: null } as any);
    const res = await listPatients({ Authorization: `Bearer ${(token as any).accessKey}` }).expect(401);
    expect(res.body.error.details.code).toBeDefined();
    // The same token still reads the public catalog, where Strapi's own strategies apply.
    await app
      .http()
      .get('/api/services')
      .set({ Authorization: `Bearer ${(token as any).accessKey}` })
      .expect(200);
  });
});

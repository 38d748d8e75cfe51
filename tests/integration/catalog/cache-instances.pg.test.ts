/**
 * Two app instances on one PostgreSQL database, each with its own in-memory catalog cache: an editor's publish on
 * one instance is visible on both within a second (LISTEN/NOTIFY), and an instance that lost its LISTEN connection
 * stops serving from its cache until it is back. PostgreSQL only: SQLite is one instance by construction.
 */
import { bootStrapi, dropPgDatabase } from '../../helpers/strapi';
import { startInstances, type Instances } from '../../helpers/instances';
import { Client } from 'pg';
const { adminConnectionConfig } = require('../../helpers/pg-admin');

const onPostgres = process.env.DATABASE_CLIENT === 'postgres';
const d = onPostgres ? describe : describe.skip;
const SERVICE = 'api::service.service';

it(`two-instance cache tests ${onPostgres ? 'run' : 'are skipped: they need DATABASE_CLIENT=postgres'}`, () => {
  expect(typeof onPostgres).toBe('boolean');
});

d('catalog cache across instances', () => {
  let instances: Instances;
  let databaseName = '';
  let documentId = '';
  let admin: Record<string, string>;

  beforeAll(async () => {
    // One instance first creates the schema and the fixture, then leaves (instances must not migrate at once).
    const app = await bootStrapi({ keepDatabase: true });
    databaseName = app.databaseName;
    const created = await app.strapi.documents(SERVICE as any).create({
      data: {
        name: '双实例服务',
        slug: 'two-instances',
        pricing: { unit: 'per_visit', basePriceFen: 5000, minUnits: 1 },
        dailyStartTime: '08:00:00.000',
        dailyEndTime: '20:00:00.000',
        minLeadMinutes: 60,
        travelBufferMinutes: 30,
        active: true,
      },
      locale: 'zh-Hans',
      status: 'published',
    } as any);
    documentId = created.documentId;
    await app.stop();
    instances = await startInstances(2, { databaseName });
    const credentials = await instances.request<{ email: string; password: string }>(0, 'create-admin');
    const login = await fetch(`${instances.urls[0]}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(credentials),
    });
    admin = { Authorization: `Bearer ${((await login.json()) as any).data.token}`, 'content-type': 'application/json' };
  }, 180_000);

  afterAll(async () => {
    await instances?.stop();
    if (databaseName) await dropPgDatabase(databaseName).catch(() => undefined);
  }, 60_000);

  const read = async (i: number, path: string) => {
    const res = await fetch(`${instances.urls[i]}${path}`);
    return { status: res.status, cache: res.headers.get('x-cache'), body: (await res.json()) as any };
  };
  const nameOn = async (i: number) => (await read(i, '/api/services/by-slug/two-instances')).body.data?.name;

  async function warm(i: number, path: string) {
    await read(i, path);
    const again = await read(i, path);
    expect(again.cache).toBe('HIT');
    return again.body;
  }

  /** Polls `check` every 10 ms until it is true; resolves with the milliseconds it took (or fails after 5 s). */
  async function within(check: () => Promise<boolean>) {
    const started = Date.now();
    while (!(await check())) {
      if (Date.now() - started > 5000) throw new Error('not visible after 5 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    return Date.now() - started;
  }

  const cm = (suffix: string, init: RequestInit) =>
    fetch(`${instances.urls[0]}/content-manager/collection-types/${SERVICE}/${documentId}${suffix}`, { headers: admin, ...init });

  it('an editor’s publish on one instance is visible on both within 1 s', async () => {
    for (const i of [0, 1]) expect((await warm(i, '/api/services/by-slug/two-instances')).data.name).toBe('双实例服务');
    expect((await cm('?locale=zh-Hans', { method: 'PUT', body: JSON.stringify({ name: '双实例服务（新版）' }) })).status).toBe(200);
    const published = await cm('/actions/publish?locale=zh-Hans', { method: 'POST', body: '{}' });
    expect(published.status).toBe(200);
    const [onEditorsInstance, onOtherInstance] = await Promise.all([0, 1].map((i) => within(async () => (await nameOn(i)) === '双实例服务（新版）')));
    expect(onEditorsInstance).toBeLessThan(1000);
    expect(onOtherInstance).toBeLessThan(1000);
  });

  it('an unpublish reaches the other instance’s cached list too', async () => {
    for (const i of [0, 1]) expect((await warm(i, '/api/services')).data.map((s: any) => s.slug)).toContain('two-instances');
    expect((await cm('/actions/unpublish?locale=zh-Hans', { method: 'POST', body: '{}' })).status).toBe(200);
    const took = await within(async () => !(await read(1, '/api/services')).body.data.some((s: any) => s.slug === 'two-instances'));
    expect(took).toBeLessThan(1000);
    expect((await read(1, '/api/services/by-slug/two-instances')).status).toBe(404);
  });

  it('a permission an operator revokes on one instance is refused on the other within 1 s, and restored', async () => {
    // The booking routes' sign-in check keeps each role's permissions per access generation (session-strategy.ts).
    const customer = await instances.request<{ jwt: string }>(0, 'sign-in', { phone: '19955550001' });
    const patientsOn = (i: number) =>
      fetch(`${instances.urls[i]}/api/booking/patients`, { headers: { Authorization: `Bearer ${customer.jwt}` } }).then((r) => r.status);
    for (const i of [0, 1]) expect(await patientsOn(i)).toBe(200);
    const roles = (await (await fetch(`${instances.urls[0]}/users-permissions/roles`, { headers: admin })).json()) as any;
    const roleId = roles.roles.find((r: any) => r.type === 'authenticated').id;
    const rolePath = `${instances.urls[0]}/users-permissions/roles/${roleId}`;
    const { role } = (await (await fetch(rolePath, { headers: admin })).json()) as any;
    const setListPatients = (enabled: boolean) => {
      role.permissions['plugin::booking'].controllers.patients.find.enabled = enabled;
      return fetch(rolePath, {
        method: 'PUT',
        headers: admin,
        body: JSON.stringify({ name: role.name, description: role.description, permissions: role.permissions }),
      });
    };
    expect((await setListPatients(false)).status).toBe(200);
    try {
      expect(await within(async () => (await patientsOn(1)) === 403)).toBeLessThan(1000);
      expect(await patientsOn(0)).toBe(403);
    } finally {
      expect((await setListPatients(true)).status).toBe(200);
    }
    expect(await within(async () => (await patientsOn(1)) === 200)).toBeLessThan(1000);
  });

  it('a role given to a user on one instance applies on the other within 1 s, and its withdrawal too', async () => {
    // The sign-in check keeps each user's role per access generation, on every instance.
    const user = await instances.request<{ jwt: string; userId: number }>(0, 'sign-in', { phone: '19955550002' });
    const goOnlineOn = (i: number) =>
      fetch(`${instances.urls[i]}/api/booking/caregiver/status`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${user.jwt}`, 'content-type': 'application/json' },
        body: JSON.stringify({ online: true }),
      }).then(async (r) => ((await r.json()) as any).error?.details?.code as string);
    for (const i of [0, 1]) expect(await goOnlineOn(i)).toBe('FORBIDDEN'); // a customer; its role is now kept on both
    await instances.request(0, 'set-role', { userId: user.userId, roleType: 'caregiver' });
    try {
      // Past the role check, the route itself answers (here: the body lacks the position a caregiver sends).
      expect(await within(async () => (await goOnlineOn(1)) !== 'FORBIDDEN')).toBeLessThan(1000);
      expect(await goOnlineOn(0)).not.toBe('FORBIDDEN');
    } finally {
      await instances.request(0, 'set-role', { userId: user.userId, roleType: 'authenticated' });
    }
    expect(await within(async () => (await goOnlineOn(1)) === 'FORBIDDEN')).toBeLessThan(1000);
  });

  it('an instance that lost its LISTEN connection bypasses its cache until it is back', async () => {
    expect((await cm('/actions/publish?locale=zh-Hans', { method: 'POST', body: '{}' })).status).toBe(200);
    await within(async () => (await nameOn(1)) === '双实例服务（新版）');
    await warm(1, '/api/services/by-slug/two-instances');
    const pg = new Client({ ...adminConnectionConfig(), database: databaseName });
    await pg.connect();
    try {
      const killed = await pg.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and application_name = 'catalog-cache'`, [
        databaseName,
      ]);
      expect(killed.rowCount).toBe(2);
    } finally {
      await pg.end();
    }
    // Deaf for a moment: whatever it answers now comes from the database, not from its cache.
    const deaf = await read(1, '/api/services/by-slug/two-instances');
    expect(deaf.cache).toBe('BYPASS');
    // Back within the first reconnect delay, with an empty cache.
    await within(async () => (await read(1, '/api/services/by-slug/two-instances')).cache !== 'BYPASS');
    expect(await nameOn(1)).toBe('双实例服务（新版）');
  });
});

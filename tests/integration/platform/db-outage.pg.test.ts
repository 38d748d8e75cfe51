/**
 * PostgreSQL restarts under load, on a throwaway cluster of this test's own (tests/helpers/pg-cluster.ts): while it
 * is down every request is answered at once with 503 SERVICE_UNAVAILABLE in Strapi's error shape with Retry-After
 * (never a hang, never a 500), readiness fails and liveness holds; when it is back the instance serves reads and
 * writes again without a restart.
 */
import { startPgCluster, type PgCluster } from '../../helpers/pg-cluster';
import { startInstances, type Instances } from '../../helpers/instances';
import { until } from '../../helpers/sse';

const onPostgres = process.env.DATABASE_CLIENT === 'postgres';
const d = onPostgres ? describe : describe.skip;

it(`database-outage tests ${onPostgres ? 'run' : 'are skipped: they need DATABASE_CLIENT=postgres'}`, () => {
  expect(typeof onPostgres).toBe('boolean');
});

d('a database restart', () => {
  let cluster: PgCluster;
  let instances: Instances;
  let auth: Record<string, string>;
  let url = '';
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    cluster = await startPgCluster();
    await cluster.createDatabase('care_outage');
    // The instance helpers read the admin connection from TEST_PG_*: point them at the throwaway cluster.
    for (const [key, value] of Object.entries(cluster.adminEnv)) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
    try {
      instances = await startInstances(1, { databaseName: 'care_outage' });
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
    url = instances.urls[0];
    const session = await instances.request<{ jwt: string }>(0, 'sign-in', { phone: '19912345678' });
    auth = { Authorization: `Bearer ${session.jwt}` };
  }, 300_000);

  afterAll(async () => {
    await instances?.stop();
    cluster?.destroy();
  }, 60_000);

  // A hang would run into the pool's 60 s acquire timeout; 15 s is far above any honest answer.
  const get = (path: string) => fetch(`${url}${path}`, { headers: auth, signal: AbortSignal.timeout(15_000) });
  const addPatient = (name: string) =>
    fetch(`${url}/api/booking/patients`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name, relationship: 'parent', selfCareAbility: 'independent' }),
      signal: AbortSignal.timeout(15_000),
    });

  it('answers 503 with Retry-After while PostgreSQL is down and recovers when it is back', async () => {
    expect((await get('/api/booking/me')).status).toBe(200);
    expect((await addPatient('周玉兰')).status).toBe(201);

    // Traffic keeps coming while the server stops and starts again.
    const seen: number[] = [];
    let load = true;
    const background = (async () => {
      while (load) {
        const res = await get('/api/booking/me').catch(() => undefined);
        if (res) seen.push(res.status);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    cluster.stop();
    const during = await Promise.all(Array.from({ length: 8 }, () => get('/api/booking/me')));
    for (const res of during) {
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await res.json()).toEqual({
        data: null,
        error: { status: 503, name: 'ServiceUnavailableError', message: '服务暂时不可用，请稍后再试', details: { code: 'SERVICE_UNAVAILABLE' } },
      });
    }
    const write = await addPatient('吴桂英');
    expect(write.status).toBe(503);
    expect((await fetch(`${url}/health/ready`)).status).toBe(503);
    expect(await (await fetch(`${url}/health/ready`)).json()).toEqual({ status: 'not_ready', reason: 'database_unreachable' });
    expect((await fetch(`${url}/health/live`)).status).toBe(200);

    cluster.start();
    await until(async () => (await get('/api/booking/me')).status === 200, 30_000, 'the instance to recover');
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    expect((await addPatient('郑秀珍')).status).toBe(201);
    load = false;
    await background;

    // Never a 500 and never a hang (each request above had a 15 s budget): only answers and fast refusals.
    expect(seen.length).toBeGreaterThan(0);
    expect([...new Set(seen)].sort()).toEqual(expect.arrayContaining([200, 503]));
    expect(seen.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    // The write attempted during the outage left nothing half-written: exactly the two acknowledged patients.
    const patients = await get('/api/booking/patients');
    const names = ((await patients.json()) as any).data.map((p: any) => p.name).sort();
    expect(names).toEqual(['周玉兰', '郑秀珍'].sort());
  });
});

/**
 * Structural rules that keep the plugin's layering honest:
 * - the pure rules in domain/ import nothing outside domain/ (no Strapi, no Node, no SDK);
 * - every route handler is granted to exactly the roles intended: content-API handlers appear in the
 *   users-permissions grant lists (caregiver-only handlers never in the customer list), every granted action has a
 *   route, and every admin route is guarded by one of the plugin's registered admin permissions.
 */
import fs from 'node:fs';
import path from 'node:path';
import contentApi from '../../src/plugins/booking/server/src/routes/content-api';
import admin from '../../src/plugins/booking/server/src/routes/admin';
import { ADMIN_ACTIONS, AUTHENTICATED_ACTIONS, CAREGIVER_ACTIONS } from '../../src/plugins/booking/server/src/permissions';

const DOMAIN = path.resolve(__dirname, '../../src/plugins/booking/server/src/domain');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]);
}

describe('domain/ is pure', () => {
  const files = fs.readdirSync(DOMAIN).filter((f) => f.endsWith('.ts'));

  it('has rules to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files)('%s imports only from domain/', (file) => {
    for (const spec of importsOf(path.join(DOMAIN, file))) {
      expect(spec.startsWith('./')).toBe(true);
      const target = path.resolve(DOMAIN, spec);
      expect(path.dirname(target)).toBe(DOMAIN);
    }
  });

  it('the import scanner sees a violation when there is one', () => {
    const probe = path.join(DOMAIN, '..', 'utils', 'plugin.ts');
    expect(importsOf(probe).some((spec) => !spec.startsWith('./'))).toBe(true);
  });
});

type Route = {
  method: string;
  path: string;
  handler: string;
  config?: { auth?: false; policies?: Array<string | { name: string; config?: { actions?: string[] } }> };
};

const actionOf = (route: Route) => `plugin::booking.${route.handler}`;
/**
 * The SSE stream is `auth: false` for the router (EventSource cannot send an Authorization header, so the
 * controller reads the token itself) and then checks this grant by hand: the one public route that is granted.
 */
const SELF_CHECKED = new Set(['plugin::booking.notifications.stream']);
const contentRoutes = (contentApi.routes as Route[]).filter((r) => r.config?.auth !== false || SELF_CHECKED.has(actionOf(r)));
const publicRoutes = (contentApi.routes as Route[]).filter((r) => r.config?.auth === false && !SELF_CHECKED.has(actionOf(r)));
const customerOnly = new Set(AUTHENTICATED_ACTIONS);
const caregiverSet = new Set(CAREGIVER_ACTIONS);

describe('content-API routes and the users-permissions grants', () => {
  it('every authenticated route is granted to some role', () => {
    const ungranted = contentRoutes.filter((r) => !caregiverSet.has(actionOf(r))).map((r) => `${r.method} ${r.path} -> ${r.handler}`);
    expect(ungranted).toEqual([]);
  });

  it('every granted action has a route (no stale grants)', () => {
    const handlers = new Set(contentRoutes.map(actionOf));
    expect([...caregiverSet].filter((a) => !handlers.has(a))).toEqual([]);
  });

  it('public routes are never granted (their only credential is the request itself)', () => {
    expect(publicRoutes.map(actionOf).filter((a) => caregiverSet.has(a))).toEqual([]);
  });

  it('caregiver work routes are granted to the caregiver role only; applying is open to any signed-in user', () => {
    const caregiverWork = contentRoutes.filter((r) => r.path.startsWith('/caregiver/') && !r.path.startsWith('/caregiver/application'));
    expect(caregiverWork.length).toBeGreaterThan(10);
    expect(caregiverWork.map(actionOf).filter((a) => customerOnly.has(a))).toEqual([]);
  });

  it('customer order routes are granted to customers (and so to caregivers, who are customers too)', () => {
    const customerOrders = contentRoutes.filter((r) => r.path.startsWith('/orders'));
    expect(customerOrders.length).toBeGreaterThan(5);
    expect(customerOrders.map(actionOf).filter((a) => !customerOnly.has(a))).toEqual([]);
  });
});

describe('admin routes and the plugin admin permissions', () => {
  const registered = new Set(ADMIN_ACTIONS.map((a) => `plugin::booking.${a.uid}`));
  const routes = admin.routes as Route[];

  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s requires a registered booking permission', (_label, route) => {
    const guards = (route.config?.policies ?? []).filter(
      (p): p is { name: string; config?: { actions?: string[] } } => typeof p === 'object' && p.name === 'admin::hasPermissions',
    );
    expect(guards).toHaveLength(1);
    const actions = guards[0].config?.actions ?? [];
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(registered.has(action)).toBe(true);
  });

  it('every registered permission guards at least one route', () => {
    const used = new Set(routes.flatMap((r) => (r.config?.policies ?? []).flatMap((p) => (typeof p === 'object' ? (p.config?.actions ?? []) : []))));
    expect([...registered].filter((a) => !used.has(a))).toEqual([]);
  });
});

import type { Core } from '@strapi/strapi';
import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { errors } from '@strapi/utils';

/**
 * The content-API sign-in check of the booking routes: users-permissions' own strategy, rule for rule, minus the
 * work it repeats on every request. Stock, each authenticated request (a) first tries the bearer as an API token
 * (one query), (b) rebuilds a key object from the JWT secret (a PEM parse that throws, then a secret key: about a
 * twentieth of a submit's CPU), (c) reads the user's role, the users-permissions settings and the role's
 * permissions (four queries) and (d) compiles them into an ability. Here (b)–(d) are computed once and kept until
 * the access generation moves — any committed write to roles, permissions or settings, or one that sets a user's
 * role or removes a user, on this instance or another (the catalog cache's invalidation bus) — and no API-token
 * lookup precedes it (booking routes act for people; see register.ts). What is checked stays the same: the
 * signature and algorithm, the user row (read every time: a blocked user is refused on the next request), email
 * confirmation when the settings ask for it, the role's permissions for the route's scope, and the public role's
 * permissions for a request without a token. Without a trustworthy generation (cache off, bus down) nothing is
 * kept. Only the legacy JWT mode is handled; in `refresh` mode the routes keep the stock strategies.
 */

const USER = 'plugin::users-permissions.user';
const ROLE = 'plugin::users-permissions.role';
const PERMISSION = 'plugin::users-permissions.permission';
export const ACCESS_FRESHNESS = 'access.freshness';
const MAX_KEPT = 50_000;

interface Freshness {
  usable(): boolean;
  generation(): number;
}

interface Ability {
  can(action: string): boolean;
}

type AuthResult = { authenticated: boolean; credentials?: unknown; ability?: Ability | null; error?: string };

/** The same key jsonwebtoken derives from a string secret (a public key when it parses as one, else an HMAC key). */
function keyOf(secret: string): KeyObject {
  try {
    return createPublicKey(secret);
  } catch {
    return createSecretKey(Buffer.from(secret, 'utf8'));
  }
}

export function usesLegacyJwt(strapi: Core.Strapi): boolean {
  return strapi.config.get<string>('plugin::users-permissions.jwtManagement', 'legacy-support') !== 'refresh';
}

export function createSessionStrategy(strapi: Core.Strapi) {
  const freshness = (): Freshness | null => (strapi.has(ACCESS_FRESHNESS) ? (strapi.get(ACCESS_FRESHNESS) as Freshness) : null);
  let kept: { generation: number; answers: Map<string, Promise<unknown>> } | null = null;
  let key: { secret: string; object: KeyObject } | null = null;

  /**
   * `compute` once per generation and key (a role's ability, a user's role); recomputed every time when the
   * generation cannot be trusted. A failure is not kept, nor an answer read while the generation moved.
   */
  function keptFor<T>(name: string, compute: () => Promise<T>): Promise<T> {
    const clock = freshness();
    if (!clock?.usable()) return compute();
    const generation = clock.generation();
    if (kept?.generation !== generation) kept = { generation, answers: new Map() };
    const hit = kept.answers.get(name);
    if (hit) return hit as Promise<T>;
    // Bounded: one entry per signed-in user seen in this generation, plus one per role.
    if (kept.answers.size >= MAX_KEPT) kept.answers.clear();
    const pending = compute();
    const slot = kept;
    slot.answers.set(name, pending);
    pending.then(
      () => {
        if (clock.generation() !== generation) slot.answers.delete(name);
      },
      () => slot.answers.delete(name),
    );
    return pending;
  }

  /** users-permissions' advanced settings (email confirmation), kept like the abilities. */
  const settings = () =>
    keptFor(
      'settings',
      async () => ((await strapi.store({ type: 'plugin', name: 'users-permissions' }).get({ key: 'advanced' })) ?? {}) as { email_confirmation?: boolean },
    );

  const abilityOf = (permissions: Array<{ action: string }>) =>
    (strapi as any).contentAPI.permissions.engine.generateAbility(permissions.map(({ action }) => ({ action }))) as Promise<Ability>;

  function verifyToken(token: string): Promise<{ id?: number | string }> {
    const secret = strapi.config.get('plugin::users-permissions.jwtSecret') as string;
    if (key?.secret !== secret) key = { secret, object: keyOf(secret) };
    const algorithm = (strapi.config.get('plugin::users-permissions.jwt', {}) as { algorithm?: jwt.Algorithm })?.algorithm || 'HS256';
    return new Promise((resolve, reject) => {
      jwt.verify(token, key!.object, { algorithms: [algorithm] }, (error, payload) => (error ? reject(error) : resolve((payload ?? {}) as { id?: number })));
    });
  }

  /** users-permissions' reading of the Authorization header: anything but "Bearer <one token>" is no token. */
  function bearerOf(ctx: any): string | null {
    const header = ctx.request?.header?.authorization;
    if (!header) return null;
    const parts = String(header).split(/\s+/);
    return parts[0].toLowerCase() === 'bearer' && parts.length === 2 ? parts[1] : null;
  }

  async function authenticate(ctx: any): Promise<AuthResult> {
    try {
      const token = bearerOf(ctx);
      if (token) {
        const { id } = await verifyToken(token);
        if (id === undefined) return { authenticated: false };
        const row: any = await strapi.db.query(USER).findOne({ where: { id } });
        if (!row) return { authenticated: false, error: 'Invalid credentials' };
        if ((await settings()).email_confirmation && !row.confirmed) return { authenticated: false, error: 'Invalid credentials' };
        if (row.blocked) return { authenticated: false, error: 'Invalid credentials' };
        // The user's role: kept like the abilities (a write that sets a user's role moves the access generation).
        const role: any = await keptFor(`role:${row.id}`, () => strapi.db.query(ROLE).findOne({ where: { users: { id: row.id } } }));
        const roleId = role.id as number;
        const ability = await keptFor(`ability:${roleId}`, async () => abilityOf(await strapi.db.query(ROLE).load({ id: roleId }, 'permissions')));
        const user = { ...row, role };
        ctx.state.user = user;
        return { authenticated: true, credentials: user, ability };
      }
      const ability = await keptFor('ability:public', async (): Promise<Ability | null> => {
        const permissions = await strapi.db.query(PERMISSION).findMany({ where: { role: { type: 'public' } } });
        return permissions.length ? abilityOf(permissions) : null;
      });
      return ability ? { authenticated: true, credentials: null, ability } : { authenticated: false };
    } catch {
      // As users-permissions: a bad signature, an expired token or a user without a role is "not signed in".
      return { authenticated: false };
    }
  }

  /** users-permissions' verify: a scoped route needs every scope in the ability; an unscoped one a signed-in user. */
  async function verify(auth: { credentials?: unknown; ability?: Ability | null }, config: { scope?: string | string[] }) {
    if (!config.scope) {
      if (!auth.credentials) throw new errors.UnauthorizedError();
      return;
    }
    if (!auth.ability) throw new errors.UnauthorizedError();
    const scopes = Array.isArray(config.scope) ? config.scope : [config.scope];
    if (!scopes.every((scope) => auth.ability!.can(scope))) throw new errors.ForbiddenError();
  }

  return { name: 'booking-session', authenticate, verify };
}

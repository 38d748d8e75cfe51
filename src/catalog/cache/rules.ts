/**
 * What the public catalog response cache caches, under which key, and which writes invalidate what. Pure
 * functions, no Strapi: unit-tested in tests/unit/catalog-cache-rules.test.ts.
 *
 * Entries belong to a group; a write to any model a group depends on drops the whole group on every instance.
 * Editors change the catalog a few times a day and it is read thousands of times a second, so dropping a group
 * is cheap, and it is the only rule that stays right for relations, components, media and locales alike
 * (a category's new name shows in every service card; a replaced picture in every page that shows it).
 */

/**
 * `access` holds no answers: it is the generation that who-may-do-what depends on (role permissions and the
 * users-permissions settings), so the booking plugin's sign-in check can keep its per-role answer until it moves.
 */
export type CacheGroup = 'catalog' | 'caregivers' | 'access';
export const ALL_GROUPS: CacheGroup[] = ['catalog', 'caregivers', 'access'];

/** Public GET routes and their group. Anything else passes through untouched. */
const ROUTES: Array<{ pattern: RegExp; group: CacheGroup }> = [
  { pattern: /^\/api\/(services|service-categories|hospitals|cities|credential-types)(\/[^/]+|\/by-slug\/[^/]+)?\/?$/, group: 'catalog' },
  // Public caregiver profiles (masked); the caregiver's own routes live under /api/booking/caregiver/.
  { pattern: /^\/api\/booking\/caregivers(\/[^/]+)?\/?$/, group: 'caregivers' },
];

export function groupOf(path: string): CacheGroup | null {
  for (const route of ROUTES) if (route.pattern.test(path)) return route.group;
  return null;
}

const CATALOG_MODELS = new Set([
  'api::service.service',
  'api::service-category.service-category',
  'api::hospital.hospital',
  'api::city.city',
  'api::credential-type.credential-type',
  'plugin::upload.file',
  'plugin::i18n.locale',
]);

const CAREGIVER_MODELS = new Set([
  'api::caregiver.caregiver',
  'api::caregiver-credential.caregiver-credential',
  'api::credential-type.credential-type',
  'api::city.city',
  'api::service.service',
  'plugin::upload.file',
]);

/** Who may read what: a change of the public role's permissions changes every public answer. */
const PERMISSION_MODELS = new Set(['plugin::users-permissions.permission', 'plugin::users-permissions.role']);

/** Where users-permissions keeps its settings (email confirmation and the rest): any write moves `access`. */
const SETTINGS_MODEL = 'strapi::core-store';

/**
 * A user's role decides what they may do, and the sign-in check keeps each user's role: an update that may set it
 * (its data names `role`, or is not known) or a removal moves `access`. Other user writes (sign-ins, profile
 * fields) do not.
 */
const USER_MODEL = 'plugin::users-permissions.user';

/** Component namespaces used by catalog content types (their rows are written with the owning document). */
const CATALOG_COMPONENT = /^(catalog|blocks)\./;

/**
 * Caregiver columns that public profiles never show and that change all day (heartbeats, going online, the
 * dispatcher's fairness stamp): an update touching only these leaves the cached profiles valid.
 */
const CAREGIVER_PRIVATE_CHURN = new Set(['online', 'lastSeenAt', 'currentLatitude', 'currentLongitude', 'workingHours', 'lastAssignedAt', 'updatedAt']);

export const WRITE_ACTIONS = new Set(['afterCreate', 'afterCreateMany', 'afterUpdate', 'afterUpdateMany', 'afterDelete', 'afterDeleteMany']);

export interface WriteEvent {
  action: string;
  uid: string;
  /** The written columns of an update (params.data), when known. */
  data?: Record<string, unknown> | null;
}

/** The groups a committed write invalidates (empty: it cannot change any cached answer). */
export function groupsInvalidatedBy(event: WriteEvent): CacheGroup[] {
  if (!WRITE_ACTIONS.has(event.action)) return [];
  if (PERMISSION_MODELS.has(event.uid)) return [...ALL_GROUPS];
  if (event.uid === SETTINGS_MODEL) return ['access'];
  if (event.uid === USER_MODEL) {
    if (event.action === 'afterDelete' || event.action === 'afterDeleteMany') return ['access'];
    const isUpdate = event.action === 'afterUpdate' || event.action === 'afterUpdateMany';
    const data = event.data && typeof event.data === 'object' ? event.data : null;
    return isUpdate && (data === null || 'role' in data) ? ['access'] : [];
  }
  const groups: CacheGroup[] = [];
  if (CATALOG_MODELS.has(event.uid) || CATALOG_COMPONENT.test(event.uid)) groups.push('catalog');
  if (CAREGIVER_MODELS.has(event.uid)) {
    const isUpdate = event.action === 'afterUpdate' || event.action === 'afterUpdateMany';
    const columns = event.data && typeof event.data === 'object' ? Object.keys(event.data) : null;
    const churnOnly =
      isUpdate && event.uid === 'api::caregiver.caregiver' && columns !== null && columns.length > 0 && columns.every((c) => CAREGIVER_PRIVATE_CHURN.has(c));
    if (!churnOnly) groups.push('caregivers');
  }
  return groups;
}

const MAX_KEY_LENGTH = 2048;

const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));

/**
 * The cache key of a request: its path and its query string with every pair's encoding normalised
 * (`%5B` and `[` are the same key) but the ORDER KEPT, because Strapi reads order (sort[a]=asc&sort[b]=desc sorts
 * by a first). Locale, filters, sort, pagination, fields and populate are all in the query string, so they are all
 * in the key. Null (do not cache) for malformed or oversized query strings.
 */
export function cacheKey(path: string, querystring: string): string | null {
  if (!querystring) return path;
  if (querystring.length > MAX_KEY_LENGTH) return null;
  const pairs: string[] = [];
  for (const pair of querystring.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    try {
      const key = decode(eq === -1 ? pair : pair.slice(0, eq));
      const value = eq === -1 ? null : decode(pair.slice(eq + 1));
      pairs.push(value === null ? encodeURIComponent(key) : `${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
    } catch {
      return null;
    }
  }
  return pairs.length ? `${path}?${pairs.join('&')}` : path;
}

/** True when If-None-Match names `etag` (or is "*"); weak comparison, as RFC 9110 asks for GET. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = bare(etag);
  return ifNoneMatch.split(',').some((tag) => {
    const candidate = bare(tag);
    return candidate === '*' || candidate === wanted;
  });
}

export interface CdnPolicy {
  /** Seconds a shared cache (CDN) may serve an answer without asking (s-maxage). */
  sharedMaxAge: number;
  /** Seconds it may keep serving a stale answer while it revalidates in the background. */
  staleWhileRevalidate: number;
}

/**
 * Browsers revalidate every time (max-age=0, a cheap 304 thanks to the ETag); a CDN may hold an answer for
 * s-maxage seconds. The CDN does not hear our invalidations, so s-maxage bounds how stale it can be.
 */
export function publicCacheControl(policy: CdnPolicy): string {
  const parts = ['public', 'max-age=0', `s-maxage=${Math.max(0, Math.floor(policy.sharedMaxAge))}`];
  if (policy.staleWhileRevalidate > 0) parts.push(`stale-while-revalidate=${Math.floor(policy.staleWhileRevalidate)}`);
  return parts.join(', ');
}

export const PRIVATE_CACHE_CONTROL = 'private, no-store';

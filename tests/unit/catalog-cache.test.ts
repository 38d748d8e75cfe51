import { cacheKey, etagMatches, groupOf, groupsInvalidatedBy, publicCacheControl } from '../../src/catalog/cache/rules';
import { ResponseStore } from '../../src/catalog/cache/store';

describe('which routes the catalog cache serves', () => {
  it.each([
    ['/api/services', 'catalog'],
    ['/api/services/abc123', 'catalog'],
    ['/api/services/by-slug/infusion-at-home', 'catalog'],
    ['/api/service-categories', 'catalog'],
    ['/api/service-categories/by-slug/home-nursing', 'catalog'],
    ['/api/hospitals/xyz', 'catalog'],
    ['/api/cities', 'catalog'],
    ['/api/credential-types', 'catalog'],
    ['/api/booking/caregivers', 'caregivers'],
    ['/api/booking/caregivers/abc', 'caregivers'],
    // Time- or person-dependent answers are never cached.
    ['/api/booking/caregivers/abc/availability', null],
    ['/api/booking/caregivers/abc/reviews', null],
    ['/api/booking/caregiver/orders', null],
    ['/api/booking/orders', null],
    ['/api/booking/health', null],
    ['/api/services/a/b/c', null],
    ['/api/servicesx', null],
    ['/admin/content-manager', null],
  ])('%s → %s', (path, group) => {
    expect(groupOf(path)).toBe(group);
  });
});

describe('which committed writes invalidate what', () => {
  it.each([
    // model, action, data, groups
    ['api::service.service', 'afterUpdate', { name: 'x' }, ['catalog', 'caregivers']],
    ['api::service.service', 'afterCreate', undefined, ['catalog', 'caregivers']],
    ['api::service.service', 'afterDeleteMany', undefined, ['catalog', 'caregivers']],
    ['api::service-category.service-category', 'afterCreate', undefined, ['catalog']],
    ['api::hospital.hospital', 'afterUpdate', { name: 'x' }, ['catalog']],
    ['blocks.image', 'afterCreate', undefined, ['catalog']],
    ['catalog.pricing', 'afterUpdate', { basePriceFen: 1 }, ['catalog']],
    ['plugin::upload.file', 'afterUpdate', { alternativeText: 'x' }, ['catalog', 'caregivers']],
    ['plugin::i18n.locale', 'afterCreate', undefined, ['catalog']],
    ['plugin::users-permissions.permission', 'afterDelete', undefined, ['catalog', 'caregivers', 'access']],
    ['plugin::users-permissions.role', 'afterUpdate', { name: 'x' }, ['catalog', 'caregivers', 'access']],
    // users-permissions settings (email confirmation) live in the core store: the sign-in check depends on them.
    ['strapi::core-store', 'afterUpdate', { value: '{}' }, ['access']],
    ['api::caregiver.caregiver', 'afterUpdate', { rating: 4.9, ratingCount: 10 }, ['caregivers']],
    ['api::caregiver.caregiver', 'afterUpdate', { status: 'suspended', online: false }, ['caregivers']],
    // Presence churn is invisible on public profiles.
    ['api::caregiver.caregiver', 'afterUpdate', { online: true, lastSeenAt: 'now' }, []],
    ['api::caregiver.caregiver', 'afterUpdateMany', { online: false }, []],
    ['api::caregiver.caregiver', 'afterUpdate', { lastAssignedAt: 'now' }, []],
    ['api::caregiver.caregiver', 'afterUpdate', {}, ['caregivers']],
    ['api::caregiver-credential.caregiver-credential', 'afterUpdate', { status: 'approved' }, ['caregivers']],
    // Reads and unrelated models never invalidate.
    ['api::service.service', 'afterFindMany', undefined, []],
    ['api::service.service', 'beforeUpdate', { name: 'x' }, []],
    ['plugin::booking.order', 'afterCreate', undefined, []],
    // The sign-in check keeps each user's role: setting one, an update of unknown columns or a removal moves access;
    // the rest of a user's row (blocked included) is read on every request anyway.
    ['plugin::users-permissions.user', 'afterUpdate', { blocked: true }, []],
    ['plugin::users-permissions.user', 'afterCreate', undefined, []],
    ['plugin::users-permissions.user', 'afterUpdate', { role: 3 }, ['access']],
    ['plugin::users-permissions.user', 'afterUpdate', { role: { connect: [{ id: 3 }] }, displayName: 'x' }, ['access']],
    ['plugin::users-permissions.user', 'afterUpdateMany', undefined, ['access']],
    ['plugin::users-permissions.user', 'afterDelete', undefined, ['access']],
  ])('%s %s %j → %j', (uid, action, data, groups) => {
    expect(groupsInvalidatedBy({ uid, action, data: data as any })).toEqual(groups);
  });
});

describe('cache keys', () => {
  it.each([
    ['no query', '/api/services', '', '/api/services'],
    ['encoding is normalised', '/api/services', 'pagination%5BpageSize%5D=5', '/api/services?pagination%5BpageSize%5D=5'],
    ['same as unencoded', '/api/services', 'pagination[pageSize]=5', '/api/services?pagination%5BpageSize%5D=5'],
    ['plus is a space', '/api/services', 'filters[name][$contains]=a+b', '/api/services?filters%5Bname%5D%5B%24contains%5D=a%20b'],
    ['empty pairs dropped', '/api/services', '&locale=en&', '/api/services?locale=en'],
    ['key without value', '/api/services', 'x', '/api/services?x'],
  ])('%s', (_label, path, qs, key) => {
    expect(cacheKey(path, qs)).toBe(key);
  });

  it('keeps the order of parameters, which Strapi reads (sort priority)', () => {
    expect(cacheKey('/api/services', 'sort[name]=asc&sort[id]=desc')).not.toBe(cacheKey('/api/services', 'sort[id]=desc&sort[name]=asc'));
  });

  it.each([
    ['locale', 'locale=zh-Hans', 'locale=en'],
    ['filters', 'filters[slug][$eq]=a', 'filters[slug][$eq]=b'],
    ['sort', 'sort=name:asc', 'sort=name:desc'],
    ['pagination', 'pagination[page]=1', 'pagination[page]=2'],
    ['populate', 'populate[cover]=true', 'populate[category]=true'],
    ['fields', 'fields[0]=name', 'fields[0]=slug'],
  ])('tells %s apart', (_label, a, b) => {
    expect(cacheKey('/api/services', a)).not.toBe(cacheKey('/api/services', b));
  });

  it('refuses malformed and oversized query strings', () => {
    expect(cacheKey('/api/services', 'locale=%E0%A4%A')).toBeNull();
    expect(cacheKey('/api/services', `q=${'a'.repeat(3000)}`)).toBeNull();
  });
});

describe('conditional requests', () => {
  it.each([
    [undefined, false],
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ['*', true],
    ['"abd"', false],
    ['abc', false],
  ])('If-None-Match %s → %s', (header, match) => {
    expect(etagMatches(header, '"abc"')).toBe(match);
  });

  it('lets browsers revalidate every time and a CDN hold answers for s-maxage', () => {
    expect(publicCacheControl({ sharedMaxAge: 30, staleWhileRevalidate: 30 })).toBe('public, max-age=0, s-maxage=30, stale-while-revalidate=30');
    expect(publicCacheControl({ sharedMaxAge: 0, staleWhileRevalidate: 0 })).toBe('public, max-age=0, s-maxage=0');
  });
});

describe('response store', () => {
  const store = () => new ResponseStore({ maxBytes: 1024 * 1024, ttlMs: { catalog: 60_000, caregivers: 60_000, access: 0 } });

  it('serves what it stored, with a stable ETag', () => {
    const s = store();
    const entry = s.put('catalog', '/api/cities', Buffer.from('{"data":[]}'), s.generation('catalog'));
    expect(s.get('catalog', '/api/cities')).toEqual(entry);
    expect(entry.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(s.put('catalog', '/api/cities?x', Buffer.from('{"data":[]}'), s.generation('catalog')).etag).toBe(entry.etag);
  });

  it('drops a whole group on invalidation and leaves the other group alone', () => {
    const s = store();
    s.put('catalog', 'a', Buffer.from('1'), s.generation('catalog'));
    s.put('caregivers', 'b', Buffer.from('2'), s.generation('caregivers'));
    s.invalidate(['catalog']);
    expect(s.get('catalog', 'a')).toBeUndefined();
    expect(s.get('caregivers', 'b')).toBeDefined();
  });

  it('never stores an answer read before an invalidation that happened while it was being read', () => {
    const s = store();
    const before = s.generation('catalog');
    s.invalidate(['catalog']); // a commit lands while the request reads the database
    s.put('catalog', 'a', Buffer.from('stale'), before);
    expect(s.get('catalog', 'a')).toBeUndefined();
    s.put('catalog', 'a', Buffer.from('fresh'), s.generation('catalog'));
    expect(s.get('catalog', 'a')?.body.toString()).toBe('fresh');
  });

  it('stays within its memory budget', () => {
    const s = new ResponseStore({ maxBytes: 100 * 1024, ttlMs: { catalog: 60_000, caregivers: 60_000, access: 0 } });
    for (let i = 0; i < 50; i += 1) s.put('catalog', `k${i}`, Buffer.alloc(10 * 1024), s.generation('catalog'));
    expect(s.size('catalog')).toBeLessThanOrEqual(8);
    expect(s.get('catalog', 'k49')).toBeDefined();
  });
});

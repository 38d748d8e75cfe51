import type { Core } from '@strapi/strapi';
import { categories, cities, credentialTypes, hospitals, services } from './catalog-data';
import type { SeedService } from './catalog-types';
import { buildBody, SCENES, unitLabel, type SeedLocale } from './catalog-pages';
import { categoryDescriptionsEn, englishServices } from './catalog-en';
import { pictureLibrary, type PictureLibrary } from './seed-pictures';

const LOCALE = 'zh-Hans';

/**
 * Detail pages (body blocks) and the English service pages are seeded unless SEED_DEMO_PAGES=false: tests that
 * only book services turn them off, which halves the seed's work.
 */
export const wantsPages = () => process.env.SEED_DEMO_PAGES !== 'false';

export const formatYuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/** 价格标准 text is derived from the pricing component so the page can never disagree with what is charged. */
export function describePricing(pricing: SeedService['pricing'], locale: SeedLocale = 'zh-Hans'): string {
  const unit = unitLabel(pricing.unit, locale);
  if (locale === 'en') {
    const lines = [`- Base price: ${formatYuan(pricing.basePriceFen)} per ${unit}`];
    if (pricing.minUnits > 1) lines.push(`- Minimum: ${pricing.minUnits} × ${unit.replace(/ \(.*\)/, '')}`);
    if (pricing.nightSurchargeFen > 0) lines.push(`- Night (20:00–08:00) surcharge: ${formatYuan(pricing.nightSurchargeFen)} per ${unit}`);
    if (pricing.weekendSurchargePercent > 0) lines.push(`- Weekend surcharge: ${pricing.weekendSurchargePercent}% of the base price`);
    if (pricing.holidaySurchargePercent > 0) lines.push(`- Public holiday surcharge: ${pricing.holidaySurchargePercent}% of the base price`);
    if (pricing.dependentSurchargeFen > 0)
      lines.push(`- Surcharge when the person cannot care for themselves: ${formatYuan(pricing.dependentSurchargeFen)} per ${unit}`);
    lines.push('- Prices include travel within the city; supplies and medicines are charged at cost.');
    return lines.join('\n');
  }
  const lines = [`- 基础价格：${formatYuan(pricing.basePriceFen)}/${unit}`];
  if (pricing.minUnits > 1) lines.push(`- 最低预约：${pricing.minUnits} ${unit.replace(/（.*）/, '')}`);
  if (pricing.nightSurchargeFen > 0) lines.push(`- 夜间（20:00–08:00）服务加收：${formatYuan(pricing.nightSurchargeFen)}/${unit}`);
  if (pricing.weekendSurchargePercent > 0) lines.push(`- 周末服务加收：基础价格的 ${pricing.weekendSurchargePercent}%`);
  if (pricing.holidaySurchargePercent > 0) lines.push(`- 法定节假日服务加收：基础价格的 ${pricing.holidaySurchargePercent}%`);
  if (pricing.dependentSurchargeFen > 0) lines.push(`- 被照护人不能自理加收：${formatYuan(pricing.dependentSurchargeFen)}/${unit}`);
  lines.push('- 以上价格已含服务人员交通费（同城），耗材与药品按实际另计。');
  return lines.join('\n');
}

const toTime = (hhmm: string) => `${hhmm}:00.000`;

type Progress = (kind: string, index: number, total: number, label: string, created: boolean) => void;

/**
 * Seeds the demo catalog. Idempotent: every record is looked up by its natural key (code or slug) first and
 * left alone when present, so editors' changes survive a restart and a second run creates nothing. Pictures are
 * uploaded only for records being created (see seed-pictures.ts).
 */
export async function seedCatalog(
  strapi: Core.Strapi,
  log: Progress = defaultProgress(strapi),
  pictures: PictureLibrary = pictureLibrary(strapi),
  pages = wantsPages(),
) {
  const started = Date.now();
  let createdCount = 0;
  const note = (kind: string, i: number, total: number, label: string, created: boolean) => {
    if (created) createdCount += 1;
    log(kind, i, total, label, created);
  };

  const cityIds = new Map<string, string>();
  for (const [i, city] of cities.entries()) {
    const { documentId, created } = await upsertBy(strapi, 'api::city.city', { code: city.code }, { ...city, active: true });
    cityIds.set(city.code, documentId);
    note('城市', i + 1, cities.length, city.name, created);
  }

  const credentialIds = new Map<string, string>();
  for (const [i, type] of credentialTypes.entries()) {
    const { documentId, created } = await upsertBy(strapi, 'api::credential-type.credential-type', { code: type.code }, type);
    credentialIds.set(type.code, documentId);
    note('资质类型', i + 1, credentialTypes.length, type.name, created);
  }

  // The pictures of the records about to be created, uploaded a few at a time before they are needed.
  const missingCategories = await missingSlugs(
    strapi,
    'api::service-category.service-category',
    categories.map((c) => c.slug),
  );
  const missingServices = await missingSlugs(
    strapi,
    'api::service.service',
    services.map((s) => s.slug),
  );
  await pictures.preload([
    ...categories.filter((c) => missingCategories.has(c.slug)).map((c): [string, string] => [`icon-${c.slug}`, `${c.name}图标`]),
    ...services.filter((s) => missingServices.has(s.slug)).map((s): [string, string] => [`cover-${s.slug}`, s.name]),
    ...(missingServices.size ? Object.entries(SCENES).map(([name, alt]): [string, string] => [`scene-${name}`, alt['zh-Hans']]) : []),
  ]);

  const categoryIds = new Map<string, string>();
  // Parents first so that children can point at them.
  const orderedCategories = [...categories].sort((a, b) => Number(Boolean(a.parentSlug)) - Number(Boolean(b.parentSlug)));
  for (const [i, category] of orderedCategories.entries()) {
    const { nameEn, parentSlug, ...fields } = category;
    const parent = parentSlug ? (categoryIds.get(parentSlug) ?? null) : null;
    const data = async () => ({ ...fields, parent, iconImage: await pictures.id(`icon-${category.slug}`, `${category.name}图标`) });
    const { documentId, created } = await upsertBy(strapi, 'api::service-category.service-category', { slug: category.slug }, data, true);
    categoryIds.set(category.slug, documentId);
    if (created) {
      await addTranslation(strapi, 'api::service-category.service-category', documentId, {
        ...fields,
        name: nameEn,
        description: categoryDescriptionsEn[category.slug] ?? null,
        parent,
        iconImage: await pictures.id(`icon-${category.slug}`, `${category.name}图标`),
      });
    }
    note('服务分类', i + 1, orderedCategories.length, category.name, created);
  }

  for (const [i, service] of services.entries()) {
    const shared = {
      slug: service.slug,
      category: categoryIds.get(service.categorySlug) ?? null,
      pricing: { visitMinutes: 60, ...service.pricing },
      dailyStartTime: toTime(service.dailyStartTime),
      dailyEndTime: toTime(service.dailyEndTime),
      minLeadMinutes: service.minLeadMinutes,
      travelBufferMinutes: service.travelBufferMinutes,
      requiredCredentialTypes: service.requiredCredentialCodes.map((code) => credentialIds.get(code)).filter(Boolean),
      cities: service.cityCodes.map((code) => cityIds.get(code)).filter(Boolean),
      active: true,
      sortOrder: service.sortOrder,
    };
    // Non-localized fields are synced across locales on every write, so each locale carries the same cover.
    const cover = () => pictures.id(`cover-${service.slug}`, service.name);
    const data = async () => ({
      ...shared,
      name: service.name,
      summary: service.summary,
      cover: await cover(),
      body: pages ? await buildBody(service, service, 'zh-Hans', (name, alt) => pictures.id(name, alt)) : [],
      serviceHours: service.serviceHours,
      priceStandard: describePricing(service.pricing),
      notes: service.notes,
    });
    const { documentId, created } = await upsertBy(strapi, 'api::service.service', { slug: service.slug }, data, true);
    const en = englishServices[service.slug];
    if (created && en && pages) {
      await addTranslation(strapi, 'api::service.service', documentId, {
        ...shared,
        cover: await cover(),
        name: en.name,
        summary: en.summary,
        body: await buildBody(service, en, 'en', (name, alt) => pictures.id(name, alt)),
        serviceHours: en.serviceHours,
        priceStandard: describePricing(service.pricing, 'en'),
        notes: en.notes,
      });
    }
    note('服务项目', i + 1, services.length, service.name, created);
  }

  for (const [i, hospital] of hospitals.entries()) {
    const { cityCode, departments, ...fields } = hospital;
    const data = { ...fields, city: cityIds.get(cityCode) ?? null, departments: departments.map((name) => ({ name })), active: true };
    const { created } = await upsertBy(strapi, 'api::hospital.hospital', { slug: hospital.slug }, data);
    note('医院', i + 1, hospitals.length, hospital.name, created);
  }

  strapi.log.info(`[seed] 演示数据就绪：新建 ${createdCount} 条，用时 ${Date.now() - started} ms`);
  return { created: createdCount };
}

async function missingSlugs(strapi: Core.Strapi, uid: any, slugs: string[]): Promise<Set<string>> {
  const rows = await strapi.db.query(uid).findMany({ where: { slug: { $in: slugs }, locale: LOCALE }, select: ['slug'] });
  const present = new Set(rows.map((r: any) => r.slug));
  return new Set(slugs.filter((slug) => !present.has(slug)));
}

async function upsertBy(
  strapi: Core.Strapi,
  uid: any,
  key: Record<string, string>,
  data: object | (() => Promise<object>),
  localized = false,
): Promise<{ documentId: string; created: boolean }> {
  const documents = strapi.documents(uid);
  const locale = localized ? { locale: LOCALE } : {};
  const existing = await documents.findFirst({ filters: key, ...locale, fields: ['documentId'] } as any);
  if (existing) return { documentId: existing.documentId, created: false };
  // Built only now, so that pictures are uploaded for records that are really created.
  const values = typeof data === 'function' ? await data() : data;
  const created = await documents.create({ data: values, ...locale, status: 'published' } as any);
  return { documentId: created.documentId, created: true };
}

/**
 * A new locale of a document is validated on its own, so it carries the shared (non-localized) fields too.
 * Relations to localized documents (category, parent) given by documentId resolve to the same locale.
 */
async function addTranslation(strapi: Core.Strapi, uid: any, documentId: string, data: object, locale: SeedLocale = 'en') {
  const documents = strapi.documents(uid);
  await documents.update({ documentId, locale, data } as any);
  await documents.publish({ documentId, locale } as any);
}

function defaultProgress(strapi: Core.Strapi): Progress {
  return (kind, index, total, label, created) => {
    strapi.log.info(`[seed] ${kind} ${index}/${total} ${label}${created ? '' : '（已存在，跳过）'}`);
  };
}

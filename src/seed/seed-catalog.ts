import type { Core } from '@strapi/strapi';
import { categories, cities, credentialTypes, hospitals, services } from './catalog-data';
import type { SeedService } from './catalog-types';

const LOCALE = 'zh-Hans';

const UNIT_LABELS: Record<SeedService['pricing']['unit'], string> = {
  per_visit: '次',
  hour: '小时',
  half_day: '半天（4小时）',
  day: '天（24小时）',
  night: '晚（20:00–次日08:00）',
};

export const formatYuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/** 价格标准 text is derived from the pricing component so the page can never disagree with what is charged. */
export function describePricing(pricing: SeedService['pricing']): string {
  const unit = UNIT_LABELS[pricing.unit];
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
 * left alone when present, so editors' changes survive a restart and a second run creates nothing.
 */
export async function seedCatalog(strapi: Core.Strapi, log: Progress = defaultProgress(strapi)) {
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

  const categoryIds = new Map<string, string>();
  // Parents first so that children can point at them.
  const orderedCategories = [...categories].sort((a, b) => Number(Boolean(a.parentSlug)) - Number(Boolean(b.parentSlug)));
  for (const [i, category] of orderedCategories.entries()) {
    const { nameEn, parentSlug, ...fields } = category;
    const data = { ...fields, parent: parentSlug ? categoryIds.get(parentSlug) ?? null : null };
    const { documentId, created } = await upsertBy(strapi, 'api::service-category.service-category', { slug: category.slug }, data, true);
    categoryIds.set(category.slug, documentId);
    if (created) await addEnglishTranslation(strapi, documentId, { ...fields, name: nameEn });
    note('服务分类', i + 1, orderedCategories.length, category.name, created);
  }

  for (const [i, service] of services.entries()) {
    const data = {
      name: service.name,
      slug: service.slug,
      category: categoryIds.get(service.categorySlug) ?? null,
      summary: service.summary,
      content: service.content,
      process: service.process.map((step, index) => ({ order: index + 1, ...step })),
      serviceHours: service.serviceHours,
      priceStandard: describePricing(service.pricing),
      notes: service.notes,
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
    const { created } = await upsertBy(strapi, 'api::service.service', { slug: service.slug }, data, true);
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

async function upsertBy(
  strapi: Core.Strapi,
  uid: any,
  key: Record<string, string>,
  data: object,
  localized = false,
): Promise<{ documentId: string; created: boolean }> {
  const documents = strapi.documents(uid);
  const locale = localized ? { locale: LOCALE } : {};
  const existing = await documents.findFirst({ filters: key, ...locale, fields: ['documentId'] } as any);
  if (existing) return { documentId: existing.documentId, created: false };
  const created = await documents.create({ data, ...locale, status: 'published' } as any);
  return { documentId: created.documentId, created: true };
}

/** A new locale of a document is validated on its own, so it carries the shared (non-localized) fields too. */
async function addEnglishTranslation(strapi: Core.Strapi, documentId: string, data: object) {
  const documents = strapi.documents('api::service-category.service-category');
  await documents.update({ documentId, locale: 'en', data } as any);
  await documents.publish({ documentId, locale: 'en' } as any);
}

function defaultProgress(strapi: Core.Strapi): Progress {
  return (kind, index, total, label, created) => {
    strapi.log.info(`[seed] ${kind} ${index}/${total} ${label}${created ? '' : '（已存在，跳过）'}`);
  };
}

import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

/**
 * Strapi clamps out-of-range pagination (pageSize=-5 silently becomes 1) and answers an unknown locale with an
 * empty list. Both hide client bugs, so content-API reads reject them with a 400 in Strapi's error shape.
 */
const POSITIVE_INT = /^[1-9]\d{0,8}$/;
const NON_NEGATIVE_INT = /^\d{1,9}$/;

const RULES: Record<string, { pattern: RegExp; max?: (maxLimit: number) => number; message: string }> = {
  page: { pattern: POSITIVE_INT, message: 'pagination[page] 必须是正整数' },
  pageSize: { pattern: POSITIVE_INT, max: (m) => m, message: 'pagination[pageSize] 必须是 1 到 {max} 之间的整数' },
  start: { pattern: NON_NEGATIVE_INT, message: 'pagination[start] 必须是非负整数' },
  limit: { pattern: POSITIVE_INT, max: (m) => m, message: 'pagination[limit] 必须是 1 到 {max} 之间的整数' },
};

export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  return async (ctx: any, next: () => Promise<void>) => {
    if (ctx.method !== 'GET' || !ctx.path.startsWith('/api/')) return next();
    const maxLimit = strapi.config.get<number>('api.rest.maxLimit', 100);

    const pagination = ctx.query.pagination;
    if (pagination !== undefined && (typeof pagination !== 'object' || Array.isArray(pagination))) {
      throw new errors.ValidationError('pagination 参数格式不正确');
    }
    for (const [key, rule] of Object.entries(RULES)) {
      const raw = pagination?.[key];
      if (raw === undefined) continue;
      const max = rule.max?.(maxLimit);
      if (typeof raw !== 'string' || !rule.pattern.test(raw) || (max !== undefined && Number(raw) > max)) {
        throw new errors.ValidationError(rule.message.replace('{max}', String(max)), { key: `pagination.${key}` });
      }
    }

    const { locale } = ctx.query;
    if (locale !== undefined && locale !== 'all') {
      const known = typeof locale === 'string' && (await strapi.plugin('i18n').service('locales').findByCode(locale));
      if (!known) throw new errors.ValidationError(`不支持的语言：${String(locale)}`, { key: 'locale' });
    }
    return next();
  };
};

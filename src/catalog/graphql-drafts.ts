import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { isApiTokenAuth } from './draft-access';

/**
 * GraphQL's generated catalog queries take `status: DRAFT` from anyone who may read the published content, like
 * REST's `?status=draft` (see draft-access.ts). Only API-token callers may read catalog drafts over GraphQL.
 */
const QUERIES = ['services', 'service', 'services_connection', 'serviceCategories', 'serviceCategory', 'serviceCategories_connection'];

export function guardCatalogDraftsInGraphql(strapi: Core.Strapi) {
  const graphql = strapi.plugin('graphql');
  if (!graphql) return;
  const guard = async (next: any, parent: unknown, args: any, context: any, info: unknown) => {
    const status = args?.status;
    if (status !== undefined && status !== null && String(status).toLowerCase() !== 'published' && !isApiTokenAuth(context?.state?.auth)) {
      throw new errors.PolicyError('草稿内容不公开，请使用预览链接', { code: 'DRAFT_NOT_PUBLIC' });
    }
    return next(parent, args, context, info);
  };
  graphql.service('extension').use(() => ({
    resolversConfig: Object.fromEntries(QUERIES.map((name) => [`Query.${name}`, { middlewares: [guard] }])),
  }));
}

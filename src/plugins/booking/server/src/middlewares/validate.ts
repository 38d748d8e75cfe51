import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { z } from 'zod';
import { isDomainError } from '../domain/errors';
import { isWechatUpstreamError } from '../providers/wechat/errors';

/**
 * Every booking route runs through this middleware. It parses `params`, `query` and the JSON body with the zod
 * schemas declared on the route (`request`), replacing them with the parsed values so controllers only ever see
 * validated input, and it turns a broken domain rule into a 4xx in Strapi's error shape.
 */
export interface RouteRequestSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: { 'application/json': z.ZodType };
}

const describe = (issues: z.core.$ZodIssue[]) =>
  issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message, code: issue.code }));

function parseOrThrow(schema: z.ZodType, value: unknown, source: string) {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = describe(result.error.issues);
  const first = issues[0];
  const where = first?.path ? `${first.path}：` : '';
  throw new errors.ValidationError(`请求参数不正确（${source}）${where}${first?.message ?? ''}`, { source, errors: issues });
}

const ERROR_NAMES: Record<number, string> = {
  400: 'BadRequestError',
  403: 'ForbiddenError',
  404: 'NotFoundError',
  409: 'ConflictError',
  422: 'UnprocessableEntityError',
  429: 'TooManyRequestsError',
  502: 'BadGatewayError',
};

function respond(ctx: any, status: number, message: string, details: Record<string, unknown>) {
  ctx.status = status;
  ctx.body = { data: null, error: { status, name: ERROR_NAMES[status] ?? 'ApplicationError', message, details } };
  if (status === 429 && typeof details.retryAfterSeconds === 'number') ctx.set('Retry-After', String(details.retryAfterSeconds));
}

export default (_config: unknown, { strapi: _strapi }: { strapi: Core.Strapi }) => {
  return async (ctx: any, next: () => Promise<void>) => {
    const request: RouteRequestSchemas | undefined = ctx.state.route?.request;
    if (request?.params) ctx.params = parseOrThrow(request.params, ctx.params ?? {}, 'params');
    if (request?.query) ctx.state.query = parseOrThrow(request.query, ctx.query ?? {}, 'query');
    const bodySchema = request?.body?.['application/json'];
    if (bodySchema) ctx.state.body = parseOrThrow(bodySchema, ctx.request.body ?? {}, 'body');
    try {
      await next();
    } catch (error) {
      // An expected refusal is answered here, in Strapi's error shape, without an error log and stack trace.
      if (isDomainError(error)) return respond(ctx, error.status, error.message, { code: error.code, ...error.details });
      // A third party failing is not our bug: a 502 with a generic message, never its raw answer.
      if (isWechatUpstreamError(error)) return respond(ctx, 502, error.message, { code: error.code });
      throw error;
    }
  };
};

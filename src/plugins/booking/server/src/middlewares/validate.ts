import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { errors } from '@strapi/utils';
import { z as zod, type z } from 'zod';
import { isDomainError } from '../domain/errors';
import { isWechatUpstreamError } from '../providers/wechat/errors';
import { bookingService } from '../utils/plugin';

/**
 * Every booking route runs through this middleware. It parses `params`, `query` and the JSON body with the zod
 * schemas declared on the route (`request`), replacing them with the parsed values so controllers only ever see
 * validated input, and it turns a broken domain rule into a 4xx in Strapi's error shape.
 */
export interface RouteRequestSchemas {
  params?: Record<string, z.ZodType>;
  query?: Record<string, z.ZodType>;
  body?: { 'application/json': z.ZodType };
}

/** Where route() keeps the whole object schema behind the per-parameter record Strapi's generator reads. */
export const WHOLE_SCHEMA = Symbol.for('booking.route.wholeSchema');

const wholeCache = new WeakMap<object, z.ZodType>();
function whole(record: Record<string, z.ZodType>, strict: boolean): z.ZodType {
  const kept = (record as Record<symbol, z.ZodType | undefined>)[WHOLE_SCHEMA];
  if (kept) return kept;
  let built = wholeCache.get(record);
  if (!built) {
    // A record merged by Strapi (contentAPI.addQueryParams) loses the symbol: rebuild an object from its entries.
    built = strict ? zod.strictObject(record) : zod.object(record);
    wholeCache.set(record, built);
  }
  return built;
}

/** A JSON answer (not a CSV or file download, a stream or an empty 204). */
export function isJsonAnswer(ctx: { body?: unknown; response?: { type?: string } }): boolean {
  const body = ctx.body as { pipe?: unknown } | null | undefined;
  if (body === undefined || body === null || typeof body !== 'object' || Buffer.isBuffer(body) || typeof body.pipe === 'function') return false;
  const type = ctx.response?.type;
  return !type || type.includes('json');
}

/** The `{ data, meta? }` convention: an answer that is not already an envelope is wrapped in one. */
export function isEnvelope(body: unknown): boolean {
  if (!body || typeof body !== 'object' || Array.isArray(body) || Buffer.isBuffer(body)) return false;
  const keys = Object.keys(body);
  return keys.includes('data') && keys.every((k) => k === 'data' || k === 'meta');
}

const describe = (issues: z.core.$ZodIssue[]) => issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message, code: issue.code }));

function parseOrThrow(schema: z.ZodType, value: unknown, source: string) {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = describe(result.error.issues);
  const first = issues[0];
  const where = first?.path ? `${first.path}：` : '';
  throw new errors.ValidationError(`请求参数不正确（${source}）${where}${first?.message ?? ''}`, { code: 'VALIDATION_FAILED', source, errors: issues });
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

function respond(ctx: Context, status: number, message: string, details: Record<string, unknown>) {
  ctx.status = status;
  ctx.body = { data: null, error: { status, name: ERROR_NAMES[status] ?? 'ApplicationError', message, details } };
  if (status === 429 && typeof details.retryAfterSeconds === 'number') ctx.set('Retry-After', String(details.retryAfterSeconds));
}

export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  return async (ctx: Context, next: Next) => {
    const request: RouteRequestSchemas | undefined = ctx.state.route?.request;
    if (request?.params) ctx.params = parseOrThrow(whole(request.params, false), ctx.params ?? {}, 'params');
    if (request?.query) ctx.state.query = parseOrThrow(whole(request.query, true), ctx.query ?? {}, 'query');
    const bodySchema = request?.body?.['application/json'];
    if (bodySchema) ctx.state.body = parseOrThrow(bodySchema, ctx.request.body ?? {}, 'body');
    try {
      // The events this request causes (after-commit effects such as dispatch) are delivered before it answers.
      await bookingService(strapi, 'events').scope(next);
      const contract = ctx.state.route?.contract;
      if (!contract?.raw && ctx.status < 400 && isJsonAnswer(ctx) && !isEnvelope(ctx.body)) ctx.body = { data: ctx.body };
    } catch (error) {
      // An expected refusal is answered here, in Strapi's error shape, without an error log and stack trace.
      if (isDomainError(error)) return respond(ctx, error.status, error.message, { code: error.code, ...error.details });
      // A third party failing is not our bug: a 502 with a generic message, never its raw answer.
      if (isWechatUpstreamError(error)) return respond(ctx, 502, error.message, { code: error.code });
      throw error;
    }
  };
};

import { z } from 'zod';
import type { ErrorCode } from '../domain/errors';
import type { RouteRequestSchemas } from '../middlewares/validate';
import { WHOLE_SCHEMA } from '../middlewares/validate';

/**
 * Builds a route in the shape Strapi 5.54's router and `strapi openapi generate` expect — `request.params` and
 * `request.query` as a record of one zod schema per parameter, `request.body` as `{ 'application/json': schema }`,
 * `response` as the zod schema of the 200/201 answer — plus the validate middleware, so that no booking route can
 * be declared without validation. The whole object schemas (with their object-level refinements and strictness)
 * ride along on the records under a non-enumerable symbol for the validate middleware; the generator only sees the
 * per-parameter entries. `errors` lists the catalogue codes the route can answer (docs/openapi.json documents them
 * per status; the contract check in the integration tests refuses an undeclared code).
 * `auth: false` marks a public route (its only credential may be a provider signature); otherwise the route needs
 * a users-permissions JWT (content API) or an admin JWT (admin API).
 */
export type SuccessStatus = 200 | 201 | 202;

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  handler: string;
  auth?: false;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The schema of `data` in the `{ data, meta? }` success envelope (or the whole answer with `raw`). */
  response?: z.ZodType;
  /**
   * The success status(es) the route answers, first the usual one (default 200): 201 for a creation, `[201, 200]`
   * for "created, or the existing one returned", 202 for work accepted but not yet applied. The OpenAPI document
   * lists each with the `response` schema; the contract check refuses an undeclared success status.
   */
  status?: SuccessStatus | SuccessStatus[];
  /** Catalogue codes this route can answer besides the generic ones every route may give. */
  errors?: ErrorCode[];
  /** The answer is not JSON `{ data }` (provider acknowledgements, CSV, file downloads). */
  raw?: { contentType: string; description: string };
  /**
   * The request is `multipart/form-data` with one file in `field` (uploads): Strapi's body parser reads it, so
   * there is no zod body; the OpenAPI document describes the form from this.
   */
  upload?: { field: string; description: string };
  /** A second media type the route can answer instead of the JSON one (a `format=csv` download). */
  alternative?: { contentType: string; description: string };
  policies?: Array<string | { name: string; config?: unknown }>;
  middlewares?: string[];
  summary?: string;
  description?: string;
}

function perParameter(schema: z.ZodObject) {
  const record: Record<string, z.ZodType> = { ...(schema.shape as Record<string, z.ZodType>) };
  Object.defineProperty(record, WHOLE_SCHEMA, { value: schema, enumerable: false });
  return record;
}

/** Admin routes: the plugin's admin permission (Settings -> Roles) the operator's role must hold. */
export const can = (action: string) => ({ name: 'admin::hasPermissions', config: { actions: [action] } });

export function route(spec: RouteSpec) {
  const request: RouteRequestSchemas = {};
  if (spec.params) request.params = perParameter(spec.params);
  if (spec.query) request.query = perParameter(spec.query);
  if (spec.body) request.body = { 'application/json': spec.body };
  return {
    method: spec.method,
    path: spec.path,
    handler: spec.handler,
    request,
    ...(spec.raw ? {} : { response: spec.response ?? anyEnvelope }),
    contract: {
      errors: spec.errors ?? [],
      errorsDeclared: spec.errors !== undefined,
      statuses: spec.status === undefined ? [200] : Array.isArray(spec.status) ? spec.status : [spec.status],
      // Routes still on the catch-all answer (no `response`, no `status`) are not held to a success status yet.
      statusesDeclared: spec.status !== undefined || spec.response !== undefined,
      raw: spec.raw,
      alternative: spec.alternative,
      upload: spec.upload,
      summary: spec.summary,
      description: spec.description,
      auth: spec.auth !== false,
      hasInput: Boolean(spec.params || spec.query || spec.body),
    },
    config: {
      ...(spec.auth === false ? { auth: false as const } : {}),
      policies: spec.policies ?? [],
      middlewares: ['plugin::booking.validate', ...(spec.middlewares ?? [])],
    },
  };
}

// z.record is avoided in schemas: @strapi/openapi's zod 4.4.3 cannot convert a record built by our zod 4.6.
/** The success envelope `{ data, meta? }` every JSON route answers. */
export const anyEnvelope = z.object({ data: z.unknown(), meta: z.object({}).catchall(z.unknown()).optional() });
export const envelope = <T extends z.ZodType>(data: T) => z.object({ data });
export const listEnvelope = <T extends z.ZodType>(item: T, meta: z.ZodType = paginationMeta) => z.object({ data: z.array(item), meta });
export const paginationMeta = z.object({
  pagination: z.object({ page: z.number().int(), pageSize: z.number().int(), pageCount: z.number().int(), total: z.number().int() }),
});

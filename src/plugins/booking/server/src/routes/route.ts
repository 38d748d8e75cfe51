import type { z } from 'zod';
import type { RouteRequestSchemas } from '../middlewares/validate';

/**
 * Builds a route with its zod request schemas and the validate middleware, so that no booking route can be
 * declared without going through validation. `auth: false` marks a public route (its only credential may be a
 * provider signature); otherwise the route needs a users-permissions JWT.
 */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  handler: string;
  auth?: false;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  policies?: Array<string | { name: string; config?: unknown }>;
  middlewares?: string[];
  summary?: string;
}

export function route(spec: RouteSpec) {
  const request: RouteRequestSchemas = {};
  if (spec.params) request.params = spec.params;
  if (spec.query) request.query = spec.query;
  if (spec.body) request.body = { 'application/json': spec.body };
  return {
    method: spec.method,
    path: spec.path,
    handler: spec.handler,
    request,
    config: {
      ...(spec.auth === false ? { auth: false as const } : {}),
      policies: spec.policies ?? [],
      middlewares: ['plugin::booking.validate', ...(spec.middlewares ?? [])],
    },
  };
}

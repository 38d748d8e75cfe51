import type { z } from 'zod';
import type { ErrorCode } from '../domain/errors';

/**
 * The response half of the API contract, checked at run time when API_CONTRACT_CHECK=true (the integration tests
 * set it): a success answer must match the route's declared `response` zod schema, and an error answer's
 * `details.code` must be one the route declares (or a generic one any route may give). A mismatch replaces the
 * answer with a 500 naming the violation, so the test that received it fails loudly instead of passing on a
 * shape the OpenAPI document does not describe. Off in production: the document is checked, not re-checked.
 */
export const GENERIC_ERROR_CODES: readonly ErrorCode[] = [
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'FORBIDDEN',
  'METHOD_NOT_ALLOWED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'INTERNAL_ERROR',
  'SERVICE_UNAVAILABLE',
];

export interface RouteContract {
  errors: ErrorCode[];
  /** Only a route that lists its codes has them checked (the others document the generic ones only). */
  errorsDeclared: boolean;
  raw?: { contentType: string; description: string };
  auth: boolean;
  /** The success statuses the route documents (route() fills the default [200]). */
  statuses?: number[];
  statusesDeclared?: boolean;
}

/** Every code a route may answer: its own, the generic ones, and 401 when it needs a sign-in. */
export function allowedCodes(contract: RouteContract): Set<string> {
  return new Set<string>([...GENERIC_ERROR_CODES, ...(contract.auth ? ['UNAUTHENTICATED'] : []), ...contract.errors]);
}

export function contractViolation(
  route: { response?: z.ZodType; contract?: RouteContract } | undefined,
  status: number,
  body: unknown,
  json = true,
): string | null {
  const contract = route?.contract;
  if (!contract) return null;
  if (status >= 400) {
    // A provider callback refuses in the provider's own format (it retries on any non-2xx), not Strapi's.
    const error = (body as { error?: { details?: { code?: unknown } } } | null | undefined)?.error;
    if (contract.raw && !error) return null;
    const code = error?.details?.code;
    if (typeof code !== 'string') return `error answer ${status} without details.code`;
    if (contract.errorsDeclared && !allowedCodes(contract).has(code)) return `error code ${code} (${status}) is not declared on the route`;
    return null;
  }
  if (contract.raw || !route?.response || status === 204 || !json) return null;
  if (contract.statusesDeclared && contract.statuses && !contract.statuses.includes(status)) {
    return `success status ${status} is not declared on the route (declared: ${contract.statuses.join(', ')})`;
  }
  // What the client receives: dates are strings once serialised.
  const result = route.response.safeParse(JSON.parse(JSON.stringify(body)));
  if (result.success) return null;
  const issues = result.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  return `answer does not match the declared response schema: ${issues.join('; ')}`;
}

export const contractCheckEnabled = () => process.env.API_CONTRACT_CHECK === 'true';

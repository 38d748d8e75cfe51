import type { Context, Next } from 'koa';
import { ERROR_CATALOGUE, isErrorCode, type ErrorCode } from '../domain/errors';
import { contractCheckEnabled, contractViolation } from './response-contract';
import { isJsonAnswer } from './validate';

/**
 * The outermost error step (registered before `strapi::errors` in config/middlewares.ts): every error response of
 * the platform — the booking plugin's, the catalog's, users-permissions' and Strapi's own (401, 404, 405, 413 ...) —
 * leaves with a `details.code` from the one catalogue. Errors our code raises already carry their code; for the
 * rest the code follows from the HTTP status.
 */
const BY_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_ERROR',
  502: 'UPSTREAM_UNAVAILABLE',
  503: 'SERVICE_UNAVAILABLE',
};

export function codeForError(status: number, name: unknown): ErrorCode {
  if (status === 400 && name === 'ValidationError') return 'VALIDATION_FAILED';
  return BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
}

export default () =>
  async function errorCodes(ctx: Context, next: Next) {
    await next();
    if (ctx.status >= 400) addCode(ctx);
    if (contractCheckEnabled()) enforceContract(ctx);
  };

/** Tests only (API_CONTRACT_CHECK=true): an answer the route's contract does not describe becomes a loud 500. */
function enforceContract(ctx: Context) {
  const violation = contractViolation(ctx.state.route, ctx.status, ctx.body, isJsonAnswer(ctx));
  if (!violation) return;
  const where = `${ctx.method} ${ctx.state.route?.path ?? ctx.path}`;
  console.error(`API contract violation on ${where}: ${violation}`);
  ctx.status = 500;
  ctx.body = { data: null, error: { status: 500, name: 'ContractViolation', message: `${where}: ${violation}`, details: { code: 'INTERNAL_ERROR' } } };
}

function addCode(ctx: Context) {
  const body = ctx.body as { error?: { status?: number; name?: string; message?: string; details?: Record<string, unknown> } } | undefined;
  const error = body && typeof body === 'object' && !Buffer.isBuffer(body) ? body.error : undefined;
  if (!error || typeof error !== 'object') return;
  const details = error.details && typeof error.details === 'object' ? error.details : {};
  if (!isErrorCode(details.code)) details.code = codeForError(ctx.status, error.name);
  error.details = details;
  if (!error.message) error.message = ERROR_CATALOGUE[details.code as ErrorCode].message;
}

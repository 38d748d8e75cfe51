/**
 * The one error type the pure rules throw. Services translate it to Strapi's error shape
 * (`{ data: null, error: { status, name, message, details } }`) so that a broken rule is always a 4xx.
 */
export type DomainErrorStatus = 400 | 403 | 404 | 409 | 422 | 429 | 502;

export class DomainError extends Error {
  readonly code: string;
  readonly status: DomainErrorStatus;
  readonly details: Record<string, unknown>;

  constructor(code: string, message: string, status: DomainErrorStatus = 400, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

/**
 * A typed client for the platform's REST API. The path, parameter, body and answer types come from
 * `src/schema.d.ts`, which openapi-typescript generates from docs/openapi.json (`npm run openapi` at the repository
 * root regenerates both; CI fails when either is stale). openapi-fetch does the requests: no runtime code is
 * generated, so the client is a few kilobytes.
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths };

/** Strapi's error shape: `error.details.code` is from docs/errors.md. */
export type ApiError = components['schemas']['ErrorResponse'];

export interface BookingClientOptions extends ClientOptions {
  /** The platform's origin, e.g. https://api.example.cn (paths in the document start with /api or /booking). */
  baseUrl: string;
  /** A users-permissions JWT (customers, caregivers) or an admin JWT (operators' /booking routes). */
  token?: string;
}

export type BookingClient = Client<paths> & {
  /** Use this JWT from now on (after a sign-in), or none. */
  setToken(token: string | undefined): void;
};

export function createBookingClient(options: BookingClientOptions): BookingClient {
  const { token, ...clientOptions } = options;
  let jwt = token;
  const client = createClient<paths>(clientOptions);
  client.use({
    onRequest({ request }) {
      if (jwt && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${jwt}`);
      return request;
    },
  });
  return Object.assign(client, {
    setToken(next: string | undefined) {
      jwt = next;
    },
  });
}

/** The catalogue code of an error answer (`undefined` for a success or a non-JSON failure). */
export function errorCode(error: unknown): string | undefined {
  const code = (error as ApiError | undefined)?.error?.details?.code;
  return typeof code === 'string' ? code : undefined;
}

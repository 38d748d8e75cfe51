/**
 * The one door to the platform's REST API. Every screen calls the typed functions in ./index.ts, which call
 * `request` here: when the generated client (packages/sdk, openapi-fetch) lands, only this file and ./index.ts
 * change. Errors arrive in Strapi's shape `{ data: null, error: { status, name, message, details: { code } } }`
 * and become an ApiError whose message is the server's Chinese message.
 */
declare global {
  interface Window {
    __H5_CONFIG__?: { apiBase?: string };
  }
}

const configured = (typeof window !== 'undefined' && window.__H5_CONFIG__?.apiBase) || import.meta.env.VITE_API_BASE || '/api';
/** Absolute base URL of the REST API, e.g. https://api.example.com/api (no trailing slash). */
export const API_BASE = new URL(configured.replace(/\/+$/, ''), window.location.href).toString().replace(/\/+$/, '');
/** Origin that serves uploaded files (`/uploads/...` URLs are relative to it). */
export const API_ORIGIN = new URL(API_BASE).origin;

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const TOKEN_KEY = 'h5.jwt';
let unauthorizedHandler: (() => void) | null = null;

export const session = {
  token: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (jwt: string) => localStorage.setItem(TOKEN_KEY, jwt),
  clear: () => localStorage.removeItem(TOKEN_KEY),
  /** Called when the server says the token is no longer valid (expired, account deleted or blocked). */
  onUnauthorized: (handler: () => void) => {
    unauthorizedHandler = handler;
  },
};

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  /** Public routes work without a token; a stale token must not turn them into a 401. */
  anonymous?: boolean;
}

export function buildUrl(path: string, query?: Query): string {
  const url = new URL(API_BASE + path);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
  }
  return url.toString();
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...(options.headers ?? {}) };
  const token = options.anonymous ? null : session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (options.form) body = options.form;
  else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), { method, headers, body });
  } catch {
    throw new ApiError('网络连接失败，请检查网络后重试', 0, 'NETWORK_ERROR');
  }
  const text = await response.text();
  let payload: any = null;
  try {
    payload = text ? JSON.parse(text) : null;
  } catch {
    payload = text;
  }
  if (!response.ok) {
    const error = payload?.error;
    if (response.status === 401 && token) unauthorizedHandler?.();
    throw new ApiError(
      (typeof error?.message === 'string' && error.message) || `请求失败（${response.status}）`,
      response.status,
      error?.details?.code ?? null,
      error?.details ?? {},
    );
  }
  return payload as T;
}

/** `/uploads/x.jpg` → absolute URL on the API's origin; absolute URLs (CDN, S3) stay as they are. */
export function mediaUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  return /^(https?:)?\/\//.test(url) || url.startsWith('data:') ? url : API_ORIGIN + url;
}

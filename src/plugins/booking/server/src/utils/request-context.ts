import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request id of the HTTP request being served, for log lines written anywhere below it. The store lives on
 * a process-wide symbol so that the app's logger format (config/logger.ts, compiled apart from the plugin) reads
 * the same AsyncLocalStorage the plugin's observability middleware writes.
 */
export interface RequestContext {
  requestId: string;
}

const KEY = Symbol.for('care-platform.request-context');

export function requestContextStore(): AsyncLocalStorage<RequestContext> {
  const holder = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestContext> | undefined>;
  if (!holder[KEY]) holder[KEY] = new AsyncLocalStorage<RequestContext>();
  return holder[KEY] as AsyncLocalStorage<RequestContext>;
}

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';

/** The message of a failed admin request: the server's own (Chinese, from the error catalogue) when it sent one. */
export function errorMessage(e: any): string {
  const error = e?.response?.data?.error;
  if (error?.message) {
    const first = error.details?.errors?.[0];
    // zod validation: the field's own message says more than the generic one.
    return first?.message && first.message !== error.message ? `${error.message}：${first.message}` : error.message;
  }
  if (e?.status === 403 || e?.response?.status === 403) return '没有权限执行此操作';
  return e?.message || '操作失败，请稍后重试';
}

export type Params = Record<string, string | number | boolean | undefined | null>;

export function queryString(params: Params): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? `?${entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}` : '';
}

export interface Pagination {
  page: number;
  pageSize: number;
  total: number;
  pageCount?: number;
}

/**
 * A server-paged list: filters in `params`, the page kept here (back to 1 whenever the filters change).
 * `pollMs` re-reads the current page in the background so a desk sees new work without reloading.
 */
export function usePagedList<T>(path: string, params: Params, options: { pageSize?: number; pollMs?: number; enabled?: boolean } = {}) {
  const { get } = useFetchClient();
  const [page, setPage] = useState(1);
  const [rows, setRows] = useState<T[]>([]);
  const [pagination, setPagination] = useState<Pagination | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const key = JSON.stringify(params);
  const lastKey = useRef(key);
  if (lastKey.current !== key) {
    lastKey.current = key;
    if (page !== 1) setPage(1);
  }
  const url = useMemo(() => `${path}${queryString({ ...JSON.parse(key), page, pageSize: options.pageSize ?? 20 })}`, [path, key, page, options.pageSize]);
  const enabled = options.enabled !== false;

  const reload = useCallback(async () => {
    if (!enabled) return;
    try {
      const { data } = await get<any>(url);
      setRows(Array.isArray(data.data) ? data.data : []);
      const p = data.meta?.pagination;
      setPagination(p ? { ...p, pageCount: p.pageCount ?? Math.ceil(p.total / p.pageSize) } : null);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [get, url, enabled]);

  useEffect(() => {
    setLoading(true);
    void reload();
  }, [reload]);

  usePolling(reload, options.pollMs);
  return { rows, pagination, error, loading, reload, page, setPage };
}

/** One admin resource (`data`), reloadable. */
export function useResource<T>(url: string | null, pollMs?: number) {
  const { get } = useFetchClient();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    if (!url) return;
    try {
      const res = await get<any>(url);
      setData(res.data.data ?? res.data);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [get, url]);
  useEffect(() => {
    setData(null);
    void reload();
  }, [reload]);
  usePolling(reload, pollMs);
  return { data, error, reload };
}

/** Calls `fn` every `ms` while the tab is visible. */
export function usePolling(fn: () => unknown, ms?: number) {
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => {
    if (!ms) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void latest.current();
    }, ms);
    return () => clearInterval(timer);
  }, [ms]);
}

/** Re-renders every second (countdowns). */
export function useNow(ms = 1000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

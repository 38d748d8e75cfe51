import { useCallback, useEffect, useState } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { errorMessage } from './format';

/** Loads an admin route's `data` array (and reloads on demand); errors become a readable message. */
export function useAdminList<T>(url: string) {
  const { get } = useFetchClient();
  const [rows, setRows] = useState<T[]>([]);
  const [meta, setMeta] = useState<any>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      const { data } = await get<any>(url);
      setRows(Array.isArray(data.data) ? data.data : []);
      setMeta(data.meta ?? null);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [get, url]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { rows, meta, error, reload };
}

import { useEffect, useState } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';

let cache: Promise<{
  cities: Array<{ code: string; name: string }>;
  services: Array<{ documentId: string; name: string }>;
  courses: Array<{ documentId: string; title: string }>;
}> | null = null;

/** Cities and services for the filters, read once per page load. */
export function useOptions() {
  const { get } = useFetchClient();
  const [options, setOptions] = useState<{
    cities: Array<{ code: string; name: string }>;
    services: Array<{ documentId: string; name: string }>;
    courses: Array<{ documentId: string; title: string }>;
  }>({ cities: [], services: [], courses: [] });
  useEffect(() => {
    cache ??= get<any>('/booking/console/options').then(({ data }) => data.data);
    cache.then(setOptions).catch(() => {
      cache = null;
    });
  }, [get]);
  return {
    ...options,
    cityOptions: [['', '全部城市'], ...options.cities.map((c) => [c.code, c.name])] as Array<[string, string]>,
    serviceOptions: [['', '全部服务'], ...options.services.map((s) => [s.documentId, s.name])] as Array<[string, string]>,
  };
}

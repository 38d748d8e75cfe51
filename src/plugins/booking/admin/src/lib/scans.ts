import { useEffect, useState } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';

/**
 * Where the console reads identity-card and certificate scans from. Scans are private files: the audit detail
 * carries each one's opaque key, and the bytes come only from the audited operator route
 * `GET /booking/caregivers/:documentId/files/:key` (needs `credentials.audit`; every read writes an
 * `application.view_scan` audit row). The admin fetch client adds the admin JWT, which an `<img src>` could not,
 * so the image is fetched as a blob and shown through an object URL, revoked when the viewer goes away.
 */
export interface ScanFile {
  /** The scan's opaque key. */
  id: string;
  /** The caregiver (application) the scan belongs to. */
  caregiverId: string;
  mime?: string | null;
}

export const scanPath = (file: ScanFile) => `/booking/caregivers/${encodeURIComponent(file.caregiverId)}/files/${encodeURIComponent(file.id)}`;

/** The ONE way the console reads a scan: an object URL for `<img>` (null while loading), or the error. */
export function useScanUrl(file: ScanFile | null): { url: string | null; error: boolean } {
  const { get } = useFetchClient();
  const [state, setState] = useState<{ url: string | null; error: boolean }>({ url: null, error: false });
  const path = file ? scanPath(file) : null;
  useEffect(() => {
    if (!path) return undefined;
    let objectUrl: string | null = null;
    let cancelled = false;
    setState({ url: null, error: false });
    get(path, { responseType: 'blob' })
      .then(({ data }) => {
        if (cancelled) return;
        objectUrl = URL.createObjectURL(data);
        setState({ url: objectUrl, error: false });
      })
      .catch(() => {
        if (!cancelled) setState({ url: null, error: true });
      });
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [get, path]);
  return state;
}

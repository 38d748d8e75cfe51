import { useState } from 'react';
import { Button } from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { errorMessage, queryString, type Params } from '../lib/api';

/** Downloads one analytics table as the server's CSV (same route with format=csv, the operator's own token). */
export function CsvButton({ path, params, filename }: { path: string; params: Params; filename: string }) {
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const { data } = await get<Blob>(`${path}${queryString({ ...params, format: 'csv' })}`, { responseType: 'blob' } as any);
      const url = URL.createObjectURL(data);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${filename}.csv`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      toggleNotification({ type: 'danger', message: `下载失败：${errorMessage(e)}` });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant="tertiary" size="S" loading={busy} onClick={() => void download()}>
      下载 CSV
    </Button>
  );
}

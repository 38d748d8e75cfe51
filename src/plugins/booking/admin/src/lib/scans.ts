/**
 * Where the console reads identity-card and certificate scans from: the ONE place to change when scans move
 * behind the private, audited operator route. Today the audit detail carries each file's upload URL.
 */
export interface ScanFile {
  id: number;
  url: string;
  mime?: string;
}

export function scanUrl(file: ScanFile): string {
  if (/^https?:\/\//.test(file.url)) return file.url;
  return `${(window as any).strapi?.backendURL ?? ''}${file.url}`;
}

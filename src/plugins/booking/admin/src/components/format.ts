export const yuan = (fen: number | null | undefined) => `¥${((fen ?? 0) / 100).toFixed(2)}`;
export const beijing = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—';
export const errorMessage = (e: any) => e?.response?.data?.error?.message ?? e?.message ?? '加载失败';

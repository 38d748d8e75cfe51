export const yuan = (fen: number | null | undefined) => `¥${((fen ?? 0) / 100).toFixed(2)}`;

export const beijing = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—');

export const beijingDate = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '—');

/** YYYY-MM-DD of a Beijing day, `offsetDays` from today. */
export const beijingDay = (offsetDays = 0, now = Date.now()) => new Date(now + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

export const percent = (ratio: number | null | undefined) => (ratio === null || ratio === undefined ? '—' : `${(ratio * 100).toFixed(1)}%`);

/** "还剩 3分12秒" / "已超时" for an offer or a change request. */
export function countdown(iso: string | null | undefined, now: number): string {
  if (!iso) return '—';
  const left = Math.floor((new Date(iso).getTime() - now) / 1000);
  if (left <= 0) return '已超时';
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = left % 60;
  return `还剩 ${h ? `${h}小时` : ''}${m}分${String(s).padStart(2, '0')}秒`;
}

/** Money is integer fen on the wire; people read yuan. Times are Beijing wall-clock whatever the phone's zone. */
export const yuan = (fen: number | null | undefined) => (fen == null ? '—' : `¥${(fen / 100).toFixed(2)}`);

/** Price-from style: ¥128 or ¥128.50. */
export const yuanShort = (fen: number | null | undefined) => {
  if (fen == null) return '—';
  const value = fen / 100;
  return `¥${Number.isInteger(value) ? value : value.toFixed(2)}`;
};

const BEIJING = 'Asia/Shanghai';
const formatter = new Intl.DateTimeFormat('zh-CN', {
  timeZone: BEIJING,
  hour12: false,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/** Beijing wall-clock parts of an instant. */
function beijing(value: string | Date) {
  const parts = Object.fromEntries(formatter.formatToParts(new Date(value)).map((p) => [p.type, p.value]));
  const hour = parts.hour === '24' ? '00' : parts.hour;
  return { year: parts.year, month: parts.month, day: parts.day, weekday: parts.weekday, time: `${hour}:${parts.minute}` };
}

/** 5月3日 周六 08:30 */
export const dateTime = (value: string | Date | null | undefined) => {
  if (!value) return '—';
  const b = beijing(value);
  return `${b.month}月${b.day}日 ${b.weekday} ${b.time}`;
};

export const timeOnly = (value: string | Date) => beijing(value).time;

/** 5月3日 周六 08:30–12:30, or across days 5月3日 周六 20:00 至 5月4日 周日 08:00 */
export const timeRange = (start: string, end: string) => {
  const a = beijing(start);
  const b = beijing(end);
  return a.year === b.year && a.month === b.month && a.day === b.day ? `${dateTime(start)}–${b.time}` : `${dateTime(start)} 至 ${dateTime(end)}`;
};

/** 2026-05-03 08:30 */
export const fullDateTime = (value: string | Date | null | undefined) => {
  if (!value) return '—';
  const b = beijing(value);
  return `${b.year}-${b.month.padStart(2, '0')}-${b.day.padStart(2, '0')} ${b.time}`;
};

const OFFSET_MS = 8 * 3600_000;

/**
 * The date pickers work in the phone's local clock; the page treats what they show as Beijing wall-clock time.
 * `beijingNowAsLocal` is "now" as such a wall-clock Date, `wallClockToIso` turns a picked Date into an instant.
 */
export function beijingNowAsLocal(offsetMinutes = 0): Date {
  const now = Date.now() + offsetMinutes * 60_000;
  return new Date(now + OFFSET_MS + new Date(now).getTimezoneOffset() * 60_000);
}

const pad = (n: number) => String(n).padStart(2, '0');

export function wallClockToIso(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:00+08:00`;
}

export const maskPhone = (phone: string | null | undefined) => (phone ? phone.replace(/^(\d{3})\d{4}(\d{4})$/, '$1****$2') : '');

/** "08:00:00.000" → minutes of the day. */
export const minutesOf = (time: string | undefined, fallback: number) => {
  const match = /^(\d{2}):(\d{2})/.exec(time ?? '');
  return match ? Number(match[1]) * 60 + Number(match[2]) : fallback;
};

export const isMainlandMobile = (value: string) => /^1[3-9]\d{9}$/.test(value.trim());

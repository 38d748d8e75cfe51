import { AsyncLocalStorage } from 'node:async_hooks';
import { winston, formats } from '@strapi/logger';

/**
 * LOG_LEVEL quietens Strapi without code changes. LOG_FORMAT=json (the default when NODE_ENV=production) writes
 * one JSON object per line with the request id of the HTTP request being served (set by the booking plugin's
 * observability middleware), for a log shipper; `pretty` is for people.
 *
 * Redaction is a second line of defence: the code does not log personal data, but a message that quotes a
 * phone number, an ID-card number or a bearer token (an error from a library, a URL) is masked here.
 */
const REQUEST_CONTEXT = Symbol.for('care-platform.request-context');
const requestId = () => {
  const store = (globalThis as unknown as Record<symbol, AsyncLocalStorage<{ requestId: string }> | undefined>)[REQUEST_CONTEXT];
  return store?.getStore()?.requestId;
};

const REDACTIONS: Array<[RegExp, string]> = [
  [/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1[redacted]'],
  [/((?:access_token|token|jwt|code|password|secret|sign(?:ature)?)=)[^&\s"']+/gi, '$1[redacted]'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, '[jwt]'],
  [/(?<!\d)\d{17}[\dXx](?!\d)/g, '[id-number]'],
  [/(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)/g, '[phone]'],
];
export function redact(text: string): string {
  return REDACTIONS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

const redactFormat = winston.format((info) => {
  // strapi.log.error(error) hands winston the Error itself: its message and stack are not enumerable.
  if (info instanceof Error) {
    return Object.assign({}, info, {
      level: info.level,
      message: redact(info.message),
      stack: info.stack ? redact(info.stack) : undefined,
      requestId: requestId(),
    });
  }
  if (typeof info.message === 'string') info.message = redact(info.message);
  else if (info.message instanceof Error) {
    if (info.message.stack) info.stack = redact(info.message.stack);
    info.message = redact(info.message.message);
  }
  if (typeof info.stack === 'string') info.stack = redact(info.stack);
  const id = requestId();
  if (id) info.requestId = id;
  return info;
});

const json = (process.env.LOG_FORMAT ?? (process.env.NODE_ENV === 'production' ? 'json' : 'pretty')) === 'json';

export default {
  // Logger-level: every transport (the console here, any a deployment or a test adds) gets redacted lines.
  format: redactFormat(),
  transports: [
    new winston.transports.Console({
      level: process.env.LOG_LEVEL || 'http',
      format: json ? winston.format.combine(winston.format.timestamp(), winston.format.json()) : formats.prettyPrint({ timestamps: 'YYYY-MM-DD HH:mm:ss.SSS' }),
    }),
  ],
};

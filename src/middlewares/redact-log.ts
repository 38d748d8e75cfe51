/**
 * Keeps credentials that clients must put in the query string (the SSE stream's `access_token`: EventSource cannot
 * send headers) out of the request log. Registered right after `strapi::logger`, which prints `ctx.url` once the
 * response is done: the URL is rewritten after every inner step has run, so routing, validation and the controller
 * still see the token, while the log line never does — whether the request succeeded or validation rejected it.
 */
const SECRET_PARAMS = ['access_token'];

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const query = url.slice(q + 1);
  const redacted = query
    .split('&')
    .map((pair) => {
      const name = pair.split('=')[0];
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // A malformed escape is logged as it came; only exact secret names are replaced.
      }
      return SECRET_PARAMS.includes(decoded) ? `${name}=[REDACTED]` : pair;
    })
    .join('&');
  return `${url.slice(0, q)}?${redacted}`;
}

export default () => {
  return async (ctx: any, next: () => Promise<void>) => {
    try {
      await next();
    } finally {
      if (ctx.url.includes('?')) {
        const safe = redactUrl(ctx.url);
        if (safe !== ctx.url) ctx.url = safe;
      }
    }
  };
};

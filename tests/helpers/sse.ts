/** A minimal Server-Sent-Events client for tests: collects frames (retry hints and events) until the stream ends. */
import http from 'node:http';

export interface SseClient {
  status: Promise<number>;
  /** Raw text received so far. */
  text: () => string;
  events: () => Array<{ event: string; data: string }>;
  ended: Promise<void>;
  close: () => void;
}

export function openSse(url: string, headers: Record<string, string> = {}): SseClient {
  let raw = '';
  let req!: http.ClientRequest;
  let resolveEnded!: () => void;
  const ended = new Promise<void>((resolve) => (resolveEnded = resolve));
  const status = new Promise<number>((resolve, reject) => {
    req = http.get(url, { headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (raw += chunk));
      res.on('end', resolveEnded);
      res.on('close', resolveEnded);
      res.on('error', resolveEnded);
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (error) => {
      resolveEnded();
      reject(error);
    });
  });
  status.catch(() => undefined);
  const events = () =>
    raw
      .split('\n\n')
      .map((frame) => ({ event: /^event: (.*)$/m.exec(frame)?.[1] ?? '', data: /^data: (.*)$/m.exec(frame)?.[1] ?? '' }))
      .filter((frame) => frame.event);
  return { status, text: () => raw, events, ended, close: () => req.destroy() };
}

/** Resolves when `predicate` holds, polling every 50 ms; rejects after `timeoutMs`. */
export async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

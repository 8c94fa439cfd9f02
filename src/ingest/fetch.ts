/**
 * One HTTP request with the guarantees a crawler needs: no automatic redirects, a timeout that
 * covers the headers and the whole body (AbortController), and a size cap past which the body
 * is no longer read (the connection is dropped and the result marked truncated).
 */
import { STATUS_CODES } from 'node:http';

export type FetchErrorKind = 'timeout' | 'network' | 'aborted' | 'invalid-url';

export class FetchError extends Error {
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface FetchOnceOptions {
  timeoutMs: number;
  maxBytes: number;
  userAgent: string;
  /** Cancels the request (Ctrl-C). */
  signal?: AbortSignal | undefined;
  accept?: string;
}

export interface FetchResult {
  url: string;
  status: number;
  statusText: string;
  headers: Headers;
  body: Buffer;
  /** The body was longer than `maxBytes`; `body` holds its first `maxBytes` bytes. */
  truncated: boolean;
  elapsedMs: number;
}

const DEFAULT_ACCEPT = 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5';

export async function fetchOnce(url: string, o: FetchOnceOptions): Promise<FetchResult> {
  if (o.signal?.aborted) throw new FetchError('aborted', 'interrupted');
  const started = Date.now();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, o.timeoutMs);
  const onAbort = () => controller.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let res: Response;
    try {
      res = await fetch(url, {
        redirect: 'manual',
        signal: controller.signal,
        headers: { 'user-agent': o.userAgent, accept: o.accept ?? DEFAULT_ACCEPT },
      });
    } catch (err) {
      throw classify(err, timedOut, o, url);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    let truncated = false;
    if (res.body) {
      const reader = res.body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (total + value.byteLength > o.maxBytes) {
            const keep = o.maxBytes - total;
            if (keep > 0) chunks.push(Buffer.from(value.buffer, value.byteOffset, keep));
            total += Math.max(0, keep);
            truncated = true;
            break;
          }
          chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
          total += value.byteLength;
        }
      } catch (err) {
        throw classify(err, timedOut, o, url);
      } finally {
        if (truncated) {
          // Stop the transfer: cancel the stream and drop the connection.
          reader.cancel().catch(() => {});
          controller.abort();
        }
      }
    }
    return {
      url,
      status: res.status,
      statusText: res.statusText || STATUS_CODES[res.status] || '',
      headers: res.headers,
      body: Buffer.concat(chunks, total),
      truncated,
      elapsedMs: Date.now() - started,
    };
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
  }
}

function classify(err: unknown, timedOut: boolean, o: FetchOnceOptions, url: string): FetchError {
  if (err instanceof FetchError) return err;
  if (timedOut) return new FetchError('timeout', `no complete response within ${o.timeoutMs} ms`);
  if (o.signal?.aborted) return new FetchError('aborted', 'interrupted');
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  if (e.message?.includes('Failed to parse URL') || e.message?.includes('Invalid URL')) return new FetchError('invalid-url', `invalid URL ${url}`);
  const cause = e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
  return new FetchError('network', `network error: ${cause}`);
}

/** Sleep that ends early (rejecting) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return signal?.aborted ? Promise.reject(new FetchError('aborted', 'interrupted')) : Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new FetchError('aborted', 'interrupted'));
      return;
    }
    const onAbort = () => {
      clearTimeout(t);
      reject(new FetchError('aborted', 'interrupted'));
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `Retry-After` in milliseconds (seconds or an HTTP date), or `null`. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isFinite(t) ? Math.max(0, t - now) : null;
}

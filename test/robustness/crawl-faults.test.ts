/**
 * The crawler against a hostile local server: a connection dropped mid-body (with and without
 * Content-Length), a server that never answers, a tarpit that drips a byte at a time, an endless
 * page. Each becomes a record that says what happened, and the crawl goes on to the next page.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawl } from '../../src/ingest/crawl.js';
import type { CrawlRecord, RecordSink } from '../../src/ingest/records.js';
import { scorer } from '../helpers/scorer.js';
import { startSite, type Site } from '../helpers/site.js';

const FAULTS = ['/drop-length', '/drop-chunked', '/no-answer', '/tarpit', '/endless'];
const MAX_BYTES = 64 * 1024;
const TIMEOUT_MS = 600;

describe('crawl faults', () => {
  let site: Site;
  const records: CrawlRecord[] = [];
  let summary: Awaited<ReturnType<typeof crawl>>;
  /** Server-side: responses whose connection the crawler closed before they were complete. */
  const cutByClient = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();

  const watch = (path: string, res: ServerResponse) => res.on('close', () => !res.writableFinished && cutByClient.add(path));

  beforeAll(async () => {
    site = await startSite((req, res) => {
      const path = req.url ?? '/';
      if (path === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><html><body><h1>Faults</h1>${[...FAULTS, '/after'].map((p) => `<a href="${p}">${p}</a>`).join(' ')}</body></html>`);
        return true;
      }
      if (path === '/drop-length') {
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': '10000' });
        res.write('<html><body><p>half of a page');
        setTimeout(() => res.socket?.destroy(), 20);
        return true;
      }
      if (path === '/drop-chunked') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><body><p>first chunk');
        setTimeout(() => res.socket?.destroy(), 20);
        return true;
      }
      if (path === '/no-answer') {
        watch(path, res);
        return true; // headers never come
      }
      if (path === '/tarpit') {
        watch(path, res);
        res.writeHead(200, { 'content-type': 'text/html' });
        const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write('a')), 30);
        timers.add(t);
        return true;
      }
      if (path === '/endless') {
        watch(path, res);
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        const chunk = Buffer.alloc(16 * 1024, 'boat to italy ');
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        pump();
        return true;
      }
      if (path === '/after') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><html><body><p>Still crawling after the faults.</p></body></html>');
        return true;
      }
      return false;
    });
    const sink: RecordSink = { write: async (r) => void records.push(JSON.parse(JSON.stringify(r)) as CrawlRecord), close: async () => {} };
    summary = await crawl({
      seeds: [`${site.base}/`],
      scorer: scorer(),
      sink,
      maxPages: 20,
      maxDepth: 1,
      delayMs: 0,
      timeoutMs: TIMEOUT_MS,
      maxBytes: MAX_BYTES,
      retries: 1,
      backoffMs: 10,
      userAgent: 'smuggling-risk-test/1.0',
    });
  }, 60_000);

  afterAll(async () => {
    for (const t of timers) clearInterval(t);
    await site.close();
  });

  const rec = (path: string) => records.find((r) => r.url === `${site.base}${path}`);

  it('a connection dropped mid-body is a network error after the retry, with and without Content-Length', () => {
    for (const path of ['/drop-length', '/drop-chunked']) {
      const r = rec(path);
      expect(r, path).toBeDefined();
      expect(r!.error?.kind, path).toBe('network');
      expect(r!.attempts, path).toBe(2);
      expect(site.hits(path), path).toBe(2);
      expect(r!.assessment, path).toBeUndefined(); // half a page is not scored as if it were the page
    }
  });

  it('a server that never answers and a tarpit that drips bytes are timeouts, not retried, their connections closed', () => {
    for (const path of ['/no-answer', '/tarpit']) {
      const r = rec(path);
      expect(r!.error, path).toEqual({ kind: 'timeout', message: `no complete response within ${TIMEOUT_MS} ms` });
      expect(site.hits(path), path).toBe(1);
      expect(r!.elapsedMs, path).toBeLessThan(TIMEOUT_MS + 2_000);
      expect(cutByClient.has(path), path).toBe(true);
    }
  });

  it('an endless page is read up to the byte limit, marked truncated and scored; the transfer is cut', () => {
    const r = rec('/endless')!;
    expect(r.error).toBeUndefined();
    expect(r.truncated).toBe(true);
    expect(r.bytes).toBe(MAX_BYTES);
    expect(r.text!.length).toBe(MAX_BYTES);
    expect(r.assessment!.score).toBeTypeOf('number');
    expect(cutByClient.has('/endless')).toBe(true);
  });

  it('the crawl goes on: the page after the faults is recorded, and the summary counts each fault once', () => {
    expect(rec('/after')?.error).toBeUndefined();
    expect(rec('/after')?.text).toMatch(/Still crawling/);
    expect(records.map((r) => new URL(r.url).pathname)).toEqual(['/', ...FAULTS, '/after']);
    expect(summary.errors).toBe(4);
    expect(summary.stoppedBy).toBe('frontier-empty');
  });
});

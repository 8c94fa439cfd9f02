import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { crawl, type CrawlOptions } from '../src/ingest/crawl.js';
import { openRecordFile, type CrawlRecord, type RecordSink } from '../src/ingest/records.js';
import { verifyRecords } from '../src/ingest/verify.js';
import { hugeBody, startSite, type Site } from './helpers/site.js';
import { scorer } from './helpers/scorer.js';

const memory = () => {
  const records: CrawlRecord[] = [];
  const sink: RecordSink = { write: async (r) => void records.push(JSON.parse(JSON.stringify(r))), close: async () => {} };
  return { records, sink };
};

const options = (site: Site, sink: RecordSink, over: Partial<CrawlOptions> = {}): CrawlOptions => ({
  seeds: [`${site.base}/`],
  scorer: scorer(),
  sink,
  maxPages: 50,
  maxDepth: 3,
  delayMs: 0,
  timeoutMs: 500,
  maxBytes: 50_000,
  retries: 2,
  backoffMs: 10,
  userAgent: 'smuggling-risk-test/1.0',
  ...over,
});

const byPath = (records: CrawlRecord[], site: Site, path: string) => records.find((r) => r.url === `${site.base}${path}`);

describe('crawl against a local site', () => {
  let site: Site;
  let records: CrawlRecord[];
  let summary: Awaited<ReturnType<typeof crawl>>;

  beforeAll(async () => {
    site = await startSite();
    const m = memory();
    summary = await crawl(options(site, m.sink));
    records = m.records;
  });
  afterAll(async () => site.close());

  it('reads robots.txt once and never requests a disallowed URL', () => {
    expect(site.hits('/robots.txt')).toBe(1);
    expect(site.hits('/private/secret')).toBe(0);
    expect(records.some((r) => r.url.includes('/private'))).toBe(false);
    expect(summary.skippedRobots).toBe(1);
  });

  it('stays on the host and records each URL once', () => {
    expect(records.every((r) => r.url.startsWith(site.base))).toBe(true);
    const urls = records.map((r) => r.url);
    expect(new Set(urls).size).toBe(urls.length);
    // /b and /b#comments are one page.
    expect(site.hits('/b')).toBe(1);
    expect(site.requests.every((r) => r.ua === 'smuggling-risk-test/1.0')).toBe(true);
  });

  it('follows a redirect chain by hand and records the hops', () => {
    const r = byPath(records, site, '/redirect1')!;
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(200);
    expect(r.finalUrl).toBe(`${site.base}/target`);
    expect(r.redirects.map((h) => h.status)).toEqual([301, 302]);
    expect(r.text).toContain('Arrived after two redirects');
    expect(byPath(records, site, '/target')).toBeUndefined();
    expect(site.hits('/target')).toBe(1);
  });

  it('records a redirect loop as an error and goes on', () => {
    const r = byPath(records, site, '/loop1')!;
    expect(r.error?.kind).toBe('redirect-loop');
    expect(site.hits('/loop1')).toBe(1);
    expect(site.hits('/loop2')).toBe(1);
  });

  it('retries a 500 and keeps the second answer', () => {
    const r = byPath(records, site, '/flaky')!;
    expect(r.status).toBe(200);
    expect(r.attempts).toBe(2);
    expect(r.error).toBeUndefined();
    expect(site.hits('/flaky')).toBe(2);
  });

  it('records a slow page as a timeout', () => {
    const r = byPath(records, site, '/slow')!;
    expect(r.error?.kind).toBe('timeout');
    expect(r.elapsedMs).toBeGreaterThanOrEqual(400);
    expect(r.elapsedMs).toBeLessThan(5000);
  });

  it('stops reading a huge page at the size limit and says so', () => {
    const r = byPath(records, site, '/huge')!;
    expect(r.truncated).toBe(true);
    expect(r.bytes).toBe(50_000);
    expect(r.headers?.['content-length']).toBe(String(2 * 1024 * 1024));
    expect(r.sha256).toBe(createHash('sha256').update(hugeBody().subarray(0, 50_000)).digest('hex'));
    expect(r.error).toBeUndefined();
  });

  it('writes evidence fields, posts with offsets and assessments', () => {
    const r = byPath(records, site, '/b')!;
    expect(r.status).toBe(200);
    expect(r.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', etag: '"v1"', 'last-modified': 'Mon, 04 Mar 2024 10:00:00 GMT' });
    expect(new Date(r.fetchedAt).toISOString()).toBe(r.fetchedAt);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.versions).toMatchObject({ ...scorer().versions, extractor: expect.any(String) });
    expect(r.assessment!.sha256).toBe(createHash('sha256').update(r.text!, 'utf8').digest('hex'));
    expect(r.posts).toHaveLength(2);
    for (const p of r.posts!) {
      expect(r.text!.slice(p.start, p.end)).toBe(p.text);
      expect(p.assessment.id).toBe(`${r.finalUrl}#post-${p.index}`);
    }
    expect(r.posts![0]!.date).toBe('2024-03-01T10:00:00Z');
    expect(r.posts![0]!.assessment.entities.phones[0]!.e164).toBe('+218917267022');
    expect(r.depth).toBe(1);
    expect(r.referrer).toBe(`${site.base}/`);
  });

  it('gives up after the retries on a page that keeps failing', async () => {
    const down = await startSite((req, res) => {
      if (req.url === '/') {
        res.writeHead(503, { 'retry-after': '0' });
        res.end('down');
        return true;
      }
      return false;
    });
    try {
      const m = memory();
      await crawl(options(down, m.sink, { retries: 2 }));
      expect(m.records).toHaveLength(1);
      expect(m.records[0]!.status).toBe(503);
      expect(m.records[0]!.error?.kind).toBe('http');
      expect(m.records[0]!.attempts).toBe(3);
      expect(down.hits('/')).toBe(3);
    } finally {
      await down.close();
    }
  });
});

describe('crawl limits, politeness and resume', () => {
  const sites: Site[] = [];
  const dirs: string[] = [];
  const newSite = async () => {
    const s = await startSite();
    sites.push(s);
    return s;
  };
  afterEach(async () => {
    while (sites.length) await sites.pop()!.close();
    while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
  });
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'sr-crawl-'));
    dirs.push(d);
    return d;
  };

  it('honours --max-depth', async () => {
    const site = await newSite();
    const m = memory();
    await crawl(options(site, m.sink, { maxDepth: 1 }));
    expect(site.hits('/a')).toBe(1);
    expect(site.hits('/a/1')).toBe(0);
    expect(Math.max(...m.records.map((r) => r.depth))).toBe(1);
    const m2 = memory();
    const site2 = await newSite();
    await crawl(options(site2, m2.sink, { maxDepth: 3 }));
    expect(site2.hits('/a/1/2')).toBe(1);
  });

  it('honours --max-pages', async () => {
    const site = await newSite();
    const m = memory();
    const s = await crawl(options(site, m.sink, { maxPages: 3 }));
    expect(m.records).toHaveLength(3);
    expect(s.stoppedBy).toBe('max-pages');
    expect(s.remaining).toBeGreaterThan(0);
  });

  it('waits --delay-ms between requests to one host', async () => {
    const site = await newSite();
    const m = memory();
    await crawl(options(site, m.sink, { maxPages: 4, maxDepth: 1, delayMs: 150 }));
    const times = site.requests.map((r) => r.at);
    expect(times.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(140);
  });

  it('resumes from --out without fetching recorded pages again and without duplicates', async () => {
    const site = await newSite();
    const out = join(tmp(), 'records.ndjson');
    const run = async (maxPages: number) => {
      const sink = await openRecordFile(out);
      try {
        return await crawl(options(site, sink, { maxPages, resumeFrom: out }));
      } finally {
        await sink.close();
      }
    };
    const first = await run(4);
    expect(first.written).toBe(4);
    const firstRequests = site.requests.length;
    const firstUrls = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l).url as string);

    const second = await run(50);
    expect(second.previous).toBe(4);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as CrawlRecord);
    const urls = lines.map((r) => r.url);
    expect(new Set(urls).size).toBe(urls.length);
    const later = site.requests.slice(firstRequests).map((r) => `${site.base}${r.path}`);
    for (const u of firstUrls) expect(later).not.toContain(u);
    expect(urls).toContain(`${site.base}/a/1/2`);

    // A third run has nothing left to do.
    const before = site.requests.length;
    const third = await run(50);
    expect(third.written).toBe(0);
    expect(site.requests.length - before).toBeLessThanOrEqual(1); // at most robots.txt
  });

  it('stores snapshots by hash only when asked, and verify re-checks them', async () => {
    const site = await newSite();
    const dir = tmp();
    const out = join(dir, 'records.ndjson');
    const snaps = join(dir, 'bodies');
    const sink = await openRecordFile(out);
    await crawl(options(site, sink, { maxPages: 6, snapshotsDir: snaps }));
    await sink.close();
    const records = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as CrawlRecord);
    const hashes = new Set(records.filter((r) => r.sha256).map((r) => r.sha256!));
    expect(new Set(readdirSync(snaps))).toEqual(hashes);

    const ok = await verifyRecords(out, { scorer: scorer(), snapshotsDir: snaps });
    expect(ok.failed).toBe(0);
    expect(ok.explained).toBe(0);
    expect(ok.bodiesChecked).toBe(hashes.size);

    // Tamper with one body and one text: both are failures.
    const b = records.find((r) => r.url.endsWith('/b'))!;
    writeFileSync(join(snaps, b.sha256!), 'changed');
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const k = records.findIndex((r) => r.url.endsWith('/a'));
    const tampered = JSON.parse(lines[k]!) as CrawlRecord;
    tampered.text = tampered.text!.replace('Page A', 'Page X');
    lines[k] = JSON.stringify(tampered);
    writeFileSync(out, lines.join('\n') + '\n');
    const bad = await verifyRecords(out, { scorer: scorer(), snapshotsDir: snaps });
    expect(bad.failed).toBe(2);
    const kinds = bad.problems.flatMap((p) => p.issues.map((i) => i.kind));
    expect(kinds).toContain('body-hash');
    expect(kinds).toContain('text-hash');
  });

  it('writes nothing to disk without --out or --snapshots', async () => {
    const site = await newSite();
    const dir = tmp();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const m = memory();
      await crawl(options(site, m.sink, { maxPages: 3 }));
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      process.chdir(cwd);
    }
  });

  it('treats an unreachable robots.txt as "disallow everything"', async () => {
    const site = await startSite((req, res) => {
      if (req.url === '/robots.txt') {
        res.writeHead(500);
        res.end();
        return true;
      }
      return false;
    });
    sites.push(site);
    const m = memory();
    const s = await crawl(options(site, m.sink, { retries: 0 }));
    expect(m.records).toHaveLength(0);
    expect(s.skippedRobots).toBe(1);
    expect(site.hits('/')).toBe(0);
  });

  it('obeys Crawl-delay from robots.txt', async () => {
    const site = await startSite((req, res) => {
      if (req.url === '/robots.txt') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('User-agent: *\nCrawl-delay: 0.3\nDisallow: /private\n');
        return true;
      }
      return false;
    });
    sites.push(site);
    const m = memory();
    await crawl(options(site, m.sink, { maxPages: 3, delayMs: 0 }));
    const times = site.requests.map((r) => r.at);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(280);
  });

  it('records a redirect to another host as an error without following it', async () => {
    const other = await newSite();
    const site = await startSite((req, res) => {
      if (req.url === '/') {
        res.writeHead(302, { location: other.base.replace('127.0.0.1', 'localhost') + '/' });
        res.end();
        return true;
      }
      return false;
    });
    sites.push(site);
    const m = memory();
    await crawl(options(site, m.sink));
    expect(m.records).toHaveLength(1);
    expect(m.records[0]!.error?.kind).toBe('offsite-redirect');
    expect(other.requests).toHaveLength(0);
  });

  it('seals an incomplete last line left by a crash, and resumes', async () => {
    const site = await newSite();
    const out = join(tmp(), 'records.ndjson');
    let sink = await openRecordFile(out);
    await crawl(options(site, sink, { maxPages: 2, resumeFrom: out }));
    await sink.close();
    writeFileSync(out, readFileSync(out, 'utf8') + '{"url": "half a rec');
    sink = await openRecordFile(out);
    const events: string[] = [];
    const s = await crawl({ ...options(site, sink, { maxPages: 4, resumeFrom: out }), onEvent: (e) => void events.push(e.type === 'resume' ? `resume ${e.records} ${e.badLines}` : e.type) });
    await sink.close();
    expect(events).toContain('resume 2 1');
    expect(s.written).toBe(2);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(() => JSON.parse(lines[2]!)).toThrow();
    expect(lines.filter((l, i) => i !== 2).map((l) => JSON.parse(l).url).length).toBe(4);
  });

  it('stops cleanly when interrupted', async () => {
    const site = await newSite();
    const m = memory();
    const controller = new AbortController();
    const s = await crawl({
      ...options(site, m.sink, { delayMs: 100 }),
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'record' && e.count === 2) controller.abort();
      },
    });
    expect(s.stoppedBy).toBe('interrupted');
    expect(m.records).toHaveLength(2);
  });
});

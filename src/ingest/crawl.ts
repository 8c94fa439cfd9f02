/**
 * A polite, bounded, resumable crawler that turns pages into evidence records.
 *
 * - robots.txt is read per origin and obeyed (Crawl-delay too, up to a cap); pages and links
 *   it disallows are never requested.
 * - One request at a time; per origin, consecutive requests are at least `delayMs` apart
 *   (counted from the end of the previous response).
 * - Same site by default: links to other hosts are not followed, redirects to other hosts are
 *   recorded as errors, unless `sameHost` is false.
 * - Redirects are followed by hand (each hop checked against robots.txt and the site rule),
 *   at most `maxRedirects`, loops detected.
 * - Every request has a timeout covering headers and body, and a body size cap.
 * - 429, 408 and 5xx answers and network errors are retried `retries` times with exponential
 *   backoff (Retry-After honoured up to `maxBackoffMs`).
 * - Breadth-first up to `maxDepth` (seeds are depth 0) and `maxPages` records in the output in
 *   total. Resuming: the records already in the output are read back; their URLs are not
 *   fetched again and their links (below the depth limit) are the new frontier.
 */
import { EXTRACTOR_VERSION, extractHtml } from './html.js';
import { bodyKind, decode, parseContentType, sniffCharset } from './body.js';
import { FetchError, fetchOnce, retryAfterMs, sleep, type FetchResult } from './fetch.js';
import { isCrawlRecord, readJsonLines, RECORD_SCHEMA, type CrawlErrorKind, type CrawlRecord, type RecordHeaders, type RecordPost, type RecordSink, type Redirect } from './records.js';
import { robotsRules, type RobotsRules } from './robots.js';
import { sha256Hex } from '../data/sha256.js';
import { ensureDir, storeSnapshot, takeScreenshot } from './snapshots.js';
import { canonicalUrl, originOf, siteOf } from './url.js';
import type { Scorer } from '../scorer.js';
import { join } from 'node:path';

export interface CrawlOptions {
  seeds: string[];
  scorer: Scorer;
  sink: RecordSink;
  /** The records file `sink` appends to: read first to resume. */
  resumeFrom?: string | undefined;
  maxPages: number;
  maxDepth: number;
  delayMs: number;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects?: number;
  retries?: number;
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Longest Crawl-delay from robots.txt that is honoured (ms); longer ones are capped. */
  maxCrawlDelayMs?: number;
  sameHost?: boolean;
  userAgent: string;
  snapshotsDir?: string | undefined;
  screenshots?: { chromium: string; dir: string; timeoutMs: number } | undefined;
  signal?: AbortSignal | undefined;
  onEvent?: ((e: CrawlEvent) => void) | undefined;
  maxPostsPerPage?: number;
  maxLinksPerPage?: number;
}

export type CrawlEvent =
  | { type: 'resume'; records: number; frontier: number; badLines: number }
  | { type: 'robots'; origin: string; source: string }
  | { type: 'skip'; url: string; reason: 'robots' | 'offsite' | 'seen' }
  | { type: 'retry'; url: string; attempt: number; reason: string; waitMs: number }
  | { type: 'record'; record: CrawlRecord; count: number }
  | { type: 'screenshot-error'; url: string; error: string };

export interface CrawlSummary {
  /** Records written by this run. */
  written: number;
  /** Records found in the output before this run. */
  previous: number;
  errors: number;
  flaggedPages: number;
  flaggedPosts: number;
  skippedRobots: number;
  skippedOffsite: number;
  /** URLs still in the frontier when the crawl stopped. */
  remaining: number;
  stoppedBy: 'frontier-empty' | 'max-pages' | 'interrupted';
}

interface FrontierItem {
  url: string;
  depth: number;
  referrer: string | null;
}

interface ResumeState {
  seen: Set<string>;
  records: number;
  badLines: number;
  /** Sites of the seeds of earlier runs (depth-0 records). */
  seedSites: Set<string>;
  /** Successful records' links, for the frontier. */
  pages: { depth: number; url: string; links: string[] }[];
}

/** Read back an output file: what was recorded, and the links that lead further. */
export async function loadResumeState(path: string | undefined): Promise<ResumeState> {
  const state: ResumeState = { seen: new Set(), records: 0, badLines: 0, seedSites: new Set(), pages: [] };
  if (!path) return state;
  try {
    for await (const l of readJsonLines(path)) {
      if (l.error !== undefined || !isCrawlRecord(l.value)) {
        state.badLines++;
        continue;
      }
      const r = l.value;
      state.records++;
      state.seen.add(r.url);
      state.seen.add(r.finalUrl);
      for (const h of r.redirects ?? []) state.seen.add(h.url);
      if (r.depth === 0) {
        try {
          state.seedSites.add(siteOf(r.url));
        } catch {
          /* ignore */
        }
      }
      if (!r.error && !r.duplicateOf && !r.robots?.nofollow && Array.isArray(r.links)) {
        state.pages.push({ depth: r.depth, url: r.finalUrl, links: r.links.map((x) => x.url) });
      }
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return state;
    throw err;
  }
  return state;
}

const REDIRECT = new Set([301, 302, 303, 307, 308]);
const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

export async function crawl(o: CrawlOptions): Promise<CrawlSummary> {
  const maxRedirects = o.maxRedirects ?? 5;
  const retries = o.retries ?? 2;
  const backoffMs = o.backoffMs ?? 1000;
  const maxBackoffMs = o.maxBackoffMs ?? 60_000;
  const maxCrawlDelayMs = o.maxCrawlDelayMs ?? 60_000;
  const sameHost = o.sameHost ?? true;
  const emit = o.onEvent ?? (() => {});
  const signal = o.signal;

  const seeds: string[] = [];
  for (const s of o.seeds) {
    const c = canonicalUrl(s);
    if (!c) throw new Error(`not an http(s) URL: ${s}`);
    seeds.push(c);
  }
  const state = await loadResumeState(o.resumeFrom);
  if (o.resumeFrom && state.records + state.badLines > 0) {
    emit({ type: 'resume', records: state.records, frontier: state.pages.length, badLines: state.badLines });
  }
  const sites = new Set([...seeds.map(siteOf), ...state.seedSites]);
  const inScope = (url: string) => !sameHost || sites.has(siteOf(url));
  const seen = state.seen;

  const summary: CrawlSummary = {
    written: 0,
    previous: state.records,
    errors: 0,
    flaggedPages: 0,
    flaggedPosts: 0,
    skippedRobots: 0,
    skippedOffsite: 0,
    remaining: 0,
    stoppedBy: 'frontier-empty',
  };

  // The frontier: breadth-first queue, each URL queued once.
  const queue: FrontierItem[] = [];
  let head = 0;
  const queued = new Set<string>();
  const enqueue = (item: FrontierItem) => {
    if (seen.has(item.url) || queued.has(item.url)) return;
    queued.add(item.url);
    queue.push(item);
  };
  for (const s of seeds) enqueue({ url: s, depth: 0, referrer: null });
  for (const p of state.pages) {
    if (p.depth >= o.maxDepth) continue;
    for (const link of p.links) {
      const c = canonicalUrl(link);
      if (c && inScope(c)) enqueue({ url: c, depth: p.depth + 1, referrer: p.url });
    }
  }
  state.pages = [];

  if (o.snapshotsDir) await ensureDir(o.snapshotsDir);
  if (o.screenshots) await ensureDir(o.screenshots.dir);

  // Politeness: per origin, the earliest time the next request may start.
  const nextAt = new Map<string, number>();
  const gapOf = new Map<string, number>();
  const politeWait = async (origin: string) => {
    const at = nextAt.get(origin) ?? 0;
    await sleep(at - Date.now(), signal);
  };
  const politeDone = (origin: string) => {
    nextAt.set(origin, Date.now() + (gapOf.get(origin) ?? o.delayMs));
  };

  /** One URL, retried on 429/408/5xx and network errors. */
  const request = async (url: string, maxBytes: number): Promise<{ res: FetchResult; attempts: number }> => {
    const origin = originOf(url);
    for (let attempt = 1; ; attempt++) {
      await politeWait(origin);
      let res: FetchResult;
      try {
        res = await fetchOnce(url, { timeoutMs: o.timeoutMs, maxBytes, userAgent: o.userAgent, signal });
      } catch (err) {
        politeDone(origin);
        const e = err as FetchError;
        if (e instanceof FetchError && e.kind === 'network' && attempt <= retries) {
          const waitMs = Math.min(maxBackoffMs, backoffMs * 2 ** (attempt - 1));
          emit({ type: 'retry', url, attempt, reason: e.message, waitMs });
          await sleep(waitMs, signal);
          continue;
        }
        if (e instanceof FetchError) Object.assign(e, { attempts: attempt });
        throw e;
      }
      politeDone(origin);
      if (RETRYABLE.has(res.status) && attempt <= retries) {
        const after = retryAfterMs(res.headers.get('retry-after'));
        const waitMs = Math.min(maxBackoffMs, Math.max(backoffMs * 2 ** (attempt - 1), after ?? 0));
        emit({ type: 'retry', url, attempt, reason: `HTTP ${res.status}`, waitMs });
        await sleep(waitMs, signal);
        continue;
      }
      return { res, attempts: attempt };
    }
  };

  // robots.txt, once per origin.
  const robots = new Map<string, RobotsRules>();
  const robotsFor = async (url: string): Promise<RobotsRules> => {
    const origin = originOf(url);
    const known = robots.get(origin);
    if (known) return known;
    const robotsUrl = `${origin}/robots.txt`;
    let result: { status: number | null; body: string; error?: string };
    try {
      let target = robotsUrl;
      let res: FetchResult | undefined;
      for (let hop = 0; hop <= 5; hop++) {
        ({ res } = await request(target, 512 * 1024));
        const loc = res.headers.get('location');
        if (REDIRECT.has(res.status) && loc) {
          const next = canonicalUrl(loc, target);
          if (!next) break;
          target = next;
          continue;
        }
        break;
      }
      result = REDIRECT.has(res!.status) ? { status: 404, body: '' } : { status: res!.status, body: res!.body.toString('utf8') };
    } catch (err) {
      if (err instanceof FetchError && err.kind === 'aborted') throw err;
      result = { status: null, body: '', error: (err as Error).message };
    }
    const rules = robotsRules(robotsUrl, result, o.userAgent);
    robots.set(origin, rules);
    if (rules.crawlDelayMs !== null) {
      const gap = Math.max(o.delayMs, Math.min(rules.crawlDelayMs, maxCrawlDelayMs));
      gapOf.set(origin, gap);
      // The robots.txt request itself counts: the first page waits the Crawl-delay too.
      nextAt.set(origin, Math.max(nextAt.get(origin) ?? 0, Date.now() + gap));
    }
    emit({ type: 'robots', origin, source: rules.source + (rules.crawlDelayMs !== null ? `, crawl-delay ${rules.crawlDelayMs} ms` : '') });
    return rules;
  };
  const allowed = async (url: string) => (await robotsFor(url)).isAllowed(url);

  const versions = { ...o.scorer.versions, extractor: EXTRACTOR_VERSION };

  /** Fetch one frontier item (following redirects) into a record; `null` when interrupted. */
  const fetchPage = async (item: FrontierItem): Promise<CrawlRecord> => {
    const started = Date.now();
    const redirects: Redirect[] = [];
    const chain = new Set([item.url]);
    let current = item.url;
    let attempts = 0;
    const base = (): CrawlRecord => ({
      schema: RECORD_SCHEMA,
      url: item.url,
      finalUrl: current,
      depth: item.depth,
      referrer: item.referrer,
      fetchedAt: new Date().toISOString(),
      elapsedMs: Date.now() - started,
      attempts,
      redirects,
    });
    const failure = (kind: CrawlErrorKind, message: string, extra: Partial<CrawlRecord> = {}): CrawlRecord => ({
      ...base(),
      ...extra,
      error: { kind, message },
    });

    for (;;) {
      let res: FetchResult;
      try {
        const r = await request(current, o.maxBytes);
        res = r.res;
        attempts += r.attempts;
      } catch (err) {
        if (err instanceof FetchError) {
          if (err.kind === 'aborted') throw err;
          attempts += (err as FetchError & { attempts?: number }).attempts ?? 1;
          return failure(err.kind === 'invalid-url' ? 'invalid-url' : err.kind, err.message);
        }
        throw err;
      }
      const location = res.headers.get('location');
      if (REDIRECT.has(res.status) && location !== null) {
        const next = canonicalUrl(location, current);
        redirects.push({ url: current, status: res.status, location: next ?? location });
        if (!next) return failure('bad-redirect', `redirect to an unusable location: ${location.slice(0, 500)}`, { status: res.status });
        if (chain.has(next)) return failure('redirect-loop', `redirect loop back to ${next}`, { status: res.status });
        if (redirects.length > maxRedirects) return failure('too-many-redirects', `more than ${maxRedirects} redirects`, { status: res.status });
        if (!inScope(next)) return failure('offsite-redirect', `redirect to another site: ${next}`, { status: res.status });
        if (seen.has(next)) {
          current = next;
          return { ...base(), status: res.status, duplicateOf: next };
        }
        if (!(await allowed(next))) return failure('robots', `redirect target disallowed by robots.txt: ${next}`, { status: res.status });
        chain.add(next);
        current = next;
        continue;
      }
      return await pageRecord(base(), res);
    }
  };

  const pageRecord = async (record: CrawlRecord, res: FetchResult): Promise<CrawlRecord> => {
    record.status = res.status;
    record.headers = pickHeaders(res.headers);
    record.bytes = res.body.byteLength;
    if (res.truncated) record.truncated = true;
    record.sha256 = sha256Hex(res.body);
    if (o.snapshotsDir) {
      await storeSnapshot(o.snapshotsDir, record.sha256, res.body);
      record.snapshot = true;
    }
    if (res.status < 200 || res.status >= 300) {
      const after = record.attempts > 1 ? ` after ${record.attempts} attempts` : '';
      record.error = { kind: 'http', message: `HTTP ${res.status}${res.statusText ? ' ' + res.statusText : ''}${after}` };
      return record;
    }
    const ct = parseContentType(res.headers.get('content-type'));
    const kind = bodyKind(ct.mime, res.body);
    record.contentType = ct.mime;
    if (kind === 'other') return record;
    const charset = sniffCharset(res.body, ct.charset, kind);
    record.charset = charset;
    const decoded = decode(res.body, charset);
    const robotsHeader = (res.headers.get('x-robots-tag') ?? '').toLowerCase();
    let text: string;
    let posts: RecordPost[] = [];
    if (kind === 'html') {
      const page = extractHtml(decoded, record.finalUrl, { maxPosts: o.maxPostsPerPage ?? 2000, maxLinks: o.maxLinksPerPage ?? 5000 });
      text = page.text;
      record.title = page.title;
      record.lang = page.lang;
      record.robots = {
        noindex: page.robots.noindex || /\b(?:noindex|none)\b/.test(robotsHeader),
        nofollow: page.robots.nofollow || /\b(?:nofollow|none)\b/.test(robotsHeader),
      };
      posts = page.posts.map((p) => ({
        index: p.index,
        selector: p.selector,
        kind: p.kind,
        start: p.start,
        end: p.end,
        text: p.text,
        ...(p.date ? { date: p.date } : {}),
        links: p.links,
        assessment: o.scorer.score({ id: `${record.finalUrl}#post-${p.index}`, text: p.text }),
      }));
      record.text = text;
      record.assessment = o.scorer.score({ id: record.finalUrl, text });
      record.versions = versions;
      record.posts = posts;
      if (page.postsTruncated) record.postsTruncated = true;
      record.links = page.links;
      if (page.linksTruncated) record.linksTruncated = true;
    } else {
      text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
      record.robots = { noindex: /\b(?:noindex|none)\b/.test(robotsHeader), nofollow: /\b(?:nofollow|none)\b/.test(robotsHeader) };
      record.text = text;
      record.assessment = o.scorer.score({ id: record.finalUrl, text });
      record.versions = versions;
      record.posts = [];
      record.links = [];
    }
    const flagged = record.assessment.flagged || posts.some((p) => p.assessment.flagged);
    if (flagged && o.screenshots) {
      const origin = originOf(record.finalUrl);
      try {
        await politeWait(origin);
        const shot = await takeScreenshot({
          chromium: o.screenshots.chromium,
          url: record.finalUrl,
          file: join(o.screenshots.dir, `${record.sha256}.png`),
          timeoutMs: o.screenshots.timeoutMs,
          userAgent: o.userAgent,
        });
        record.screenshot = shot;
      } catch (err) {
        record.screenshot = { error: (err as Error).message };
        emit({ type: 'screenshot-error', url: record.finalUrl, error: (err as Error).message });
      } finally {
        politeDone(origin);
      }
    }
    return record;
  };

  try {
    while (head < queue.length) {
      if (signal?.aborted) {
        summary.stoppedBy = 'interrupted';
        break;
      }
      if (summary.previous + summary.written >= o.maxPages) {
        summary.stoppedBy = 'max-pages';
        break;
      }
      const item = queue[head++]!;
      if (seen.has(item.url)) continue;
      if (!inScope(item.url)) {
        summary.skippedOffsite++;
        emit({ type: 'skip', url: item.url, reason: 'offsite' });
        continue;
      }
      if (!(await allowed(item.url))) {
        summary.skippedRobots++;
        seen.add(item.url);
        emit({ type: 'skip', url: item.url, reason: 'robots' });
        continue;
      }
      const record = await fetchPage(item);
      seen.add(record.url);
      seen.add(record.finalUrl);
      for (const h of record.redirects) seen.add(h.url);
      await o.sink.write(record);
      summary.written++;
      if (record.error) summary.errors++;
      if (record.assessment?.flagged) summary.flaggedPages++;
      for (const p of record.posts ?? []) if (p.assessment.flagged) summary.flaggedPosts++;
      emit({ type: 'record', record, count: summary.previous + summary.written });
      if (!record.error && !record.duplicateOf && !record.robots?.nofollow && record.depth < o.maxDepth) {
        for (const link of record.links ?? []) {
          const c = canonicalUrl(link.url);
          if (!c) continue;
          if (!inScope(c)) {
            summary.skippedOffsite++;
            continue;
          }
          enqueue({ url: c, depth: record.depth + 1, referrer: record.finalUrl });
        }
      }
    }
  } catch (err) {
    if (err instanceof FetchError && err.kind === 'aborted') summary.stoppedBy = 'interrupted';
    else throw err;
  }
  let remaining = 0;
  for (let i = head; i < queue.length; i++) if (!seen.has(queue[i]!.url)) remaining++;
  summary.remaining = remaining;
  return summary;
}

function pickHeaders(h: Headers): RecordHeaders {
  const out: RecordHeaders = {};
  for (const name of ['content-type', 'last-modified', 'etag', 'content-length', 'retry-after', 'x-robots-tag'] as const) {
    const v = h.get(name);
    if (v !== null) out[name] = v.slice(0, 1000);
  }
  return out;
}

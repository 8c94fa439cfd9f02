/**
 * What the analysis commands read: assessment lines (`score --input ndjson`) and crawl records
 * (whose posts are the items; a page without posts is one item). Everything is reduced to the
 * few fields the analysis needs, so memory stays small on large inputs.
 */
import type { Readable } from 'node:stream';
import type { Entities } from '../semantic/engine.js';
import { isCrawlRecord, jsonLines, MAX_RECORD_LINE, type CrawlRecord } from '../ingest/records.js';

export interface Item {
  id: string;
  score: number;
  flagged: boolean;
  band: string;
  language: string;
  /** Epoch ms: `meta.date` (or the post's `<time>`), else the record's `fetchedAt`; `null` when unknown. */
  date: number | null;
  entities: Partial<Entities> & { payments?: unknown };
  /** Link targets inside the post (crawl records), where contact links hide behind "write me". */
  links: string[];
  /** The page the item comes from (crawl records). */
  source: string | null;
  categories: Record<string, number>;
  signals: { id: string; label?: string }[];
  threshold: number | null;
  /** `library/lexicon/model/features` of the scorer that produced the assessment. */
  versions: string | null;
  /** SHA-256 of the post's text (from its assessment): the same text seen twice has the same hash. */
  sha256: string | null;
}

export interface ItemSource {
  items: Item[];
  lines: number;
  skipped: { line: number; reason: string }[];
  crawlRecords: number;
  assessments: number;
}

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A date from `meta.date`-like values: ISO strings, epoch seconds or milliseconds. */
export function parseDate(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v < 1e11 ? v * 1000 : v;
  if (typeof v !== 'string' || v.trim() === '') return null;
  const s = v.trim();
  if (/^\d{9,13}$/.test(s)) return parseDate(Number(s));
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : null;
}

function metaDate(meta: unknown): number | null {
  if (!isObj(meta)) return null;
  for (const k of ['date', 'published', 'publishedAt', 'timestamp', 'created_at', 'createdAt', 'time']) {
    const d = parseDate(meta[k]);
    if (d !== null) return d;
  }
  return null;
}

function versionKey(v: unknown): string | null {
  if (!isObj(v)) return null;
  return ['library', 'lexicon', 'model', 'features'].map((k) => String(v[k] ?? '?')).join('/');
}

function fromAssessment(a: Raw, fallbackId: string, extra: { date: number | null; links: string[]; source: string | null }): Item | null {
  if (typeof a.score !== 'number' || !isObj(a.entities)) return null;
  const lang = isObj(a.language) && typeof a.language.code === 'string' ? a.language.code : 'und';
  const signals = Array.isArray(a.signals)
    ? (a.signals as unknown[]).filter(isObj).map((s) => ({ id: String(s.id), ...(typeof s.label === 'string' ? { label: s.label } : {}) }))
    : [];
  return {
    id: typeof a.id === 'string' || typeof a.id === 'number' ? String(a.id) : fallbackId,
    score: a.score,
    flagged: a.flagged === true,
    band: typeof a.band === 'string' ? a.band : 'low',
    language: lang,
    date: metaDate(a.meta) ?? extra.date,
    entities: a.entities as Item['entities'],
    links: extra.links,
    source: extra.source,
    categories: isObj(a.categories) ? (a.categories as Record<string, number>) : {},
    signals,
    threshold: typeof a.threshold === 'number' ? a.threshold : null,
    versions: versionKey(a.versions),
    sha256: typeof a.sha256 === 'string' ? a.sha256 : null,
  };
}

/** The items of one parsed input line; `reason` when the line holds none. */
export function itemsOf(value: unknown, line: number): { items: Item[]; kind: 'record' | 'assessment' } | { reason: string } {
  if (!isObj(value)) return { reason: 'not a JSON object' };
  if (isCrawlRecord(value)) {
    const r = value as CrawlRecord;
    if (r.error) return { reason: `crawl record with a fetch error (${r.error.kind})` };
    const fetched = parseDate(r.fetchedAt);
    const items: Item[] = [];
    if (Array.isArray(r.posts) && r.posts.length > 0) {
      for (const p of r.posts) {
        if (!isObj(p) || !isObj(p.assessment)) continue;
        const it = fromAssessment(p.assessment as unknown as Raw, `${r.finalUrl}#post-${p.index}`, {
          date: parseDate(p.date) ?? fetched,
          links: Array.isArray(p.links) ? p.links.filter((x): x is string => typeof x === 'string') : [],
          source: r.finalUrl,
        });
        if (it) items.push(it);
      }
    } else if (isObj(r.assessment)) {
      const it = fromAssessment(r.assessment as unknown as Raw, r.finalUrl, {
        date: fetched,
        links: Array.isArray(r.links) ? r.links.map((l) => (isObj(l) ? String(l.url) : String(l))) : [],
        source: r.finalUrl,
      });
      if (it) items.push(it);
    }
    if (items.length === 0) return { reason: 'crawl record without assessed text' };
    return { items, kind: 'record' };
  }
  if (typeof value.error === 'string' && typeof value.score !== 'number') return { reason: `error line: ${value.error.slice(0, 200)}` };
  const it = fromAssessment(value, `line-${line}`, { date: null, links: [], source: null });
  if (!it) return { reason: 'neither an assessment (score, entities) nor a crawl record' };
  return { items: [it], kind: 'assessment' };
}

/** Read items from NDJSON streams (stdin or files), one after the other. */
export async function readItems(streams: Readable[], maxLineLength = MAX_RECORD_LINE): Promise<ItemSource> {
  const out: ItemSource = { items: [], lines: 0, skipped: [], crawlRecords: 0, assessments: 0 };
  for (const stream of streams) {
    for await (const l of jsonLines(stream, maxLineLength)) {
      out.lines++;
      if (l.error !== undefined) {
        out.skipped.push({ line: l.line, reason: l.error });
        continue;
      }
      const r = itemsOf(l.value, l.line);
      if ('reason' in r) {
        out.skipped.push({ line: l.line, reason: r.reason });
        continue;
      }
      if (r.kind === 'record') out.crawlRecords++;
      else out.assessments++;
      for (const it of r.items) out.items.push(it);
    }
  }
  return out;
}

/**
 * The figures of a tactical / strategic summary over scored posts: flagged posts over time,
 * routes (origin -> destination places co-mentioned in flagged posts) with their price ranges
 * per currency, apps, languages, risk categories, frequent signals, the largest clusters and
 * the posts to read first. Rendering is in `render.ts`.
 *
 * Routes from one post: places whose lexicon role is `origin` paired with places whose role
 * is `destination`. When a post names no origin, its transit places (and `any` places written
 * before the first destination) stand in; when it names no destination, its transit places
 * (and `any` places written after the last origin) do; with neither, the first and the last
 * place in the text are taken as origin and destination. Prices: every amount of a flagged
 * post counts for each route of that post.
 */
import { linkItems, type Cluster } from './link.js';
import type { Item } from './items.js';

export interface Range {
  currency: string;
  min: number;
  max: number;
  median: number;
  n: number;
}

export interface RouteRow {
  origin: { id: string; name: string };
  destination: { id: string; name: string };
  /** Flagged posts naming this route. */
  posts: number;
  prices: Range[];
  languages: string[];
}

export interface ReportData {
  title: string;
  input: { lines: number; posts: number; distinctTexts: number; flagged: number; skippedLines: number; crawlRecords: number; assessments: number; versions: string[]; thresholds: number[] };
  period: { first: string; last: string } | null;
  bands: { band: string; posts: number }[];
  timeline: { granularity: 'day' | 'week' | 'month' | 'year'; buckets: { label: string; posts: number; flagged: number }[]; undated: number; undatedFlagged: number };
  routes: RouteRow[];
  pricesWithoutRoute: Range[];
  apps: { id: string; name: string; posts: number }[];
  languages: { code: string; posts: number; flagged: number }[];
  categories: { category: string; posts: number }[];
  signals: { id: string; label: string; posts: number }[];
  clusters: Cluster[];
  topPosts: { id: string; score: number; band: string; language: string; date: string | null; source: string | null }[];
}

export interface ReportOptions {
  title?: string;
  /** Rows per table (routes, apps, clusters, posts...). */
  top?: number;
  /** Clusters: identifiers shared by more posts than this do not link; 0 = no limit. */
  maxIdentifierPosts?: number;
}

type Loose = Record<string, unknown>;
const list = (v: unknown): Loose[] => (Array.isArray(v) ? v.filter((x): x is Loose => typeof x === 'object' && x !== null) : []);

interface PlaceAt {
  id: string;
  name: string;
  role: string;
  start: number;
}

function placesOf(item: Item): PlaceAt[] {
  const out: PlaceAt[] = [];
  for (const p of list(item.entities.places)) {
    if (typeof p.id !== 'string') continue;
    const span = (p.span ?? {}) as Loose;
    out.push({ id: p.id, name: typeof p.name === 'string' ? p.name : p.id, role: typeof p.role === 'string' ? p.role : 'any', start: typeof span.start === 'number' ? span.start : 0 });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The origin -> destination pairs a post names (see the module comment). */
export function routesOf(item: Item): [PlaceAt, PlaceAt][] {
  const places = placesOf(item);
  if (places.length < 2) return [];
  const unique = (ps: PlaceAt[]) => {
    const seen = new Set<string>();
    return ps.filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)));
  };
  const role = (r: string) => unique(places.filter((p) => p.role === r));
  let origins = role('origin');
  let destinations = role('destination');
  const transit = role('transit');
  const any = role('any');
  if (origins.length === 0 && destinations.length > 0) {
    const firstDest = Math.min(...destinations.map((d) => d.start));
    origins = unique([...transit, ...any.filter((p) => p.start < firstDest)]);
  } else if (destinations.length === 0 && origins.length > 0) {
    const lastOrigin = Math.max(...origins.map((o) => o.start));
    destinations = unique([...transit, ...any.filter((p) => p.start > lastOrigin)]);
  } else if (origins.length === 0 && destinations.length === 0) {
    const ordered = unique([...transit, ...any].sort((a, b) => a.start - b.start));
    if (ordered.length >= 2) {
      origins = [ordered[0]!];
      destinations = [ordered[ordered.length - 1]!];
    }
  }
  const pairs: [PlaceAt, PlaceAt][] = [];
  for (const o of origins) for (const d of destinations) if (o.id !== d.id) pairs.push([o, d]);
  return pairs;
}

function moneyOf(item: Item): { amount: number; currency: string }[] {
  return list(item.entities.money)
    .filter((m) => typeof m.amount === 'number' && Number.isFinite(m.amount) && m.amount > 0 && typeof m.currency === 'string')
    .map((m) => ({ amount: m.amount as number, currency: m.currency as string }));
}

function ranges(byCurrency: Map<string, number[]>): Range[] {
  const out: Range[] = [];
  for (const [currency, values] of byCurrency) {
    const v = [...values].sort((a, b) => a - b);
    const mid = v.length >> 1;
    const median = v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
    out.push({ currency, min: v[0]!, max: v[v.length - 1]!, median, n: v.length });
  }
  return out.sort((a, b) => b.n - a.n || (a.currency < b.currency ? -1 : 1));
}

const DAY = 86_400_000;

function bucketStart(t: number, g: ReportData['timeline']['granularity']): number {
  const d = new Date(t);
  if (g === 'day') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (g === 'week') {
    const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    const dow = (d.getUTCDay() + 6) % 7; // Monday = 0
    return day - dow * DAY;
  }
  if (g === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  return Date.UTC(d.getUTCFullYear(), 0, 1);
}

function nextBucket(t: number, g: ReportData['timeline']['granularity']): number {
  const d = new Date(t);
  if (g === 'day') return t + DAY;
  if (g === 'week') return t + 7 * DAY;
  if (g === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return Date.UTC(d.getUTCFullYear() + 1, 0, 1);
}

function bucketLabel(t: number, g: ReportData['timeline']['granularity']): string {
  const iso = new Date(t).toISOString();
  if (g === 'day') return iso.slice(0, 10);
  if (g === 'week') return `week of ${iso.slice(0, 10)}`;
  if (g === 'month') return iso.slice(0, 7);
  return iso.slice(0, 4);
}

const MAX_BUCKETS = 120;

function timeline(items: Item[]): ReportData['timeline'] {
  let undated = 0;
  let undatedFlagged = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const it of items) {
    if (it.date === null) {
      undated++;
      if (it.flagged) undatedFlagged++;
      continue;
    }
    min = Math.min(min, it.date);
    max = Math.max(max, it.date);
  }
  if (min === Infinity) return { granularity: 'day', buckets: [], undated, undatedFlagged };
  let granularity: ReportData['timeline']['granularity'] = 'year';
  for (const g of ['day', 'week', 'month'] as const) {
    let n = 0;
    for (let t = bucketStart(min, g); t <= max && n <= MAX_BUCKETS; t = nextBucket(t, g)) n++;
    if (n <= MAX_BUCKETS && (g !== 'day' || n <= 62)) {
      granularity = g;
      break;
    }
  }
  const index = new Map<number, { label: string; posts: number; flagged: number }>();
  const buckets: { label: string; posts: number; flagged: number }[] = [];
  for (let t = bucketStart(min, granularity), n = 0; t <= max && n < 10_000; t = nextBucket(t, granularity), n++) {
    const b = { label: bucketLabel(t, granularity), posts: 0, flagged: 0 };
    index.set(t, b);
    buckets.push(b);
  }
  for (const it of items) {
    if (it.date === null) continue;
    const b = index.get(bucketStart(it.date, granularity));
    if (!b) continue;
    b.posts++;
    if (it.flagged) b.flagged++;
  }
  return { granularity, buckets, undated, undatedFlagged };
}

const BAND_ORDER = ['critical', 'high', 'medium', 'low'];

export function buildReport(items: Item[], input: { lines: number; skippedLines: number; crawlRecords: number; assessments: number }, options: ReportOptions = {}): ReportData {
  const top = options.top ?? 10;
  const flagged = items.filter((i) => i.flagged);

  let first = Infinity;
  let last = -Infinity;
  for (const it of items) {
    if (it.date === null) continue;
    first = Math.min(first, it.date);
    last = Math.max(last, it.date);
  }

  const bands = new Map<string, number>();
  for (const it of items) bands.set(it.band, (bands.get(it.band) ?? 0) + 1);

  // Routes and prices, from flagged posts.
  const routeMap = new Map<string, { row: RouteRow; prices: Map<string, number[]>; langs: Set<string> }>();
  const loosePrices = new Map<string, number[]>();
  for (const it of flagged) {
    const money = moneyOf(it);
    const pairs = routesOf(it);
    if (pairs.length === 0) {
      for (const m of money) (loosePrices.get(m.currency) ?? loosePrices.set(m.currency, []).get(m.currency)!).push(m.amount);
      continue;
    }
    for (const [o, d] of pairs) {
      const key = `${o.id}>${d.id}`;
      let r = routeMap.get(key);
      if (!r) {
        r = { row: { origin: { id: o.id, name: o.name }, destination: { id: d.id, name: d.name }, posts: 0, prices: [], languages: [] }, prices: new Map(), langs: new Set() };
        routeMap.set(key, r);
      }
      r.row.posts++;
      r.langs.add(it.language);
      for (const m of money) (r.prices.get(m.currency) ?? r.prices.set(m.currency, []).get(m.currency)!).push(m.amount);
    }
  }
  const routes = [...routeMap.values()]
    .map((r) => ({ ...r.row, prices: ranges(r.prices), languages: [...r.langs].sort() }))
    .sort((a, b) => b.posts - a.posts || (a.origin.name + a.destination.name < b.origin.name + b.destination.name ? -1 : 1))
    .slice(0, top);

  // Apps named in flagged posts (each app once per post).
  const apps = new Map<string, { id: string; name: string; posts: number }>();
  for (const it of flagged) {
    const seen = new Set<string>();
    for (const a of list(it.entities.apps)) {
      if (typeof a.id !== 'string' || seen.has(a.id)) continue;
      seen.add(a.id);
      const row = apps.get(a.id) ?? { id: a.id, name: typeof a.name === 'string' ? a.name : a.id, posts: 0 };
      row.posts++;
      apps.set(a.id, row);
    }
  }

  const languages = new Map<string, { code: string; posts: number; flagged: number }>();
  for (const it of items) {
    const row = languages.get(it.language) ?? { code: it.language, posts: 0, flagged: 0 };
    row.posts++;
    if (it.flagged) row.flagged++;
    languages.set(it.language, row);
  }

  // The strongest risk category of each flagged post.
  const categories = new Map<string, number>();
  for (const it of flagged) {
    let best: string | null = null;
    let bestScore = -1;
    for (const [c, s] of Object.entries(it.categories)) {
      if (typeof s === 'number' && s > bestScore) {
        best = c;
        bestScore = s;
      }
    }
    if (best) categories.set(best, (categories.get(best) ?? 0) + 1);
  }

  const signals = new Map<string, { id: string; label: string; posts: number }>();
  for (const it of flagged) {
    const seen = new Set<string>();
    for (const s of it.signals) {
      if (seen.has(s.id)) continue;
      seen.add(s.id);
      const row = signals.get(s.id) ?? { id: s.id, label: s.label ?? s.id, posts: 0 };
      row.posts++;
      signals.set(s.id, row);
    }
  }

  const link = linkItems(items, { minSize: 2, maxIdentifierPosts: options.maxIdentifierPosts ?? 0 });
  const clusters = [...link.clusters]
    .sort((a, b) => b.posts.length - a.posts.length || b.maxScore - a.maxScore || (a.id < b.id ? -1 : 1))
    .slice(0, top);

  const topPosts = [...flagged]
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, top)
    .map((it) => ({ id: it.id, score: it.score, band: it.band, language: it.language, date: it.date === null ? null : new Date(it.date).toISOString(), source: it.source }));

  const byCount = <T extends { posts: number }>(a: T, b: T, ka: string, kb: string) => b.posts - a.posts || (ka < kb ? -1 : ka > kb ? 1 : 0);
  return {
    title: options.title ?? 'Smuggling-risk summary',
    input: {
      ...input,
      posts: items.length,
      distinctTexts: new Set(items.map((i, k) => i.sha256 ?? `#${k}`)).size,
      flagged: flagged.length,
      versions: [...new Set(items.map((i) => i.versions).filter((v): v is string => v !== null))].sort(),
      thresholds: [...new Set(items.map((i) => i.threshold).filter((v): v is number => v !== null))].sort((a, b) => a - b),
    },
    period: first === Infinity ? null : { first: new Date(first).toISOString(), last: new Date(last).toISOString() },
    bands: [...bands].map(([band, posts]) => ({ band, posts })).sort((a, b) => BAND_ORDER.indexOf(a.band) - BAND_ORDER.indexOf(b.band)),
    timeline: timeline(items),
    routes,
    pricesWithoutRoute: ranges(loosePrices),
    apps: [...apps.values()].sort((a, b) => byCount(a, b, a.id, b.id)).slice(0, top),
    languages: [...languages.values()].sort((a, b) => b.flagged - a.flagged || byCount(a, b, a.code, b.code)),
    categories: [...categories].map(([category, posts]) => ({ category, posts })).sort((a, b) => byCount(a, b, a.category, b.category)),
    signals: [...signals.values()].sort((a, b) => byCount(a, b, a.id, b.id)).slice(0, top),
    clusters,
    topPosts,
  };
}

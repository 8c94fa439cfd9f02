/**
 * Link posts into clusters by shared identifiers: union-find over posts, each identifier
 * joining every post that carries it to the first post that did (linear in posts and
 * identifiers, with path halving and union by size).
 */
import { identifiersFromUrl, identifiersOf, keyOf, type Identifier } from './identifiers.js';
import type { Redactor } from './redact.js';
import type { Item } from './items.js';

export interface LinkOptions {
  /** Smallest cluster reported (default 2: only posts that share something). */
  minSize?: number;
  /** Identifiers carried by more posts than this do not link (hotlines, a site's own contact); 0 = no limit. */
  maxIdentifierPosts?: number;
}

export interface ClusterIdentifier extends Identifier {
  /** Posts of this cluster that carry it. */
  posts: number;
}

export interface Cluster {
  id: string;
  posts: string[];
  identifiers: ClusterIdentifier[];
  maxScore: number;
  /** Band of the highest-scoring post. */
  band: string;
  flaggedPosts: number;
  languages: { code: string; posts: number }[];
  firstSeen: string | null;
  lastSeen: string | null;
  /** Pages the posts come from (crawl records), at most 20. */
  sources: string[];
}

export interface LinkResult {
  clusters: Cluster[];
  stats: {
    posts: number;
    postsWithIdentifiers: number;
    identifiers: number;
    /** Posts in a reported cluster. */
    linkedPosts: number;
    clusters: number;
    /** Identifiers ignored for linking because too many posts carry them. */
    hubs: { identifier: string; posts: number }[];
  };
}

class UnionFind {
  private parent: number[] = [];
  private size: number[] = [];
  add(): number {
    const i = this.parent.length;
    this.parent.push(i);
    this.size.push(1);
    return i;
  }
  find(i: number): number {
    const p = this.parent;
    while (p[i] !== i) {
      p[i] = p[p[i]!]!;
      i = p[i]!;
    }
    return i;
  }
  union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra]! += this.size[rb]!;
  }
}

interface Node {
  id: string;
  score: number;
  band: string;
  flagged: boolean;
  languages: Set<string>;
  first: number | null;
  last: number | null;
  keys: Set<string>;
  source: string | null;
}

/** Identifiers of the page a post comes from (a channel's own t.me link does not link its posts). */
function selfKeys(source: string | null, cache: Map<string, Set<string>>): Set<string> | undefined {
  if (!source) return undefined;
  let s = cache.get(source);
  if (!s) {
    s = new Set(identifiersFromUrl(source).map(keyOf));
    cache.set(source, s);
  }
  return s;
}

export function linkItems(items: Iterable<Item>, options: LinkOptions = {}): LinkResult {
  const minSize = options.minSize ?? 2;
  const maxIdentifierPosts = options.maxIdentifierPosts ?? 0;
  const uf = new UnionFind();
  const nodes: Node[] = [];
  const byId = new Map<string, number>();
  const identifiers = new Map<string, Identifier>();
  const postsOf = new Map<string, number>();
  const selfCache = new Map<string, Set<string>>();

  for (const it of items) {
    let n = byId.get(it.id);
    if (n === undefined) {
      n = uf.add();
      byId.set(it.id, n);
      nodes.push({ id: it.id, score: it.score, band: it.band, flagged: it.flagged, languages: new Set(), first: null, last: null, keys: new Set(), source: it.source });
    }
    const node = nodes[n]!;
    if (it.score > node.score) {
      node.score = it.score;
      node.band = it.band;
    }
    node.flagged ||= it.flagged;
    node.languages.add(it.language);
    if (it.date !== null) {
      node.first = node.first === null ? it.date : Math.min(node.first, it.date);
      node.last = node.last === null ? it.date : Math.max(node.last, it.date);
    }
    for (const ident of identifiersOf(it, selfKeys(it.source, selfCache))) {
      const k = keyOf(ident);
      if (node.keys.has(k)) continue;
      node.keys.add(k);
      const prev = identifiers.get(k);
      if (!prev) identifiers.set(k, ident);
      else if (ident.type === 'handle' && !prev.platform && ident.platform) prev.platform = ident.platform;
      postsOf.set(k, (postsOf.get(k) ?? 0) + 1);
    }
  }

  // Union: every post carrying an identifier joins the first post that carried it.
  const hubs: { identifier: string; posts: number }[] = [];
  const firstNode = new Map<string, number>();
  for (const [k, count] of postsOf) if (maxIdentifierPosts > 0 && count > maxIdentifierPosts) hubs.push({ identifier: k, posts: count });
  const hubKeys = new Set(hubs.map((h) => h.identifier));
  nodes.forEach((node, i) => {
    for (const k of node.keys) {
      if (hubKeys.has(k)) continue;
      const f = firstNode.get(k);
      if (f === undefined) firstNode.set(k, i);
      else uf.union(i, f);
    }
  });

  const groups = new Map<number, number[]>();
  nodes.forEach((_, i) => {
    const r = uf.find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  });

  const clusters: Cluster[] = [];
  let linkedPosts = 0;
  for (const members of groups.values()) {
    if (members.length < minSize) continue;
    const ms = members.map((i) => nodes[i]!);
    linkedPosts += ms.length;
    ms.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const counts = new Map<string, number>();
    const langs = new Map<string, number>();
    let first: number | null = null;
    let last: number | null = null;
    let flagged = 0;
    const sources = new Set<string>();
    for (const m of ms) {
      for (const k of m.keys) counts.set(k, (counts.get(k) ?? 0) + 1);
      for (const l of m.languages) langs.set(l, (langs.get(l) ?? 0) + 1);
      if (m.first !== null) first = first === null ? m.first : Math.min(first, m.first);
      if (m.last !== null) last = last === null ? m.last : Math.max(last, m.last);
      if (m.flagged) flagged++;
      if (m.source && sources.size < 20) sources.add(m.source);
    }
    const idents: ClusterIdentifier[] = [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([k, posts]) => ({ ...identifiers.get(k)!, posts }));
    clusters.push({
      id: '',
      posts: ms.map((m) => m.id),
      identifiers: idents,
      maxScore: ms[0]!.score,
      band: ms[0]!.band,
      flaggedPosts: flagged,
      languages: [...langs].map(([code, posts]) => ({ code, posts })).sort((a, b) => b.posts - a.posts || (a.code < b.code ? -1 : 1)),
      firstSeen: first === null ? null : new Date(first).toISOString(),
      lastSeen: last === null ? null : new Date(last).toISOString(),
      sources: [...sources],
    });
  }
  clusters.sort((a, b) => b.maxScore - a.maxScore || b.posts.length - a.posts.length || (a.posts[0]! < b.posts[0]! ? -1 : 1));
  clusters.forEach((c, i) => (c.id = `c${i + 1}`));
  return {
    clusters,
    stats: {
      posts: nodes.length,
      postsWithIdentifiers: nodes.filter((n) => n.keys.size > 0).length,
      identifiers: identifiers.size,
      linkedPosts,
      clusters: clusters.length,
      hubs: hubs.sort((a, b) => b.posts - a.posts),
    },
  };
}

const TOKEN = /^\[[a-z]+:[0-9a-f]{8,64}\]$/;

/**
 * `link --redact` / `report --redact`: the same clusters, with every identifier shown as its
 * keyed token (phones by E.164, handles and e-mails lower-cased, as `score --redact` does for
 * phones and e-mails). Linking ran on the real identifiers, so nothing is lost in the grouping;
 * post ids and page addresses are kept.
 */
export function redactClusters(clusters: Cluster[], redactor: Pick<Redactor, 'token'>): Cluster[] {
  return clusters.map((c) => ({ ...c, identifiers: c.identifiers.map((i) => ({ ...i, value: redactIdentifierValue(i, redactor) })) }));
}

export function redactIdentifierValue(i: Identifier, redactor: Pick<Redactor, 'token'>): string {
  if (TOKEN.test(i.value)) return i.value;
  const kind = i.type === 'phone' ? 'phone' : i.type === 'handle' ? 'handle' : i.type === 'email' ? 'email' : i.type === 'payment' ? 'name' : 'url';
  return redactor.token(kind, i.type === 'handle' || i.type === 'email' ? i.value.toLowerCase() : i.value);
}

export function redactLinkResult(result: LinkResult, redactor: Pick<Redactor, 'token'>): LinkResult {
  const hubs = result.stats.hubs.map((h) => {
    const at = h.identifier.indexOf(':');
    const type = h.identifier.slice(0, at) as Identifier['type'];
    return { ...h, identifier: `${type}:${redactIdentifierValue({ type, value: h.identifier.slice(at + 1) }, redactor)}` };
  });
  return { clusters: redactClusters(result.clusters, redactor), stats: { ...result.stats, hubs } };
}

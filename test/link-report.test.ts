import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { identifiersFromUrl, identifiersOf } from '../src/analysis/identifiers.js';
import { itemsOf, type Item } from '../src/analysis/items.js';
import { linkItems } from '../src/analysis/link.js';
import { buildReport, routesOf } from '../src/analysis/report.js';
import { defang, renderHtml, renderMarkdown } from '../src/analysis/render.js';
import { BIN } from './helpers/paths.js';
import { scorer } from './helpers/scorer.js';

const run = (args: string[], input?: string) => spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', maxBuffer: 1 << 28 });

/** Items from real assessments of the current scorer. */
const scored = (posts: { id: string; text: string; meta?: unknown }[]): Item[] =>
  posts.flatMap((p, i) => {
    const r = itemsOf(JSON.parse(JSON.stringify(scorer().score(p))), i + 1);
    if ('reason' in r) throw new Error(r.reason);
    return r.items;
  });

const clusterOf = (res: ReturnType<typeof linkItems>, id: string) => res.clusters.find((c) => c.posts.includes(id));

describe('link', () => {
  it('joins one phone written three ways, a handle written two ways, and leaves the rest apart', () => {
    const items = scored([
      { id: 'p1', text: 'Boat to Italy every Monday, call +218 91 726 7022', meta: { date: '2024-03-01T08:00:00Z' } },
      { id: 'p2', text: 'رحلات بحرية الى ايطاليا للتواصل ٠٠٢١٨٩١٧٢٦٧٠٢٢', meta: { date: '2024-03-04T08:00:00Z' } },
      { id: 'p3', text: 'Trips to Europe, whatsapp 218917267022, serious people only', meta: { date: '2024-03-09T08:00:00Z' } },
      { id: 'p4', text: 'Write to me on Telegram @capt_ali for the next trip' },
      { id: 'p5', text: 'All departures are announced on t.me/capt_ali' },
      { id: 'p6', text: 'Nice weather in Tripoli today, the sea is calm' },
    ]);
    const res = linkItems(items);
    const phone = clusterOf(res, 'p1')!;
    expect([...phone.posts].sort()).toEqual(['p1', 'p2', 'p3']);
    expect(phone.identifiers).toContainEqual(expect.objectContaining({ type: 'phone', value: '+218917267022', posts: 3 }));
    expect(phone.firstSeen).toBe('2024-03-01T08:00:00.000Z');
    expect(phone.lastSeen).toBe('2024-03-09T08:00:00.000Z');
    expect(phone.languages.map((l) => l.code)).toContain('ar');

    const handle = clusterOf(res, 'p4')!;
    expect([...handle.posts].sort()).toEqual(['p4', 'p5']);
    expect(handle.identifiers[0]).toMatchObject({ type: 'handle', value: 'capt_ali', platform: 'telegram', posts: 2 });

    expect(clusterOf(res, 'p6')).toBeUndefined();
    expect(res.clusters).toHaveLength(2);
    // Largest risk first.
    expect(res.clusters[0]!.maxScore).toBeGreaterThanOrEqual(res.clusters[1]!.maxScore);
    expect(linkItems(items, { minSize: 1 }).clusters.find((c) => c.posts.includes('p6'))!.posts).toEqual(['p6']);
  });

  it('reads wa.me, api.whatsapp.com, tel:, t.me invites and profile links', () => {
    expect(identifiersFromUrl('https://wa.me/218917267022')).toEqual([{ type: 'phone', value: '+218917267022', country: 'LY' }]);
    expect(identifiersFromUrl('https://api.whatsapp.com/send?phone=905321234567&text=hi')[0]).toMatchObject({ type: 'phone', value: '+905321234567' });
    expect(identifiersFromUrl('tel:00218-91-726-7022')[0]).toMatchObject({ type: 'phone', value: '+218917267022' });
    expect(identifiersFromUrl('https://t.me/+AbCdEf123')).toEqual([{ type: 'telegram-invite', value: 'AbCdEf123' }]);
    expect(identifiersFromUrl('https://t.me/s/Capt_Ali')).toEqual([{ type: 'handle', value: 'capt_ali', platform: 'telegram' }]);
    expect(identifiersFromUrl('https://chat.whatsapp.com/AbCdEfGhIjKlMn')).toEqual([{ type: 'whatsapp-group', value: 'AbCdEfGhIjKlMn' }]);
    expect(identifiersFromUrl('https://www.instagram.com/travel.eu/')).toEqual([{ type: 'handle', value: 'travel.eu', platform: 'instagram' }]);
    expect(identifiersFromUrl('mailto:Boss@Example.com?subject=trip')).toEqual([{ type: 'email', value: 'boss@example.com' }]);
    expect(identifiersFromUrl('https://t.me/share/url?url=x')).toEqual([]);
    expect(identifiersFromUrl('https://news.example/article')).toEqual([]);
  });

  it('links a wa.me link in a crawled post to the same number written in another post', () => {
    const record = {
      schema: 'smuggling-risk/crawl-record@1',
      url: 'https://forum.example/t/1',
      finalUrl: 'https://forum.example/t/1',
      fetchedAt: '2024-05-01T12:00:00.000Z',
      depth: 0,
      posts: [
        { index: 0, text: 'Write me', start: 0, end: 8, links: ['https://wa.me/218917267022'], assessment: scorer().score({ id: 'https://forum.example/t/1#post-0', text: 'Write me' }) },
        { index: 1, text: 'Nothing here', start: 9, end: 21, links: [], assessment: scorer().score({ id: 'https://forum.example/t/1#post-1', text: 'Nothing here' }) },
      ],
    };
    const fromRecord = itemsOf(JSON.parse(JSON.stringify(record)), 1);
    if ('reason' in fromRecord) throw new Error(fromRecord.reason);
    const items = [...fromRecord.items, ...scored([{ id: 'x', text: 'Call +218 91 726 7022 now' }])];
    const res = linkItems(items);
    expect(res.clusters).toHaveLength(1);
    expect([...res.clusters[0]!.posts].sort()).toEqual(['https://forum.example/t/1#post-0', 'x']);
    expect(res.clusters[0]!.firstSeen).toBe('2024-05-01T12:00:00.000Z');
    expect(res.clusters[0]!.sources).toEqual(['https://forum.example/t/1']);
  });

  it('does not link the posts of a channel page through the channel\'s own address', () => {
    const item = (id: string): Item => ({
      id, score: 0.5, flagged: false, band: 'medium', language: 'en', date: null, links: ['https://t.me/somechannel/12'],
      entities: {}, source: 'https://t.me/s/somechannel', categories: {}, signals: [], threshold: 0.5, versions: null, sha256: null,
    });
    expect(identifiersOf(item('a'))).toHaveLength(1);
    expect(linkItems([item('a'), item('b')]).clusters).toHaveLength(0);
  });

  it('is linear: 100,000 posts chained by shared numbers make one cluster quickly', () => {
    const items: Item[] = [];
    for (let i = 0; i < 100_000; i++) {
      items.push({
        id: `p${i}`, score: (i % 100) / 100, flagged: false, band: 'low', language: 'en', date: null, links: [], source: null,
        categories: {}, signals: [], threshold: 0.5, versions: null, sha256: null,
        entities: { phones: [{ e164: `+4915${String(i).padStart(8, '0')}`, country: 'DE' }, { e164: `+4915${String(i + 1).padStart(8, '0')}`, country: 'DE' }] as never },
      });
    }
    const t = Date.now();
    const res = linkItems(items);
    expect(Date.now() - t).toBeLessThan(10_000);
    expect(res.clusters).toHaveLength(1);
    expect(res.clusters[0]!.posts).toHaveLength(100_000);
  });

  it('prints clusters from score output on the command line (text and --json)', () => {
    const lines = [
      { id: 'p1', text: 'Boat to Italy, call +218 91 726 7022' },
      { id: 'p2', text: 'اتصل ٠٠٢١٨٩١٧٢٦٧٠٢٢' },
      { id: 'p3', text: 'nothing to share' },
    ].map((p) => JSON.stringify(p));
    const scoredOut = run(['score', '--input', 'ndjson'], lines.join('\n') + '\n');
    expect(scoredOut.status).toBe(0);
    const json = run(['link', '--json'], scoredOut.stdout + '{"line":9,"error":"bad"}\n');
    expect(json.status).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(out.clusters).toHaveLength(1);
    expect([...out.clusters[0].posts].sort()).toEqual(['p1', 'p2']);
    expect(json.stderr).toContain('1 input lines skipped');
    const text = run(['link'], scoredOut.stdout);
    expect(text.stdout).toContain('+218917267022 (LY)  in 2 posts');
  });
});

/** A synthetic assessment line, as `score --input ndjson` prints it. */
function assessment(id: string, o: { score?: number; lang?: string; date?: string; places?: [string, string, string][]; money?: [number, string][]; apps?: string[]; phones?: string[] }) {
  const span = (k: number, text: string) => ({ start: k * 20, end: k * 20 + text.length, text });
  const score = o.score ?? 0.9;
  return {
    id,
    score,
    flagged: score >= 0.5,
    threshold: 0.5,
    band: score >= 0.8 ? 'critical' : score >= 0.5 ? 'high' : 'low',
    language: { code: o.lang ?? 'en', confidence: 1 },
    categories: { journey_offer: 0.9, document_fraud: 0.1, route_guidance: 0.2, contact_handoff: 0.5, exploitation_recruitment: 0.05 },
    signals: [{ id: 'combo.offer', label: 'a journey offer', category: 'journey_offer', weight: 2, value: 1, contribution: 2, spans: [], entries: [] }],
    entities: {
      phones: (o.phones ?? []).map((e164, k) => ({ e164, country: 'LY', callingCode: '218', valid: true, span: span(k + 10, e164) })),
      money: (o.money ?? []).map(([amount, currency], k) => ({ amount, currency, span: span(k + 5, `${amount} ${currency}`) })),
      places: (o.places ?? []).map(([pid, name, role], k) => ({ id: pid, name, country: null, role, span: span(k, name) })),
      apps: (o.apps ?? []).map((a, k) => ({ id: a, name: a, span: span(k + 15, a) })),
      urls: [],
      handles: [],
      emails: [],
      documents: [],
    },
    versions: { library: '0.1.0', lexicon: 'abc', model: 'm1', features: 'f1' },
    sha256: '0'.repeat(64),
    length: 100,
    ...(o.date ? { meta: { date: o.date } } : {}),
  };
}

const REPORT_INPUT = [
  assessment('a1', { date: '2024-03-01', places: [['ly-zuwara', 'Zuwara', 'origin'], ['it', 'Italy', 'destination']], money: [[2000, 'EUR']], apps: ['whatsapp'], phones: ['+218917267022'] }),
  assessment('a2', { date: '2024-03-03', lang: 'ar', places: [['ly-zuwara', 'Zuwara', 'origin'], ['it', 'Italy', 'destination']], money: [[3000, 'EUR']], apps: ['whatsapp', 'viber'], phones: ['+218917267022'] }),
  assessment('a3', { date: '2024-03-03', places: [['tr-istanbul', 'Istanbul', 'origin'], ['gr', 'Greece', 'destination']], money: [[1500, 'USD']] }),
  assessment('a4', { date: '2024-03-05', score: 0.1, places: [['ly-zuwara', 'Zuwara', 'origin'], ['it', 'Italy', 'destination']], money: [[99, 'EUR']] }),
  assessment('a5', { money: [[700, 'EUR']] }),
].map((a) => JSON.stringify(a));

describe('report', () => {
  const items = REPORT_INPUT.flatMap((l, i) => {
    const r = itemsOf(JSON.parse(l), i + 1);
    return 'reason' in r ? [] : r.items;
  });
  const data = buildReport(items, { lines: items.length, skippedLines: 0, crawlRecords: 0, assessments: items.length });

  it('finds routes and price ranges in flagged posts only', () => {
    expect(data.routes[0]).toMatchObject({ origin: { name: 'Zuwara' }, destination: { name: 'Italy' }, posts: 2 });
    expect(data.routes[0]!.prices).toEqual([{ currency: 'EUR', min: 2000, max: 3000, median: 2500, n: 2 }]);
    expect(data.routes[1]).toMatchObject({ origin: { name: 'Istanbul' }, destination: { name: 'Greece' }, posts: 1 });
    expect(data.pricesWithoutRoute).toEqual([{ currency: 'EUR', min: 700, max: 700, median: 700, n: 1 }]);
    expect(data.apps[0]).toMatchObject({ id: 'whatsapp', posts: 2 });
    expect(data.timeline.granularity).toBe('day');
    expect(data.timeline.buckets.map((b) => [b.label, b.posts, b.flagged])).toEqual([
      ['2024-03-01', 1, 1], ['2024-03-02', 0, 0], ['2024-03-03', 2, 2], ['2024-03-04', 0, 0], ['2024-03-05', 1, 0],
    ]);
    expect(data.timeline.undated).toBe(1);
    expect(data.clusters[0]!.posts.sort()).toEqual(['a1', 'a2']);
  });

  it('pairs places by role, and by order when roles do not say', () => {
    const mk = (places: [string, string, string][]) => itemsOf(assessment('x', { places }), 1) as { items: Item[] };
    expect(routesOf(mk([['ly', 'Libya', 'transit'], ['it', 'Italy', 'destination']]).items[0]!).map(([o, d]) => `${o.name}>${d.name}`)).toEqual(['Libya>Italy']);
    expect(routesOf(mk([['a', 'Zuwara', 'transit'], ['b', 'Lampedusa', 'transit']]).items[0]!).map(([o, d]) => `${o.name}>${d.name}`)).toEqual(['Zuwara>Lampedusa']);
    expect(routesOf(mk([['it', 'Italy', 'destination']]).items[0]!)).toEqual([]);
  });

  it('writes Markdown with the route and its price range', () => {
    const md = renderMarkdown(data);
    expect(md).toContain('Zuwara → Italy');
    expect(md).toContain('2,000–3,000 EUR');
    expect(md).toContain('median 2,500');
    expect(md).toContain('## Strategic picture');
    expect(md).toContain('## Tactical picture');
    expect(renderMarkdown(data)).toBe(md); // deterministic
  });

  it('writes self-contained HTML: inline SVG, nothing external, input escaped and defanged', () => {
    const evil = assessment('https://evil.example/<script>alert(1)</script>', { places: [['x', '<img src=x onerror=alert(1)>', 'origin'], ['it', 'Italy', 'destination']], money: [[5, 'EUR']] });
    const its = [...items, ...('items' in itemsOf(evil, 9) ? (itemsOf(evil, 9) as { items: Item[] }).items : [])];
    const html = renderHtml(buildReport(its, { lines: 6, skippedLines: 0, crawlRecords: 0, assessments: 6 }));
    expect(html).toContain('<svg');
    expect(html).toContain('Zuwara → Italy');
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<[^>]*\s(?:src|href|xlink:href)\s*=/i);
    expect(html).not.toMatch(/<script|<img|<link|<iframe|url\(|@import/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('hxxps://evil[.]example/&lt;script&gt;');
    expect(defang('see https://t.me/x and www.site.com')).toBe('see hxxps://t[.]me/x and www[.]site.com');
  });

  it('runs on the command line from stdin, md and html', () => {
    const input = REPORT_INPUT.join('\n') + '\n';
    const md = run(['report'], input);
    expect(md.status).toBe(0);
    expect(md.stdout).toContain('Zuwara → Italy');
    expect(md.stdout).toContain('2,000–3,000 EUR');
    const html = run(['report', '--format', 'html'], input);
    expect(html.status).toBe(0);
    expect(html.stdout.startsWith('<!doctype html>')).toBe(true);
    expect(html.stdout).not.toMatch(/https?:\/\//);
    expect(run(['report', '--format', 'pdf'], input).status).toBe(1);
  });
});

/**
 * The report as Markdown or as one self-contained HTML page with inline SVG charts drawn here
 * (no script, no external resource, a Content-Security-Policy that forbids loading anything).
 * Every piece of input text is escaped, and URLs in it are defanged (`hxxps://example[.]com`)
 * so that nothing in a report is a live link to a suspect's page.
 */
import { formatIdentifier } from './identifiers.js';
import type { Range, ReportData } from './report.js';

const NUM = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
export const fmtNumber = (n: number) => NUM.format(n);
const pct = (n: number, d: number) => (d === 0 ? '0%' : `${((100 * n) / d).toFixed(1)}%`);
const score2 = (n: number) => n.toFixed(2);

/** `2,000–3,000 EUR`, or `2,500 EUR` when min and max agree. */
export function formatRange(r: Range): string {
  const span = r.min === r.max ? fmtNumber(r.min) : `${fmtNumber(r.min)}–${fmtNumber(r.max)}`;
  return `${span} ${r.currency}`;
}
const rangeDetail = (r: Range) => `${formatRange(r)} (median ${fmtNumber(r.median)}, n=${r.n})`;

/** URLs in text made non-clickable: scheme `hxxp(s)`, dots of the host in brackets, `www[.]`. */
export function defang(s: string): string {
  return s
    .replace(/\b(h)(ttps?)(:\/\/)([^\s/?#]+)/gi, (_m, _h: string, t: string, sep: string, host: string) => `hxx${t.slice(2)}${sep}${host.replace(/\./g, '[.]')}`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}[.]`);
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

// ---------------------------------------------------------------- Markdown

function md(s: string): string {
  return defang(s)
    .replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, ' ');
}

function table(head: string[], rows: string[][]): string {
  if (rows.length === 0) return '_none_\n';
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}

export function renderMarkdown(r: ReportData): string {
  const out: string[] = [];
  const i = r.input;
  out.push(`# ${md(r.title)}\n`);
  out.push(
    `${i.posts} posts${i.distinctTexts < i.posts ? ` (${i.distinctTexts} distinct texts)` : ''} from ${i.crawlRecords} crawl records and ${i.assessments} assessment lines, ` +
      `**${i.flagged} flagged** (${pct(i.flagged, i.posts)}).` +
      (i.skippedLines ? ` ${i.skippedLines} input lines skipped (errors or no assessment).` : ''),
  );
  out.push(r.period ? `Period: ${day(r.period.first)} to ${day(r.period.last)} (UTC).` : 'Period: no dates in the input.');
  if (i.versions.length) out.push(`Scorer versions (library/lexicon/model/features): ${i.versions.map(md).join(', ')}${i.versions.length > 1 ? ' — **mixed versions: scores are not directly comparable**' : ''}.`);
  if (i.thresholds.length) out.push(`Flagging threshold: ${i.thresholds.map((t) => t.toFixed(3)).join(', ')}.`);
  out.push(`Bands: ${r.bands.map((b) => `${b.band} ${b.posts}`).join(', ') || 'none'}.\n`);

  out.push('## Strategic picture\n');
  out.push(`### Flagged posts over time (per ${r.timeline.granularity})\n`);
  out.push(table(['Period', 'Posts', 'Flagged'], r.timeline.buckets.map((b) => [b.label, String(b.posts), String(b.flagged)])));
  if (r.timeline.undated) out.push(`Undated: ${r.timeline.undated} posts, ${r.timeline.undatedFlagged} flagged.\n`);

  out.push('### Top routes in flagged posts\n');
  out.push(
    table(
      ['Route', 'Flagged posts', 'Prices', 'Languages'],
      r.routes.map((x) => [
        `${md(x.origin.name)} → ${md(x.destination.name)}`,
        String(x.posts),
        x.prices.map(rangeDetail).join('; ') || '—',
        x.languages.join(', '),
      ]),
    ),
  );
  if (r.pricesWithoutRoute.length) {
    out.push('### Prices in flagged posts without a route\n');
    out.push(table(['Currency', 'Range', 'Median', 'Posts'], r.pricesWithoutRoute.map((p) => [p.currency, formatRange(p), fmtNumber(p.median), String(p.n)])));
  }
  out.push('### Apps named in flagged posts\n');
  out.push(table(['App', 'Flagged posts'], r.apps.map((a) => [md(a.name), String(a.posts)])));
  out.push('### Languages\n');
  out.push(table(['Language', 'Posts', 'Flagged'], r.languages.map((l) => [l.code, String(l.posts), String(l.flagged)])));
  out.push('### Main risk category of flagged posts\n');
  out.push(table(['Category', 'Flagged posts'], r.categories.map((c) => [c.category, String(c.posts)])));

  out.push('## Tactical picture\n');
  out.push('### Largest clusters (posts sharing a phone, handle, link, e-mail or payment name)\n');
  out.push(
    table(
      ['Cluster', 'Posts', 'Flagged', 'Max score', 'Shared identifiers', 'Languages', 'First seen', 'Last seen'],
      r.clusters.map((c) => [
        c.id,
        String(c.posts.length),
        String(c.flaggedPosts),
        `${score2(c.maxScore)} (${c.band})`,
        c.identifiers.filter((x) => x.posts > 1).slice(0, 6).map((x) => `${md(formatIdentifier(x))} ×${x.posts}`).join('; ') || '—',
        c.languages.map((l) => l.code).join(', '),
        day(c.firstSeen),
        day(c.lastSeen),
      ]),
    ),
  );
  out.push('### Flagged posts to read first\n');
  out.push(table(['Post', 'Score', 'Band', 'Language', 'Date'], r.topPosts.map((p) => [md(p.id), score2(p.score), p.band, p.language, day(p.date)])));
  out.push('### Most frequent signals in flagged posts\n');
  out.push(table(['Signal', 'Meaning', 'Flagged posts'], r.signals.map((s) => [md(s.id), md(s.label), String(s.posts)])));
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------- HTML + SVG

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Escape for HTML text and quoted attribute values (also used by the CLI's HTML output). */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]!);
}
/** Input text for HTML: defanged, then escaped. */
const t = (s: string) => esc(defang(s));

const COLORS = { all: '#b8c2cc', flagged: '#c0392b', bar: '#34495e', axis: '#555', grid: '#e5e5e5' };

/** Vertical bars over time: all posts (light) with flagged posts (dark) in front. */
export function timelineSvg(buckets: { label: string; posts: number; flagged: number }[]): string {
  if (buckets.length === 0) return '';
  const w = 760;
  const h = 240;
  const left = 40;
  const bottom = 50;
  const top = 14;
  const max = Math.max(1, ...buckets.map((b) => b.posts));
  const plotW = w - left - 10;
  const plotH = h - top - bottom;
  const bw = plotW / buckets.length;
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const parts: string[] = [];
  for (const tick of niceTicks(max)) {
    parts.push(`<line x1="${left}" x2="${w - 10}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}" stroke="${COLORS.grid}"/>`);
    parts.push(`<text x="${left - 4}" y="${(y(tick) + 4).toFixed(1)}" text-anchor="end" font-size="10" fill="${COLORS.axis}">${tick}</text>`);
  }
  const every = Math.max(1, Math.ceil(buckets.length / 12));
  buckets.forEach((b, i) => {
    const x = left + i * bw;
    const inner = Math.max(1, bw * 0.8);
    parts.push(`<rect x="${(x + bw * 0.1).toFixed(1)}" y="${y(b.posts).toFixed(1)}" width="${inner.toFixed(1)}" height="${(top + plotH - y(b.posts)).toFixed(1)}" fill="${COLORS.all}"><title>${esc(b.label)}: ${b.posts} posts</title></rect>`);
    if (b.flagged > 0) {
      parts.push(`<rect x="${(x + bw * 0.1).toFixed(1)}" y="${y(b.flagged).toFixed(1)}" width="${inner.toFixed(1)}" height="${(top + plotH - y(b.flagged)).toFixed(1)}" fill="${COLORS.flagged}"><title>${esc(b.label)}: ${b.flagged} flagged</title></rect>`);
    }
    if (i % every === 0) {
      const lx = x + bw / 2;
      parts.push(`<text x="${lx.toFixed(1)}" y="${h - bottom + 14}" font-size="10" fill="${COLORS.axis}" text-anchor="end" transform="rotate(-35 ${lx.toFixed(1)} ${h - bottom + 14})">${esc(b.label.replace('week of ', ''))}</text>`);
    }
  });
  parts.push(`<line x1="${left}" x2="${w - 10}" y1="${top + plotH}" y2="${top + plotH}" stroke="${COLORS.axis}"/>`);
  return svg(w, h, 'Posts and flagged posts over time', parts) + legend([['posts', COLORS.all], ['flagged', COLORS.flagged]]);
}

/** Horizontal bars, one per row; an optional second (darker) value drawn over the first. */
export function barsSvg(title: string, rows: { label: string; value: number; inner?: number }[]): string {
  if (rows.length === 0) return '';
  const w = 760;
  const rowH = 22;
  const labelW = 260;
  const h = rows.length * rowH + 10;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const plotW = w - labelW - 60;
  const parts: string[] = [];
  rows.forEach((r, i) => {
    const yy = 5 + i * rowH;
    const bw = (r.value / max) * plotW;
    const label = r.label.length > 40 ? r.label.slice(0, 39) + '…' : r.label;
    parts.push(`<text x="${labelW - 6}" y="${yy + 15}" text-anchor="end" font-size="12" fill="#222">${t(label)}</text>`);
    parts.push(`<rect x="${labelW}" y="${yy + 3}" width="${Math.max(1, bw).toFixed(1)}" height="${rowH - 6}" fill="${r.inner !== undefined ? COLORS.all : COLORS.bar}"><title>${t(r.label)}: ${r.value}</title></rect>`);
    if (r.inner !== undefined && r.inner > 0) {
      parts.push(`<rect x="${labelW}" y="${yy + 3}" width="${Math.max(1, (r.inner / max) * plotW).toFixed(1)}" height="${rowH - 6}" fill="${COLORS.flagged}"><title>${t(r.label)}: ${r.inner} flagged</title></rect>`);
    }
    parts.push(`<text x="${(labelW + bw + 6).toFixed(1)}" y="${yy + 15}" font-size="11" fill="${COLORS.axis}">${r.value}${r.inner !== undefined ? ` (${r.inner})` : ''}</text>`);
  });
  return svg(w, h, title, parts);
}

/** Price ranges of one currency: a line from min to max and a dot at the median, per route. */
export function priceRangesSvg(currency: string, rows: { label: string; range: Range }[]): string {
  if (rows.length === 0) return '';
  const w = 760;
  const rowH = 22;
  const labelW = 260;
  const h = rows.length * rowH + 30;
  const max = Math.max(1, ...rows.map((r) => r.range.max));
  const plotW = w - labelW - 170;
  const x = (v: number) => labelW + (v / max) * plotW;
  const parts: string[] = [];
  rows.forEach((r, i) => {
    const yy = 5 + i * rowH + rowH / 2;
    const label = r.label.length > 40 ? r.label.slice(0, 39) + '…' : r.label;
    parts.push(`<text x="${labelW - 6}" y="${yy + 4}" text-anchor="end" font-size="12" fill="#222">${t(label)}</text>`);
    parts.push(`<line x1="${x(r.range.min).toFixed(1)}" x2="${Math.max(x(r.range.min) + 1, x(r.range.max)).toFixed(1)}" y1="${yy}" y2="${yy}" stroke="${COLORS.bar}" stroke-width="6" stroke-linecap="round"><title>${t(r.label)}: ${esc(formatRange(r.range))}</title></line>`);
    parts.push(`<circle cx="${x(r.range.median).toFixed(1)}" cy="${yy}" r="5" fill="${COLORS.flagged}"><title>median ${esc(fmtNumber(r.range.median))} ${esc(currency)}</title></circle>`);
    parts.push(`<text x="${(x(r.range.max) + 10).toFixed(1)}" y="${yy + 4}" font-size="11" fill="${COLORS.axis}">${esc(formatRange(r.range))}</text>`);
  });
  const axisY = rows.length * rowH + 14;
  parts.push(`<line x1="${labelW}" x2="${labelW + plotW}" y1="${axisY}" y2="${axisY}" stroke="${COLORS.axis}"/>`);
  parts.push(`<text x="${labelW}" y="${axisY + 12}" font-size="10" fill="${COLORS.axis}">0</text>`);
  parts.push(`<text x="${labelW + plotW}" y="${axisY + 12}" font-size="10" fill="${COLORS.axis}" text-anchor="end">${esc(fmtNumber(max))} ${esc(currency)}</text>`);
  return svg(w, h, `Price ranges in ${currency}`, parts);
}

function svg(w: number, h: number, title: string, parts: string[]): string {
  return `<svg class="chart" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>${parts.join('')}</svg>`;
}

function legend(items: [string, string][]): string {
  return `<p class="legend">${items.map(([label, color]) => `<span><i style="background:${color}"></i>${esc(label)}</span>`).join(' ')}</p>`;
}

function niceTicks(max: number): number[] {
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? mag * 10);
  const ticks: number[] = [];
  for (let v = 0; v <= max && ticks.length < 12; v += step) ticks.push(Math.round(v));
  return ticks;
}

function htmlTable(head: string[], rows: string[][]): string {
  if (rows.length === 0) return '<p class="none">none</p>';
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

const CSS = `body{font:14px/1.45 system-ui,sans-serif;color:#222;max-width:980px;margin:24px auto;padding:0 16px}
h1{font-size:24px}h2{font-size:19px;margin-top:32px;border-bottom:1px solid #ddd}h3{font-size:15px;margin-top:22px}
table{border-collapse:collapse;margin:6px 0 12px}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.n{text-align:right}.warn{color:#a00;font-weight:600}.none{color:#777}
.legend span{margin-right:14px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
.chart{max-width:100%;height:auto;display:block}code{font-size:12px;word-break:break-all}`;

export function renderHtml(r: ReportData): string {
  const i = r.input;
  const b: string[] = [];
  b.push(`<h1>${t(r.title)}</h1>`);
  b.push(
    `<p>${i.posts} posts${i.distinctTexts < i.posts ? ` (${i.distinctTexts} distinct texts)` : ''} from ${i.crawlRecords} crawl records and ${i.assessments} assessment lines, <strong>${i.flagged} flagged</strong> (${pct(i.flagged, i.posts)}).` +
      (i.skippedLines ? ` ${i.skippedLines} input lines skipped (errors or no assessment).` : '') +
      '</p>',
  );
  b.push(`<p>${r.period ? `Period: ${esc(day(r.period.first))} to ${esc(day(r.period.last))} (UTC).` : 'Period: no dates in the input.'}</p>`);
  if (i.versions.length) {
    b.push(`<p>Scorer versions (library/lexicon/model/features): ${i.versions.map((v) => `<code>${t(v)}</code>`).join(', ')}${i.versions.length > 1 ? ' <span class="warn">mixed versions: scores are not directly comparable</span>' : ''}</p>`);
  }
  if (i.thresholds.length) b.push(`<p>Flagging threshold: ${i.thresholds.map((x) => x.toFixed(3)).join(', ')}. Bands: ${esc(r.bands.map((x) => `${x.band} ${x.posts}`).join(', '))}.</p>`);

  b.push('<h2>Strategic picture</h2>');
  b.push(`<h3>Flagged posts over time (per ${esc(r.timeline.granularity)})</h3>`);
  b.push(timelineSvg(r.timeline.buckets) || '<p class="none">no dated posts</p>');
  if (r.timeline.undated) b.push(`<p>Undated: ${r.timeline.undated} posts, ${r.timeline.undatedFlagged} flagged.</p>`);

  b.push('<h3>Top routes in flagged posts</h3>');
  b.push(barsSvg('Flagged posts per route', r.routes.map((x) => ({ label: `${x.origin.name} → ${x.destination.name}`, value: x.posts }))));
  b.push(
    htmlTable(
      ['Route', 'Flagged posts', 'Prices', 'Languages'],
      r.routes.map((x) => [`${t(x.origin.name)} → ${t(x.destination.name)}`, String(x.posts), x.prices.map((p) => esc(rangeDetail(p))).join('<br>') || '—', esc(x.languages.join(', '))]),
    ),
  );
  const currencies = new Map<string, { label: string; range: Range }[]>();
  for (const x of r.routes) {
    for (const p of x.prices) {
      const rows = currencies.get(p.currency) ?? [];
      rows.push({ label: `${x.origin.name} → ${x.destination.name}`, range: p });
      currencies.set(p.currency, rows);
    }
  }
  for (const [currency, rows] of currencies) b.push(priceRangesSvg(currency, rows));
  if (r.pricesWithoutRoute.length) {
    b.push('<h3>Prices in flagged posts without a route</h3>');
    b.push(htmlTable(['Currency', 'Range', 'Median', 'Posts'], r.pricesWithoutRoute.map((p) => [esc(p.currency), esc(formatRange(p)), esc(fmtNumber(p.median)), String(p.n)])));
  }
  b.push('<h3>Apps named in flagged posts</h3>');
  b.push(barsSvg('Apps named in flagged posts', r.apps.map((a) => ({ label: a.name, value: a.posts }))) || '<p class="none">none</p>');
  b.push('<h3>Languages</h3>');
  b.push(barsSvg('Posts per language (flagged in red)', r.languages.map((l) => ({ label: l.code, value: l.posts, inner: l.flagged }))) || '<p class="none">none</p>');
  b.push('<h3>Main risk category of flagged posts</h3>');
  b.push(barsSvg('Main risk category of flagged posts', r.categories.map((c) => ({ label: c.category, value: c.posts }))) || '<p class="none">none</p>');

  b.push('<h2>Tactical picture</h2>');
  b.push('<h3>Largest clusters (posts sharing a phone, handle, link, e-mail or payment name)</h3>');
  b.push(
    htmlTable(
      ['Cluster', 'Posts', 'Flagged', 'Max score', 'Identifiers', 'Languages', 'First seen', 'Last seen'],
      r.clusters.map((c) => [
        esc(c.id),
        String(c.posts.length),
        String(c.flaggedPosts),
        `${score2(c.maxScore)} (${esc(c.band)})`,
        c.identifiers.slice(0, 8).map((x) => `<code>${t(formatIdentifier(x))}</code> ×${x.posts}`).join('<br>'),
        esc(c.languages.map((l) => l.code).join(', ')),
        esc(day(c.firstSeen)),
        esc(day(c.lastSeen)),
      ]),
    ),
  );
  b.push('<h3>Flagged posts to read first</h3>');
  b.push(htmlTable(['Post', 'Score', 'Band', 'Language', 'Date'], r.topPosts.map((p) => [`<code>${t(p.id)}</code>`, score2(p.score), esc(p.band), esc(p.language), esc(day(p.date))])));
  b.push('<h3>Most frequent signals in flagged posts</h3>');
  b.push(htmlTable(['Signal', 'Meaning', 'Flagged posts'], r.signals.map((s) => [`<code>${t(s.id)}</code>`, t(s.label), String(s.posts)])));

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t(r.title)}</title>
<style>${CSS}</style>
</head>
<body>
${b.join('\n')}
</body>
</html>
`;
}

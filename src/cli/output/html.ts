/**
 * A self-contained HTML report: one file, inline CSS, no script, no external request (a CSP
 * meta tag forbids them even if a browser were tricked), every piece of input text escaped.
 * The text of each post is shown with every evidence span highlighted (hover: the signals, with
 * their weights and contributions). Deterministic: no timestamp, same input -> same bytes.
 * Needs all results before it can print its summary, so it buffers them.
 */
import type { Writable } from 'node:stream';
import type { Assessment } from '../../score/assessment.js';
import { esc } from '../../analysis/render.js';
import { RISK_CATEGORIES } from '../../semantic/lexicon/schema.js';
import type { RunSummary } from '../summary.js';
import { segments } from './segments.js';
import { sinkWriter } from './sink.js';
import { whereText, type ErrorOutcome, type Outcome, type OutputOptions, type OutputWriter, type PostOutcome } from './types.js';


// Bidi overrides and other invisible controls could disguise the evidence: show them.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const codePoint = (c: string) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
/** Escaped text with control characters made visible. */
export function escText(s: string): string {
  let out = '';
  let pos = 0;
  for (const m of s.matchAll(CONTROL)) {
    out += esc(s.slice(pos, m.index)) + `<span class="cc" title="invisible character ${codePoint(m[0])}">${codePoint(m[0])}</span>`;
    pos = m.index + m[0].length;
  }
  return out + esc(s.slice(pos));
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const signed = (x: number) => (x >= 0 ? '+' : '') + x.toFixed(2);
const MAX_TEXT = 20_000;

const CSS = `
:root{--fg:#1d2733;--muted:#5d6b7a;--line:#d8dee6;--bg:#f4f6f9;--card:#fff;--accent:#1f4e79;
--low:#2e7d4f;--low-bg:#e3f3e9;--medium:#8a6100;--medium-bg:#fff1cc;--high:#b3440e;--high-bg:#ffe2d1;--critical:#fff;--critical-bg:#a4161a;
--pos:#ffd6a5;--pos-line:#d9480f;--neg:#cfe8ff;--neg-line:#1c6dd0}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",sans-serif;color:var(--fg);background:var(--bg)}
header{background:#14212e;color:#fff;padding:16px 28px}
header h1{margin:0;font-size:20px;font-weight:600}
header p{margin:4px 0 0;color:#b8c4d0;font-size:12px}
main{max-width:1180px;margin:0 auto;padding:20px 28px 48px}
h2{font-size:16px;margin:28px 0 10px}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:120px}
.card b{display:block;font-size:22px}
.card span{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
table{border-collapse:collapse;width:100%;background:var(--card);border:1px solid var(--line)}
th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:start;vertical-align:top}
th{background:#eef2f6;font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:var(--muted)}
td.num{font-variant-numeric:tabular-nums;text-align:end}
a{color:var(--accent)}
.band{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;text-transform:uppercase}
.band.low{color:var(--low);background:var(--low-bg)}.band.medium{color:var(--medium);background:var(--medium-bg)}
.band.high{color:var(--high);background:var(--high-bg)}.band.critical{color:var(--critical);background:var(--critical-bg)}
.flag{color:var(--critical-bg);font-weight:700}
article{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--line);border-radius:8px;margin:16px 0;padding:14px 18px}
article.low{border-left-color:var(--low)}article.medium{border-left-color:#d4a000}article.high{border-left-color:var(--high)}article.critical{border-left-color:var(--critical-bg)}
article h3{margin:0 0 6px;font-size:15px;display:flex;flex-wrap:wrap;gap:10px;align-items:center}
.where{color:var(--muted);font-size:12px;font-weight:400}
.text{white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:plaintext;background:#fbfcfd;border:1px solid var(--line);border-radius:6px;padding:10px 12px;margin:10px 0;font-size:15px;line-height:1.7}
mark{background:var(--pos);border-bottom:2px solid var(--pos-line);border-radius:2px;padding:0 1px;color:inherit}
mark.neg{background:var(--neg);border-bottom-color:var(--neg-line)}
.cc{font:11px monospace;background:#333;color:#fff;border-radius:3px;padding:0 3px;margin:0 1px}
.cats{display:grid;grid-template-columns:max-content 1fr max-content;gap:2px 10px;align-items:center;max-width:560px;font-size:12px}
.bar{height:8px;background:#e8ecf1;border-radius:4px;overflow:hidden}.bar span{display:block;height:100%;background:var(--accent)}
.sig td{font-size:13px}.sig .pos{color:var(--pos-line)}.sig .neg{color:var(--neg-line)}
.ents{display:flex;flex-wrap:wrap;gap:6px;margin-top:8px}
.ent{font-size:12px;border:1px solid var(--line);border-radius:12px;padding:1px 8px;background:#f7f9fb}
.ent i{font-style:normal;color:var(--muted)}
.foot{color:var(--muted);font-size:12px;margin-top:8px;font-family:ui-monospace,monospace;overflow-wrap:anywhere}
.err td{color:#8b1a1a}
footer{color:var(--muted);font-size:12px;text-align:center;padding:20px}
`;

function highlighted(text: string, a: Assessment): string {
  const shown = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
  let out = '';
  for (const seg of segments(shown.length, a.signals)) {
    const piece = escText(shown.slice(seg.start, seg.end));
    if (seg.signals.length === 0) {
      out += piece;
      continue;
    }
    const sigs = seg.signals.map((i) => a.signals[i]!);
    const net = sigs.reduce((s, x) => s + x.contribution, 0);
    const title = sigs.map((s) => `${s.label} [${s.id}] weight ${s.weight.toFixed(2)}, contribution ${signed(s.contribution)}`).join('\n');
    out += `<mark class="${net >= 0 ? 'pos' : 'neg'}" title="${esc(title)}">${piece}</mark>`;
  }
  if (shown.length < text.length) out += `<span class="where"> … ${text.length - shown.length} more characters not shown</span>`;
  return out;
}

function entities(a: Assessment): string {
  const e = a.entities;
  const chips: string[] = [];
  const chip = (kind: string, value: string, extra = '') => chips.push(`<span class="ent"><i>${esc(kind)}</i> ${escText(value)}${extra ? ` <i>${esc(extra)}</i>` : ''}</span>`);
  for (const p of e.phones) chip('phone', p.e164, [p.country, p.valid ? '' : 'not valid'].filter(Boolean).join(' '));
  for (const m of e.money) chip('money', `${m.amount} ${m.currency}`);
  for (const p of uniqueBy(e.places, (x) => x.id)) chip('place', p.name, p.role);
  for (const p of uniqueBy(e.apps, (x) => x.id)) chip('app', p.name);
  for (const u of e.urls) chip('url', u.url);
  for (const h of e.handles) chip('handle', h.handle.startsWith('[') ? h.handle : '@' + h.handle, h.platform ?? '');
  for (const m of e.emails) chip('e-mail', m.email);
  for (const d of e.documents) chip('document', d.span.text, d.entry);
  return chips.length ? `<div class="ents">${chips.join('')}</div>` : '';
}

function uniqueBy<T>(xs: readonly T[], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => (seen.has(key(x)) ? false : (seen.add(key(x)), true)));
}

function postArticle(o: PostOutcome, n: number): string {
  const a = o.assessment;
  const cats = RISK_CATEGORIES.map(
    (c) => `<span>${esc(c.replace(/_/g, ' '))}</span><span class="bar"><span style="width:${(a.categories[c] * 100).toFixed(1)}%"></span></span><span>${pct(a.categories[c])}</span>`,
  ).join('');
  const rows = a.signals
    .map((s) => {
      const words = [...new Set(s.spans.map((sp) => sp.text))].slice(0, 6).map((w) => `<mark class="${s.contribution >= 0 ? 'pos' : 'neg'}">${escText(w)}</mark>`).join(' ');
      return `<tr><td class="num ${s.contribution >= 0 ? 'pos' : 'neg'}">${signed(s.contribution)}</td><td>${esc(s.label)}<br><span class="where">${esc(s.id)} · ${esc(s.category)} · weight ${s.weight.toFixed(2)} × value ${s.value.toFixed(2)}</span></td><td dir="auto">${words}</td></tr>`;
    })
    .join('');
  return `<article id="post-${n}" class="${a.band}">
<h3><span class="band ${a.band}">${a.band}</span> score ${pct(a.score)}${a.flagged ? ' <span class="flag">FLAGGED</span>' : ''} <span>${a.id !== undefined ? `id ${escText(a.id)}` : ''}</span> <span class="where">${esc(whereText(o.at))} · language ${esc(a.language.code)} (${a.language.confidence.toFixed(2)}, ${esc(a.language.method)})</span></h3>
<div class="text" dir="auto">${highlighted(o.text, a)}</div>
<div class="cats">${cats}</div>
${rows ? `<table class="sig"><thead><tr><th>Contribution</th><th>Signal</th><th>Evidence</th></tr></thead><tbody>${rows}</tbody></table>` : '<p class="where">No evidence found.</p>'}
${entities(a)}
<div class="foot">logit ${a.logit.toFixed(3)} = bias ${a.bias.toFixed(3)} + contributions · threshold ${pct(a.threshold)} · sha256 ${a.sha256}${o.redaction ? ` · redacted (key ${esc(o.redaction.keyId)})` : ''}</div>
</article>`;
}

export function renderHtmlReport(outcomes: readonly Outcome[], summary: RunSummary, title = 'smuggling-risk report'): string {
  const posts = outcomes.filter((o): o is PostOutcome => o.kind === 'post');
  const errors = outcomes.filter((o): o is ErrorOutcome => o.kind === 'error');
  const v = posts[0]?.assessment.versions;
  const redacted = posts.find((p) => p.redaction)?.redaction;
  const cards = [
    ['posts scored', summary.posts],
    ['flagged', summary.flagged],
    ['critical', summary.bands.critical ?? 0],
    ['high', summary.bands.high ?? 0],
    ['medium', summary.bands.medium ?? 0],
    ['low', summary.bands.low ?? 0],
    ['errors', summary.errors],
  ]
    .map(([k, n]) => `<div class="card"><b>${n}</b><span>${k}</span></div>`)
    .join('');
  const langs = Object.entries(summary.languages)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k, n]) => `${esc(k)} ${n}`)
    .join(' · ');
  const index = posts
    .map((o, i) => {
      const a = o.assessment;
      const top = RISK_CATEGORIES.reduce((best, c) => (a.categories[c] > a.categories[best] ? c : best), RISK_CATEGORIES[0]);
      const snippet = o.text.length > 90 ? o.text.slice(0, 90) + '…' : o.text;
      return `<tr><td class="num"><a href="#post-${i + 1}">${i + 1}</a></td><td>${escText(a.id ?? '')}</td><td class="num">${pct(a.score)}</td><td><span class="band ${a.band}">${a.band}</span>${a.flagged ? ' <span class="flag">●</span>' : ''}</td><td>${esc(a.language.code)}</td><td>${esc(top.replace(/_/g, ' '))}</td><td dir="auto">${escText(snippet)}</td></tr>`;
    })
    .join('\n');
  const errorRows = errors.map((e) => `<tr><td>${esc(whereText(e.at))}</td><td>${escText(e.id ?? '')}</td><td>${escText(e.error)}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${esc(title)}</h1><p>${summary.records} records${v ? ` · library ${esc(v.library)} · lexicon ${esc(v.lexicon)} · model ${esc(v.model)}` : ''}${redacted ? ` · identifiers redacted with keyed hashes (key ${esc(redacted.keyId)})` : ''}</p></header>
<main>
<section><h2>Summary</h2><div class="cards">${cards}</div>${langs ? `<p>Languages: ${langs}</p>` : ''}</section>
${posts.length ? `<section><h2>Posts</h2><table><thead><tr><th>#</th><th>id</th><th>score</th><th>band</th><th>lang</th><th>top category</th><th>text</th></tr></thead><tbody>\n${index}\n</tbody></table></section>` : ''}
${errors.length ? `<section><h2>Errors</h2><table class="err"><thead><tr><th>where</th><th>id</th><th>error</th></tr></thead><tbody>\n${errorRows}\n</tbody></table></section>` : ''}
${posts.length ? `<section><h2>Explanations</h2>\n${posts.map((o, i) => postArticle(o, i + 1)).join('\n')}\n</section>` : ''}
</main>
<footer>Scores are calibrated probabilities; every highlighted span is the exact text the signal read. Hover a highlight for the reasons.</footer>
</body>
</html>
`;
}

export function htmlWriter(sink: Writable, _options: OutputOptions): OutputWriter {
  const write = sinkWriter(sink);
  const all: Outcome[] = [];
  return {
    async write(o) {
      all.push(o);
    },
    async end(summary) {
      await write(renderHtmlReport(all, summary));
    },
  };
}

/** The human-readable explanation printed by `score` without `--json`. */
import type { Assessment } from '../score/assessment.js';
import type { Span } from '../semantic/span.js';

export interface Style {
  mark(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
  band(band: string, text: string): string;
}

export const ansiStyle: Style = {
  mark: (t) => `\x1b[1;33;4m${t}\x1b[0m`,
  bold: (t) => `\x1b[1m${t}\x1b[0m`,
  dim: (t) => `\x1b[2m${t}\x1b[0m`,
  band: (b, t) => `\x1b[1;${b === 'critical' || b === 'high' ? 31 : b === 'medium' ? 33 : 32}m${t}\x1b[0m`,
};

export const plainStyle: Style = {
  mark: (t) => `[${t}]`,
  bold: (t) => t,
  dim: (t) => t,
  band: (_b, t) => t,
};

// Controls and bidi overrides in a post must not drive the terminal: show them as code points.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const safe = (t: string) => t.replace(UNSAFE, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);

/** The text with every evidence span marked; overlapping spans are merged. */
export function highlight(text: string, spans: readonly Span[], style: Style, maxLength = 2000): string {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: { start: number; end: number }[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ start: s.start, end: s.end });
  }
  let out = '';
  let pos = 0;
  for (const m of merged) {
    if (m.start >= maxLength) break;
    out += safe(text.slice(pos, m.start)) + style.mark(safe(text.slice(m.start, m.end)));
    pos = m.end;
  }
  out += safe(text.slice(pos, Math.max(pos, maxLength)));
  if (text.length > maxLength) out += style.dim(` … (${text.length - maxLength} more characters)`);
  return out;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const signed = (x: number) => (x >= 0 ? '+' : '') + x.toFixed(2);

export function formatAssessment(text: string, a: Assessment, style: Style, topReasons = 8): string {
  const lines: string[] = [];
  const head = `${a.flagged ? 'FLAGGED' : 'not flagged'}  score ${pct(a.score)}  band ${a.band.toUpperCase()}`;
  lines.push(style.band(a.band, head) + style.dim(`  (threshold ${pct(a.threshold)})`));
  lines.push(`language ${a.language.code} (confidence ${a.language.confidence.toFixed(2)}, by ${a.language.method})`);
  const cats = Object.entries(a.categories)
    .sort((x, y) => y[1] - x[1])
    .map(([k, v]) => `${k} ${pct(v)}`)
    .join(', ');
  lines.push(`categories: ${cats}`);
  lines.push('');
  lines.push(highlight(text, a.signals.flatMap((s) => (s.contribution > 0 ? s.spans : [])), style));
  lines.push('');
  lines.push(style.bold('Why') + style.dim(`  (logit ${a.logit.toFixed(2)} = bias ${a.bias.toFixed(2)} + contributions)`));
  if (a.signals.length === 0) lines.push('  no evidence found');
  for (const s of a.signals.slice(0, topReasons)) {
    const words = [...new Set(s.spans.map((sp) => safe(sp.text)))].slice(0, 6).map((w) => style.mark(w)).join(' ');
    lines.push(`  ${signed(s.contribution).padStart(6)}  ${s.label}${words ? `: ${words}` : ''}`);
  }
  if (a.signals.length > topReasons) lines.push(style.dim(`  … ${a.signals.length - topReasons} more (use --json)`));
  const e = a.entities;
  const ent: string[] = [];
  if (e.phones.length) ent.push(`phones: ${e.phones.map((p) => `${p.e164}${p.country ? ` (${p.country})` : ''}`).join(', ')}`);
  if (e.money.length) ent.push(`money: ${e.money.map((m) => `${m.amount} ${m.currency}`).join(', ')}`);
  if (e.places.length) ent.push(`places: ${[...new Set(e.places.map((p) => p.name))].join(', ')}`);
  if (e.apps.length) ent.push(`apps: ${[...new Set(e.apps.map((p) => p.name))].join(', ')}`);
  // Redacted handles are tokens (`[handle:...]`), not names to prefix with @.
  if (e.handles.length) ent.push(`handles: ${[...new Set(e.handles.map((h) => (h.handle.startsWith('[') ? h.handle : '@' + safe(h.handle))))].join(', ')}`);
  if (e.urls.length) ent.push(`links: ${e.urls.map((u) => safe(u.url)).join(', ')}`);
  if (e.emails.length) ent.push(`e-mails: ${e.emails.map((m) => safe(m.email)).join(', ')}`);
  if (ent.length) {
    lines.push('');
    lines.push(style.bold('Entities'));
    for (const x of ent) lines.push(`  ${x}`);
  }
  lines.push('');
  lines.push(style.dim(`sha256 ${a.sha256}  library ${a.versions.library}  lexicon ${a.versions.lexicon}  model ${a.versions.model}`));
  return lines.join('\n');
}

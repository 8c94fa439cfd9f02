/** `bench`: quality of the scorer (and baselines) on any labelled file. */
import type { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { createReadStream } from 'node:fs';
import { benchItemSchema, corpusFiles } from '../data/labelled.js';
import type { Scorer } from '../scorer.js';
import { readLines } from '../ingest/lines.js';
import type { Baseline } from './baselines.js';
import { binaryMetrics, expectedCalibrationError, logLoss, type BinaryMetrics } from './metrics.js';

export interface LabelledPost {
  id?: string | number | undefined;
  text: string;
  label: 'smuggling' | 'benign';
  lang?: string | undefined;
  category?: string | undefined;
  split?: string | undefined;
}

export interface GroupMetrics extends BinaryMetrics {}

export interface BaselineReport extends BinaryMetrics {
  name: string;
  threshold: number;
  itemsPerSecond: number;
}

export interface BenchReport extends BinaryMetrics {
  data: string;
  threshold: number;
  ece: number | null;
  /** Mean log-loss of the scores (see `logLoss`). */
  logLoss: number | null;
  errors: number;
  errorLines: { line: number; error: string }[];
  byLanguage: Record<string, GroupMetrics>;
  byCategory: Record<string, { n: number; label: string; flagged: number; rate: number }>;
  throughput: { items: number; seconds: number; itemsPerSecond: number };
  /** Detected language against the items' `lang`, where they have one. */
  languageId: { n: number; accuracy: number | null; byLanguage: Record<string, { n: number; accuracy: number; detected: Record<string, number> }> };
  versions: Scorer['versions'];
  baselines?: BaselineReport[];
}

export interface Collected {
  items: LabelledPost[];
  errors: { line: number; error: string }[];
}

/** Read every labelled JSONL file of a directory (top level), or one file. */
export async function collectLabelledPath(path: string): Promise<Collected> {
  const all: Collected = { items: [], errors: [] };
  for (const file of corpusFiles(path)) {
    const c = await collectLabelled(createReadStream(file));
    all.items.push(...c.items);
    all.errors.push(...c.errors.map((e) => ({ ...e, error: `${file}: ${e.error}` })));
  }
  return all;
}

/** Read a labelled JSONL stream; a bad line is counted and reported, the rest goes on. */
export async function collectLabelled(source: Readable, maxLineLength = 10_000_000): Promise<Collected> {
  const items: LabelledPost[] = [];
  const errors: { line: number; error: string }[] = [];
  for await (const line of readLines(source, maxLineLength)) {
    if (line.text.trim() === '') continue;
    if (line.overflow) {
      errors.push({ line: line.number, error: `line longer than ${maxLineLength} characters` });
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (err) {
      errors.push({ line: line.number, error: `invalid JSON: ${(err as Error).message}` });
      continue;
    }
    const r = benchItemSchema.safeParse(value);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      errors.push({ line: line.number, error: `${issue.path.join('.') || 'line'}: ${issue.message}` });
      continue;
    }
    items.push(r.data);
  }
  return { items, errors };
}

function groupBy(items: readonly LabelledPost[], key: (i: LabelledPost, k: number) => string): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  items.forEach((item, k) => {
    const g = key(item, k);
    const list = groups.get(g) ?? [];
    list.push(k);
    groups.set(g, list);
  });
  return new Map([...groups].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

export interface BenchOptions {
  data: string;
  errors?: { line: number; error: string }[];
  baselines?: readonly Baseline[];
  onProgress?: (done: number) => void;
}

export function bench(scorer: Scorer, items: readonly LabelledPost[], options: BenchOptions): BenchReport {
  const labels = items.map((i) => (i.label === 'smuggling' ? 1 : 0));
  const scores: number[] = [];
  const detected: string[] = [];
  const t0 = performance.now();
  items.forEach((item, k) => {
    const a = scorer.score({ text: item.text, ...(item.id !== undefined ? { id: item.id } : {}) });
    scores.push(a.score);
    detected.push(a.language.code);
    if (options.onProgress && k % 25 === 0) options.onProgress(k);
  });
  const seconds = (performance.now() - t0) / 1000;
  options.onProgress?.(items.length);
  const threshold = scorer.threshold;
  const overall = binaryMetrics(scores, labels, threshold);

  const byLanguage: Record<string, GroupMetrics> = {};
  for (const [lang, idx] of groupBy(items, (i, k) => i.lang ?? detected[k]!)) {
    byLanguage[lang] = binaryMetrics(idx.map((k) => scores[k]!), idx.map((k) => labels[k]!), threshold);
  }
  const byCategory: BenchReport['byCategory'] = {};
  for (const [category, idx] of groupBy(items, (i) => i.category ?? `(${i.label})`)) {
    const flagged = idx.filter((k) => scores[k]! >= threshold).length;
    byCategory[category] = { n: idx.length, label: items[idx[0]!]!.label, flagged, rate: flagged / idx.length };
  }

  const languageId: BenchReport['languageId'] = { n: 0, accuracy: null, byLanguage: {} };
  let correct = 0;
  items.forEach((item, k) => {
    if (!item.lang) return;
    languageId.n++;
    const entry = (languageId.byLanguage[item.lang] ??= { n: 0, accuracy: 0, detected: {} });
    entry.n++;
    entry.detected[detected[k]!] = (entry.detected[detected[k]!] ?? 0) + 1;
    if (detected[k] === item.lang) correct++;
  });
  if (languageId.n) languageId.accuracy = correct / languageId.n;
  for (const [lang, e] of Object.entries(languageId.byLanguage)) e.accuracy = (e.detected[lang] ?? 0) / e.n;
  languageId.byLanguage = Object.fromEntries(Object.entries(languageId.byLanguage).sort((a, b) => (a[0] < b[0] ? -1 : 1)));

  const report: BenchReport = {
    data: options.data,
    threshold,
    ...overall,
    ece: expectedCalibrationError(scores, labels),
    logLoss: logLoss(scores, labels),
    errors: options.errors?.length ?? 0,
    errorLines: (options.errors ?? []).slice(0, 20),
    byLanguage,
    byCategory,
    throughput: { items: items.length, seconds, itemsPerSecond: seconds > 0 ? items.length / seconds : 0 },
    languageId,
    versions: scorer.versions,
  };
  if (options.baselines?.length) {
    report.baselines = options.baselines.map((b) => {
      const s0 = performance.now();
      const bs = items.map((i) => b.score(i.text));
      const secs = (performance.now() - s0) / 1000;
      return { name: b.name, ...binaryMetrics(bs, labels, b.threshold), threshold: b.threshold, itemsPerSecond: secs > 0 ? items.length / secs : 0 };
    });
  }
  return report;
}

const f = (x: number | null | undefined, digits = 3) => (x === null || x === undefined ? '  n/a' : x.toFixed(digits));

export function formatBench(r: BenchReport): string {
  const out: string[] = [];
  out.push(`data ${r.data}: ${r.n} items (${r.positives} smuggling, ${r.negatives} benign), ${r.errors} bad lines`);
  out.push(`threshold ${f(r.threshold)}  precision ${f(r.precision)}  recall ${f(r.recall)}  F1 ${f(r.f1)}  FPR ${f(r.fpr)}`);
  out.push(`ROC-AUC ${f(r.auc)}  PR-AUC ${f(r.prAuc)}  ECE ${f(r.ece)}  log-loss ${f(r.logLoss, 4)}  accuracy ${f(r.accuracy)}`);
  const c = r.confusion;
  out.push(`confusion: TP ${c.tp}  FP ${c.fp}  TN ${c.tn}  FN ${c.fn}`);
  out.push(`throughput: ${r.throughput.itemsPerSecond.toFixed(0)} posts/s (${r.throughput.items} in ${r.throughput.seconds.toFixed(2)} s)`);
  out.push('');
  out.push('language      n   pos     P      R     F1    FPR    AUC  lang-ID');
  for (const [lang, m] of Object.entries(r.byLanguage)) {
    const id = r.languageId.byLanguage[lang];
    out.push(`${lang.padEnd(8)} ${String(m.n).padStart(6)} ${String(m.positives).padStart(5)} ${f(m.precision)}  ${f(m.recall)}  ${f(m.f1)}  ${f(m.fpr)}  ${f(m.auc)}  ${id ? f(id.accuracy) : '  n/a'}`);
  }
  if (r.languageId.n) out.push(`language ID accuracy ${f(r.languageId.accuracy)} on ${r.languageId.n} items with a lang field`);
  out.push('');
  out.push('category                      n   flagged (recall for smuggling, FPR for benign)');
  for (const [cat, m] of Object.entries(r.byCategory)) {
    out.push(`${cat.padEnd(26)} ${String(m.n).padStart(5)}   ${f(m.rate)} ${m.label === 'smuggling' ? 'recall' : 'FPR'}`);
  }
  if (r.baselines?.length) {
    out.push('');
    out.push('method                                   F1     AUC  PR-AUC      P      R    FPR   posts/s');
    const row = (name: string, m: BinaryMetrics, speed: number) =>
      `${name.padEnd(38)} ${f(m.f1)}  ${f(m.auc)}  ${f(m.prAuc)}  ${f(m.precision)}  ${f(m.recall)}  ${f(m.fpr)}  ${speed.toFixed(0).padStart(8)}`;
    out.push(row('smuggling-risk', r, r.throughput.itemsPerSecond));
    for (const b of r.baselines) out.push(row(b.name, b, b.itemsPerSecond));
  }
  if (r.errorLines.length) {
    out.push('');
    for (const e of r.errorLines) out.push(`line ${e.line}: ${e.error}`);
  }
  return out.join('\n');
}

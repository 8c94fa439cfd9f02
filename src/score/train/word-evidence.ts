/**
 * Learning the word evidence (see ../word-evidence.ts): naive-Bayes log-odds over scenarios, and
 * cross-fitted values for the posts the model is fitted on.
 */
import { createHash } from 'node:crypto';
import { evidenceTable, type EvidenceTable } from '../word-evidence.js';

/** Words seen in fewer train scenarios carry no evidence; `alpha` smooths the counts. */
export const WORD_EVIDENCE = { minScenarios: 2, alpha: 1, folds: 10 } as const;

/**
 * Each word's log-odds of occurring in a risk rather than a benign scenario among the scenarios
 * of the posts `fit`: a scenario counts once however many renderings it has (a template's words
 * would otherwise count eight times), and each label's count is taken as a share of that label's
 * scenarios. Rounded to 1e-3, in key order, so the model file is stable.
 */
export function learnWordEvidence(keys: readonly ReadonlySet<string>[], labels: readonly number[], scenarios: readonly string[], fit: readonly number[]): Map<string, number> {
  const byScenario = new Map<string, { label: number; keys: Set<string> }>();
  for (const i of fit) {
    let s = byScenario.get(scenarios[i]!);
    if (!s) byScenario.set(scenarios[i]!, (s = { label: labels[i]!, keys: new Set() }));
    for (const k of keys[i]!) s.keys.add(k);
  }
  const pos = new Map<string, number>();
  const neg = new Map<string, number>();
  let p = 0;
  let n = 0;
  for (const s of byScenario.values()) {
    const counts = s.label ? pos : neg;
    if (s.label) p++;
    else n++;
    for (const k of s.keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const { alpha, minScenarios } = WORD_EVIDENCE;
  const out = new Map<string, number>();
  for (const k of [...new Set([...pos.keys(), ...neg.keys()])].sort()) {
    const a = pos.get(k) ?? 0;
    const b = neg.get(k) ?? 0;
    if (a + b < minScenarios) continue;
    const r = Math.round((Math.log((a + alpha) / (p + 2 * alpha)) - Math.log((b + alpha) / (n + 2 * alpha))) * 1000) / 1000;
    if (r !== 0) out.set(k, r);
  }
  return out;
}

/**
 * The evidence table of `fit`, and each post's two feature values, as `valuesOf` reads a post
 * with a table (the scorer's reading: `wordEvidence`). A post in `fit` takes its values from a
 * table learned without its own scenario's inner fold: with the full table its own words would
 * vouch for it, and the model would trust the evidence far more than it deserves on a scenario
 * it has never seen. Every other post (dev, test) uses the full table, as the scorer does.
 * Without a word shared by two scenarios there is no evidence: the table is empty and so is
 * every row (the model then has no `words.*` features).
 */
export function crossFittedEvidence(
  keys: readonly ReadonlySet<string>[],
  labels: readonly number[],
  scenarios: readonly string[],
  fit: readonly number[],
  valuesOf: (post: number, table: EvidenceTable) => [number, number],
): { table: Map<string, number>; rows: ([number, number] | [])[] } {
  const table = learnWordEvidence(keys, labels, scenarios, fit);
  if (table.size === 0) return { table, rows: keys.map(() => []) };
  const full = evidenceTable(table);
  const fitted = new Set(fit);
  const rows = keys.map((_, i): [number, number] | [] => (fitted.has(i) ? [] : valuesOf(i, full)));
  const foldOf = (i: number) => createHash('sha1').update(`evidence:${scenarios[i]}`).digest()[0]! % WORD_EVIDENCE.folds;
  for (let f = 0; f < WORD_EVIDENCE.folds; f++) {
    const inner = evidenceTable(learnWordEvidence(keys, labels, scenarios, fit.filter((i) => foldOf(i) !== f)));
    for (const i of fit) if (foldOf(i) === f) rows[i] = valuesOf(i, inner);
  }
  return { table, rows };
}

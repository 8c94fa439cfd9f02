/**
 * Entry weights tempered by the training data. A lexicon entry's weight is its author's prior
 * that a match is evidence of its kind. Some entries turn out to speak for both labels: "je
 * vends" sells boats and passports alike, "coast guard" is in rescue calls and in crossing
 * instructions. Counted over training scenarios (not posts: a template's eight renderings are
 * one situation), an entry that matches in scenarios of the other label keeps only the share of
 * its prior that its own label earns:
 *
 *   w = w0 * (own + K) / (own + other + K)
 *
 * with `own` and `other` the scenarios of each label where it counts, each rescaled to a corpus
 * with as many scenarios of either label, and K pseudo-scenarios that speak for the prior (an
 * entry seen twice is not judged on two). Weights are only ever lowered: an entry seen in one
 * label only keeps its prior, since a template that happens to use a word everywhere is not
 * evidence that the word is strong.
 */
import type { Analysis } from '../../semantic/engine.js';
import type { EntryPrior } from '../pipeline.js';

/** Pseudo-scenarios at the prior (see above). */
export const ENTRY_PRIOR_SCENARIOS = 3;

export interface EntryCountsInput {
  analyses: readonly Pick<Analysis, 'atoms'>[];
  labels: readonly number[];
  /** Scenario of each post (posts of one template share it). */
  scenarios: readonly string[];
  /** The posts to count (indices into the arrays above): the train split, or a fold's part of it. */
  fit: readonly number[];
  entries: ReadonlyMap<string, EntryPrior>;
}

/** The lowered weights, by entry id in id order; entries that keep their prior are left out. */
export function deriveEntryWeights({ analyses, labels, scenarios, fit, entries }: EntryCountsInput, k = ENTRY_PRIOR_SCENARIOS): Map<string, number> {
  const seen = new Map<string, [Set<string>, Set<string>]>(); // entry -> [benign, risk] scenarios
  const all: [Set<string>, Set<string>] = [new Set(), new Set()];
  for (const i of fit) {
    const label = labels[i]! ? 1 : 0;
    all[label].add(scenarios[i]!);
    for (const atom of analyses[i]!.atoms.values()) {
      for (const id of atom.entries) {
        let pair = seen.get(id);
        if (!pair) seen.set(id, (pair = [new Set(), new Set()]));
        pair[label].add(scenarios[i]!);
      }
    }
  }
  const mid = (all[0].size + all[1].size) / 2;
  const rescale = (n: number, label: 0 | 1) => (all[label].size ? (n * mid) / all[label].size : 0);
  const out = new Map<string, number>();
  for (const id of [...seen.keys()].sort()) {
    const prior = entries.get(id);
    if (!prior) continue;
    const [benign, risk] = seen.get(id)!;
    const own = prior.benign ? rescale(benign.size, 0) : rescale(risk.size, 1);
    const other = prior.benign ? rescale(risk.size, 1) : rescale(benign.size, 0);
    if (other === 0) continue;
    // Rounded so that the model file is short and its text the same on every platform.
    const w = Math.round(((prior.weight * (own + k)) / (own + other + k)) * 1e4) / 1e4;
    if (w < prior.weight) out.set(id, Math.max(w, 1e-4));
  }
  return out;
}

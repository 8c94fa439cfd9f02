/**
 * Features: each is a product over groups of the strongest atom of the group, so a single
 * group is a plain indicator and several groups express co-occurrence (an offer needs passage
 * AND price AND contact). Values stay in [0, 1].
 */
import type { Atom } from '../semantic/engine.js';
import { uniqueSpans, type Span } from '../semantic/span.js';
import type { FeatureDefinition } from './model-file.js';

export interface FeatureValue {
  value: number;
  spans: Span[];
  entries: string[];
}

const ZERO: FeatureValue = { value: 0, spans: [], entries: [] };

export function featureValue(def: FeatureDefinition, atoms: ReadonlyMap<string, Atom>): FeatureValue {
  let value = 1;
  let groupsWithEvidence = 0;
  for (const group of def.allOf) {
    let best = 0;
    for (const name of group) best = Math.max(best, atoms.get(name)?.value ?? 0);
    if (best === 0) return ZERO;
    value *= best;
    groupsWithEvidence++;
  }
  if (groupsWithEvidence === 0) return ZERO;
  const spans: Span[] = [];
  const entries: string[] = [];
  for (const group of def.allOf) {
    for (const name of group) {
      const a = atoms.get(name);
      if (!a || a.value === 0) continue;
      spans.push(...a.spans);
      for (const e of a.entries) if (!entries.includes(e)) entries.push(e);
    }
  }
  return { value, spans: uniqueSpans(spans), entries: entries.sort() };
}

/** Feature vector in the order of `defs`. */
export function featureVector(defs: readonly FeatureDefinition[], atoms: ReadonlyMap<string, Atom>): FeatureValue[] {
  return defs.map((d) => featureValue(d, atoms));
}

/**
 * Features: each is a product over groups of the strongest atom of the group, so a single
 * group is a plain indicator and several groups express co-occurrence (an offer needs passage
 * AND price AND contact). Values stay in [0, 1].
 */
import type { Atom } from '../semantic/engine.js';
import { mergeSortedSpans, type Span } from '../semantic/span.js';
import type { FeatureDefinition } from './model-file.js';

export interface FeatureValue {
  value: number;
  /** In position order, unique; at most the `spanLimit` asked for plus one (so a reader can tell there were more). */
  spans: readonly Span[];
  entries: string[];
}

/** The value of a feature without evidence (shared: never mutated). */
export const ZERO: FeatureValue = Object.freeze({ value: 0, spans: Object.freeze([]) as readonly Span[], entries: Object.freeze([]) as unknown as string[] });

/** A feature's value and evidence; each atom's spans must be sorted and unique, as the engine leaves them. */
export function featureValue(def: FeatureDefinition, atoms: ReadonlyMap<string, Atom>, spanLimit = Infinity): FeatureValue {
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
  const lists: Span[][] = [];
  const entries: string[] = [];
  for (const group of def.allOf) {
    for (const name of group) {
      const a = atoms.get(name);
      if (!a || a.value === 0) continue;
      lists.push(a.spans);
      for (const e of a.entries) if (!entries.includes(e)) entries.push(e);
    }
  }
  return { value, spans: mergeSortedSpans(lists, spanLimit + 1), entries: entries.sort() };
}

/** For a feature list: which features name each atom, and a scratch mark per feature. */
interface DefinitionIndex {
  byAtom: Map<string, number[]>;
  mark: Uint32Array;
  generation: number;
}

const indexes = new WeakMap<readonly FeatureDefinition[], DefinitionIndex>();

function indexOf(defs: readonly FeatureDefinition[]): DefinitionIndex {
  let index = indexes.get(defs);
  if (!index) {
    const byAtom = new Map<string, number[]>();
    defs.forEach((def, i) => {
      for (const group of def.allOf) {
        for (const name of group) {
          const list = byAtom.get(name) ?? byAtom.set(name, []).get(name)!;
          if (list[list.length - 1] !== i) list.push(i);
        }
      }
    });
    index = { byAtom, mark: new Uint32Array(defs.length), generation: 0 };
    indexes.set(defs, index);
  }
  return index;
}

/** A feature with evidence in a post: its position in the feature list and its value. */
export interface PresentFeature {
  index: number;
  value: FeatureValue;
}

/**
 * The features of `defs` with a non-zero value, in the order of `defs`. A feature none of whose
 * atoms has evidence is zero, so only the features naming an atom of the post are computed: the
 * cost follows the post's evidence, not the number of features, and nothing of the features'
 * size is allocated per post. Each keeps its first `spanLimit` spans (and one more, to tell that
 * there were more): an explanation shows a few, the value counts them all.
 */
export function presentFeatures(defs: readonly FeatureDefinition[], atoms: ReadonlyMap<string, Atom>, spanLimit = Infinity): PresentFeature[] {
  const index = indexOf(defs);
  if (++index.generation === 0xffffffff) {
    index.mark.fill(0);
    index.generation = 1;
  }
  const { mark, generation } = index;
  const out: PresentFeature[] = [];
  for (const [name, atom] of atoms) {
    if (atom.value === 0) continue;
    const list = index.byAtom.get(name);
    if (!list) continue;
    for (const i of list) {
      if (mark[i] === generation) continue;
      mark[i] = generation;
      const value = featureValue(defs[i]!, atoms, spanLimit);
      if (value.value !== 0) out.push({ index: i, value });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/** The whole feature vector in the order of `defs` (training reads every column). */
export function featureVector(defs: readonly FeatureDefinition[], atoms: ReadonlyMap<string, Atom>, spanLimit = Infinity): FeatureValue[] {
  const out = new Array<FeatureValue>(defs.length).fill(ZERO);
  for (const { index, value } of presentFeatures(defs, atoms, spanLimit)) out[index] = value;
  return out;
}

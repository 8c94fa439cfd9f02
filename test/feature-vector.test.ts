import { describe, expect, it } from 'vitest';
import type { Atom } from '../src/semantic/engine.js';
import { featureValue, featureVector, presentFeatures } from '../src/score/features.js';
import type { FeatureDefinition } from '../src/score/model-file.js';

// featureVector computes only the features that name an atom with evidence; the result must be
// the plain map of featureValue over every definition.
describe('featureVector', () => {
  it('equals featureValue over every definition', () => {
    const names = ['a', 'b', 'c', 'd', 'e', '@phone', '@money', 'emoji:transport'];
    const defs: FeatureDefinition[] = [];
    for (let i = 0; i < names.length; i++) {
      defs.push({ id: `kind.${i}`, label: 'x', category: 'journey_offer', allOf: [[names[i]!]] });
      for (let j = i + 1; j < names.length; j++) defs.push({ id: `pair.${i}.${j}`, label: 'x', category: 'journey_offer', allOf: [[names[i]!], [names[j]!]] });
    }
    defs.push({ id: 'combo.x', label: 'x', category: 'benign', allOf: [['a', 'b'], ['c', '@money'], ['d']] });
    defs.push({ id: 'empty.x', label: 'x', category: 'context', allOf: [] });
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
    for (let round = 0; round < 300; round++) {
      const atoms = new Map<string, Atom>();
      for (const n of names) {
        const r = rand();
        if (r < 0.5) continue;
        atoms.set(n, { value: r < 0.6 ? 0 : rand(), spans: [{ start: round, end: round + 1, text: 'x' }], entries: r < 0.8 ? [`e.${n}`] : [] });
      }
      const dense = defs.map((d) => featureValue(d, atoms));
      expect(featureVector(defs, atoms)).toEqual(dense);
      // The scorer's sparse form: exactly the non-zero features, in definition order.
      const nonZero = dense.flatMap((value, index) => (value.value !== 0 ? [{ index, value }] : []));
      expect(presentFeatures(defs, atoms)).toEqual(nonZero);
    }
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createScorer } from '../src/index.js';
import type { Atom } from '../src/semantic/engine.js';
import type { EntryPrior } from '../src/score/pipeline.js';
import { deriveEntryWeights } from '../src/score/train/entry-weights.js';
import { ROOT } from './helpers/paths.js';

/** A post whose atoms name these entries (one kind atom, as the engine builds them). */
const post = (...entries: string[]) => ({ atoms: new Map<string, Atom>([['kind', { value: 1, spans: [], entries }]]) });

const entries = new Map<string, EntryPrior>([
  ['sale', { benign: true, weight: 0.8 }],
  ['licensed', { benign: true, weight: 0.6 }],
  ['boat', { benign: false, weight: 0.5 }],
]);

describe('deriveEntryWeights', () => {
  // Benign scenarios b1, b2, b3 (b1 rendered three times), risk scenarios r1, r2, r3.
  const rows = [
    { s: 'b1', y: 0, e: ['sale', 'licensed'] },
    { s: 'b1', y: 0, e: ['sale', 'licensed'] },
    { s: 'b1', y: 0, e: ['sale', 'licensed', 'boat'] },
    { s: 'b2', y: 0, e: ['sale'] },
    { s: 'b3', y: 0, e: [] },
    { s: 'r1', y: 1, e: ['sale', 'boat'] },
    { s: 'r2', y: 1, e: ['boat'] },
    { s: 'r3', y: 1, e: ['boat'] },
  ];
  const input = {
    analyses: rows.map((r) => post(...r.e)),
    labels: rows.map((r) => r.y),
    scenarios: rows.map((r) => r.s),
    fit: rows.map((_, i) => i),
    entries,
  };

  it('counts scenarios, not posts, and lowers an entry by the share the other label takes', () => {
    const w = deriveEntryWeights(input, 3);
    // sale: own (benign) b1, b2 = 2 scenarios, other (risk) r1 = 1; both labels have 3 scenarios.
    expect(w.get('sale')).toBeCloseTo((0.8 * (2 + 3)) / (2 + 1 + 3), 4);
    // boat: own (risk) 3, other (benign) b1 once although b1 has three posts.
    expect(w.get('boat')).toBeCloseTo((0.5 * (3 + 3)) / (3 + 1 + 3), 4);
    expect([...w.keys()]).toEqual(['boat', 'sale']);
  });

  it('keeps the prior of an entry seen in one label only, and of entries it does not know', () => {
    const w = deriveEntryWeights({ ...input, analyses: [...input.analyses.slice(0, -1), post('boat', 'unknown')] }, 3);
    expect(w.has('licensed')).toBe(false);
    expect(w.has('unknown')).toBe(false);
  });

  it('rescales each label to the same number of scenarios', () => {
    // Twice as many risk scenarios: one risk scenario of six weighs as half of one of three.
    const more = [...rows, { s: 'r4', y: 1, e: [] }, { s: 'r5', y: 1, e: [] }, { s: 'r6', y: 1, e: [] }];
    const w = deriveEntryWeights({ analyses: more.map((r) => post(...r.e)), labels: more.map((r) => r.y), scenarios: more.map((r) => r.s), fit: more.map((_, i) => i), entries }, 3);
    const mid = (3 + 6) / 2;
    const own = (2 * mid) / 3;
    const other = (1 * mid) / 6;
    expect(w.get('sale')).toBeCloseTo((0.8 * (own + 3)) / (own + other + 3), 4);
  });

  it('counts only the posts it is given to fit on', () => {
    const w = deriveEntryWeights({ ...input, fit: [0, 1, 2, 3, 4, 6, 7] }, 3);
    expect(w.has('sale')).toBe(false); // its only risk scenario, r1, is held out
  });
});

describe('a model’s entry weights', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sr-entry-weights-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const text = 'Beware of smugglers who promise a boat to Italy.';

  it('replace the lexicon’s weight of those entries when the scorer reads a post', () => {
    const shipped = JSON.parse(readFileSync(`${ROOT}model/model.json`, 'utf8')) as { entryWeights?: Record<string, number> };
    const write = (weights: Record<string, number>) => {
      const path = join(dir, `model-${Object.keys(weights).length}.json`);
      writeFileSync(path, JSON.stringify({ ...shipped, entryWeights: weights }));
      return path;
    };
    const warningOf = (modelPath: string) => createScorer({ modelPath }).score(text).signals.find((s) => s.id === 'kind.warning');
    const plain = warningOf(write({}));
    const lowered = warningOf(write({ 'en.warning.beware': 0.05 }));
    expect(plain?.entries).toContain('en.warning.beware');
    expect(plain?.value).toBeCloseTo(0.55, 6); // the lexicon's weight
    expect(lowered?.value).toBeCloseTo(0.05, 6);
    expect(lowered!.contribution).toBeCloseTo(lowered!.weight * 0.05, 9);
  });
});

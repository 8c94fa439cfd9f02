import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/data/labelled.js';
import { HAVE_SEEDS, ROOT, SEEDS } from './helpers/paths.js';

// Facts from the seed documents may carry over into our data; their sentences may not. Eight
// words in a row shared with a seed is copying; shorter runs are commonplace phrases ("how migrant
// smugglers use social media" is in a seed and in one research template, written separately).
const RUN = 8;
const words = (text: string) => text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
function* runs(text: string): Generator<string> {
  const w = words(text);
  for (let i = 0; i + RUN <= w.length; i++) yield w.slice(i, i + RUN).join(' ');
}

describe.skipIf(!HAVE_SEEDS)('no seed text in our data', () => {
  const seedRuns = new Set<string>();
  const seedTexts = HAVE_SEEDS ? readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(join(SEEDS, f), 'utf8')) : [];
  for (const text of seedTexts) for (const r of runs(text)) seedRuns.add(r);
  const copied = (text: string) => [...runs(text)].filter((r) => seedRuns.has(r));

  it('finds a run copied from a seed (the check can fail)', () => {
    const sentence = seedTexts.flatMap((t) => t.split(/(?<=[.!?])\s+/)).find((s) => words(s).length >= RUN + 4)!;
    expect(copied(`Our own words first, then: ${sentence}`).length).toBeGreaterThan(0);
  });

  for (const dir of ['corpora', 'corpora/real', 'corpora/real2', 'corpora/real3', 'corpora/real4', 'corpora/real5', 'test/probes']) {
    it(`${dir}: no item shares ${RUN} words in a row with a seed`, () => {
      const items = loadCorpus(join(ROOT, dir)).items;
      expect(items.length).toBeGreaterThan(100);
      expect(items.filter((i) => copied(i.text).length > 0).map((i) => ({ id: i.id, runs: copied(i.text) }))).toEqual([]);
    });
  }
});

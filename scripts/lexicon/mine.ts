/**
 * Lexicon bootstrapping: candidate words and word pairs that separate the labels (or one
 * category from the rest) on the TRAIN split only, and that no lexicon entry covers yet.
 * The output is a review list for a person, never an automatic lexicon change: a reviewer keeps
 * only genuine domain vocabulary (not names, numbers or one template's wording), gives it a
 * kind, a weight and a note, and the dev/test splits stay untouched for measurement.
 *
 *   npx tsx scripts/lexicon/mine.ts --lang ar [--top 80] > /tmp/ar-candidates.md
 */
import { parseArgs } from 'node:util';
import { loadCorpus } from '../../src/data/labelled.js';
import { createPipeline } from '../../src/score/pipeline.js';
import { isVocabularyToken } from '../../src/score/vocabulary.js';

const { values } = parseArgs({
  options: { lang: { type: 'string' }, top: { type: 'string', default: '80' }, data: { type: 'string', default: 'corpora' } },
});
const lang = values.lang;
if (!lang) throw new Error('--lang is required');
const top = Number(values.top);

const pipeline = createPipeline();
const items = loadCorpus(values.data!).items.filter((i) => i.split === 'train' && i.lang === lang);

interface Doc {
  label: string;
  category: string;
  grams: Set<string>;
}
const docs: Doc[] = items.map((item) => {
  const { analysis } = pipeline.extract(item.text);
  const covered = new Set<number>();
  for (const atom of analysis.atoms.values()) for (const s of atom.spans) for (let k = s.start; k < s.end; k++) covered.add(k);
  const words = analysis.tokens.filter((t) => isVocabularyToken(t) && !covered.has(t.start));
  const grams = new Set<string>();
  words.forEach((t, i) => {
    grams.add(t.key);
    const next = words[i + 1];
    if (next && next.start - t.end <= 2) grams.add(`${t.key} ${next.key}`);
  });
  return { label: item.label, category: item.category, grams };
});

function rank(isTarget: (d: Doc) => boolean, title: string): void {
  const a = new Map<string, number>();
  const b = new Map<string, number>();
  let p = 0;
  let n = 0;
  for (const d of docs) {
    const target = isTarget(d);
    if (target) p++;
    else n++;
    for (const g of d.grams) (target ? a : b).set(g, ((target ? a : b).get(g) ?? 0) + 1);
  }
  const rows: [string, number, number, number][] = [];
  for (const [g, x] of a) {
    const y = b.get(g) ?? 0;
    if (x < 3) continue;
    const lo = Math.log((x + 1) / (p + 2)) - Math.log((y + 1) / (n + 2));
    if (lo > 0.7) rows.push([g, x, y, lo * Math.log(x)]);
  }
  rows.sort((u, v) => v[3] - u[3] || (u[0] < v[0] ? -1 : 1));
  console.log(`\n## ${title} (${p} posts vs ${n})\n`);
  for (const [g, x, y] of rows.slice(0, top)) console.log(`- ${g}  (${x} in, ${y} out)`);
}

console.log(`# Candidate terms for ${lang}, train split only, not covered by any lexicon entry`);
rank((d) => d.label === 'smuggling', 'smuggling posts vs benign');
for (const c of [...new Set(docs.map((d) => d.category))].sort()) rank((d) => d.category === c, `category ${c} vs the rest`);

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus, corpusItemSchema } from '../src/data/labelled.js';
import { RISK_CATEGORIES } from '../src/semantic/lexicon/schema.js';
import { ROOT } from './helpers/paths.js';

const corpus = loadCorpus(`${ROOT}corpora`);
const items = corpus.items;
const HARD = new Set(['news', 'warning', 'ngo_advice', 'rescue', 'missing_person', 'self_organised_travel', 'travel_agency', 'job_ad', 'rideshare', 'classified', 'research']);
const scenario = (source: string) => source.split('+')[0]!;

describe('labelled corpora', () => {
  it('validate against the corpus schema (zod), with unique ids', () => {
    expect(items.length).toBeGreaterThanOrEqual(3000);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
  });

  it('cover the nine languages with the sizes the data card promises', () => {
    const per = new Map<string, number>();
    for (const i of items) per.set(i.lang, (per.get(i.lang) ?? 0) + 1);
    for (const lang of ['ar', 'ru', 'prs', 'fa', 'ps', 'en', 'fr', 'es', 'tr']) expect(per.get(lang) ?? 0).toBeGreaterThanOrEqual(150);
    for (const lang of ['ar', 'ru', 'prs', 'en']) expect(per.get(lang)).toBeGreaterThanOrEqual(400);
  });

  it('has positives of every risk category and hard negatives for at least half the benign items', () => {
    for (const c of RISK_CATEGORIES) expect(items.some((i) => i.category === c)).toBe(true);
    const benign = items.filter((i) => i.label === 'benign');
    expect(benign.filter((i) => HARD.has(i.category)).length / benign.length).toBeGreaterThanOrEqual(0.5);
  });

  it('splits by scenario: no scenario has items in two splits', () => {
    const splits = new Map<string, Set<string>>();
    for (const i of items) {
      const s = splits.get(scenario(i.source)) ?? new Set();
      s.add(i.split);
      splits.set(scenario(i.source), s);
    }
    const mixed = [...splits].filter(([, s]) => s.size > 1).map(([k]) => k);
    expect(mixed).toEqual([]);
    expect(new Set(items.map((i) => i.split))).toEqual(new Set(['train', 'dev', 'test']));
  });

  it('are exactly what the generator writes from the templates (no hand edits, signatures included)', () => {
    const out = mkdtempSync(join(tmpdir(), 'corpus-'));
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', `${ROOT}scripts/corpus/generate.ts`, '--out', out], { cwd: ROOT, encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const written = readdirSync(out).sort();
      expect(written).toEqual(readdirSync(`${ROOT}corpora`).filter((f) => f.endsWith('.jsonl')).sort());
      for (const f of written) expect(readFileSync(join(out, f), 'utf8') === readFileSync(`${ROOT}corpora/${f}`, 'utf8'), f).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);

  it('signs only training items with a channel signature, at about the same rate for both labels', () => {
    const signed = items.filter((i) => i.source.split('+').includes('signature'));
    expect(signed.length).toBeGreaterThan(0);
    expect(signed.filter((i) => i.split !== 'train')).toEqual([]);
    // The signature is the last line: a handle or a t.me link, nothing the label could leak through.
    expect(signed.filter((i) => !/(?:^|\s)(?:@|t\.me\/)[a-z]+_[a-z]+\d*$/u.test(i.text))).toEqual([]);
    const train = items.filter((i) => i.split === 'train');
    const rate = (label: string) => signed.filter((i) => i.label === label).length / train.filter((i) => i.label === label).length;
    expect(Math.abs(rate('smuggling') - rate('benign'))).toBeLessThan(0.03);
  });

  it('keeps the real-text check sets (real, real2, real3, real4, real5) apart from training and valid', () => {
    const real = ['real', 'real2', 'real3', 'real4', 'real5'].flatMap((dir) => loadCorpus(`${ROOT}corpora/${dir}`).items);
    expect(real.length).toBeGreaterThanOrEqual(150 + 200 + 200 + 200 + 200);
    expect(new Set(real.map((i) => i.id)).size).toBe(real.length);
    expect(real.every((i) => i.split === 'test')).toBe(true);
    const texts = new Set(items.map((i) => i.text));
    expect(real.filter((i) => texts.has(i.text))).toEqual([]);
  });

  it('reports a bad line with its file, line and field', () => {
    expect(() => corpusItemSchema.parse({ id: 'x', text: 't', lang: 'en', label: 'benign', category: 'journey_offer', split: 'train', source: 's' })).toThrow(/category/);
  });
});

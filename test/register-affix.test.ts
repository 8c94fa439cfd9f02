import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFileError } from '../src/data/json-file.js';
import { createPipeline } from '../src/score/pipeline.js';
import { loadLexicons } from '../src/semantic/lexicon/load.js';
import { testEntry } from './helpers/scorer.js';

// Register entries with `match: "affix"`: word shapes (person endings and prefixes) read only in
// posts of the entry's language. Made-up shapes, so that no shipped entry interferes.
const affix = (id: string, terms: string[]) => ({ ...testEntry(id, 'register', 'address', terms), match: 'affix' });

function lexiconFile(language: string, entries: object[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sr-affix-')), `${language}-extra.json`);
  writeFileSync(file, JSON.stringify({ language, name: 'test entries', version: '0.0.0', entries }));
  return file;
}

const pipeline = createPipeline({
  lexiconPaths: [
    lexiconFile('en', [affix('en.address.qqa', ['*qqa', 'zu*vex', 'lin*', '*rlin'])]),
    // A Pashto-like ending with a hamza letter, which normalisation folds into its carrier.
    lexiconFile('ps', [affix('ps.address.zhe', ['*ژئ'])]),
  ],
});

const spans = (text: string, lang: string) => pipeline.extract(text, lang).analysis.atoms.get('address')?.spans.map((s) => s.text) ?? [];

describe('affix register entries', () => {
  it('match an ending, a prefix and both, with the whole word as the span', () => {
    expect(spans('Blorqqa it, then zubarvex, linopt.', 'en')).toEqual(['Blorqqa', 'zubarvex', 'linopt']);
  });

  it('need a stem of two letters or more, and the word itself, not a part of a longer word', () => {
    expect(spans('qqa, xqqa, zuvex, zuxvex, lin, lino, arlin', 'en')).toEqual([]);
    expect(spans('blorqqax, azubarvex', 'en')).toEqual([]);
  });

  it('read only posts of the entry\'s language', () => {
    expect(spans('Blorqqa it', 'fr')).toEqual([]);
    expect(spans('کلمژئ', 'en')).toEqual([]);
  });

  it('compare hamza letters as written: ـئ is not ـي', () => {
    expect(spans('کلمژئ او کلمژي', 'ps')).toEqual(['کلمژئ']);
  });

  it('do not read a word that names a place', () => {
    expect(spans('gnarlin; Berlin', 'en')).toEqual(['gnarlin']);
  });

  it('are refused outside register entries, and with a term that is not one word with one stem mark', () => {
    const bad = (entry: object) => () => loadLexicons(undefined, [lexiconFile('en', [entry])]);
    expect(bad({ ...testEntry('en.offer.qqa', 'journey_offer', 'offer', ['*qqa']), match: 'affix' })).toThrowError(DataFileError);
    expect(bad(affix('en.address.bad1', ['qqa']))).toThrowError(/one word with one \*/);
    expect(bad(affix('en.address.bad2', ['*']))).toThrowError(/one word with one \*/);
    expect(bad(affix('en.address.bad3', ['a*b*c']))).toThrowError(/one word with one \*/);
    expect(bad(affix('en.address.bad4', ['a *b']))).toThrowError(/one word with one \*/);
  });
});

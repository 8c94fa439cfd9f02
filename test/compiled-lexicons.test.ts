import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCompiled, writeCompiled } from '../src/semantic/lexicon/compiled.js';
import { DEFAULT_LEXICON_DIR, loadLexiconFiles } from '../src/semantic/lexicon/load.js';
import { keysOf, Matcher } from '../src/semantic/lexicon/matcher.js';
import { patternSpecs } from '../src/semantic/engine.js';
import { createScorer } from '../src/index.js';

// A private copy of the lexicons: other work may edit lexicons/ while the tests run.
function lexiconCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sr-lex-'));
  cpSync(DEFAULT_LEXICON_DIR, dir, { recursive: true });
  return dir;
}

describe('compiled lexicons', () => {
  it('give the same bundle as the files, with the keys of every term', () => {
    const dir = lexiconCopy();
    const out = join(dir, 'compiled.json');
    const files = loadLexiconFiles(dir);
    writeCompiled(files, keysOf, new Matcher(patternSpecs(files), keysOf).toTables(), out);
    const compiled = readCompiled(dir, undefined, out)!;
    expect(compiled).toBeDefined();
    const { termKeys, matcherTables, ...bundle } = compiled;
    expect(matcherTables).toBeDefined();
    expect(JSON.stringify(matcherTables)).toBe(JSON.stringify(new Matcher(patternSpecs(files), keysOf).toTables()));
    expect(JSON.parse(JSON.stringify(bundle))).toEqual(JSON.parse(JSON.stringify(files)));
    for (const l of files.lexicons) for (const e of l.entries) for (const t of [...e.terms, ...(e.arabizi ?? [])]) expect(termKeys!(t)).toEqual(keysOf(t));
    for (const p of files.places) for (const t of p.terms) expect(termKeys!(t)).toEqual(keysOf(t));
    for (const words of Object.values(files.markers)) for (const w of words) expect(termKeys!(w)).toEqual(keysOf(w));
    // `only` filters the language files, as the loader does.
    const only = readCompiled(dir, ['ar', 'en'], out)!;
    expect(only.matcherTables).toBeUndefined();
    expect(only.lexicons.map((l) => l.language)).toEqual(loadLexiconFiles(dir, [], ['ar', 'en']).lexicons.map((l) => l.language));
  });

  it('are ignored once a lexicon file changes', () => {
    const dir = lexiconCopy();
    const out = join(dir, 'compiled.json');
    const loaded = loadLexiconFiles(dir);
    writeCompiled(loaded, keysOf, new Matcher(patternSpecs(loaded), keysOf).toTables(), out);
    expect(readCompiled(dir, undefined, out)).toBeDefined();
    const file = join(dir, 'languages.json');
    writeFileSync(file, readFileSync(file, 'utf8') + '\n');
    expect(readCompiled(dir, undefined, out)).toBeUndefined();
    expect(readCompiled(dir, undefined, join(dir, 'absent.json'))).toBeUndefined();
  });

  it('score exactly as the files do', () => {
    const dir = lexiconCopy();
    const fromFiles = createScorer({ lexiconDir: dir });
    const embedded = createScorer();
    if (embedded.versions.lexicon !== fromFiles.versions.lexicon) return; // lexicons edited meanwhile
    for (const text of ['Trips from Zuwara to Italy every Monday, guaranteed, WhatsApp +218 91 726 7022', 'رحلات من زوارة لإيطاليا 🚤 2500 دينار', 'Переправа в Польшу, 8000$']) {
      expect(JSON.stringify(embedded.score(text))).toBe(JSON.stringify(fromFiles.score(text)));
    }
  });
});

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
    const out = join(dir, 'compiled.bin');
    const files = loadLexiconFiles(dir);
    writeCompiled(files, keysOf, new Matcher(patternSpecs(files), keysOf).toTables(), out);
    const compiled = readCompiled(dir, undefined, out)!;
    expect(compiled).toBeDefined();
    const { termKeys, matcherTables, ...bundle } = compiled;
    expect(matcherTables).toBeDefined();
    // The Int32 tables come back byte for byte (as views on the file), the rest as written.
    const built = new Matcher(patternSpecs(files), keysOf).toTables();
    for (const [name, value] of Object.entries(built)) {
      const read = matcherTables![name as keyof typeof built];
      if (value instanceof Int32Array) {
        expect(read).toBeInstanceOf(Int32Array);
        expect(Buffer.from((read as Int32Array).buffer, (read as Int32Array).byteOffset, (read as Int32Array).byteLength).equals(Buffer.from(value.buffer, value.byteOffset, value.byteLength)), name).toBe(true);
      } else expect(read, name).toEqual(value);
    }
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
    const out = join(dir, 'compiled.bin');
    const loaded = loadLexiconFiles(dir);
    writeCompiled(loaded, keysOf, new Matcher(patternSpecs(loaded), keysOf).toTables(), out);
    expect(readCompiled(dir, undefined, out)).toBeDefined();
    const file = join(dir, 'languages.json');
    writeFileSync(file, readFileSync(file, 'utf8') + '\n');
    expect(readCompiled(dir, undefined, out)).toBeUndefined();
    expect(readCompiled(dir, undefined, join(dir, 'absent.bin'))).toBeUndefined();
  });

  it('are ignored when the file is truncated, padded or not a compiled file', () => {
    const dir = lexiconCopy();
    const out = join(dir, 'compiled.bin');
    const loaded = loadLexiconFiles(dir);
    writeCompiled(loaded, keysOf, new Matcher(patternSpecs(loaded), keysOf).toTables(), out);
    const bytes = readFileSync(out);
    const variants: [string, Buffer][] = [
      ['truncated tables', bytes.subarray(0, bytes.length - 4)],
      ['bytes appended', Buffer.concat([bytes, Buffer.alloc(4)])],
      ['truncated header', bytes.subarray(0, 6)],
      ['JSON of the old format', Buffer.from(JSON.stringify({ format: 3 }))],
    ];
    for (const [name, variant] of variants) {
      const path = join(dir, `${name.replace(/ /g, '-')}.bin`);
      writeFileSync(path, variant);
      expect(readCompiled(dir, undefined, path), name).toBeUndefined();
    }
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

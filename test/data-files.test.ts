import { mkdtempSync, cpSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createScorer, DataFileError } from '../src/index.js';
import { loadLexicons, DEFAULT_LEXICON_DIR } from '../src/semantic/lexicon/load.js';
import { keysOf } from '../src/semantic/lexicon/matcher.js';
import { DEFAULT_MODEL_DIR } from '../src/score/model-file.js';

function lexiconCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sr-lex-'));
  cpSync(DEFAULT_LEXICON_DIR, dir, { recursive: true });
  return dir;
}

describe('lexicon and model files', () => {
  it('the embedded lexicons all validate', () => {
    const b = loadLexicons();
    expect(b.lexicons.length).toBeGreaterThan(0);
    for (const l of b.lexicons) expect(l.entries.length).toBeGreaterThan(0);
  });

  it('no entry lists a term twice once normalised (don\'t and dont, أ and ا are one pattern)', () => {
    const repeats: string[] = [];
    for (const lexicon of loadLexicons().lexicons) {
      for (const entry of lexicon.entries) {
        const seen = new Map<string, string>();
        for (const term of entry.terms) {
          const key = keysOf(term).join('|');
          const first = seen.get(key);
          if (first !== undefined) repeats.push(`${entry.id}: ${JSON.stringify(term)} repeats ${JSON.stringify(first)}`);
          else seen.set(key, term);
        }
      }
    }
    expect(repeats).toEqual([]);
  });

  it('a bad entry fails with the file, the line and the field', () => {
    const dir = lexiconCopy();
    const lines = [
      '{',
      '  "language": "xx", "name": "Test", "version": "1",',
      '  "entries": [',
      '    { "id": "xx.price.a", "category": "journey_offer", "kind": "price", "weight": 0.5, "terms": ["cost"], "note": "n" },',
      '    { "id": "xx.price.b", "category": "journey_offer", "kind": "price", "weight": 1.5, "terms": ["fee"], "note": "n" }',
      '  ]',
      '}',
    ];
    writeFileSync(join(dir, 'xx.json'), lines.join('\n'));
    expect(() => loadLexicons(dir)).toThrowError(DataFileError);
    try {
      loadLexicons(dir);
    } catch (e) {
      const err = e as DataFileError;
      expect(err.file).toMatch(/xx\.json$/);
      expect(err.line).toBe(5);
      expect(err.field).toBe('entries[1].weight');
    }
  });

  it('invalid JSON names the line', () => {
    const dir = lexiconCopy();
    writeFileSync(join(dir, 'xx.json'), '{\n  "language": "xx",\n  "entries": [ oops ]\n}');
    expect(() => loadLexicons(dir)).toThrowError(/xx\.json:3: invalid JSON/);
  });

  it('an unknown kind is refused with its field', () => {
    const dir = lexiconCopy();
    writeFileSync(
      join(dir, 'xx.json'),
      JSON.stringify({ language: 'xx', name: 'x', version: '1', entries: [{ id: 'xx.a', category: 'benign', kind: 'gossip', weight: 0.5, terms: ['a'], note: 'n' }] }),
    );
    expect(() => loadLexicons(dir)).toThrowError(/entries\[0\]\.kind/);
  });

  it('a model whose feature list does not match the features is refused', () => {
    const model = JSON.parse(readFileSync(join(DEFAULT_MODEL_DIR, 'model.json'), 'utf8'));
    model.features = [...model.features.slice(1), 'kind.unheard_of'];
    const file = join(mkdtempSync(join(tmpdir(), 'sr-model-')), 'model.json');
    writeFileSync(file, JSON.stringify(model));
    expect(() => createScorer({ modelPath: file })).toThrowError(/does not match features\.json.*missing: kind\.smuggling_term.*unknown: kind\.unheard_of/);
  });

  it('rejects bad options with a clear message', () => {
    expect(() => createScorer({ threshold: 2 })).toThrowError(/threshold/);
    expect(() => createScorer({ languages: ['Arabic'] } as never)).toThrowError(/languages/);
  });
});

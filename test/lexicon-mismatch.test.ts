/** A scorer whose lexicons are not those its model was trained with says so (library and CLI). */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createScorer, lexiconMismatch } from '../src/index.js';
import { DEFAULT_LEXICON_DIR } from '../src/semantic/lexicon/load.js';
import { BIN } from './helpers/paths.js';

/** A copy of the embedded lexicons with one English entry's weight changed. */
function editedLexicons(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sr-lex-mismatch-'));
  cpSync(DEFAULT_LEXICON_DIR, dir, { recursive: true });
  const file = join(dir, 'en.json');
  const lexicon = JSON.parse(readFileSync(file, 'utf8')) as { entries: { weight: number }[] };
  lexicon.entries[0]!.weight = lexicon.entries[0]!.weight === 0.5 ? 0.4 : 0.5;
  writeFileSync(file, JSON.stringify(lexicon, null, 2));
  return dir;
}

const TEXT = 'Trips from Zuwara to Lampedusa every Monday, guaranteed, WhatsApp +218 91 726 7022';

describe('lexicons the model was not trained with', () => {
  it('the embedded scorer names the lexicons its model was trained with, and they are its own', () => {
    const scorer = createScorer();
    expect(scorer.trainedWithLexicon).toMatch(/^[0-9a-f]{16}$/);
    expect(scorer.trainedWithLexicon).toBe(scorer.versions.lexicon);
    expect(lexiconMismatch(scorer)).toBeUndefined();
  });

  it('another lexicon directory is named in a warning with both versions', () => {
    const scorer = createScorer({ lexiconDir: editedLexicons() });
    expect(scorer.versions.lexicon).not.toBe(scorer.trainedWithLexicon);
    const warning = lexiconMismatch(scorer);
    expect(warning).toContain(scorer.trainedWithLexicon!);
    expect(warning).toContain(scorer.versions.lexicon);
  });

  it('a model file that does not say which lexicons it was trained with gives no warning', () => {
    expect(lexiconMismatch({ versions: { library: '0', lexicon: 'a', model: 'm', features: 'f' }, trainedWithLexicon: null })).toBeUndefined();
    expect(lexiconMismatch({ versions: { library: '0', lexicon: 'a', model: 'm', features: 'f' } })).toBeUndefined();
  });

  it('the CLI warns on stderr, once, and scores as asked', () => {
    const run = (args: string[]) => spawnSync(process.execPath, [BIN, 'score', '--json', ...args, TEXT], { encoding: 'utf8' });
    const own = run([]);
    expect(own.status).toBe(0);
    expect(own.stderr).not.toContain('warning');
    const other = run(['--lexicon-dir', editedLexicons()]);
    expect(other.status).toBe(0);
    expect(other.stderr.match(/warning: the model \S+ was trained with lexicons [0-9a-f]{16}, not these/g)).toHaveLength(1);
    expect(JSON.parse(other.stdout).score).toBeGreaterThan(0);
  });
});

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readJsonFile } from '../src/data/json-file.js';
import { isTrusted, writeTrusted } from '../src/data/trusted.js';
import { createScorer, parseScorerOptions, postSchema, scorerOptionsSchema } from '../src/scorer.js';
import { DEFAULT_MODEL_DIR, featuresFileSchema, modelFileSchema } from '../src/score/model-file.js';
import { readVocabularyCache, writeVocabularyCache } from '../src/score/vocabulary-cache.js';
import { vocabularyIndex } from '../src/score/vocabulary.js';
import { DIST_INDEX, ROOT } from './helpers/paths.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'sr-cold-'));

function modelCopy(): { dir: string; model: string; features: string } {
  const dir = tmp();
  const model = join(dir, 'model.json');
  const features = join(dir, 'features.json');
  copyFileSync(join(DEFAULT_MODEL_DIR, 'model.json'), model);
  copyFileSync(join(DEFAULT_MODEL_DIR, 'features.json'), features);
  return { dir, model, features };
}

describe('data files validated by the build', () => {
  it('are trusted for their bytes and schema only, and read as zod would return them', () => {
    const { dir, model, features } = modelCopy();
    const manifest = join(dir, 'validated.json');
    const report = writeTrusted([{ file: model, schema: modelFileSchema }, { file: features, schema: featuresFileSchema }], manifest);
    expect(report.map((r) => r.trusted)).toEqual([true, true]);
    const bytes = readFileSync(model);
    expect(isTrusted(modelFileSchema, bytes, manifest)).toBe(true);
    // Another schema, or the same file one byte longer: not trusted.
    expect(isTrusted(featuresFileSchema, bytes, manifest)).toBe(false);
    expect(isTrusted(modelFileSchema, Buffer.concat([bytes, Buffer.from('\n')]), manifest)).toBe(false);
    // What a trusted read returns (JSON.parse) is what validating returns.
    expect(JSON.stringify(JSON.parse(bytes.toString('utf8')))).toBe(JSON.stringify(modelFileSchema.parse(JSON.parse(bytes.toString('utf8')))));
  });

  it('are not trusted when validation fills a default or fails', () => {
    const { dir, model } = modelCopy();
    const manifest = join(dir, 'validated.json');
    const value = JSON.parse(readFileSync(model, 'utf8'));
    const noVocabulary = join(dir, 'no-vocabulary.json');
    const { vocabulary: _v, ...rest } = value;
    writeFileSync(noVocabulary, JSON.stringify(rest));
    const invalid = join(dir, 'invalid.json');
    writeFileSync(invalid, JSON.stringify({ ...value, threshold: 2 }));
    const report = writeTrusted([{ file: noVocabulary, schema: modelFileSchema }, { file: invalid, schema: modelFileSchema }], manifest);
    expect(report.map((r) => r.trusted)).toEqual([false, false]);
    expect(isTrusted(modelFileSchema, readFileSync(invalid), manifest)).toBe(false);
    // And an untrusted file is still validated, with file and field in the error.
    expect(() => readJsonFile(invalid, modelFileSchema)).toThrowError(/invalid\.json:\d+: threshold/);
  });
});

describe('scorer options checked without zod', () => {
  const cases: unknown[] = [
    {},
    { threshold: 0.4 },
    { threshold: -0 },
    { threshold: undefined, maxTextLength: undefined, lexiconDir: undefined },
    { languages: ['ar', 'en'], maxSpansPerSignal: 3, modelPath: '/m.json', featuresPath: '/f.json', lexiconDir: '/l', lexiconPaths: ['/a.json'] },
    { maxTextLength: 20_000_000, lexiconPaths: [] },
  ];
  it('give exactly what zod gives (values, keys and their order)', () => {
    for (const input of cases) {
      const ours = parseScorerOptions(input);
      const zods = scorerOptionsSchema.parse(input);
      expect(ours).toStrictEqual(zods);
      expect(Object.keys(ours)).toEqual(Object.keys(zods));
    }
    const languages = ['en'];
    expect(parseScorerOptions({ languages }).languages).not.toBe(languages);
  });

  it('leave anything else to zod and its errors', () => {
    const bad: unknown[] = [
      { threshold: 2 },
      { threshold: Number.NaN },
      { languages: [] },
      { languages: ['EN'] },
      // eslint-disable-next-line no-sparse-arrays
      { lexiconPaths: [, 'a'] },
      { maxTextLength: 1.5 },
      { maxTextLength: 2 ** 53 },
      { unknownOption: 1 },
      null,
      'options',
    ];
    for (const input of bad) {
      expect(scorerOptionsSchema.safeParse(input).success).toBe(false);
      expect(() => parseScorerOptions(input)).toThrow();
    }
    expect(() => createScorer({ threshold: 2 } as never)).toThrowError(/threshold/);
  });

  it('the lazy schemas compose and report like the schemas they stand for', () => {
    const batch = z.array(postSchema);
    expect(batch.parse([{ text: 'a', id: 1 }])).toEqual([{ text: 'a', id: 1 }]);
    const r = batch.safeParse([{ text: 3 }]);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual([0, 'text']);
  });
});

describe('the vocabulary index computed by the build', () => {
  it('is the index of the vocabulary, and only of that vocabulary', () => {
    const { vocabulary } = readJsonFile(join(DEFAULT_MODEL_DIR, 'model.json'), modelFileSchema);
    const file = join(tmp(), 'vocabulary.json');
    writeVocabularyCache(vocabulary, file);
    const cached = readVocabularyCache(vocabulary, file);
    expect(cached).toBeDefined();
    expect(cached).toEqual(vocabularyIndex(vocabulary));
    expect([...cached!.bySkeleton.keys()]).toEqual([...vocabularyIndex(vocabulary).bySkeleton.keys()]);
    expect(readVocabularyCache([...vocabulary.slice(1), vocabulary[0]!], file)).toBeUndefined();
    expect(readVocabularyCache(vocabulary.slice(1), file)).toBeUndefined();
  });
});

describe('cold start of the built library', () => {
  it('creates the default scorer without loading zod, when the build validated the embedded data', () => {
    const dist = (p: string) => JSON.stringify(pathToFileURL(join(ROOT, 'dist', p)).href);
    const code = `
      const lib = await import(${JSON.stringify(pathToFileURL(DIST_INDEX).href)});
      const s = lib.createScorer();
      const a = s.score('Trips from Zuwara to Italy every week, WhatsApp +218 91 447 2913');
      const zodLoaded = '__zod_globalConfig' in globalThis;
      const fs = await import('node:fs');
      const { loadLexicons } = await import(${dist('semantic/lexicon/load.js')});
      const { isTrusted } = await import(${dist('data/trusted.js')});
      const { modelFileSchema, featuresFileSchema, DEFAULT_MODEL_DIR } = await import(${dist('score/model-file.js')});
      const prepared = loadLexicons().termKeys !== undefined
        && isTrusted(modelFileSchema, fs.readFileSync(DEFAULT_MODEL_DIR + 'model.json'))
        && isTrusted(featuresFileSchema, fs.readFileSync(DEFAULT_MODEL_DIR + 'features.json'));
      console.log(JSON.stringify({ zodLoaded, prepared, score: a.score }));
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout.trim());
    expect(out.score).toBeGreaterThan(0);
    // The embedded data edited since the build (another session at work) is validated by zod.
    if (out.prepared) expect(out.zodLoaded).toBe(false);
  });
});

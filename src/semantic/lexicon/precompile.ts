/**
 * `node dist/semantic/lexicon/precompile.js`: run by `npm run build` after tsc. Validates the
 * embedded data once so that scorers need not at every start:
 * - the lexicons: `dist/lexicons.compiled.bin` (see compiled.ts);
 * - the model files (`model/model.json`, `model/features.json`): their hashes in
 *   `dist/validated.json` (see data/trusted.ts);
 * - the model's vocabulary index: `dist/vocabulary.compiled.json` (see vocabulary-cache.ts).
 * Data that does not validate is reported and left out: scorers then load and validate the
 * files themselves and report the error where it belongs. The build does not fail here.
 */
import { existsSync, unlinkSync } from 'node:fs';
import { readJsonFile } from '../../data/json-file.js';
import { DEFAULT_VALIDATED_PATH, writeTrusted } from '../../data/trusted.js';
import { DEFAULT_MODEL_DIR, featuresFileSchema, modelFileSchema } from '../../score/model-file.js';
import { DEFAULT_VOCABULARY_CACHE, writeVocabularyCache } from '../../score/vocabulary-cache.js';
import { DEFAULT_COMPILED_PATH, writeCompiled } from './compiled.js';
import { DEFAULT_LEXICON_DIR, loadLexiconFiles } from './load.js';
import { keysOf, Matcher } from './matcher.js';
import { patternSpecs } from '../engine.js';

const remove = (path: string) => {
  if (existsSync(path)) unlinkSync(path);
};

// The JSON form of builds before the binary one: nothing reads it any more.
remove(DEFAULT_COMPILED_PATH.replace(/\.bin$/, '.json'));

try {
  const started = performance.now();
  const bundle = loadLexiconFiles(DEFAULT_LEXICON_DIR);
  writeCompiled(bundle, keysOf, new Matcher(patternSpecs(bundle), keysOf).toTables());
  const terms = bundle.lexicons.reduce((n, l) => n + l.entries.length, 0);
  process.stdout.write(`lexicons compiled: ${terms} entries, version ${bundle.version}, ${Math.round(performance.now() - started)} ms\n`);
} catch (err) {
  remove(DEFAULT_COMPILED_PATH);
  process.stderr.write(`lexicons not compiled (scorers will load the files): ${(err as Error).message}\n`);
}

try {
  const started = performance.now();
  const model = `${DEFAULT_MODEL_DIR}model.json`;
  const report = writeTrusted([
    { file: `${DEFAULT_MODEL_DIR}features.json`, schema: featuresFileSchema },
    { file: model, schema: modelFileSchema },
  ]);
  for (const r of report) if (!r.trusted) process.stderr.write(`${r.file}: validated at every load (${r.reason})\n`);
  let indexed = 0;
  if (report.find((r) => r.file === model)?.trusted) {
    const { vocabulary } = readJsonFile(model, modelFileSchema);
    writeVocabularyCache(vocabulary);
    indexed = vocabulary.length;
  } else remove(DEFAULT_VOCABULARY_CACHE);
  process.stdout.write(`model files validated: ${report.filter((r) => r.trusted).length} of ${report.length} trusted, vocabulary of ${indexed} indexed, ${Math.round(performance.now() - started)} ms\n`);
} catch (err) {
  remove(DEFAULT_VALIDATED_PATH);
  remove(DEFAULT_VOCABULARY_CACHE);
  process.stderr.write(`model files not validated at build (scorers will validate them): ${(err as Error).message}\n`);
}

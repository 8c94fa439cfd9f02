/**
 * `node dist/semantic/lexicon/precompile.js`: run by `npm run build` after tsc. Validates the
 * embedded lexicons and writes `dist/lexicons.compiled.json` (see compiled.ts). A lexicon
 * that does not validate is reported and left uncompiled: scorers then load the files
 * themselves and report the error where it belongs. The build does not fail here.
 */
import { existsSync, unlinkSync } from 'node:fs';
import { DEFAULT_COMPILED_PATH, writeCompiled } from './compiled.js';
import { DEFAULT_LEXICON_DIR, loadLexiconFiles } from './load.js';
import { keysOf, Matcher } from './matcher.js';
import { patternSpecs } from '../engine.js';

try {
  const started = performance.now();
  const bundle = loadLexiconFiles(DEFAULT_LEXICON_DIR);
  writeCompiled(bundle, keysOf, new Matcher(patternSpecs(bundle), keysOf).toTables());
  const terms = bundle.lexicons.reduce((n, l) => n + l.entries.length, 0);
  process.stdout.write(`lexicons compiled: ${terms} entries, version ${bundle.version}, ${Math.round(performance.now() - started)} ms\n`);
} catch (err) {
  if (existsSync(DEFAULT_COMPILED_PATH)) unlinkSync(DEFAULT_COMPILED_PATH);
  process.stderr.write(`lexicons not compiled (scorers will load the files): ${(err as Error).message}\n`);
}

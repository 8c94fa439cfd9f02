/**
 * Precompiled lexicons, for a fast start. Validating every lexicon file with zod and
 * normalising and tokenising every term costs hundreds of milliseconds and grows with the
 * lexicons; `npm run build` does it once and writes `dist/lexicons.compiled.bin`: the
 * validated bundle and the matching keys of every term as JSON, then the matcher's Int32
 * tables as raw little-endian bytes, which load as views on the file without decoding.
 *
 * The file is used only when it provably describes what the slow path would produce:
 * - its `version` is the content hash of the lexicon files read now (the same hash, over the
 *   same files in the same order, that versions assessments), and
 * - its `code` is the hash of the modules that decide validation defaults and term keys
 *   (schemas, loader, normaliser, tokeniser, matcher) as they are now.
 * Anything else (a lexicon edited after the build, another lexicon directory, extra files, a
 * missing or unreadable file) falls back to loading and validating the files: slower, same
 * result.
 */
import { codeFingerprint as fingerprintOf } from '../../data/code-fingerprint.js';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LexiconBundle } from './load.js';
import type { MatcherTables } from './matcher.js';

const FORMAT = 4;
/** The file starts with these four bytes, then the JSON part's length in bytes (uint32 LE). */
const MAGIC = 'SRLX';
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
/** The matcher's Int32 tables, in the order the file stores them after the JSON part. */
const TABLE_ARRAYS = ['wordSlots', 'parents', 'edges', 'trieSlots', 'patternStart', 'patternList', 'patternInfo'] as const;
type TableArray = (typeof TABLE_ARRAYS)[number];

/** Where the build writes the compiled default lexicons (next to `dist/index.js`). */
export const DEFAULT_COMPILED_PATH = fileURLToPath(new URL('../../lexicons.compiled.bin', import.meta.url));

/** The shared files in the order the loader reads (and hashes) them. */
export const SHARED_FILES = ['apps.json', 'currencies.json', 'places.json', 'emoji.json', 'dialect-markers.json'] as const;

/** Language files of a lexicon directory, in the loader's order. */
export function languageFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /^[a-z]{2,3}\.json$/.test(f) && f !== 'languages.json')
    .sort()
    .map((f) => join(dir, f));
}

/** The lexicon version of a directory: the loader's content hash, without parsing anything. */
export function lexiconHash(dir: string): string {
  const hash = createHash('sha256');
  const add = (file: string) => hash.update(basename(file)).update('\0').update(readFileSync(file)).update('\0');
  add(join(dir, 'languages.json'));
  for (const file of languageFiles(dir)) add(file);
  for (const name of SHARED_FILES) {
    const file = join(dir, 'shared', name);
    if (existsSync(file)) add(file);
  }
  return hash.digest('hex').slice(0, 16);
}

// Modules whose code decides the compiled content.
const CODE_MODULES = ['./schema', './load', './matcher', './compiled', '../engine', '../normalise', '../tokenise', '../homoglyphs', '../script', '../arabizi'];
/** Hash of the code that validates lexicons and computes term keys. */
export const codeFingerprint = fingerprintOf(import.meta.url, CODE_MODULES);

interface CompiledFile {
  format: number;
  code: string;
  version: string;
  bundle: Omit<LexiconBundle, 'version' | 'termKeys' | 'matcherTables'>;
  /** The matcher of the whole bundle (the engine's pattern specs in their order), without its Int32 tables. */
  matcher: Omit<MatcherTables, TableArray>;
  /** The length of each Int32 table stored after the JSON part. */
  arrays: Record<TableArray, number>;
  /**
   * Keys of the bundle's terms, joined by spaces (keys never contain one), for the terms
   * whose keys are not simply the term split at spaces.
   */
  keys: [string, string][];
}

/**
 * The bundle of `dir` from a compiled file, or undefined when the file is absent or does not
 * match the lexicons and code as they are now. Never throws.
 */
export function readCompiled(dir: string, only?: readonly string[], path: string = DEFAULT_COMPILED_PATH): LexiconBundle | undefined {
  try {
    if (!LITTLE_ENDIAN || !existsSync(path)) return undefined;
    const bytes = readFileSync(path);
    if (bytes.length < 8 || bytes.toString('latin1', 0, 4) !== MAGIC) return undefined;
    const jsonLength = bytes.readUInt32LE(4);
    const compiled = JSON.parse(bytes.toString('utf8', 8, 8 + jsonLength)) as CompiledFile;
    if (compiled.format !== FORMAT || compiled.code !== codeFingerprint()) return undefined;
    if (compiled.version !== lexiconHash(dir)) return undefined;
    const tables = { ...compiled.matcher } as MatcherTables;
    let offset = 8 + padded(jsonLength);
    for (const name of TABLE_ARRAYS) {
      const n = compiled.arrays[name];
      tables[name] = int32At(bytes, offset, n);
      offset += 4 * n;
    }
    if (offset !== bytes.length) return undefined;
    const { bundle } = compiled;
    const keys = new Map(compiled.keys);
    return {
      ...bundle,
      lexicons: only ? bundle.lexicons.filter((l) => only.includes(l.language)) : bundle.lexicons,
      version: compiled.version,
      // The tables describe the matcher of all the lexicons: not of a subset.
      matcherTables: only ? undefined : tables,
      // Every term of the bundle is covered: listed, or its keys are its space-separated words.
      termKeys: (term: string) => {
        const joined = keys.get(term) ?? term;
        return joined.indexOf(' ') < 0 ? [joined] : joined.split(' ');
      },
    };
  } catch {
    return undefined;
  }
}

/** Every term the matcher or the language identifier turns into keys. */
function termsOf(bundle: LexiconBundle): Set<string> {
  const terms = new Set<string>();
  for (const l of bundle.lexicons) {
    for (const e of l.entries) {
      for (const t of e.terms) terms.add(t);
      for (const t of e.arabizi ?? []) terms.add(t);
    }
  }
  for (const a of bundle.apps) for (const t of a.terms) terms.add(t);
  for (const p of bundle.places) for (const t of p.terms) terms.add(t);
  for (const c of bundle.currencies) for (const t of c.terms) terms.add(t);
  for (const words of Object.values(bundle.markers)) for (const w of words) terms.add(w);
  return terms;
}

/**
 * Write the compiled form of a fully loaded bundle (loaded without `only` or extra files).
 * `keysOf` is the matcher's key function, `matcher` the tables of the bundle's matcher.
 */
export function writeCompiled(bundle: LexiconBundle, keysOf: (term: string) => string[], matcher: MatcherTables, path: string = DEFAULT_COMPILED_PATH): void {
  if (!LITTLE_ENDIAN) throw new Error('compiled lexicons are written on little-endian machines only');
  const { version, termKeys: _keys, matcherTables: _tables, ...rest } = bundle;
  const scalars: Partial<MatcherTables> = { ...matcher };
  for (const name of TABLE_ARRAYS) delete scalars[name];
  const file: CompiledFile = {
    format: FORMAT,
    code: codeFingerprint(),
    version,
    bundle: rest,
    matcher: scalars as CompiledFile['matcher'],
    arrays: Object.fromEntries(TABLE_ARRAYS.map((name) => [name, matcher[name].length])) as Record<TableArray, number>,
    keys: [...termsOf(bundle)].flatMap((t): [string, string][] => {
      const keys = keysOf(t);
      if (keys.some((k) => k.includes(' '))) throw new Error(`a key of ${JSON.stringify(t)} contains a space`);
      const joined = keys.join(' ');
      return joined === t ? [] : [[t, joined]];
    }),
  };
  const json = Buffer.from(JSON.stringify(file), 'utf8');
  const header = Buffer.alloc(8);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt32LE(json.length, 4);
  const parts: Uint8Array[] = [header, json, Buffer.alloc(padded(json.length) - json.length, 0x20)];
  for (const name of TABLE_ARRAYS) parts.push(new Uint8Array(matcher[name].buffer, matcher[name].byteOffset, matcher[name].byteLength));
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.concat(parts));
  renameSync(tmp, path);
}

/** `n` rounded up to a multiple of 4, so the tables after the JSON part start aligned. */
const padded = (n: number) => (n + 3) & ~3;

/** `n` Int32 values at byte `offset` of `bytes`: a view when aligned (as a file read whole is), else a copy. */
function int32At(bytes: Buffer, offset: number, n: number): Int32Array {
  if (offset + 4 * n > bytes.length) throw new Error('compiled lexicons: truncated');
  const at = bytes.byteOffset + offset;
  if (at % 4 === 0) return new Int32Array(bytes.buffer, at, n);
  const out = new Int32Array(n);
  new Uint8Array(out.buffer).set(bytes.subarray(offset, offset + 4 * n));
  return out;
}

/** Whether `dir` is the embedded lexicon directory (the only one the build compiles). */
export function isSameDir(a: string, b: string): boolean {
  return resolve(a) === resolve(b);
}

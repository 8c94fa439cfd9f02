/**
 * The vocabulary index of the embedded model, computed by the build. Indexing a vocabulary
 * (`vocabularyIndex`: the Arabic spellings and Arabizi skeletons of every word) costs tens of
 * milliseconds at every start; `npm run build` (precompile.ts) writes the index of the embedded
 * model's vocabulary to `dist/vocabulary.compiled.json`.
 *
 * The file is used only for the very vocabulary it was computed from (SHA-256 of the words)
 * and while the code that computes an index is the code that computed it (fingerprint of
 * vocabulary.ts and arabizi.ts). Anything else computes the index: slower, same result.
 */
import { codeFingerprint as fingerprintOf } from '../data/code-fingerprint.js';
import { sha256Hex } from '../data/sha256.js';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { vocabularyIndex, type SkeletonWord, type VocabularyIndex } from './vocabulary.js';

const FORMAT = 1;

/** Where the build writes the index of the embedded vocabulary (next to `dist/index.js`). */
export const DEFAULT_VOCABULARY_CACHE = fileURLToPath(new URL('../vocabulary.compiled.json', import.meta.url));

// Modules whose code decides the index.
const CODE_MODULES = ['./vocabulary', '../semantic/arabizi', './vocabulary-cache'];

interface CacheFile {
  format: number;
  code: string;
  /** `vocabularyKey` of the vocabulary indexed. */
  vocabulary: string;
  bySkeleton: [string, SkeletonWord[]][];
  bySpelling: [string, number][];
}

const codeFingerprint = fingerprintOf(import.meta.url, CODE_MODULES);

/** Identity of a vocabulary: its words in order (words hold no NUL). */
function vocabularyKey(vocabulary: readonly string[]): string {
  return sha256Hex(`${vocabulary.join('\0')}\0${vocabulary.length}`);
}

/** The index of `vocabulary`: from the build's file when it was computed for it, else computed. */
export function cachedVocabularyIndex(vocabulary: readonly string[], path: string = DEFAULT_VOCABULARY_CACHE): VocabularyIndex {
  return readVocabularyCache(vocabulary, path) ?? vocabularyIndex(vocabulary);
}

/** The cached index of `vocabulary`, or undefined when the file is absent or not for it. Never throws. */
export function readVocabularyCache(vocabulary: readonly string[], path: string = DEFAULT_VOCABULARY_CACHE): VocabularyIndex | undefined {
  try {
    if (vocabulary.length === 0 || !existsSync(path)) return undefined;
    const file = JSON.parse(readFileSync(path, 'utf8')) as CacheFile;
    if (file.format !== FORMAT || file.code !== codeFingerprint() || file.vocabulary !== vocabularyKey(vocabulary)) return undefined;
    return {
      size: vocabulary.length,
      byKey: new Map(vocabulary.map((k, i) => [k, i] as const)),
      bySkeleton: new Map(file.bySkeleton),
      bySpelling: new Map(file.bySpelling),
    };
  } catch {
    return undefined;
  }
}

/** Write the index of `vocabulary` for `cachedVocabularyIndex`. */
export function writeVocabularyCache(vocabulary: readonly string[], path: string = DEFAULT_VOCABULARY_CACHE): void {
  const index = vocabularyIndex(vocabulary);
  const file: CacheFile = {
    format: FORMAT,
    code: codeFingerprint(),
    vocabulary: vocabularyKey(vocabulary),
    bySkeleton: [...index.bySkeleton].map(([k, words]) => [k, [...words]]),
    bySpelling: [...index.bySpelling],
  };
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(file));
  renameSync(tmp, path);
}

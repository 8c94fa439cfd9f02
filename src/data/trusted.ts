/**
 * Data files validated by the build. `npm run build` (precompile.ts) validates the embedded
 * model files with zod and, for each file whose validated value is exactly its JSON (same
 * keys in the same order, no default filled in, nothing transformed), records the SHA-256 of
 * its bytes in `dist/validated.json`. `readJsonFile` then returns `JSON.parse` of a file with
 * one of these hashes without running zod (nor loading it): the value zod would return.
 *
 * A hash is trusted only for the schema it was checked against (by name) and only while the
 * code that defines the schemas is the code that checked it (its fingerprint). Anything else
 * (a file edited after the build, another file, another schema, changed code, no manifest) is
 * validated by zod as usual.
 */
import { codeFingerprint as fingerprintOf } from './code-fingerprint.js';
import { isUtf8 } from 'node:buffer';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from './sha256.js';
import type { z } from 'zod';
import { realSchema } from './lazy-zod.js';

const FORMAT = 1;

/** Where the build writes the manifest (next to `dist/index.js`). */
export const DEFAULT_VALIDATED_PATH = fileURLToPath(new URL('../validated.json', import.meta.url));

// Modules whose code decides what the trusted schemas accept and return.
const CODE_MODULES = ['./trusted', './lazy-zod', './json-file', '../score/model-file', '../semantic/lexicon/schema'];

interface Manifest {
  format: number;
  code: string;
  /** Schema name -> SHA-256 (hex) of the files validated against it. */
  files: Record<string, string[]>;
}

const names = new WeakMap<object, string>();

/** Mark a schema as one whose files the build may validate: `name` keys them in the manifest. */
export function trustable<S extends z.ZodType>(name: string, schema: S): S {
  names.set(schema, name);
  return schema;
}

/** Hash of the code that defines the trusted schemas. */
export const codeFingerprint = fingerprintOf(import.meta.url, CODE_MODULES);

const manifests = new Map<string, Map<string, Set<string>> | null>();

function manifest(path: string): Map<string, Set<string>> | null {
  let m = manifests.get(path);
  if (m !== undefined) return m;
  m = null;
  try {
    if (existsSync(path)) {
      const file = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
      if (file.format === FORMAT && file.code === codeFingerprint()) m = new Map(Object.entries(file.files).map(([k, v]) => [k, new Set(v)]));
    }
  } catch {
    m = null;
  }
  manifests.set(path, m);
  return m;
}

/** Whether the build validated these bytes against this schema. Never throws. */
export function isTrusted(schema: object, bytes: Buffer, path: string = DEFAULT_VALIDATED_PATH): boolean {
  const name = names.get(schema);
  if (name === undefined) return false;
  const hashes = manifest(path)?.get(name);
  return hashes !== undefined && hashes.has(sha256Hex(bytes));
}

/**
 * Validate files against their schemas and write the manifest of those whose validated value
 * is their JSON as it is. Returns, per file, whether it was trusted or why not. A file that
 * does not validate is not trusted (loading it reports the error, with file and line).
 */
export function writeTrusted(files: readonly { file: string; schema: z.ZodType }[], path: string = DEFAULT_VALIDATED_PATH): { file: string; trusted: boolean; reason?: string }[] {
  const out: Manifest = { format: FORMAT, code: codeFingerprint(), files: {} };
  const report = files.map(({ file, schema }) => {
    const name = names.get(schema);
    if (name === undefined) return { file, trusted: false, reason: 'schema not marked trustable' };
    try {
      const bytes = readFileSync(file);
      if (!isUtf8(bytes)) return { file, trusted: false, reason: 'not valid UTF-8' };
      let text = bytes.toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const value: unknown = JSON.parse(text);
      const result = realSchema(schema).safeParse(value);
      if (!result.success) return { file, trusted: false, reason: 'does not validate' };
      if (JSON.stringify(result.data) !== JSON.stringify(value)) return { file, trusted: false, reason: 'validation changes the value (defaults or key order)' };
      (out.files[name] ??= []).push(sha256Hex(bytes));
      return { file, trusted: true };
    } catch (err) {
      return { file, trusted: false, reason: (err as Error).message };
    }
  });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(out));
  renameSync(tmp, path);
  manifests.delete(path);
  return report;
}

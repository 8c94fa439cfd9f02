/**
 * Reading validated data files. Errors name the file, the line and the field, so whoever edits
 * a lexicon or a model can find the mistake without a debugger.
 */
import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { firstInvalidUtf8 } from '../ingest/lines.js';
import { createRequire } from 'node:module';
import type { ParseError } from 'jsonc-parser';
import type { z } from 'zod';
import { isTrusted } from './trusted.js';

// jsonc-parser (for the line of an error) is loaded only when a file has an error: reading
// the embedded model and features at every start needs JSON.parse alone.
type JsoncParser = typeof import('jsonc-parser');
let jsonc: JsoncParser | undefined;
const jsoncParser = (): JsoncParser => (jsonc ??= createRequire(import.meta.url)('jsonc-parser') as JsoncParser);

export class DataFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    detail: string,
  ) {
    super(`${file}:${line}: ${field ? `${field}: ` : ''}${detail}`);
    this.name = 'DataFileError';
  }
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

/** Parse JSON text and validate it; errors carry file, line and field. */
export function parseJsonText<S extends z.ZodType>(text: string, file: string, schema: S): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // Not JSON: locate the first error (the syntax tree is built only on this path).
    const { parseTree, printParseErrorCode } = jsoncParser();
    const errors: ParseError[] = [];
    const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
    const e = errors[0];
    if (e || !tree) throw new DataFileError(file, e ? lineAt(text, e.offset) : 1, '', `invalid JSON (${e ? printParseErrorCode(e.error) : 'empty'})`);
    throw err;
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const { findNodeAtLocation, parseTree } = jsoncParser();
    const tree = parseTree(text, [], { allowTrailingComma: false, disallowComments: true });
    const issue = result.error.issues[0]!;
    const path = issue.path as (string | number)[];
    // Point at the deepest node that exists: a missing field is reported on its parent object.
    let node;
    for (let k = path.length; k >= 0 && !node && tree; k--) node = findNodeAtLocation(tree, path.slice(0, k));
    throw new DataFileError(file, lineAt(text, node?.offset ?? 0), formatPath(path), issue.message);
  }
  return result.data;
}

/**
 * A data file's bytes as text. Bytes that are not UTF-8 are refused with their line: decoded
 * leniently they would become U+FFFD and silently change a lexicon term or a corpus text.
 */
export function decodeDataFile(file: string, bytes: Buffer): string {
  if (!isUtf8(bytes)) {
    const at = Math.max(0, firstInvalidUtf8(bytes));
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    throw new DataFileError(file, line, '', `not valid UTF-8 (byte 0x${bytes[at]!.toString(16).padStart(2, '0')} at byte offset ${at})`);
  }
  return bytes.toString('utf8');
}

/**
 * Read, decode and validate a data file. A file the build validated against this schema (same
 * bytes, same schema code: see trusted.ts) is not validated again.
 */
export function readJsonFile<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new DataFileError(file, 0, '', `cannot read: ${(err as Error).message}`);
  }
  const text = decodeDataFile(file, bytes);
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Bytes the build validated against this schema (trusted.ts): what zod would return, unparsed.
  if (isTrusted(schema, bytes)) return JSON.parse(json) as z.output<S>;
  return parseJsonText(json, file, schema);
}

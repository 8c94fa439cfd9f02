/**
 * Reading validated data files. Errors name the file, the line and the field, so whoever edits
 * a lexicon or a model can find the mistake without a debugger.
 */
import { readFileSync } from 'node:fs';
import { findNodeAtLocation, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { z } from 'zod';

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
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0 || !tree) {
    const e = errors[0];
    throw new DataFileError(file, e ? lineAt(text, e.offset) : 1, '', `invalid JSON (${e ? printParseErrorCode(e.error) : 'empty'})`);
  }
  const result = schema.safeParse(JSON.parse(text));
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path as (string | number)[];
    // Point at the deepest node that exists: a missing field is reported on its parent object.
    let node;
    for (let k = path.length; k >= 0 && !node; k--) node = findNodeAtLocation(tree, path.slice(0, k));
    throw new DataFileError(file, lineAt(text, node?.offset ?? 0), formatPath(path), issue.message);
  }
  return result.data;
}

export function readJsonFile<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new DataFileError(file, 0, '', `cannot read: ${(err as Error).message}`);
  }
  return parseJsonText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file, schema);
}

/**
 * NDJSON: one JSON object per line with at least `text` (and usually `id`, optionally `lang`,
 * `meta`). Streaming, constant memory; a bad line becomes an error naming its line and field.
 * `textColumn` / `idColumn` / `langColumn` read other field names (`{"message": ...}`).
 */
import { postSchema } from '../scorer.js';
import { readLines, type LineFields } from './lines.js';
import { DEFAULT_MAX_LINE_BYTES, locate, type IngestedPost, type IngestOptions, type Source, type IngestRecord } from './types.js';

export type LineResult = { post: IngestedPost } | { error: string; id?: string };

/** One NDJSON line as a post, or what is wrong with it (`field: problem`). */
export function parseNdjsonLine(text: string, options: Pick<IngestOptions, 'textColumn' | 'idColumn' | 'langColumn'> = {}): LineResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { error: `invalid JSON: ${(err as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: `line: expected a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}` };
  }
  let obj = value as Record<string, unknown>;
  const { textColumn, idColumn, langColumn } = options;
  if ((textColumn && textColumn !== 'text') || (idColumn && idColumn !== 'id') || (langColumn && langColumn !== 'lang')) {
    const mapped: Record<string, unknown> = { text: obj[textColumn ?? 'text'] };
    if (obj[idColumn ?? 'id'] !== undefined) mapped.id = obj[idColumn ?? 'id'];
    if (obj[langColumn ?? 'lang'] !== undefined) mapped.lang = obj[langColumn ?? 'lang'];
    if (obj.meta !== undefined) mapped.meta = obj.meta;
    obj = mapped;
  }
  const rawId = obj.id;
  const id = typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId) : undefined;
  const parsed = postSchema.safeParse(obj);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    let field = issue.path.length ? issue.path.join('.') : 'line';
    if (field === 'text' && textColumn) field = textColumn;
    else if (field === 'id' && idColumn) field = idColumn;
    else if (field === 'lang' && langColumn) field = langColumn;
    return { error: `${field}: ${issue.message}`, ...(id !== undefined ? { id } : {}) };
  }
  return { post: parsed.data };
}

/**
 * One line read by `readLines` as its record: the post, or the error in its place (the line's
 * own error from the reader, or what is wrong with its JSON, with a hint when the input ended
 * in the middle of the line). The one rule for NDJSON lines, wherever they are turned into
 * records (here, or in a worker thread of `score --threads`).
 */
export function ndjsonRecord(line: LineFields, options: IngestOptions = {}): IngestRecord {
  const at = locate(options, line.number);
  if (line.error !== undefined) return { ok: false, error: line.error, at };
  const r = parseNdjsonLine(line.text, options);
  if ('post' in r) return { ok: true, post: r.post, at };
  // The input stopped in the middle of this line: say so, it explains the parse error.
  const error = !line.terminated && r.error.startsWith('invalid JSON') ? `${r.error} (the input ends in the middle of this line: truncated?)` : r.error;
  return { ok: false, error, ...(r.id !== undefined ? { id: r.id } : {}), at };
}

export async function* ingestNdjson(source: Source, options: IngestOptions = {}): AsyncGenerator<IngestRecord> {
  const max = options.maxLineLength ?? DEFAULT_MAX_LINE_BYTES;
  for await (const line of readLines(source, max)) yield ndjsonRecord(line, options);
}

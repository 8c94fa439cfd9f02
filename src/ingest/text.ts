/** Plain text: one post per line, id = line number (or `file:line` for several files). */
import { readLines, type LineFields } from './lines.js';
import { DEFAULT_MAX_LINE_BYTES, locate, type IngestOptions, type Source, type IngestRecord } from './types.js';

/** One line read by `readLines` as its record (the one rule for text lines, in any thread). */
export function textRecord(line: LineFields, options: IngestOptions = {}): IngestRecord {
  const at = locate(options, line.number);
  if (line.error !== undefined) return { ok: false, error: line.error, at };
  if (line.text.trim() === '') return { ok: false, error: 'empty line', at };
  return { ok: true, post: { id: options.qualifyIds && options.file ? `${options.file}:${line.number}` : String(line.number), text: line.text }, at };
}

export async function* ingestText(source: Source, options: IngestOptions = {}): AsyncGenerator<IngestRecord> {
  const max = options.maxLineLength ?? DEFAULT_MAX_LINE_BYTES;
  for await (const line of readLines(source, max)) yield textRecord(line, options);
}

/** Plain text: one post per line, id = line number (or `file:line` for several files). */
import { readLines } from './lines.js';
import { DEFAULT_MAX_LINE_BYTES, locate, type IngestOptions, type Source, type IngestRecord } from './types.js';

export async function* ingestText(source: Source, options: IngestOptions = {}): AsyncGenerator<IngestRecord> {
  const max = options.maxLineLength ?? DEFAULT_MAX_LINE_BYTES;
  for await (const line of readLines(source, max)) {
    const at = locate(options, line.number);
    if (line.error !== undefined) yield { ok: false, error: line.error, at };
    else if (line.text.trim() === '') yield { ok: false, error: 'empty line', at };
    else yield { ok: true, post: { id: options.qualifyIds && options.file ? `${options.file}:${line.number}` : String(line.number), text: line.text }, at };
  }
}

/**
 * CSV with a header row (RFC 4180 via csv-parse: quoted fields, doubled quotes, delimiters and
 * line breaks inside quoted cells, BOM, CRLF). One post per data row:
 * - text from `textColumn` (default `text`), id from `idColumn` (default `id` when the header
 *   has it, else the row number), language from `langColumn` (default `lang` when present);
 * - every other column is kept in `meta` (so results can be joined back to the sheet);
 * - a malformed row (bad quoting, wrong number of cells, empty text, bad language code) becomes
 *   an error with its row number and the line where it starts; parsing goes on.
 * A header without the text column makes the whole file unreadable (IngestError).
 */
import { Readable } from 'node:stream';
import { parse, type CsvError, type Info } from 'csv-parse';
import { IngestError, LANG_CODE, locate, type IngestedPost, type IngestOptions, type Source, type IngestRecord } from './types.js';

/**
 * Line numbers by byte offset. csv-parse's own line count drifts after a CRLF inside a quoted
 * cell, so the lines are counted here: the byte offsets of the newlines fed to the parser are
 * queued, and queries (record ends, in increasing order) pop the ones already passed.
 */
class LineIndex {
  private readonly offsets: number[] = [];
  private head = 0;
  private passed = 0;
  private lastPassed = -1;
  private fed = 0;

  feed(chunk: Buffer): void {
    for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) this.offsets.push(this.fed + i);
    this.fed += chunk.length;
  }

  /** The 1-based line of the last byte before `bytes` (a record ending with its newline is on the line before it). */
  lineBefore(bytes: number): number {
    while (this.head < this.offsets.length && this.offsets[this.head]! < bytes) {
      this.lastPassed = this.offsets[this.head++]!;
      this.passed++;
    }
    if (this.head > 4096) {
      this.offsets.splice(0, this.head);
      this.head = 0;
    }
    return this.passed + (this.lastPassed === bytes - 1 ? 0 : 1);
  }
}

const newlines = (s: string) => {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
};

export async function* ingestCsv(source: Source, options: IngestOptions = {}): AsyncGenerator<IngestRecord> {
  const textColumn = options.textColumn ?? 'text';
  let header: string[] | undefined;
  let headerError: string | undefined;
  let idColumn: string | undefined;
  let langColumn: string | undefined;
  const skipped: { line: number; error: string }[] = [];

  const lines = new LineIndex();
  const parser = parse({
    delimiter: options.delimiter ?? ',',
    raw: true,
    // Lines are computed in parse order (records and skipped ones alike), from byte offsets.
    // With `raw`, on_record receives { record, raw }.
    on_record: (value: { record: Record<string, string> }, context: Info) => {
      const record = value.record;
      const cellBreaks = Object.values(record).reduce((n, v) => n + newlines(String(v)), 0);
      return { record, line: lines.lineBefore(context.bytes) - cellBreaks };
    },
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (err: CsvError | undefined, raw?: string) => {
      if (!err) return;
      const bytes = (err as unknown as { bytes?: number }).bytes ?? 0;
      // The line where the bad record starts: where the error was seen, less the line breaks
      // of the record read up to there (blank lines before it and its own end excluded).
      const inner = raw ? newlines(raw.replace(/^[\r\n]+/, '').replace(/\r?\n$/, '')) : 0;
      const line = Math.max(1, lines.lineBefore(bytes) - inner);
      // One bad record can raise several errors (each stray quote): report it once.
      if (skipped.length && skipped[skipped.length - 1]!.line === line) return;
      skipped.push({ line, error: err.message.replace(/ at line \d+| on line \d+/, '') });
    },
    columns: (names: string[]) => {
      header = names.map((n) => String(n).trim());
      const seen = new Set<string>();
      for (const n of header) {
        if (seen.has(n) && (n === textColumn || n === options.idColumn || n === options.langColumn)) headerError = `column "${n}" appears twice in the header`;
        seen.add(n);
      }
      if (!header.includes(textColumn)) headerError ??= `no column "${textColumn}" in the header (columns: ${header.map((h) => JSON.stringify(h)).join(', ')}); choose one with --text-column`;
      if (options.idColumn !== undefined && !header.includes(options.idColumn)) headerError ??= `no id column "${options.idColumn}" in the header`;
      if (options.langColumn !== undefined && !header.includes(options.langColumn)) headerError ??= `no language column "${options.langColumn}" in the header`;
      if (headerError) throw new Error(headerError);
      idColumn = options.idColumn ?? (header.includes('id') ? 'id' : undefined);
      langColumn = options.langColumn ?? (header.includes('lang') ? 'lang' : undefined);
      return header;
    },
  });

  // Byte chunks (the parser's offsets are bytes), BOM removed, newlines indexed on the way in.
  const input = Readable.from(
    (async function* () {
      let first = true;
      for await (const c of source) {
        let chunk = typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
        if (first && chunk.length) {
          first = false;
          if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
        }
        lines.feed(chunk);
        yield chunk;
      }
    })(),
  );
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);

  let row = 0;
  const flushSkipped = function* (before: number): Generator<IngestRecord> {
    while (skipped.length && skipped[0]!.line < before) {
      const s = skipped.shift()!;
      row++;
      yield { ok: false, error: s.error, at: locate(options, s.line, { row }) };
    }
  };

  try {
    for await (const item of parser as AsyncIterable<{ record: Record<string, string>; line: number }>) {
      const line = item.line;
      yield* flushSkipped(line);
      row++;
      const at = locate(options, line, { row });
      const rec = item.record;
      const text = rec[textColumn] ?? '';
      const id = idColumn !== undefined && rec[idColumn] !== undefined && rec[idColumn] !== '' ? rec[idColumn]! : String(row);
      if (text.trim() === '') {
        yield { ok: false, error: `${textColumn}: empty text`, id, at };
        continue;
      }
      const post: IngestedPost = { id, text };
      if (langColumn !== undefined && rec[langColumn]) {
        const lang = rec[langColumn]!.trim().toLowerCase();
        if (!LANG_CODE.test(lang)) {
          yield { ok: false, error: `${langColumn}: expected an ISO 639 code such as "ar" or "en", got ${JSON.stringify(rec[langColumn])}`, id, at };
          continue;
        }
        post.lang = lang;
      }
      const meta: Record<string, string> = {};
      let any = false;
      for (const [k, v] of Object.entries(rec)) {
        if (k === textColumn || k === idColumn || k === langColumn) continue;
        meta[k] = v;
        any = true;
      }
      if (any) post.meta = meta;
      yield { ok: true, post, at };
    }
  } catch (err) {
    if (headerError) throw new IngestError(headerError, options.file);
    const e = err as NodeJS.ErrnoException;
    if (e.code && !e.code.startsWith('CSV_')) throw err;
    throw new IngestError(`not readable as CSV: ${e.message}`, options.file);
  }
  yield* flushSkipped(Number.POSITIVE_INFINITY);
}

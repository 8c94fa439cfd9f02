/**
 * CSV with a header row (RFC 4180 via csv-parse: quoted fields, doubled quotes, delimiters and
 * line breaks inside quoted cells, BOM, CRLF). One post per data row:
 * - text from `textColumn` (default `text`), id from `idColumn` (default `id` when the header
 *   has it, else the row number), language from `langColumn` (default `lang` when present);
 * - every other column is kept in `meta` (so results can be joined back to the sheet);
 * - a malformed row (bad quoting, wrong number of cells, empty text, bad language code), a row
 *   longer than `maxLineLength` bytes and a row with bytes that are not UTF-8 each become an
 *   error with its row number and the line where it starts; parsing goes on.
 * A header without the text column makes the whole file unreadable (IngestError).
 */
import { Readable } from 'node:stream';
import { parse, type CsvError, type Info } from 'csv-parse';
import { isUtf8 } from 'node:buffer';
import { LANGUAGE_CODE_EXPECTED, languageCode } from '../semantic/language-code.js';
import { firstInvalidUtf8 } from './lines.js';
import { DEFAULT_MAX_LINE_BYTES, IngestError, locate, type IngestedPost, type IngestOptions, type Source, type IngestRecord } from './types.js';

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

  /** Line breaks that were in the input but not passed to the parser (inside a dropped record). */
  addBreaks(n: number): void {
    for (let k = 0; k < n; k++) this.offsets.push(this.fed - 1);
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


/**
 * Watches the bytes on their way to the parser, with just enough CSV to know where a record
 * ends (a newline outside a quoted field; a quote opens a field only at its start, as the
 * parser reads it):
 * - a record longer than `max` bytes is not passed on whole (csv-parse would buffer it, and
 *   report it once per extra character): its first `max` bytes go through, the rest is counted
 *   and dropped, and the record is closed with more cells than the header so that the parser
 *   skips it; its error then names its line and length (`oversizeAt`). Line numbers stay true:
 *   the line breaks dropped are added to the line index. Memory stays bounded;
 * - bytes that are not UTF-8 are noted by line, and a record holding one becomes an error
 *   (the parser would have replaced them silently by U+FFFD).
 */
class RecordGuard {
  private inQuotes = false;
  private quoteSeen = false;
  private fieldStart = true;
  private fields = 1;
  private headerFields = 0;
  private recordBytes = 0;
  private recordLine = 1;
  private line = 1;
  private skipping = false;
  private closeQuote = false;
  private droppedBreaks = 0;
  private prevCR = false;
  private lastCR = false;
  /** Bytes passed on to the parser so far (injected ones included). */
  private passed = 0;
  private carry: Buffer = Buffer.alloc(0);
  private readonly bad: { line: number; byte: number }[] = [];
  /** Over-long records, in order: where their closing bytes went in, their line and length. */
  private readonly oversize: { at: number; line: number; bytes: number }[] = [];
  private readonly delim: number;

  constructor(
    private readonly delimiter: string,
    private readonly max: number,
    private readonly file: string | undefined,
  ) {
    this.delim = delimiter.charCodeAt(0);
  }

  get limit(): number {
    return this.max;
  }

  /** Scan `chunk`; `pass` gets the bytes for the parser, `breaks` the line breaks dropped before them. */
  feed(chunk: Buffer, pass: (b: Buffer) => void, breaks: (n: number) => void): void {
    this.checkUtf8(chunk);
    const send = (b: Buffer) => {
      if (b.length === 0) return;
      this.passed += b.length;
      pass(b);
    };
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      this.prevCR = this.lastCR;
      this.lastCR = c === 0x0d;
      if (!this.skipping && this.recordBytes + 1 > this.max && c !== 0x0a && !(c === 0x0d && !this.inQuotes)) {
        if (this.recordLine === 1 && this.headerFields === 0) {
          throw new IngestError(`line 1: the CSV header is longer than the limit of ${this.max} bytes (--max-line-length)`, this.file);
        }
        // Cut here: what the parser has is closed when the record ends.
        send(chunk.subarray(from, i));
        this.skipping = true;
        this.closeQuote = this.inQuotes && !this.quoteSeen;
        this.droppedBreaks = 0;
      }
      this.recordBytes++;
      let ends = false;
      if (this.inQuotes) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (c === 0x22) continue; // "" inside quotes
          this.inQuotes = false; // closing quote: fall through with this byte
        } else {
          if (c === 0x22) this.quoteSeen = true;
          else if (c === 0x0a) {
            this.line++;
            if (this.skipping) this.droppedBreaks++;
          }
          continue;
        }
      }
      if (c === 0x0a) {
        this.line++;
        ends = true;
      } else if (c === 0x22 && this.fieldStart) {
        this.inQuotes = true;
        this.fieldStart = false;
      } else if (c === this.delim) {
        this.fieldStart = true;
        this.fields++;
      } else if (c !== 0x0d) {
        this.fieldStart = false;
      }
      if (!ends) continue;
      if (this.skipping) {
        // Close the cut record with more cells than the header has, then its own line break
        // (CRLF when it was one: the parser keeps the record delimiter it saw first).
        breaks(this.droppedBreaks);
        const close = (this.closeQuote ? '"' : '') + this.delimiter.repeat(Math.max(this.headerFields, this.fields) + 1) + (this.prevCR ? '\r' : '');
        this.oversize.push({ at: this.passed, line: this.recordLine, bytes: this.recordBytes - 1 - (this.prevCR ? 1 : 0) });
        send(Buffer.from(close, 'utf8'));
        from = i; // the line feed goes through
        this.skipping = false;
      }
      if (this.headerFields === 0) this.headerFields = this.fields;
      this.recordLine = this.line;
      this.recordBytes = 0;
      this.fields = 1;
      this.fieldStart = true;
    }
    if (!this.skipping) send(chunk.subarray(from));
  }

  end(pass: (b: Buffer) => void, breaks: (n: number) => void): void {
    if (this.carry.length) this.bad.push({ line: this.line, byte: this.carry[0]! });
    this.carry = Buffer.alloc(0);
    if (this.skipping) {
      // The input ended inside the over-long record.
      breaks(this.droppedBreaks);
      this.oversize.push({ at: this.passed, line: this.recordLine, bytes: this.recordBytes });
      const close = (this.closeQuote ? '"' : '') + this.delimiter.repeat(Math.max(this.headerFields, this.fields) + 1) + '\n';
      this.passed += close.length;
      pass(Buffer.from(close, 'utf8'));
      this.skipping = false;
    }
  }

  /** The over-long record a parser error at byte `bytes` belongs to, if it is the next one. */
  oversizeAt(bytes: number): { line: number; bytes: number } | undefined {
    const o = this.oversize[0];
    if (!o || bytes < o.at) return undefined;
    this.oversize.shift();
    return o;
  }

  /** The first invalid byte noted on lines [from, to], if any (earlier notes are dropped). */
  invalidIn(from: number, to: number): { line: number; byte: number } | undefined {
    while (this.bad.length && this.bad[0]!.line < from) this.bad.shift();
    const b = this.bad[0];
    return b && b.line <= to ? b : undefined;
  }

  /** UTF-8 check across chunk boundaries: an incomplete sequence at the end waits for the next chunk. */
  private checkUtf8(chunk: Buffer): void {
    let buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const base = this.carry.length;
    this.carry = Buffer.alloc(0);
    // Hold back up to 3 bytes of a sequence cut by the chunk's end.
    let cut = buf.length;
    for (let k = 1; k <= 3 && k <= buf.length; k++) {
      const b = buf[buf.length - k]!;
      if (b < 0x80) break;
      if (b >= 0xc0) {
        const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
        if (need > k) cut = buf.length - k;
        break;
      }
    }
    if (cut < buf.length) {
      this.carry = Buffer.from(buf.subarray(cut));
      buf = buf.subarray(0, cut);
    }
    if (isUtf8(buf)) return;
    // Note every bad sequence's line (rare: only files with broken bytes get here).
    let line = this.line;
    let pos = 0;
    for (;;) {
      const rest = buf.subarray(pos);
      const at = firstInvalidUtf8(rest);
      if (at < 0) break;
      for (let i = pos; i < pos + at; i++) if (buf[i] === 0x0a) line++;
      this.bad.push({ line: pos + at < base ? this.line : line, byte: rest[at]! });
      pos += at + 1;
    }
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
      const over = guard.oversizeAt(bytes);
      if (over) {
        if (skipped.length && skipped[skipped.length - 1]!.line === over.line) skipped.pop();
        skipped.push({ line: over.line, error: `record of ${over.bytes} bytes is longer than the limit of ${guard.limit} bytes` });
        return;
      }
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

  // Byte chunks (the parser's offsets are bytes), BOM removed, newlines indexed on the way in,
  // and each record's size and UTF-8 checked before the parser buffers it.
  const guard = new RecordGuard(options.delimiter ?? ',', options.maxLineLength ?? DEFAULT_MAX_LINE_BYTES, options.file);
  const input = Readable.from(
    (async function* () {
      let first = true;
      for await (const c of source) {
        let chunk = typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
        if (first && chunk.length) {
          first = false;
          if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
        }
        // In order: bytes for the parser, and counts of line breaks dropped between them.
        const out: (Buffer | number)[] = [];
        guard.feed(chunk, (b) => out.push(b), (n) => out.push(n));
        for (const b of out) {
          if (typeof b === 'number') lines.addBreaks(b);
          else {
            lines.feed(b);
            yield b;
          }
        }
      }
      const out: (Buffer | number)[] = [];
      guard.end((b) => out.push(b), (n) => out.push(n));
      for (const b of out) {
        if (typeof b === 'number') lines.addBreaks(b);
        else {
          lines.feed(b);
          yield b;
        }
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
      const span = Object.values(rec).reduce((n, v) => n + newlines(String(v)), 0);
      const bad = guard.invalidIn(line, line + span);
      if (bad !== undefined) {
        yield { ok: false, error: `not valid UTF-8 (byte 0x${bad.byte.toString(16).padStart(2, '0')} on line ${bad.line})`, id, at };
        continue;
      }
      if (text.trim() === '') {
        yield { ok: false, error: `${textColumn}: empty text`, id, at };
        continue;
      }
      const post: IngestedPost = { id, text };
      if (langColumn !== undefined && rec[langColumn]) {
        const lang = languageCode(rec[langColumn]!.trim());
        if (lang === undefined) {
          yield { ok: false, error: `${langColumn}: expected ${LANGUAGE_CODE_EXPECTED}, got ${JSON.stringify(rec[langColumn])}`, id, at };
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
    if (err instanceof IngestError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (e.code && !e.code.startsWith('CSV_')) throw err;
    throw new IngestError(`not readable as CSV: ${e.message}`, options.file);
  }
  yield* flushSkipped(Number.POSITIVE_INFINITY);
}

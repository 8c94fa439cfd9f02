/**
 * Evidence records: one NDJSON line per fetched page (or failed fetch), append-only.
 *
 * The file is opened with flag `a` (O_APPEND) and every record is one write of one complete
 * line followed by a data sync, so an interrupted crawl leaves at most one incomplete last
 * line, which the reader reports and the next writer seals with a newline.
 */
import type { RedactionInfo } from '../analysis/redact.js';
import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Assessment } from '../score/assessment.js';
import type { ExtractedPost } from './html.js';
import { readLines } from './lines.js';

export const RECORD_SCHEMA = 'smuggling-risk/crawl-record@1';

/** Longest record line the readers accept (a page of several MB of text with its assessments). */
export const MAX_RECORD_LINE = 1 << 28;

export interface RecordHeaders {
  'content-type'?: string;
  'last-modified'?: string;
  etag?: string;
  'content-length'?: string;
  'retry-after'?: string;
  'x-robots-tag'?: string;
}

export interface Redirect {
  url: string;
  status: number;
  location: string;
}

export type CrawlErrorKind =
  | 'timeout'
  | 'network'
  | 'http'
  | 'redirect-loop'
  | 'too-many-redirects'
  | 'bad-redirect'
  | 'offsite-redirect'
  | 'robots'
  | 'invalid-url';

/** A post-like block of the page (see ExtractedPost) with its own assessment. */
export interface RecordPost extends ExtractedPost {
  assessment: Assessment;
}

export interface CrawlRecord {
  schema: typeof RECORD_SCHEMA;
  /** The URL requested (from a seed or a link). */
  url: string;
  /** The URL that gave the final response, after redirects. */
  finalUrl: string;
  depth: number;
  /** The page whose link led here; `null` for seeds. */
  referrer: string | null;
  /** When the final response arrived (ISO 8601, UTC). */
  fetchedAt: string;
  elapsedMs: number;
  attempts: number;
  status?: number;
  redirects: Redirect[];
  headers?: RecordHeaders;
  /** Length of the stored body in bytes (the response body after content decoding). */
  bytes?: number;
  /** The body was longer than the size limit; `bytes` and `sha256` cover its first part. */
  truncated?: true;
  /** SHA-256 (hex) of the exact body bytes received (the snapshot file name). */
  sha256?: string;
  /** The body was stored under `--snapshots` as `<dir>/<sha256>`. */
  snapshot?: true;
  contentType?: string | null;
  charset?: string;
  title?: string | null;
  lang?: string | null;
  robots?: { noindex: boolean; nofollow: boolean };
  /** Set when the redirect target had been recorded already; the page was not fetched twice. */
  duplicateOf?: string;
  error?: { kind: CrawlErrorKind; message: string };
  /** Visible text of the page. */
  text?: string;
  assessment?: Assessment;
  versions?: Assessment['versions'] & { extractor: string };
  posts?: RecordPost[];
  postsTruncated?: true;
  links?: { url: string; text: string; rel?: string }[];
  linksTruncated?: true;
  screenshot?: { file: string; sha256: string } | { error: string };
  /** Written by `crawl --redact`: identifiers in texts, assessments and links are keyed tokens. */
  redaction?: RedactionInfo;
}

export interface RecordSink {
  write(record: CrawlRecord): Promise<void>;
  close(): Promise<void>;
}

/** Appends records to a file: flag `a`, one write per record, data sync after each. */
export async function openRecordFile(path: string, options: { sync?: boolean } = {}): Promise<RecordSink> {
  const sync = options.sync ?? true;
  let sealed = true;
  try {
    const s = await stat(path);
    if (s.size > 0) {
      const fh = await open(path, 'r');
      try {
        const b = Buffer.alloc(1);
        await fh.read(b, 0, 1, s.size - 1);
        sealed = b[0] === 0x0a;
      } finally {
        await fh.close();
      }
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const fh: FileHandle = await open(path, 'a');
  if (!sealed) await writeAll(fh, Buffer.from('\n'));
  return {
    async write(record) {
      await writeAll(fh, Buffer.from(JSON.stringify(record) + '\n', 'utf8'));
      if (sync) await fh.datasync();
    },
    async close() {
      await fh.close();
    },
  };
}

async function writeAll(fh: FileHandle, buf: Buffer): Promise<void> {
  let off = 0;
  while (off < buf.length) {
    const { bytesWritten } = await fh.write(buf, off, buf.length - off);
    off += bytesWritten;
  }
}

/** Records to a stream (stdout when no `--out` is given), respecting back-pressure. */
export function streamRecordSink(stream: Writable): RecordSink {
  return {
    async write(record) {
      if (!stream.write(JSON.stringify(record) + '\n')) await once(stream, 'drain');
    },
    async close() {},
  };
}

export interface ReadLine {
  line: number;
  value?: unknown;
  error?: string;
}

/** JSON lines of a file; bad or over-long lines come back with `error` (and the reading goes on). */
export async function* readJsonLines(path: string, maxLineLength = MAX_RECORD_LINE): AsyncGenerator<ReadLine> {
  yield* jsonLines(createReadStream(path), maxLineLength);
}

export async function* jsonLines(stream: NodeJS.ReadableStream, maxLineLength = MAX_RECORD_LINE): AsyncGenerator<ReadLine> {
  for await (const l of readLines(stream as AsyncIterable<Buffer | string>, maxLineLength)) {
    if (l.error !== undefined) {
      yield { line: l.number, error: l.error };
      continue;
    }
    if (l.text.trim() === '') continue;
    try {
      yield { line: l.number, value: JSON.parse(l.text) };
    } catch (err) {
      yield { line: l.number, error: `invalid JSON: ${(err as Error).message}` };
    }
  }
}

export function isCrawlRecord(v: unknown): v is CrawlRecord {
  return typeof v === 'object' && v !== null && typeof (v as CrawlRecord).url === 'string' && typeof (v as CrawlRecord).finalUrl === 'string' && typeof (v as CrawlRecord).fetchedAt === 'string';
}

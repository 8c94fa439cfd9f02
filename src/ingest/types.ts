/**
 * What every input adapter produces: posts ready for the scorer, or a per-record error that
 * says where the bad record stands, so nothing is silently dropped.
 */

export interface IngestedPost {
  id?: string | number;
  text: string;
  lang?: string;
  meta?: unknown;
}

/** Where a record stands in its input. */
export interface RecordLocation {
  /** File name as given on the command line; absent for stdin. */
  file?: string;
  /** 1-based line where the record starts (for CSV, the physical line: cells may span lines). */
  line: number;
  /** CSV: 1-based data row (the header is row 0). */
  row?: number;
  /** Telegram: position of the message in its chat's `messages` array (0-based). */
  index?: number;
}

export type IngestRecord =
  | { ok: true; post: IngestedPost; at: RecordLocation }
  | { ok: false; error: string; id?: string; at: RecordLocation };

/** Default cap on one input line or CSV record: 10 MB, five times the longest text scored. */
export const DEFAULT_MAX_LINE_BYTES = 10_000_000;

export interface IngestOptions {
  /** Recorded in every location (errors name the file). */
  file?: string;
  /**
   * Longest accepted line (NDJSON, text) or record (CSV), in bytes; longer ones are reported
   * with their line number, not buffered. Default `DEFAULT_MAX_LINE_BYTES` (10 MB).
   */
  maxLineLength?: number;
  /** CSV column (or NDJSON field) holding the text; default `text`. */
  textColumn?: string;
  /** CSV column (or NDJSON field) holding the id; default `id` when present. */
  idColumn?: string;
  /** CSV column (or NDJSON field) holding an ISO 639 language code; default `lang` when present. */
  langColumn?: string;
  /** CSV field delimiter; default `,`. */
  delimiter?: string;
  /** Text input: prefix ids with the file name (`file:line`), for several files in one run. */
  qualifyIds?: boolean;
}

/** What the adapters read: a byte stream (a Readable is one), or any iterable of chunks. */
export type Source = AsyncIterable<Buffer | string> | Iterable<Buffer | string>;

export const INPUT_FORMATS = ['text', 'ndjson', 'csv', 'telegram'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

/** The whole input cannot be read as the format asked (not one bad record). */
export class IngestError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(file ? `${file}: ${message}` : message);
  }
}

export function locate(options: IngestOptions, line: number, extra: Partial<RecordLocation> = {}): RecordLocation {
  return { ...(options.file !== undefined ? { file: options.file } : {}), line, ...extra };
}

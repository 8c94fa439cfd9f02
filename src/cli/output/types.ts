/** What the score command hands to an output format: scored posts and per-record errors. */
import type { RedactionInfo } from '../../analysis/redact.js';
import type { RecordLocation } from '../../ingest/types.js';
import type { Assessment } from '../../score/assessment.js';
import type { RunSummary } from '../summary.js';

export interface PostOutcome {
  kind: 'post';
  /** Position in the input (0-based), for stable sorting. */
  seq: number;
  at: RecordLocation;
  /** The text the spans point into: the input, or its redacted form. */
  text: string;
  assessment: Assessment;
  redaction?: RedactionInfo;
}

export interface ErrorOutcome {
  kind: 'error';
  seq: number;
  at: RecordLocation;
  id?: string;
  error: string;
}

export type Outcome = PostOutcome | ErrorOutcome;

export const OUTPUT_FORMATS = ['pretty', 'json', 'ndjson', 'csv', 'html'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface OutputOptions {
  /** One post given on the command line (not a stream): json prints an object, not an array. */
  single: boolean;
  /** Put the text in JSON/CSV records (always on when redacting: the spans point into it). */
  includeText: boolean;
  /** ANSI colours for pretty output. */
  color: boolean;
}

export interface OutputWriter {
  write(o: Outcome): Promise<void>;
  end(summary: RunSummary): Promise<void>;
}

/** The JSON of one outcome, as NDJSON/JSON print it. */
export function outcomeJson(o: Outcome, options: Pick<OutputOptions, 'includeText'>): Record<string, unknown> {
  if (o.kind === 'error') return errorJson(o);
  const out: Record<string, unknown> = { ...o.assessment };
  if (options.includeText || o.redaction) out.text = o.text;
  if (o.redaction) out.redaction = o.redaction;
  return out;
}

/** `{ line, row?, index?, id?, file?, error }`: where the bad record is, and what is wrong. */
export function errorJson(o: ErrorOutcome): Record<string, unknown> {
  return {
    line: o.at.line,
    ...(o.at.row !== undefined ? { row: o.at.row } : {}),
    ...(o.at.index !== undefined ? { index: o.at.index } : {}),
    ...(o.id !== undefined ? { id: o.id } : {}),
    ...(o.at.file !== undefined ? { file: o.at.file } : {}),
    error: o.error,
  };
}

/** `file:line` (or `line N`) for people. */
export function whereText(at: RecordLocation): string {
  const pos = at.row !== undefined ? `row ${at.row} (line ${at.line})` : at.index !== undefined ? `line ${at.line} (message ${at.index + 1} of the chat)` : `line ${at.line}`;
  return at.file !== undefined ? `${at.file} ${pos}` : pos;
}

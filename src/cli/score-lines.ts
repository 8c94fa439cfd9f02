/**
 * `score --input ndjson|text --threads N` with plain NDJSON output: the main thread only reads
 * lines and writes bytes; a worker thread turns a batch of lines into their output.
 *
 * A batch goes to a worker as the lines' bytes in one buffer (framed by the main thread with the
 * reader's rules, `frameLines`); the worker decodes each line (`decodeLine`: over the cap, not
 * UTF-8), turns it into its record (`ndjsonRecord` / `textRecord`: the rules of the input adapters),
 * its outcome and filter decision (`recordOutcome` / `isShown`: the rules of the in-process
 * run), serialises the shown ones as the NDJSON writer does (`outcomeJson`), and sends back
 * the bytes with the batch's counts. Nothing here creates a scorer: the main thread uses it too,
 * to write a batch whose thread died (each post gets the error, in its place).
 */
import { decodeLine, type LineFields, type RawLine } from '../ingest/lines.js';
import { ndjsonRecord } from '../ingest/ndjson.js';
import { textRecord } from '../ingest/text.js';
import type { IngestOptions } from '../ingest/types.js';
import type { Assessment } from '../score/assessment.js';
import type { Post } from '../scorer.js';
import { outcomeJson } from './output/types.js';
import { isShown, recordOutcome, type RecordRules } from './score-record.js';
import { countOutcome, emptyCounts, type RecordCounts } from './summary.js';

/** The input formats read line by line, whose records a worker thread can make. */
export type LineFormat = 'ndjson' | 'text';

/** How a batch's lines become output lines: plain data, cloned to the worker with each batch. */
export interface LinesSettings {
  input: LineFormat;
  /** The file's ingest options (`file`, `qualifyIds`, columns). */
  ingest: IngestOptions;
  rules: Omit<RecordRules, 'redactor'>;
  /** Put the post's text in each record (`--include-text`). */
  includeText: boolean;
}

/**
 * A batch of consecutive lines of one input, as bytes: the worker decodes them (`decodeLine`,
 * the reader's own rules), so the main thread only frames lines and copies bytes.
 */
export interface LinesTask {
  /** Line number of the first line; the others follow one by one. */
  first: number;
  /** The lines' bytes one after another (an over-long line: its first bytes only). */
  bytes: Uint8Array;
  /** Where each line ends in `bytes`. */
  ends: number[];
  /** The over-long lines, as [index, length in bytes]. */
  overflows?: [number, number][];
  /** Index of a last line that ended with the input instead of a newline. */
  unterminated?: number;
  /** The cap the lines were framed with (for the over-long lines' error). */
  maxLineBytes: number;
  settings: LinesSettings;
}

/** The batch's output lines as UTF-8 (each ending with a newline) and its counts. */
export interface LinesResult {
  out: Uint8Array;
  counts: RecordCounts;
}

/** The task for a batch of lines as `frameLines` gave them (consecutive lines of one input). */
export function linesTask(lines: readonly RawLine[], settings: LinesSettings, maxLineBytes: number): LinesTask {
  const bytes = Buffer.allocUnsafeSlow(lines.reduce((n, l) => n + l.bytes.length, 0));
  const ends = new Array<number>(lines.length);
  let at = 0;
  let overflows: [number, number][] | undefined;
  let unterminated: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    line.bytes.copy(bytes, at);
    at += line.bytes.length;
    ends[i] = at;
    if (line.overflow) (overflows ??= []).push([i, line.length]);
    if (!line.terminated) unterminated = i;
  }
  return { first: lines[0]?.number ?? 1, bytes, ends, ...(overflows ? { overflows } : {}), ...(unterminated !== undefined ? { unterminated } : {}), maxLineBytes, settings };
}

/** The lines of a task as the reader would have given them (what the record rules read). */
export function taskLines({ first, bytes, ends, overflows, unterminated, maxLineBytes }: LinesTask): LineFields[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const overflowed = new Map(overflows ?? []);
  return ends.map((end, i) => {
    const start = i === 0 ? 0 : ends[i - 1]!;
    const length = overflowed.get(i);
    return decodeLine({ number: first + i, bytes: buffer.subarray(start, end), overflow: length !== undefined, length: length ?? end - start, terminated: i !== unterminated }, maxLineBytes);
  });
}

/**
 * The batch's output text (the shown outcomes as NDJSON lines, each with its newline) and its
 * counts, scoring posts with `score`.
 */
export function renderLines(task: LinesTask, score: (post: Post) => Assessment): { text: string; counts: RecordCounts } {
  const { input, ingest, rules, includeText } = task.settings;
  const toRecord = input === 'ndjson' ? ndjsonRecord : textRecord;
  const counts = emptyCounts();
  let text = '';
  for (const line of taskLines(task)) {
    const outcome = recordOutcome(toRecord(line, ingest), 0, score, rules);
    const shown = isShown(outcome, rules);
    countOutcome(counts, outcome, shown);
    if (shown) text += JSON.stringify(outcomeJson(outcome, { includeText })) + '\n';
  }
  return { text, counts };
}

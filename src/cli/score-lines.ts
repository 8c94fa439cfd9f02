/**
 * `score --input ndjson|text --threads N` with plain NDJSON output: the main thread only reads
 * lines and writes bytes; a worker thread turns a batch of lines into their output.
 *
 * A batch goes to a worker as the lines' texts (an array of strings clones much faster than
 * one object per line) with what the reader found wrong with some of them; the worker turns
 * each line into its record (`ndjsonRecord` / `textRecord`: the rules of the input adapters),
 * its outcome and filter decision (`recordOutcome` / `isShown`: the rules of the in-process
 * run), serialises the shown ones as the NDJSON writer does (`outcomeJson`), and sends back
 * the bytes with the batch's counts. Nothing here creates a scorer: the main thread uses it too,
 * to write a batch whose thread died (each post gets the error, in its place).
 */
import type { Line, LineFields } from '../ingest/lines.js';
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

/** A batch of consecutive lines of one input. */
export interface LinesTask {
  /** Line number of `texts[0]`; the others follow one by one. */
  first: number;
  /** The lines' texts ('' for a line with an error from the reader). */
  texts: string[];
  /** The lines the reader reported (over the cap, not UTF-8), as [index into texts, message]. */
  errors?: [number, string][];
  /** Index into texts of a last line that ended with the input instead of a newline. */
  unterminated?: number;
  settings: LinesSettings;
}

/** The batch's output lines as UTF-8 (each ending with a newline) and its counts. */
export interface LinesResult {
  out: Uint8Array;
  counts: RecordCounts;
}

/** The task for a batch of lines as `readLines` gave them (consecutive lines of one input). */
export function linesTask(lines: readonly Line[], settings: LinesSettings): LinesTask {
  const texts = new Array<string>(lines.length);
  let errors: [number, string][] | undefined;
  let unterminated: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.error !== undefined) {
      texts[i] = '';
      (errors ??= []).push([i, line.error]);
    } else texts[i] = line.text;
    if (!line.terminated) unterminated = i;
  }
  return { first: lines[0]?.number ?? 1, texts, ...(errors ? { errors } : {}), ...(unterminated !== undefined ? { unterminated } : {}), settings };
}

/** The lines of a task as the reader gave them (what the record rules read). */
export function taskLines({ first, texts, errors, unterminated }: LinesTask): LineFields[] {
  const lines: LineFields[] = texts.map((text, i) => ({ number: first + i, text, terminated: i !== unterminated }));
  for (const [i, error] of errors ?? []) lines[i]!.error = error;
  return lines;
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

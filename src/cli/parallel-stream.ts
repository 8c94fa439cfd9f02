/**
 * `score --input ndjson|text --threads N`: the streaming contract of `scoreStream` (one
 * output line per input line, in input order, an error object `{line, id?, error}` in place
 * of a line that cannot be scored, the stream goes on) with the scoring spread over a pool of
 * worker threads.
 *
 * Lines are sent to the threads in batches (a batch closes when the next line is not already
 * read, so a slow feed is not held back), at most `inFlight` batches at a time, and written
 * back in order with back-pressure: memory is bounded by inFlight x batch lines whatever the
 * input size. If a worker thread dies on a batch, each of its lines gets an error object.
 *
 * The main thread only reads lines and writes bytes: a batch goes out as an array of strings
 * (`linesTask`), and the worker parses, scores, serialises and UTF-8-encodes it and moves the
 * buffer back without a copy. With two threads on two cores the main thread competes with
 * them for CPU, so every bit of work left on it costs scaling.
 */
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { batched, mapOrdered } from '../score/ordered.js';
import type { ScoringPool } from '../score/pool.js';
import { readLines, type Line } from './lines.js';
import type { LinesResult, LinesTask } from './parallel-stream-worker.js';
import type { StreamOptions, StreamSummary } from './score-stream.js';

export interface ParallelStreamOptions extends StreamOptions {
  /** Lines per task sent to a thread (default 64). */
  batch?: number;
  /** Batches in flight at once (default: 4 per thread). */
  inFlight?: number;
}

const WORKER = new URL('./parallel-stream-worker.js', import.meta.url).href;

/** A batch of lines as a task for the worker's `scoreLines` (defined here: the worker module creates a scorer when loaded). */
export function linesTask(lines: readonly Line[], options: StreamOptions): LinesTask {
  const texts = new Array<string>(lines.length);
  const first = lines[0]?.number ?? 1;
  let consecutive = true;
  let overflow: number[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    texts[i] = line.text;
    if (line.number !== first + i) consecutive = false;
    if (line.overflow) (overflow ??= []).push(i);
  }
  return { first, texts, ...(consecutive ? {} : { numbers: lines.map((l) => l.number) }), ...(overflow ? { overflow } : {}), options };
}

export async function scoreStreamParallel(pool: ScoringPool, source: Readable, sink: Writable, options: ParallelStreamOptions): Promise<StreamSummary> {
  const summary: StreamSummary = { lines: 0, scored: 0, flagged: 0, errors: 0 };
  const streamOptions: StreamOptions = { input: options.input, maxLineLength: options.maxLineLength };
  const inFlight = options.inFlight ?? pool.threads * 4;
  const run = async (lines: Line[]): Promise<LinesResult> => {
    try {
      return await pool.run<LinesResult>(linesTask(lines, streamOptions), { filename: WORKER, name: 'scoreLines' });
    } catch (err) {
      const message = `scoring failed: ${(err as Error).message}`;
      return {
        out: Buffer.from(lines.map((l) => JSON.stringify({ line: l.number, error: message }) + '\n').join(''), 'utf8'),
        scored: 0,
        flagged: 0,
        errors: lines.length,
      };
    }
  };
  const batches = batched(readLines(source, options.maxLineLength), options.batch ?? 64);
  let lineCount = 0;
  const counted = async function* () {
    for await (const b of batches) {
      lineCount += b.length;
      yield b;
    }
  };
  for await (const r of mapOrdered(counted(), run, inFlight)) {
    summary.scored += r.scored;
    summary.flagged += r.flagged;
    summary.errors += r.errors;
    if (r.out.length > 0 && !sink.write(r.out)) await once(sink, 'drain');
  }
  summary.lines = lineCount;
  return summary;
}

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

export async function scoreStreamParallel(pool: ScoringPool, source: Readable, sink: Writable, options: ParallelStreamOptions): Promise<StreamSummary> {
  const summary: StreamSummary = { lines: 0, scored: 0, flagged: 0, errors: 0 };
  const streamOptions: StreamOptions = { input: options.input, maxLineLength: options.maxLineLength };
  const inFlight = options.inFlight ?? pool.threads * 4;
  const run = async (lines: Line[]): Promise<LinesResult> => {
    try {
      return await pool.run<LinesResult>({ lines, options: streamOptions } satisfies LinesTask, { filename: WORKER, name: 'scoreLines' });
    } catch (err) {
      const message = `scoring failed: ${(err as Error).message}`;
      return {
        out: lines.map((l) => JSON.stringify({ line: l.number, error: message }) + '\n').join(''),
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
    if (r.out && !sink.write(r.out)) await once(sink, 'drain');
  }
  summary.lines = lineCount;
  return summary;
}

/**
 * The score command's engine: inputs -> posts -> assessments (-> redaction) -> filters ->
 * (sort) -> output format, with the counts for the summary. Streams in input order with
 * constant memory unless a sort or the HTML report needs every result.
 *
 * With `threads` >= 2 (or a `pool`) the work is shared with a pool of worker threads, and the
 * output is the same bytes as with one thread, in input order, errors in place:
 * - NDJSON or text input with plain NDJSON output (no redaction, no sort): the main thread
 *   only reads lines and writes bytes; the threads make the records, score, filter, serialise
 *   and count (score-lines.ts), with the same functions as the main thread uses here;
 * - anything else: the main thread reads, parses, redacts, filters and writes; the threads
 *   only score.
 */
import { createReadStream, statSync, accessSync, constants as fsConstants } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import type { Redactor } from '../analysis/redact.js';
import { ingest } from '../ingest/adapters.js';
import { frameLines } from '../ingest/lines.js';
import { DEFAULT_MAX_LINE_BYTES, IngestError, type IngestOptions, type IngestRecord, type InputFormat } from '../ingest/types.js';
import type { Assessment } from '../score/assessment.js';
import { batched, mapOrdered } from '../score/ordered.js';
import { createPool, type ScoringPool } from '../score/pool.js';
import type { Post, Scorer, ScorerOptions } from '../scorer.js';
import { InputError, UsageError } from './errors.js';
import { createWriter, type Outcome, type PostOutcome, type OutputFormat } from './output/index.js';
import { sinkWriter } from './output/sink.js';
import { createProgress } from './progress.js';
import { linesTask, renderLines, type LinesResult, type LinesSettings, type LinesTask } from './score-lines.js';
import { isShown, recordOutcome, type RecordRules } from './score-record.js';
import type { PostResult, PostsTask } from './score-worker.js';
import { formatSummary, SummaryCounter, type RunSummary } from './summary.js';

export type SortOrder = 'input' | 'score';
export type SummaryMode = 'auto' | 'off' | 'text' | 'json';

export interface ScoreRunOptions {
  /** One post given on the command line (`-`: all of stdin as one post). */
  text?: string;
  /** Read a stream of posts in this format from `files` (stdin when empty or `-`). */
  input?: InputFormat;
  files: string[];
  format: OutputFormat;
  ingest: Omit<IngestOptions, 'file' | 'qualifyIds'>;
  /** Language of posts that do not give one. */
  lang?: string;
  minScore?: number;
  onlyFlagged: boolean;
  sort: SortOrder;
  includeText: boolean;
  redactor?: Redactor;
  summary: SummaryMode;
  progress: boolean;
  color: boolean;
  /** Score with this many worker threads (>= 2; with `input` only). Default: in this thread. */
  threads?: number;
  /** The threads' scorer options (the same as the in-process scorer's). */
  scorerOptions?: ScorerOptions;
  /**
   * Share the work with this pool (any number of threads; with `input` only) instead of
   * starting `threads`; the run does not close it. For benches and tests; its threads' scorer
   * must have the in-process scorer's options.
   */
  pool?: ScoringPool;
  /** Lines or records per task sent to a thread (default 64). */
  batch?: number;
}

export interface ScoreRunIO {
  stdin: Readable;
  stdout: Writable;
  stderr: NodeJS.WriteStream;
}

/** Every file must be a readable file (or a pipe) before any output is written: exit 2 if not. */
export function checkFiles(files: readonly string[]): number {
  let total = 0;
  if (files.filter((f) => f === '-').length > 1) throw new UsageError('stdin ("-") can be read only once');
  for (const f of files) {
    if (f === '-') continue;
    try {
      const st = statSync(f);
      if (st.isDirectory()) throw new InputError(`${f}: is a directory, not a file`);
      accessSync(f, fsConstants.R_OK);
      if (st.isFile()) total += st.size;
    } catch (err) {
      if (err instanceof InputError) throw err;
      const e = err as NodeJS.ErrnoException;
      const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : e.message;
      throw new InputError(`${f}: ${why}`);
    }
  }
  return total;
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  const s = Buffer.concat(chunks).toString('utf8');
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

export async function runScore(scorer: Scorer, opts: ScoreRunOptions, io: ScoreRunIO): Promise<RunSummary> {
  const single = opts.input === undefined;
  const files = single ? [] : opts.files.length ? opts.files : ['-'];
  const totalBytes = checkFiles(files);
  const counter = new SummaryCounter();
  counter.data.files = files.filter((f) => f !== '-').length;
  const writer = createWriter(opts.format, io.stdout, {
    single,
    includeText: opts.includeText || opts.redactor !== undefined,
    color: opts.color,
  });
  const buffered: Outcome[] | undefined = opts.sort === 'score' ? [] : undefined;
  const progress = createProgress(totalBytes, opts.progress && files.some((f) => f !== '-'), io.stderr, io.stdout as NodeJS.WriteStream);
  let bytes = 0;
  let seq = 0;

  const rules: RecordRules = {
    ...(opts.lang !== undefined ? { lang: opts.lang } : {}),
    ...(opts.minScore !== undefined ? { minScore: opts.minScore } : {}),
    onlyFlagged: opts.onlyFlagged,
    ...(opts.redactor ? { redactor: opts.redactor } : {}),
  };
  const score = (post: Post) => scorer.score(post);
  /** `scored`: the post's result from a worker thread; scored here when absent. */
  const handle = async (rec: IngestRecord, scored?: PostResult) => {
    let line: string | undefined;
    const fromThread = (r: PostResult): Assessment => {
      if (!r.ok) throw new Error(r.error);
      if ('assessment' in r) return r.assessment;
      // NDJSON from the threads: the line as the worker wrote it; the brief for the counts.
      line = r.json;
      return r.brief as Assessment;
    };
    const outcome = recordOutcome(rec, seq++, scored ? () => fromThread(scored) : score, rules);
    const shown = isShown(outcome, rules);
    counter.add(outcome, shown);
    progress.update(bytes, counter.data.posts, counter.data.flagged);
    if (!shown) return;
    if (line !== undefined && outcome.kind === 'post') await writeLine(line + '\n');
    else if (buffered) buffered.push(outcome);
    else await writer.write(outcome);
  };
  const writeLine = sinkWriter(io.stdout);
  // With threads and plain NDJSON output, the workers serialise the assessments: byte for
  // byte what the NDJSON writer prints for them (no text added, no redaction, no sorting).
  const jsonLines = opts.format === 'ndjson' && !opts.redactor && !opts.includeText && !buffered;

  const ownPool = !single && !opts.pool && opts.threads !== undefined && opts.threads >= 2;
  const pool = single ? undefined : (opts.pool ?? (ownPool ? createPool({ threads: opts.threads!, scorerOptions: opts.scorerOptions ?? {} }) : undefined));
  const batch = opts.batch ?? BATCH;
  try {
    if (single) {
      const text = opts.text === '-' ? await readAll(io.stdin) : opts.text ?? '';
      await handle({ ok: true, post: { text }, at: { line: 1 } });
    } else {
      const sources = function* () {
        for (const file of files) {
          const source = file === '-' ? io.stdin : createReadStream(file);
          const counted = (async function* () {
            for await (const chunk of source) {
              bytes += (chunk as Buffer).length;
              yield chunk as Buffer;
            }
          })();
          const options: IngestOptions = { ...opts.ingest, ...(file !== '-' ? { file } : {}), qualifyIds: files.length > 1 };
          yield { counted, options };
        }
      };
      const input = opts.input!;
      if (pool && (input === 'ndjson' || input === 'text') && opts.format === 'ndjson' && !opts.redactor && !buffered) {
        // The main thread frames lines and writes bytes; the threads decode and do the rest.
        const taskBatches = async function* () {
          for (const { counted, options } of sources()) {
            const settings: LinesSettings = { input, ingest: options, rules, includeText: opts.includeText };
            const max = options.maxLineLength ?? DEFAULT_MAX_LINE_BYTES;
            for await (const lines of batched(frameLines(counted, max), batch)) yield linesTask(lines, settings, max);
          }
        };
        for await (const r of mapOrdered(taskBatches(), (task) => linesInPool(pool, task), pool.threads * 4)) {
          counter.merge(r.counts);
          progress.update(bytes, counter.data.posts, counter.data.flagged);
          if (r.out.length > 0) await writeLine(r.out);
        }
      } else {
        const records = async function* () {
          for (const { counted, options } of sources()) yield* ingest(input, counted, options);
        };
        if (pool) {
          for await (const done of mapOrdered(batched(records(), batch), (b) => scoreInPool(pool, b, opts.lang, jsonLines), pool.threads * 4)) {
            for (const [rec, result] of done) await handle(rec, result);
          }
        } else {
          for await (const rec of records()) await handle(rec);
        }
      }
    }
    if (buffered) {
      const posts = buffered.filter((o): o is PostOutcome => o.kind === 'post');
      const errors = buffered.filter((o) => o.kind === 'error');
      // Highest score first; equal scores keep input order. Errors follow, in input order.
      posts.sort((a, b) => b.assessment.score - a.assessment.score || a.seq - b.seq);
      for (const o of [...posts, ...errors]) await writer.write(o);
    }
  } catch (err) {
    progress.stop();
    if (ownPool) await pool?.close().catch(() => undefined);
    if (err instanceof IngestError) throw new InputError(err.message);
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'EISDIR') throw new InputError(e.message);
    throw err;
  }
  progress.stop();
  if (ownPool) await pool?.close();
  const summary = counter.finish();
  await writer.end(summary);

  const auto = !single && (opts.format === 'pretty' || io.stderr.isTTY === true);
  if (opts.summary === 'json') io.stderr.write(JSON.stringify({ summary }) + '\n');
  else if (opts.summary === 'text' || (opts.summary === 'auto' && auto)) io.stderr.write(formatSummary(summary) + '\n');
  return summary;
}

/** Records per task sent to a worker thread (a batch closes early when input is slow). */
const BATCH = 64;
const WORKER = new URL('./score-worker.js', import.meta.url).href;

/**
 * A batch of lines through the pool. If a thread dies on the batch (twice: see `createPool`),
 * the batch is written here as the thread would have, with each of its posts getting the error
 * in its place (the lines' own errors stay theirs), and the run goes on.
 */
async function linesInPool(pool: ScoringPool, task: LinesTask): Promise<LinesResult> {
  try {
    return await pool.run<LinesResult>(task, { filename: WORKER, name: 'scoreLines' });
  } catch (err) {
    const error = `scoring failed: ${(err as Error).message}`;
    const { text, counts } = renderLines(task, () => {
      throw new Error(error);
    });
    return { out: Buffer.from(text, 'utf8'), counts };
  }
}

/**
 * Score the posts of a batch of records in the pool. Error records pass through; if a thread
 * dies on the batch (twice: see `createPool`), each of its posts gets an error (in its place), and the run goes on.
 */
async function scoreInPool(pool: ScoringPool, batch: IngestRecord[], lang: string | undefined, json: boolean): Promise<[IngestRecord, PostResult | undefined][]> {
  const posts: Post[] = [];
  for (const rec of batch) if (rec.ok) posts.push(lang && !rec.post.lang ? { ...rec.post, lang } : rec.post);
  let results: PostResult[];
  if (posts.length === 0) results = [];
  else {
    try {
      results = await pool.run<PostResult[]>({ posts, json } satisfies PostsTask, { filename: WORKER, name: 'scorePosts' });
    } catch (err) {
      const error = `scoring failed: ${(err as Error).message}`;
      results = posts.map(() => ({ ok: false, error }));
    }
  }
  let k = 0;
  return batch.map((rec) => [rec, rec.ok ? results[k++] : undefined]);
}

/**
 * The score command's engine: inputs -> posts -> assessments (-> redaction) -> filters ->
 * (sort) -> output format, with the counts for the summary. Streams in input order with
 * constant memory unless a sort or the HTML report needs every result.
 */
import { createReadStream, statSync, accessSync, constants as fsConstants } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import type { Redactor } from '../analysis/redact.js';
import { ingest } from '../ingest/adapters.js';
import { IngestError, type IngestOptions, type IngestRecord, type InputFormat } from '../ingest/types.js';
import type { Scorer } from '../scorer.js';
import { InputError, UsageError } from './errors.js';
import { createWriter, type Outcome, type PostOutcome, type OutputFormat } from './output/index.js';
import { createProgress } from './progress.js';
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

  const handle = async (rec: IngestRecord) => {
    let outcome: Outcome;
    if (!rec.ok) {
      // Error messages can quote the input (a JSON snippet, a cell): redact them too.
      const error = opts.redactor ? opts.redactor.redactText(rec.error).text : rec.error;
      outcome = { kind: 'error', seq: seq++, at: rec.at, ...(rec.id !== undefined ? { id: rec.id } : {}), error };
    } else {
      const post = opts.lang && !rec.post.lang ? { ...rec.post, lang: opts.lang } : rec.post;
      try {
        let assessment = scorer.score(post);
        let text = post.text;
        let redaction;
        if (opts.redactor) {
          const r = opts.redactor.redactAssessment(text, assessment);
          ({ text, assessment, redaction } = r);
        }
        outcome = { kind: 'post', seq: seq++, at: rec.at, text, assessment, ...(redaction ? { redaction } : {}) };
      } catch (err) {
        const id = rec.post.id !== undefined ? String(rec.post.id) : undefined;
        outcome = { kind: 'error', seq: seq++, at: rec.at, ...(id !== undefined ? { id } : {}), error: (err as Error).message };
      }
    }
    const shown =
      outcome.kind === 'error' ||
      ((!opts.onlyFlagged || outcome.assessment.flagged) && (opts.minScore === undefined || outcome.assessment.score >= opts.minScore));
    counter.add(outcome, shown);
    progress.update(bytes, counter.data.posts, counter.data.flagged);
    if (!shown) return;
    if (buffered) buffered.push(outcome);
    else await writer.write(outcome);
  };

  try {
    if (single) {
      const text = opts.text === '-' ? await readAll(io.stdin) : opts.text ?? '';
      await handle({ ok: true, post: { text }, at: { line: 1 } });
    } else {
      for (const file of files) {
        const source = file === '-' ? io.stdin : createReadStream(file);
        const counted = (async function* () {
          for await (const chunk of source) {
            bytes += (chunk as Buffer).length;
            yield chunk as Buffer;
          }
        })();
        const options: IngestOptions = { ...opts.ingest, ...(file !== '-' ? { file } : {}), qualifyIds: files.length > 1 };
        for await (const rec of ingest(opts.input!, counted, options)) await handle(rec);
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
    if (err instanceof IngestError) throw new InputError(err.message);
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'EISDIR') throw new InputError(e.message);
    throw err;
  }
  progress.stop();
  const summary = counter.finish();
  await writer.end(summary);

  const auto = !single && (opts.format === 'pretty' || io.stderr.isTTY === true);
  if (opts.summary === 'json') io.stderr.write(JSON.stringify({ summary }) + '\n');
  else if (opts.summary === 'text' || (opts.summary === 'auto' && auto)) io.stderr.write(formatSummary(summary) + '\n');
  return summary;
}


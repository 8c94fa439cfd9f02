/**
 * Worker side of the parallel line stream: turns a batch of input lines into their output
 * lines with exactly the rules of `scoreStream` (same parsing, same error objects), using the
 * thread's scorer; and (`scorePosts`) scores batches of posts that the score command's main
 * thread has read and parsed, for `score --input ... --threads N`.
 */
import { createRequire } from 'node:module';
import type { Assessment } from '../score/assessment.js';
import { threadScorer } from '../score/pool-worker.js';
import type { Post } from '../scorer.js';
import { parseLine, type StreamOptions } from './score-stream.js';

interface PiscinaStatics {
  move(value: object): unknown;
  readonly transferableSymbol: symbol;
  readonly valueSymbol: symbol;
}
const { Piscina } = createRequire(import.meta.url)('piscina') as { Piscina: PiscinaStatics };

/**
 * A batch of input lines, sent compactly: their texts (an array of strings clones much faster
 * than one object per line), their numbers, and which of them were over the cap.
 */
export interface LinesTask {
  /** Line number of `texts[0]`; the others follow one by one unless `numbers` is given. */
  first: number;
  texts: string[];
  /** The line numbers, when they are not consecutive. */
  numbers?: number[];
  /** Indexes into `texts` of the lines that were longer than the cap. */
  overflow?: number[];
  options: StreamOptions;
}

export interface LinesResult {
  /** The output lines of the batch as UTF-8, each ending with a newline (moved, not copied, out of the worker). */
  out: Uint8Array;
  scored: number;
  flagged: number;
  errors: number;
}

/** `text` as UTF-8 in a buffer of its own (never a slice of Buffer's shared pool), so it can be transferred. */
function utf8Owned(text: string): Uint8Array {
  const out = Buffer.allocUnsafeSlow(Buffer.byteLength(text, 'utf8'));
  out.write(text, 0, 'utf8');
  return out;
}

/** The lines' output, each line exactly as `scoreStream` writes it, with the counts. */
export function scoreLinesText({ first, texts, numbers, overflow, options }: LinesTask): { text: string; scored: number; flagged: number; errors: number } {
  const scorer = threadScorer();
  const result = { text: '', scored: 0, flagged: 0, errors: 0 };
  const over = overflow?.length ? new Set(overflow) : undefined;
  const parts: string[] = new Array<string>(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const number = numbers ? numbers[i]! : first + i;
    const text = texts[i]!;
    if (over?.has(i)) {
      result.errors++;
      parts[i] = JSON.stringify({ line: number, error: `line longer than ${options.maxLineLength} characters` });
      continue;
    }
    if (options.input === 'text' && text.trim() === '') {
      result.errors++;
      parts[i] = JSON.stringify({ line: number, error: 'empty line' });
      continue;
    }
    const parsed = parseLine(text, number, options.input);
    if ('error' in parsed) {
      result.errors++;
      parts[i] = JSON.stringify(parsed.error);
      continue;
    }
    try {
      const a = scorer.score(parsed.post);
      result.scored++;
      if (a.flagged) result.flagged++;
      parts[i] = JSON.stringify(a);
    } catch (err) {
      result.errors++;
      parts[i] = JSON.stringify({ line: number, ...(parsed.post.id !== undefined ? { id: String(parsed.post.id) } : {}), error: (err as Error).message });
    }
  }
  result.text = parts.length ? parts.join('\n') + '\n' : '';
  return result;
}

/**
 * The pool task: the batch's output serialised and encoded here, in the worker, and its buffer
 * moved to the main thread (no copy, no encoding there: the main thread only writes it).
 */
export function scoreLines(task: LinesTask): unknown {
  const { text, scored, flagged, errors } = scoreLinesText(task);
  const out = utf8Owned(text);
  const result: LinesResult = { out, scored, flagged, errors };
  return Piscina.move({ [Piscina.transferableSymbol]: out.buffer, [Piscina.valueSymbol]: result });
}

/** A batch of posts already parsed by the main thread (any input format), for `score --threads`. */
export interface PostsTask {
  posts: Post[];
  /**
   * Send back each assessment as its JSON line (serialised here) and the few fields the main
   * thread counts and filters on, instead of the whole object: for NDJSON output, where the
   * line is all that is written. Copying whole assessments between threads costs more than
   * scoring short posts.
   */
  json?: boolean;
}

/** The fields of an assessment that the run's filters and summary read. */
export type AssessmentBrief = Pick<Assessment, 'score' | 'flagged' | 'band'> & { language: Pick<Assessment['language'], 'code'> };

/** Per post: its assessment (or its JSON and brief), or the message of the error the scorer threw. */
export type PostResult = { ok: true; assessment: Assessment } | { ok: true; json: string; brief: AssessmentBrief } | { ok: false; error: string };

/** Score a batch of posts with this thread's scorer; an error stays with its post. */
export function scorePosts({ posts, json }: PostsTask): PostResult[] {
  const scorer = threadScorer();
  return posts.map((post): PostResult => {
    let assessment: Assessment;
    try {
      assessment = scorer.score(post);
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
    if (!json) return { ok: true, assessment };
    const { score, flagged, band, language } = assessment;
    return { ok: true, json: JSON.stringify(assessment), brief: { score, flagged, band, language: { code: language.code } } };
  });
}

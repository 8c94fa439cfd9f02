/**
 * Worker side of the parallel line stream: turns a batch of input lines into their output
 * lines with exactly the rules of `scoreStream` (same parsing, same error objects), using the
 * thread's scorer; and (`scorePosts`) scores batches of posts that the score command's main
 * thread has read and parsed, for `score --input ... --threads N`.
 */
import type { Assessment } from '../score/assessment.js';
import { threadScorer } from '../score/pool-worker.js';
import type { Post } from '../scorer.js';
import type { Line } from './lines.js';
import { parseLine, type StreamOptions } from './score-stream.js';

export interface LinesTask {
  lines: Line[];
  options: StreamOptions;
}

export interface LinesResult {
  /** The output lines of the batch, each ending with a newline. */
  out: string;
  scored: number;
  flagged: number;
  errors: number;
}

export function scoreLines({ lines, options }: LinesTask): LinesResult {
  const scorer = threadScorer();
  const result: LinesResult = { out: '', scored: 0, flagged: 0, errors: 0 };
  const parts: string[] = [];
  for (const line of lines) {
    if (line.overflow) {
      result.errors++;
      parts.push(JSON.stringify({ line: line.number, error: `line longer than ${options.maxLineLength} characters` }));
      continue;
    }
    if (options.input === 'text' && line.text.trim() === '') {
      result.errors++;
      parts.push(JSON.stringify({ line: line.number, error: 'empty line' }));
      continue;
    }
    const parsed = parseLine(line.text, line.number, options.input);
    if ('error' in parsed) {
      result.errors++;
      parts.push(JSON.stringify(parsed.error));
      continue;
    }
    try {
      const a = scorer.score(parsed.post);
      result.scored++;
      if (a.flagged) result.flagged++;
      parts.push(JSON.stringify(a));
    } catch (err) {
      result.errors++;
      parts.push(JSON.stringify({ line: line.number, ...(parsed.post.id !== undefined ? { id: String(parsed.post.id) } : {}), error: (err as Error).message }));
    }
  }
  result.out = parts.length ? parts.join('\n') + '\n' : '';
  return result;
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

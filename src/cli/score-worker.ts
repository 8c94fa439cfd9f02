/**
 * Worker side of `score --input ... --threads N`, run in the pool's threads with the thread's
 * scorer:
 * - `scoreLines`: NDJSON / text input with plain NDJSON output; a batch of raw lines becomes
 *   its output bytes and counts (see score-lines.ts), moved back to the main thread;
 * - `scorePosts`: any other input or output; a batch of posts that the main thread read is
 *   scored, the main thread does the rest.
 */
import { createRequire } from 'node:module';
import type { Assessment } from '../score/assessment.js';
import { threadScorer } from '../score/pool-worker.js';
import type { Post } from '../scorer.js';
import { renderLines, type LinesResult, type LinesTask } from './score-lines.js';

interface PiscinaStatics {
  move(value: object): unknown;
  readonly transferableSymbol: symbol;
  readonly valueSymbol: symbol;
}
const { Piscina } = createRequire(import.meta.url)('piscina') as { Piscina: PiscinaStatics };

/** `text` as UTF-8 in a buffer of its own (never a slice of Buffer's shared pool), so it can be transferred. */
function utf8Owned(text: string): Uint8Array {
  const out = Buffer.allocUnsafeSlow(Buffer.byteLength(text, 'utf8'));
  out.write(text, 0, 'utf8');
  return out;
}

/**
 * The pool task for a batch of lines: its output serialised and encoded here, in the worker,
 * and the buffer moved to the main thread (no copy, no encoding there: it only writes it).
 */
export function scoreLines(task: LinesTask): unknown {
  const scorer = threadScorer();
  const { text, counts } = renderLines(task, (post) => scorer.score(post));
  const out = utf8Owned(text);
  const result: LinesResult = { out, counts };
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

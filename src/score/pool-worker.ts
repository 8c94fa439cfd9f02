/**
 * The worker side of `createPool`: one scorer per thread, created when the thread loads this
 * module, from the pool's `scorerOptions`. Other worker modules run by the pool (such as the
 * score command's, cli/score-worker.js) share it through `threadScorer()`.
 */
import { createRequire } from 'node:module';
import { createScorer, type Post, type Scorer, type ScorerOptions } from '../scorer.js';
import type { Assessment } from './assessment.js';

const { workerData } = createRequire(import.meta.url)('piscina') as { workerData: { scorerOptions?: ScorerOptions } | undefined };

let scorer: Scorer | undefined;

/** This thread's scorer. */
export function threadScorer(): Scorer {
  scorer ??= createScorer(workerData?.scorerOptions ?? {});
  return scorer;
}

// Compile lexicons and model as the thread starts, not on its first post.
threadScorer();

export default function score(post: string | Post): Assessment {
  return threadScorer().score(post);
}

/** The assessment as its JSON line (without the newline), serialised in the worker. */
export function scoreJson(post: string | Post): string {
  return JSON.stringify(threadScorer().score(post));
}

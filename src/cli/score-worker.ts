/**
 * Worker side of `score --input ... --threads N`, run in the pool's threads with the thread's
 * scorer:
 * - `scoreLines`: NDJSON / text input with plain NDJSON output; a batch of raw lines becomes
 *   its output bytes and counts (see score-lines.ts), moved back to the main thread;
 * - `scorePosts`: any other input or output; a batch of posts that the main thread read is
 *   scored (score-posts.ts), the main thread does the rest.
 */
import { createRequire } from 'node:module';
import { threadScorer } from '../score/pool-worker.js';
import { renderLines, type LinesResult, type LinesTask } from './score-lines.js';
import { scorePostsWith, type PostResult, type PostsTask } from './score-posts.js';

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

/** A batch of posts already parsed by the main thread (any input format), scored with this thread's scorer. */
export function scorePosts(task: PostsTask): PostResult[] {
  return scorePostsWith(threadScorer(), task);
}

/**
 * All cores: a pool of worker threads, one scorer each.
 *
 * ```ts
 * import { createPool } from 'smuggling-risk';
 * const pool = createPool({ threads: 4 });
 * const a = await pool.score({ id: 'p1', text: '...' });
 * await pool.close();
 * ```
 * Nothing starts until `createPool` is called: importing the library creates no thread and
 * loads no pool code. Assessments are the same as `createScorer(scorerOptions).score(post)`.
 */
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import type { Assessment } from './assessment.js';
import { parseScorerOptions, type Post, type ScorerOptions } from '../scorer.js';

export interface PoolOptions {
  /** Worker threads (default: the machine's available parallelism). */
  threads?: number;
  /** Options of every thread's scorer (validated here, before any thread starts). */
  scorerOptions?: ScorerOptions;
}

export interface WorkerModule {
  /** File URL (or path) of an ES module the pool's threads can load. */
  filename: string;
  /** Exported function to call (default: the default export). */
  name?: string;
}

export interface ScoringPool {
  readonly threads: number;
  /**
   * Score one post in a worker thread. Rejects with the scorer's error for an invalid post. Each
   * thread holds up to two tasks, so if a thread dies (out of memory, say), the task it was
   * running and the one waiting behind it both reject; the pool starts a new thread.
   */
  score(post: string | Post): Promise<Assessment>;
  /** Score one post and return its assessment as a JSON string, serialised in the worker. */
  scoreJson(post: string | Post): Promise<string>;
  /**
   * Run a task with another worker module in the pool's threads; that module can use the
   * thread's scorer through `threadScorer()` of `score/pool-worker.js`.
   */
  run<R>(task: unknown, module: WorkerModule): Promise<R>;
  /** Finish the queued tasks, then stop the threads. */
  close(): Promise<void>;
}

interface PiscinaLike {
  run(task: unknown, options?: { filename?: string; name?: string }): Promise<unknown>;
  close(): Promise<void>;
}
type PiscinaClass = new (options: Record<string, unknown>) => PiscinaLike;

export const POOL_WORKER = new URL('./pool-worker.js', import.meta.url).href;

export function createPool(options: PoolOptions = {}): ScoringPool {
  const threads = options.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive whole number, got ${threads}`);
  const scorerOptions = parseScorerOptions(options.scorerOptions ?? {});
  // Loaded here, not at import: the library's import stays free of pool code.
  const Piscina = (createRequire(import.meta.url)('piscina') as { Piscina: PiscinaClass }).Piscina;
  const pool = new Piscina({
    filename: POOL_WORKER,
    minThreads: threads,
    maxThreads: threads,
    // A second task waits in each thread's own queue, so a thread that finishes one starts the
    // next at once instead of idling until the main thread gets round to handing it one. The
    // price: a thread that dies fails both (the score command runs a failed batch again).
    concurrentTasksPerWorker: 2,
    idleTimeout: 60_000,
    workerData: { scorerOptions },
  });
  let closed = false;
  const check = () => {
    if (closed) throw new Error('the pool is closed');
  };
  return {
    threads,
    async score(post) {
      check();
      return (await pool.run(post)) as Assessment;
    },
    async scoreJson(post) {
      check();
      return (await pool.run(post, { name: 'scoreJson' })) as string;
    },
    async run<R>(task: unknown, module: WorkerModule): Promise<R> {
      check();
      return (await pool.run(task, { filename: module.filename, ...(module.name ? { name: module.name } : {}) })) as R;
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.close();
    },
  };
}

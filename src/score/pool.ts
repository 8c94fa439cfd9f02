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
   * Score one post in a worker thread. Rejects with the scorer's error for an invalid post.
   * If a thread dies (out of memory, say), the pool starts a new one and runs the tasks it held
   * once more: the one it was running and the one waiting behind it (each thread holds two).
   * A task that kills its thread twice rejects with the thread's error.
   */
  score(post: string | Post): Promise<Assessment>;
  /** Score one post and return its assessment as a JSON string, serialised in the worker. */
  scoreJson(post: string | Post): Promise<string>;
  /**
   * Run a task with another worker module in the pool's threads; that module can use the
   * thread's scorer through `threadScorer()` of `score/pool-worker.js`. Like `score`, a task
   * held by a thread that dies runs once more, so it must be safe to repeat. A task that throws
   * is not repeated, unless it fails while another thread is being replaced (the pool cannot
   * tell which thread held it).
   */
  run<R>(task: unknown, module: WorkerModule): Promise<R>;
  /** Finish the queued tasks, then stop the threads. */
  close(): Promise<void>;
}

interface PiscinaLike {
  run(task: unknown, options?: { filename?: string; name?: string }): Promise<unknown>;
  close(): Promise<void>;
  on(event: 'workerDestroy' | 'error', listener: () => void): void;
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
    // price: a thread that dies fails both, so `attempt` runs them again.
    concurrentTasksPerWorker: 2,
    idleTimeout: 60_000,
    workerData: { scorerOptions },
  });
  // Threads removed so far. piscina removes a thread (and emits this) before it rejects the
  // tasks the thread held, so a task that fails while the count moved was held by a dead thread.
  let removed = 0;
  pool.on('workerDestroy', () => removed++);
  // A thread that dies holding no task is replaced all the same; without a listener the
  // event would be thrown in the main thread.
  pool.on('error', () => undefined);
  let closed = false;
  // Second runs go one at a time. Otherwise a task that ended its thread, run again, can share
  // a thread with the second run of a task that had only waited beside it, and end that one too.
  let secondRuns: Promise<unknown> = Promise.resolve();
  const attempt = async (task: unknown, options?: { filename?: string; name?: string }): Promise<unknown> => {
    if (closed) throw new Error('the pool is closed');
    const before = removed;
    try {
      return await pool.run(task, options);
    } catch (err) {
      if (closed || removed === before) throw err;
      const again = secondRuns.then(() => pool.run(task, options));
      secondRuns = again.catch(() => undefined);
      return await again;
    }
  };
  return {
    threads,
    async score(post) {
      return (await attempt(post)) as Assessment;
    },
    async scoreJson(post) {
      return (await attempt(post, { name: 'scoreJson' })) as string;
    },
    async run<R>(task: unknown, module: WorkerModule): Promise<R> {
      return (await attempt(task, { filename: module.filename, ...(module.name ? { name: module.name } : {}) })) as R;
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.close();
    },
  };
}

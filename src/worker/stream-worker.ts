/**
 * Many machines: a Redis Streams consumer group of scoring workers.
 *
 * ```
 *   producers --XADD--> [posts] --XREADGROUP (group "scorers")--> worker 1..N --MULTI{XADD, XACK}-->
 *                                                                   |          [scores]
 *                                                                   +--------> [posts:dead]
 * ```
 * Each worker reads batches of entries (`id`, `text`, optional `lang` and `meta` fields),
 * scores them and, in ONE transaction, adds the results (`id`, `entry`, `assessment`) to the
 * results stream and acknowledges the entries. A crash before EXEC leaves the entries pending:
 * another worker claims them (XAUTOCLAIM) once they have been idle for `claimIdleMs` and scores
 * them again. Delivery is at least once: a result may be written twice, never lost.
 *
 * Entries that cannot be scored (no usable `text`, an invalid `lang`, an error while scoring,
 * or delivered more than `maxDeliveries` times, as a post that crashes its worker would be)
 * go to the dead-letter stream with the reason, in the same transaction as their ack: never
 * dropped silently, never retried for ever.
 *
 * Redis going away is waited out: the client reconnects with backoff and commands resume;
 * nothing is acknowledged that has not been written.
 */
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { createScorer, type Post, type Scorer, type ScorerOptions } from '../scorer.js';
import type { Redactor } from '../analysis/redact.js';
import { languageCode } from '../semantic/language-code.js';

export interface WorkerConfig {
  /** Redis URL, e.g. `redis://127.0.0.1:6379` (or `rediss://` for TLS). */
  redis: string;
  stream: string;
  group: string;
  consumer: string;
  results: string;
  deadLetter: string;
  /** Pending entries idle this long (another consumer's, presumably dead) are claimed. */
  claimIdleMs: number;
  /** Entries read per XREADGROUP. */
  batch: number;
  /** An entry delivered more often than this goes to the dead letters without scoring. */
  maxDeliveries: number;
  /** How long one XREADGROUP waits for new entries. */
  blockMs: number;
  scorerOptions?: ScorerOptions;
  /**
   * Builds the scorer instead of `createScorer(scorerOptions)`: for a scorer wrapped with
   * extra checks or logging (the CLI's warns when its lexicons are not its model's).
   */
  createScorer?: () => Scorer;
  /**
   * Store results and dead letters redacted (`--redact`): the assessment's spans, entities and
   * metadata, and a dead letter's fields, with identifiers replaced by keyed tokens. The post
   * ids are kept.
   */
  redactor?: Redactor;
  /** Diagnostics (one line each); default: stderr. */
  log?: (line: string) => void;
}

export interface WorkerStats {
  scored: number;
  deadLettered: number;
  claimed: number;
  batches: number;
}

export const WORKER_DEFAULTS = {
  redis: 'redis://127.0.0.1:6379',
  stream: 'posts',
  group: 'scorers',
  results: 'scores',
  deadLetter: 'posts:dead',
  claimIdleMs: 30_000,
  batch: 100,
  maxDeliveries: 5,
  blockMs: 2_000,
} as const;

export const defaultConsumerName = () => `${hostname()}-${process.pid}`;

type Fields = string[];
type Entry = [id: string, fields: Fields | null];

interface Outcome {
  entry: string;
  /** XADD arguments after the key and `*`. */
  result?: string[];
  dead?: string[];
}

const SHUTDOWN_GRACE_MS = 4_000;

/** Field value by name (the first occurrence). */
function field(fields: Fields, name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

function deadLetter(entry: string, fields: Fields | null, reason: string, deliveries: number, redactor?: Redactor): string[] {
  const pairs: [string, string][] = [];
  if (fields) for (let i = 0; i + 1 < fields.length; i += 2) pairs.push([fields[i]!, fields[i + 1]!]);
  if (redactor) {
    for (const p of pairs) if (p[0] !== 'id') p[1] = redactor.redactText(p[1]).text;
    reason = redactor.redactText(reason).text;
  }
  const postId = fields ? field(fields, 'id') : undefined;
  return ['id', postId ?? entry, 'entry', entry, 'reason', reason, 'deliveries', String(deliveries), 'fields', JSON.stringify(pairs)];
}

/** The post of a stream entry, or why it cannot be scored. */
export function postOf(entry: string, fields: Fields | null): { post: Post } | { reason: string } {
  if (!fields) return { reason: 'the entry was deleted from the stream before it was scored' };
  const text = field(fields, 'text');
  if (text === undefined) return { reason: 'no text field' };
  if (text.trim() === '') return { reason: 'empty text' };
  const given = field(fields, 'lang');
  const lang = given ? languageCode(given) : undefined;
  if (given && !lang) return { reason: `lang: not a language code: ${JSON.stringify(given.slice(0, 20))}` };
  const post: Post = { id: field(fields, 'id') ?? entry, text };
  if (lang) post.lang = lang;
  const meta = field(fields, 'meta');
  if (meta !== undefined) {
    try {
      post.meta = JSON.parse(meta);
    } catch {
      post.meta = meta;
    }
  }
  return { post };
}

function score(scorer: Scorer, entry: string, fields: Fields | null, deliveries: number, redactor?: Redactor): Outcome {
  const p = postOf(entry, fields);
  if ('reason' in p) return { entry, dead: deadLetter(entry, fields, p.reason, deliveries, redactor) };
  try {
    let a = scorer.score(p.post);
    if (redactor) a = redactor.redactAssessment(p.post.text, a).assessment;
    return { entry, result: ['id', String(p.post.id), 'entry', entry, 'assessment', JSON.stringify(a)] };
  } catch (err) {
    return { entry, dead: deadLetter(entry, fields, `scoring failed: ${(err as Error).message}`, deliveries, redactor) };
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

const isNoGroup = (err: unknown) => err instanceof Error && /NOGROUP/.test(err.message);

/**
 * Run a worker until `signal` aborts: the batch in hand is finished and acknowledged, then the
 * connection is closed. Resolves with what was done.
 */
export async function runWorker(config: WorkerConfig, signal: AbortSignal): Promise<WorkerStats> {
  const log = config.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const scorer = config.createScorer ? config.createScorer() : createScorer(config.scorerOptions ?? {});
  const stats: WorkerStats = { scored: 0, deadLettered: 0, claimed: 0, batches: 0 };
  const redis = new Redis(config.redis, {
    // Commands wait for the connection instead of failing: a Redis restart is waited out.
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 6), 3_000) + Math.floor(Math.random() * 100),
    connectionName: `smuggling-risk:${config.consumer}`,
    // A blocked read's socket is destroyed this soon after a disconnect (default 2 s).
    disconnectTimeout: 200,
    lazyConnect: true,
  });
  let wasReady = false;
  redis.on('error', (err: Error) => {
    if (!signal.aborted) log(`redis: ${err.message}`);
  });
  redis.on('ready', () => {
    if (wasReady) log(`redis: reconnected to ${config.redis}`);
    wasReady = true;
  });
  redis.on('reconnecting', (ms: number) => {
    if (!signal.aborted) log(`redis: connection lost, reconnecting in ${ms} ms`);
  });

  // Stop: finish the batch in hand; a blocking read with nothing in hand is cut short, and a
  // batch that cannot be committed (Redis away) is left pending after a grace period. Closing
  // also ends every wait on a command (\`call\`): ioredis can leave a command that was in flight
  // when the connection dropped unsettled if it is disconnected before it is ready again
  // (redis/ioredis#2197), and a wait on nothing would end the process with exit code 13.
  let idle = false;
  let closeWaits: (err: Error) => void = () => undefined;
  const closed = new Promise<never>((_, reject) => (closeWaits = reject));
  closed.catch(() => undefined);
  const close = () => {
    redis.disconnect();
    closeWaits(new Error('connection closed at shutdown'));
  };
  const call = <T>(command: Promise<T>): Promise<T> => Promise.race([command, closed]);
  let grace: NodeJS.Timeout | undefined;
  const onAbort = () => {
    if (idle) close();
    else grace = setTimeout(close, SHUTDOWN_GRACE_MS);
  };
  signal.addEventListener('abort', onAbort, { once: true });

  const ensureGroup = async () => {
    try {
      await call(redis.xgroup('CREATE', config.stream, config.group, '0', 'MKSTREAM'));
      log(`created group ${config.group} on ${config.stream}`);
    } catch (err) {
      if (!(err instanceof Error && /BUSYGROUP/.test(err.message))) throw err;
    }
  };

  /** Results, dead letters and acks of outcomes: one transaction, retried until it lands. */
  const commit = async (outcomes: Outcome[]) => {
    if (outcomes.length === 0) return;
    for (let attempt = 0; ; attempt++) {
      try {
        const tx = redis.multi();
        for (const o of outcomes) {
          if (o.result) tx.xadd(config.results, '*', ...o.result);
          else if (o.dead) tx.xadd(config.deadLetter, '*', ...o.dead);
        }
        tx.xack(config.stream, config.group, ...outcomes.map((o) => o.entry));
        const replies = await call(tx.exec());
        const failed = replies?.find(([err]) => err);
        if (!replies) throw new Error('transaction discarded');
        if (failed) throw failed[0]!;
        for (const o of outcomes) {
          if (o.result) stats.scored++;
          else stats.deadLettered++;
        }
        return;
      } catch (err) {
        // Nothing is acknowledged unless its result was written (same transaction); after a
        // lost reply the retry may write a result twice, which consumers tolerate by `entry`.
        if (signal.aborted && attempt >= 2) {
          log(`commit abandoned at shutdown (${(err as Error).message}); the entries stay pending and will be claimed`);
          return;
        }
        log(`commit failed (${(err as Error).message}); retrying`);
        await sleep(Math.min(100 * 2 ** attempt, 2_000));
      }
    }
  };

  /** Delivery counts of entries, from the pending entries list. */
  const deliveries = async (ids: string[]): Promise<Map<string, number>> => {
    const counts = new Map<string, number>();
    if (ids.length === 0) return counts;
    const pipe = redis.pipeline();
    for (const id of ids) pipe.xpending(config.stream, config.group, id, id, 1);
    const replies = (await call(pipe.exec())) ?? [];
    replies.forEach(([err, reply], i) => {
      const row = !err && Array.isArray(reply) ? (reply[0] as [string, string, number, number] | undefined) : undefined;
      counts.set(ids[i]!, row ? Number(row[3]) : 1);
    });
    return counts;
  };

  /**
   * Entries delivered before (claimed, or this consumer's own after a restart): one at a time,
   * each committed on its own, so that a post that crashes the worker takes only itself to
   * the dead letters.
   */
  const careful = async (entries: Entry[]) => {
    const counts = await deliveries(entries.map(([id]) => id));
    for (const [id, fields] of entries) {
      const n = counts.get(id) ?? 1;
      const outcome =
        n > config.maxDeliveries
          ? { entry: id, dead: deadLetter(id, fields, `delivered ${n} times without being acknowledged (max ${config.maxDeliveries}): it may crash or stall its worker`, n, config.redactor) }
          : score(scorer, id, fields, n, config.redactor);
      await commit([outcome]);
    }
  };

  /** Claim other consumers' entries idle for claimIdleMs, one at a time (see `careful`). */
  const claimIdle = async () => {
    let cursor = '0-0';
    for (let n = 0; n < config.batch && !signal.aborted; n++) {
      const reply = (await call(redis.xautoclaim(config.stream, config.group, config.consumer, config.claimIdleMs, cursor, 'COUNT', 1))) as [string, Entry[], string[]?];
      cursor = reply[0];
      const entries = reply[1] ?? [];
      for (const id of reply[2] ?? []) log(`pending entry ${id} was deleted from ${config.stream}; dropped from the pending list by Redis`);
      if (entries.length) {
        stats.claimed += entries.length;
        await careful(entries);
      }
      if (cursor === '0-0') break;
    }
  };

  /** This consumer's own pending entries (a restart under the same name). */
  const ownPending = async () => {
    for (;;) {
      const reply = (await call(redis.xreadgroup('GROUP', config.group, config.consumer, 'COUNT', 1, 'STREAMS', config.stream, '0'))) as [string, Entry[]][] | null;
      const entries = reply?.[0]?.[1] ?? [];
      if (entries.length === 0 || signal.aborted) return;
      await careful(entries);
    }
  };

  try {
    await call(redis.connect()).catch((err: Error) => log(`redis: ${err.message}; retrying`));
    await ensureGroup();
    log(`worker ${config.consumer}: reading ${config.stream} as group ${config.group}`);
    await ownPending();
    let lastClaim = 0;
    while (!signal.aborted) {
      try {
        if (Date.now() - lastClaim >= Math.min(config.claimIdleMs, 5_000)) {
          lastClaim = Date.now();
          await claimIdle();
          if (signal.aborted) break;
        }
        idle = true;
        let reply: [string, Entry[]][] | null;
        try {
          reply = (await call(redis.xreadgroup(
            'GROUP',
            config.group,
            config.consumer,
            'COUNT',
            config.batch,
            'BLOCK',
            Math.min(config.blockMs, Math.max(config.claimIdleMs, 10)),
            'STREAMS',
            config.stream,
            '>',
          ))) as [string, Entry[]][] | null;
        } finally {
          idle = false;
        }
        const entries = reply?.[0]?.[1] ?? [];
        if (entries.length === 0) continue;
        stats.batches++;
        // New entries (first delivery): score the batch, then one transaction for all of it.
        const outcomes = entries.map(([id, fields]) => score(scorer, id, fields, 1, config.redactor));
        await commit(outcomes);
      } catch (err) {
        if (signal.aborted) break;
        if (isNoGroup(err)) {
          // Redis came back without the stream or group (no persistence): start them again.
          log(`group ${config.group} is gone (${(err as Error).message}); creating it again`);
          await ensureGroup().catch((e: Error) => log(`cannot create the group: ${e.message}`));
          continue;
        }
        log(`worker loop: ${(err as Error).message}; retrying`);
        await sleep(500, signal);
      }
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    clearTimeout(grace);
    if (redis.status === 'ready') {
      const giveUp = new AbortController();
      await Promise.race([redis.quit().catch(() => undefined), sleep(1_000, giveUp.signal)]);
      giveUp.abort();
    }
    redis.disconnect();
  }
  log(`worker ${config.consumer}: stopped; scored ${stats.scored}, dead letters ${stats.deadLettered}, claimed ${stats.claimed}`);
  return stats;
}

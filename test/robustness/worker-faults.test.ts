/**
 * The Redis Streams worker under faults, against a real redis-server on a free loopback port:
 * Redis frozen (SIGSTOP/SIGCONT, a network pause as the worker sees it) and killed and
 * restarted mid-run; a poison post that throws while scoring and one that kills its worker
 * process. Nothing is lost, nothing stays pending, the poison is dead-lettered (the crashing
 * one after `maxDeliveries` deliveries). A few hundred posts, to stay quick.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/paths.js';
import { freePort, HAVE_REDIS, sleep, startRedis as startRedisServer, stopProcess } from '../helpers/redis.js';

if (!HAVE_REDIS) console.warn('test/robustness/worker-faults.test.ts: redis-server not found on PATH; skipped');

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

// Persistence on (AOF, fsync always), so a restart keeps the streams, the group and its pending list.
const startRedis = (port: number, dir: string) => startRedisServer(port, children, ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir]);
const kill = stopProcess;

async function waitFor(what: string, cond: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const fieldsOf = (f: string[]) => Object.fromEntries(Array.from({ length: f.length / 2 }, (_, i) => [f[2 * i]!, f[2 * i + 1]!]));

async function state(r: Redis): Promise<{ results: Set<string>; resultCount: number; dead: Record<string, string>[]; pending: number }> {
  const results = (await r.xrange('scores', '-', '+')).map(([, f]) => fieldsOf(f).id!);
  const dead = (await r.xrange('posts:dead', '-', '+')).map(([, f]) => fieldsOf(f));
  const p = (await r.xpending('posts', 'scorers')) as [number, ...unknown[]];
  return { results: new Set(results), resultCount: results.length, dead, pending: Number(p[0]) };
}

async function addPosts(r: Redis, from: number, to: number, text = (i: number) => `Boat from Zuwara to Lampedusa, post ${i}, WhatsApp +218 91 726 ${7000 + i}`): Promise<void> {
  const pipe = r.pipeline();
  for (let i = from; i < to; i++) pipe.xadd('posts', '*', 'id', `p${i}`, 'text', text(i));
  await pipe.exec();
}

describe.skipIf(!HAVE_REDIS)('worker faults', () => {
  it('Redis frozen (SIGSTOP) and then killed and restarted mid-run: every post scored, nothing pending, no dead letters', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-redis-'));
    const port = await freePort();
    let redis = await startRedis(port, dir);
    const url = `redis://127.0.0.1:${port}`;
    const client = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: null, retryStrategy: () => 100 });
    client.on('error', () => undefined);
    await client.xgroup('CREATE', 'posts', 'scorers', '0', 'MKSTREAM');

    const worker = spawn(process.execPath, [BIN, 'worker', '--redis', url, '--consumer', 'w1', '--block-ms', '200', '--batch', '20', '--claim-idle-ms', '1000'], { stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(worker);
    let log = '';
    worker.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    const exit = new Promise<number | null>((r) => worker.once('exit', (code) => r(code)));
    try {
      await addPosts(client, 0, 100);
      await waitFor('the first 100 results', async () => (await state(client)).results.size === 100, 30_000);

      // A pause: the worker's blocking read and its next commands get no answer for 2 s.
      await addPosts(client, 100, 150);
      redis.kill('SIGSTOP');
      await sleep(2_000);
      redis.kill('SIGCONT');
      await addPosts(client, 150, 200);
      await waitFor('200 results after the pause', async () => (await state(client)).results.size === 200, 30_000);

      // A crash of Redis with a batch probably in hand, then a restart on the same data.
      await addPosts(client, 200, 300);
      await sleep(30);
      await kill(redis, 'SIGKILL');
      await sleep(500);
      redis = await startRedis(port, dir);
      await waitFor('300 results after the restart', async () => (await state(client)).results.size === 300 && (await state(client)).pending === 0, 60_000);

      const s = await state(client);
      expect([...s.results].sort()).toEqual(Array.from({ length: 300 }, (_, i) => `p${i}`).sort());
      expect(s.dead).toEqual([]);
      expect(s.pending).toBe(0);
      expect(s.resultCount).toBeGreaterThanOrEqual(300); // at least once: a retried commit may write a result twice
      expect(log).toMatch(/reconnect/);

      // Not stuck: it still takes new work, and stops cleanly.
      await addPosts(client, 300, 310);
      await waitFor('310 results', async () => (await state(client)).results.size === 310, 30_000);
      worker.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      worker.kill('SIGKILL');
      client.disconnect();
      await kill(redis);
    }
  }, 120_000);

  it('poison posts: one that throws is dead-lettered at once; one that kills its worker is dead-lettered after maxDeliveries; the rest all scored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-redis-'));
    const port = await freePort();
    const redis = await startRedis(port, dir);
    const url = `redis://127.0.0.1:${port}`;
    const client = new Redis(port, '127.0.0.1');
    client.on('error', () => undefined);
    const MAX_DELIVERIES = 2;

    // A worker built on the library with a scorer factory (WorkerConfig.createScorer) whose
    // scorer throws on one text and kills the whole process on another, as a crash would.
    const script = join(dir, 'poison-worker.mjs');
    const dist = (p: string) => JSON.stringify(pathToFileURL(`${ROOT}dist/${p}`).href);
    writeFileSync(
      script,
      `import { runWorker, WORKER_DEFAULTS } from ${dist('worker/stream-worker.js')};
import { createScorer } from ${dist('index.js')};
const controller = new AbortController();
process.once('SIGTERM', () => controller.abort());
await runWorker({
  ...WORKER_DEFAULTS, redis: ${JSON.stringify(url)}, consumer: 'poisoned', maxDeliveries: ${MAX_DELIVERIES}, batch: 25, blockMs: 200, claimIdleMs: 1000,
  createScorer: () => {
    const s = createScorer();
    return { ...s, score(p) {
      const t = typeof p === 'string' ? p : p.text;
      if (t.includes('POISON-CRASH')) process.kill(process.pid, 'SIGKILL');
      if (t.includes('POISON-THROW')) throw new Error('the scorer blew up');
      return s.score(p);
    } };
  },
}, controller.signal);
`,
    );

    await client.xgroup('CREATE', 'posts', 'scorers', '0', 'MKSTREAM');
    await addPosts(client, 0, 100);
    await client.xadd('posts', '*', 'id', 'crash', 'text', 'POISON-CRASH boat to Italy');
    await addPosts(client, 100, 150);
    await client.xadd('posts', '*', 'id', 'throw', 'text', 'POISON-THROW boat to Italy');
    await addPosts(client, 150, 200);

    // A supervisor: restart the worker whenever it dies, as systemd or Kubernetes would.
    let starts = 0;
    let current: ChildProcess | undefined;
    let stopping = false;
    const launch = () => {
      starts++;
      const w = spawn(process.execPath, [script], { stdio: ['ignore', 'ignore', 'ignore'] });
      children.push(w);
      current = w;
      w.once('exit', () => {
        if (!stopping && starts < 10) launch();
      });
    };
    try {
      launch();
      await waitFor('every post answered', async () => {
        const s = await state(client);
        return s.results.size === 200 && s.dead.length === 2 && s.pending === 0;
      }, 90_000);
      const s = await state(client);
      expect([...s.results].sort()).toEqual(Array.from({ length: 200 }, (_, i) => `p${i}`).sort());
      const dead = Object.fromEntries(s.dead.map((d) => [d.id, d]));
      expect(Object.keys(dead).sort()).toEqual(['crash', 'throw']);
      expect(dead.throw!.reason).toBe('scoring failed: the scorer blew up');
      expect(dead.crash!.reason).toMatch(new RegExp(`^delivered ${MAX_DELIVERIES + 1} times without being acknowledged \\(max ${MAX_DELIVERIES}\\)`));
      expect(Number(dead.crash!.deliveries)).toBe(MAX_DELIVERIES + 1);
      expect(JSON.parse(dead.crash!.fields!)).toEqual([['id', 'crash'], ['text', 'POISON-CRASH boat to Italy']]);
      expect(s.pending).toBe(0);
      // One start, plus one restart per crash: the poison crashed it MAX_DELIVERIES times, no more.
      expect(starts).toBe(MAX_DELIVERIES + 1);
    } finally {
      stopping = true;
      if (current) await kill(current, 'SIGTERM');
      client.disconnect();
      await kill(redis);
    }
  }, 120_000);
});

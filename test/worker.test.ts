/**
 * The Redis Streams worker against a real redis-server (started here on a free loopback port,
 * killed at the end), with workers as child processes of the built CLI (dist/cli/bin.js).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from './helpers/paths.js';
import { freePort, HAVE_REDIS, sleep, startRedis as startRedisServer, stopProcess } from './helpers/redis.js';

if (!HAVE_REDIS) console.warn('test/worker.test.ts: redis-server not found on PATH; the Redis Streams worker tests are skipped');

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

const startRedis = (port: number, extra: string[] = []) => startRedisServer(port, children, extra);
const stop = stopProcess;

interface Worker {
  proc: ChildProcess;
  log: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

function startWorker(url: string, consumer: string, extra: string[] = []): Worker {
  const proc = spawn(process.execPath, [BIN, 'worker', '--redis', url, '--consumer', consumer, '--block-ms', '500', ...extra], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(proc);
  let log = '';
  proc.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return { proc, log: () => log, exit };
}

async function waitFor(what: string, cond: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** SIGTERM makes the worker exit 0 within `withinMs`. */
async function expectStopsOnSigterm(w: Worker, withinMs: number): Promise<void> {
  const sent = Date.now();
  w.proc.kill('SIGTERM');
  const { code, at } = await w.exit;
  expect(code).toBe(0);
  expect(at - sent).toBeLessThan(withinMs);
}

function client(port: number): Redis {
  const r = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(50 * n, 500) });
  r.on('error', () => undefined);
  return r;
}

/** Field value of a stream entry. */
const fieldOf = (fields: string[], name: string) => {
  for (let i = 0; i < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
};

async function readAll(r: Redis, key: string): Promise<[string, string[]][]> {
  const out: [string, string[]][] = [];
  let start = '-';
  for (;;) {
    const page = (await r.xrange(key, start, '+', 'COUNT', 2000)) as [string, string[]][];
    out.push(...page);
    if (page.length < 2000) return out;
    start = `(${page[page.length - 1]![0]}`;
  }
}

async function pendingCount(r: Redis, stream = 'posts', group = 'scorers'): Promise<number> {
  try {
    const summary = (await r.xpending(stream, group)) as [number, ...unknown[]];
    return Number(summary[0]);
  } catch {
    return -1;
  }
}

function postText(i: number): string {
  const texts = [
    `Boat trip from Zuwara to Lampedusa, ${1000 + i} euro, WhatsApp +218 91 726 70${i % 10}2`,
    `Weather today in city ${i}, sunny`,
    `رحلات من زوارة لإيطاليا كل جمعة 🚤 ${i} دينار`,
    `Переправа в Польшу через Беларусь, ${i}$ с человека`,
  ];
  return texts[i % texts.length]!;
}

describe.skipIf(!HAVE_REDIS)('Redis Streams worker', () => {
  it('scores 5,000 posts with a worker killed mid-run: every good post a result, every bad one a dead letter, nothing pending', async () => {
    const port = await freePort();
    const server = await startRedis(port);
    const url = `redis://127.0.0.1:${port}`;
    const r = client(port);
    try {
      await r.xgroup('CREATE', 'posts', 'scorers', '0', 'MKSTREAM');
      const good = new Set<string>();
      const bad = new Set<string>();
      // A consumer that takes entries and dies without acknowledging them, one of them a
      // poison message delivered too often already (as if it had crashed its workers).
      for (let i = 0; i < 30; i++) {
        await r.xadd('posts', '*', 'id', `ghost${i}`, 'text', postText(i));
        if (i !== 7) good.add(`ghost${i}`);
      }
      bad.add('ghost7');
      const ghost = (await r.xreadgroup('GROUP', 'scorers', 'ghost', 'COUNT', 30, 'STREAMS', 'posts', '>')) as [string, [string, string[]][]][];
      const poison = ghost[0]![1][7]![0];
      await r.xclaim('posts', 'scorers', 'ghost', 0, poison, 'RETRYCOUNT', 9);

      const a = startWorker(url, 'a', ['--batch', '25']);
      const b = startWorker(url, 'b', ['--batch', '25']);
      let produced = 0;
      const produce = async (n: number) => {
        const pipe = r.pipeline();
        for (let k = 0; k < n; k++, produced++) {
          const i = produced;
          if (i % 53 === 0) {
            pipe.xadd('posts', '*', 'id', `bad${i}`, 'lang', 'en');
            bad.add(`bad${i}`);
          } else if (i % 59 === 0) {
            pipe.xadd('posts', '*', 'id', `bad${i}`, 'text', '   ');
            bad.add(`bad${i}`);
          } else if (i % 61 === 0) {
            pipe.xadd('posts', '*', 'id', `bad${i}`, 'text', 'hello', 'lang', 'English');
            bad.add(`bad${i}`);
          } else {
            const fields = ['id', `p${i}`, 'text', postText(i)];
            if (i % 7 === 0) fields.push('lang', 'en', 'meta', JSON.stringify({ n: i }));
            pipe.xadd('posts', '*', ...fields);
            good.add(`p${i}`);
          }
        }
        await pipe.exec();
      };
      await produce(1000);
      const resultsOf = async () => (await r.xlen('scores')) + (await r.xlen('posts:dead'));
      await waitFor('the first results', async () => (await resultsOf()) >= 200, 60_000);
      // Kill one worker mid-run, while posts keep arriving.
      await stop(a.proc, 'SIGKILL');
      while (produced < 5000) {
        await produce(500);
        await sleep(20);
      }
      // A third worker that takes over entries idle for 1 s (the killed worker's, the ghost's).
      const c = startWorker(url, 'c', ['--batch', '25', '--claim-idle-ms', '1000']);
      const answered = async () => {
        if ((await pendingCount(r)) !== 0) return false;
        const scored = new Set((await readAll(r, 'scores')).map(([, f]) => fieldOf(f, 'id')!));
        const deadIds = new Set((await readAll(r, 'posts:dead')).map(([, f]) => fieldOf(f, 'id')!));
        return [...good].every((id) => scored.has(id)) && [...bad].every((id) => deadIds.has(id));
      };
      await waitFor('every entry answered and nothing pending', answered, 90_000);

      const results = await readAll(r, 'scores');
      const dead = await readAll(r, 'posts:dead');
      const scoredIds = new Set(results.map(([, f]) => fieldOf(f, 'id')!));
      const deadIds = new Set(dead.map(([, f]) => fieldOf(f, 'id')!));
      const missing = [...good].filter((id) => !scoredIds.has(id));
      expect(missing).toEqual([]);
      expect([...bad].filter((id) => !deadIds.has(id))).toEqual([]);
      expect([...deadIds].filter((id) => !bad.has(id))).toEqual([]);
      expect([...scoredIds].filter((id) => bad.has(id))).toEqual([]);
      expect(await pendingCount(r)).toBe(0);
      // Results carry the assessment; dead letters the reason and the original fields.
      const one = results.find(([, f]) => fieldOf(f, 'id') === 'p1')!;
      expect(JSON.parse(fieldOf(one[1], 'assessment')!).id).toBe('p1');
      const poisonLetter = dead.find(([, f]) => fieldOf(f, 'entry') === poison)!;
      expect(fieldOf(poisonLetter[1], 'reason')).toMatch(/delivered \d+ times/);
      expect(JSON.parse(fieldOf(dead.find(([, f]) => fieldOf(f, 'id') === 'bad53')![1], 'fields')!)).toEqual([
        ['id', 'bad53'],
        ['lang', 'en'],
      ]);
      expect(c.log()).toMatch(/worker c: reading/);

      await Promise.all([stop(b.proc, 'SIGTERM'), stop(c.proc, 'SIGTERM')]);
      expect((await b.exit).code).toBe(0);
      expect((await c.exit).code).toBe(0);
      // The third worker took over entries of consumers that died (the ghost's at least).
      const claimed = Number(/claimed (\d+)/.exec(c.log())?.[1] ?? 0);
      expect(claimed).toBeGreaterThanOrEqual(29);
    } finally {
      r.disconnect();
      await stop(server);
    }
  }, 150_000);

  it('exits 0 within a few seconds of SIGTERM', async () => {
    const port = await freePort();
    const server = await startRedis(port);
    try {
      const w = startWorker(`redis://127.0.0.1:${port}`, 'term');
      await waitFor('the worker to start reading', () => /reading posts/.test(w.log()), 60_000);
      await sleep(300);
      await expectStopsOnSigterm(w, 3_000);
    } finally {
      await stop(server);
    }
  }, 90_000);

  it('exits 0 within a few seconds of SIGTERM while Redis is down, its blocked read lost with the connection', async () => {
    const port = await freePort();
    const server = await startRedis(port);
    const w = startWorker(`redis://127.0.0.1:${port}`, 'term-down');
    await waitFor('the worker to start reading', () => /reading posts/.test(w.log()), 60_000);
    await sleep(300);
    await stop(server, 'SIGKILL');
    await waitFor('the worker to notice', () => /reconnecting/.test(w.log()), 10_000);
    await sleep(500);
    await expectStopsOnSigterm(w, 6_000);
  }, 90_000);

  it('loses nothing when Redis is killed and restarted mid-run', async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'sr-redis-'));
    const persistent = ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir];
    let server = await startRedis(port, persistent);
    const url = `redis://127.0.0.1:${port}`;
    const r = client(port);
    const workers: Worker[] = [];
    try {
      await r.xgroup('CREATE', 'posts', 'scorers', '0', 'MKSTREAM');
      workers.push(startWorker(url, 'r1', ['--batch', '20', '--claim-idle-ms', '2000']));
      workers.push(startWorker(url, 'r2', ['--batch', '20', '--claim-idle-ms', '2000']));
      const ids = new Set<string>();
      let n = 0;
      const produce = async (count: number) => {
        for (let k = 0; k < count; k++, n++) {
          await r.xadd('posts', '*', 'id', `q${n}`, 'text', postText(n));
          ids.add(`q${n}`);
        }
      };
      await produce(600);
      await waitFor('the first results', async () => (await r.xlen('scores')) >= 100, 60_000);
      await stop(server, 'SIGKILL');
      await sleep(700);
      server = await startRedis(port, persistent);
      await produce(600);
      await waitFor(
        'every post scored and nothing pending',
        async () => {
          if ((await pendingCount(r)) !== 0) return false;
          const scored = new Set((await readAll(r, 'scores')).map(([, f]) => fieldOf(f, 'id')!));
          return [...ids].every((id) => scored.has(id));
        },
        90_000,
      );
      expect(await pendingCount(r)).toBe(0);
      for (const w of workers) expect(w.log()).toMatch(/reconnect/);
      for (const w of workers) await stop(w.proc, 'SIGTERM');
      for (const w of workers) expect((await w.exit).code).toBe(0);
    } finally {
      r.disconnect();
      await stop(server);
    }
  }, 150_000);
});

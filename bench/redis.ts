/**
 * `npm run bench:redis`: throughput of the Redis Streams worker (dist/cli/bin.js worker) with 1,
 * 2 and 4 worker processes against one local redis-server (started here on a free loopback
 * port, no persistence), as posts/s and as ratios to 1 worker. Workers are started and ready
 * before the posts are added, so scorer start-up is not counted. Writes the table into
 * bench/RESULTS.md under `## Redis Streams` (only that section is replaced).
 *
 * Options: --posts N (default 10000), --batch N (default 100), --runs N (default 2), --warmup N
 * (posts per worker scored before timing, default 3000), --no-write,
 * --model-dir DIR (model.json and features.json instead of the embedded model/; the workers then
 * run runWorker of dist/worker/stream-worker.js directly, since the CLI takes no features file).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { flagArg, numberArg, stringArg } from './args.js';
import { writeResultsSection } from './results-file.js';
import { median } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = `${ROOT}dist/cli/bin.js`;
const POSTS = numberArg('posts', 10000);
const BATCH = numberArg('batch', 100);
const RUNS = numberArg('runs', 2);
const WARMUP = numberArg('warmup', 3000);
const WRITE = !flagArg('no-write');
const MODEL_DIR = stringArg('model-dir');
const log = (s: string) => process.stderr.write(s + '\n');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (spawnSync('redis-server', ['--version']).status !== 0) {
  console.error('redis-server not found on PATH (apt-get install redis-server)');
  process.exit(1);
}
if (!existsSync(BIN)) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(1);
}

// Posts: short texts of every language in the corpora.
const texts: string[] = [];
for (const dir of [`${ROOT}corpora`, `${ROOT}test/probes`]) {
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(`${dir}/${f}`, 'utf8').split('\n')) {
      try {
        const t = (JSON.parse(line) as { text?: unknown }).text;
        if (typeof t === 'string' && t.length <= 300) texts.push(t);
      } catch {
        /* partial line */
      }
    }
  }
}

const port = await new Promise<number>((resolve) => {
  const srv = createServer().listen(0, '127.0.0.1', () => {
    const p = (srv.address() as { port: number }).port;
    srv.close(() => resolve(p));
  });
});
const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
const url = `redis://127.0.0.1:${port}`;
const r = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: null });
r.on('error', () => undefined);
for (let i = 0; i < 100 && r.status !== 'ready'; i++) await sleep(50);

/** The worker command's code path with a model directory (what `worker` runs, plus features). */
function workerScript(redisUrl: string, consumer: string): string {
  const config = {
    redis: redisUrl,
    stream: 'posts',
    group: 'scorers',
    consumer,
    results: 'scores',
    deadLetter: 'posts:dead',
    claimIdleMs: 30_000,
    batch: BATCH,
    maxDeliveries: 5,
    blockMs: 200,
    scorerOptions: { modelPath: `${MODEL_DIR}/model.json`, featuresPath: `${MODEL_DIR}/features.json` },
  };
  return `
    const { runWorker } = await import(${JSON.stringify(pathToFileURL(`${ROOT}dist/worker/stream-worker.js`).href)});
    const c = new AbortController();
    process.once('SIGTERM', () => c.abort());
    await runWorker(${JSON.stringify(config)}, c.signal);
  `;
}

async function run(workers: number): Promise<number> {
  await r.flushall();
  await r.xgroup('CREATE', 'posts', 'scorers', '0', 'MKSTREAM');
  const procs: { proc: ChildProcess; ready: Promise<void> }[] = [];
  for (let w = 0; w < workers; w++) {
    const argv = MODEL_DIR
      ? ['--input-type=module', '-e', workerScript(url, `bench-${w}`)]
      : [BIN, 'worker', '--redis', url, '--consumer', `bench-${w}`, '--batch', String(BATCH), '--block-ms', '200'];
    const proc = spawn(process.execPath, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    const ready = new Promise<void>((resolve) => {
      let text = '';
      proc.stderr!.on('data', (c: Buffer) => {
        text += c.toString();
        if (/reading posts/.test(text)) resolve();
      });
    });
    procs.push({ proc, ready });
  }
  await Promise.all(procs.map((p) => p.ready));
  const add = async (from: number, count: number) => {
    for (let i = from; i < from + count; i += 1000) {
      const pipe = r.pipeline();
      for (let k = i; k < Math.min(from + count, i + 1000); k++) pipe.xadd('posts', '*', 'id', `b${k}`, 'text', texts[k % texts.length]!);
      await pipe.exec();
    }
  };
  const answered = async () => (await r.xlen('scores')) + (await r.xlen('posts:dead'));
  // Warm-up (not timed): every worker's JIT and caches, as in a long-running deployment.
  const warm = WARMUP * workers;
  await add(0, warm);
  while ((await answered()) < warm) await sleep(20);
  const start = performance.now();
  await add(warm, POSTS);
  while ((await answered()) < warm + POSTS) await sleep(20);
  const seconds = (performance.now() - start) / 1000;
  await Promise.all(
    procs.map(
      ({ proc }) =>
        new Promise((resolve) => {
          proc.once('exit', resolve);
          proc.kill('SIGTERM');
        }),
    ),
  );
  return POSTS / seconds;
}

const rates: Record<number, number[]> = { 1: [], 2: [], 4: [] };
try {
  for (let k = 0; k < RUNS; k++) {
    for (const n of [1, 2, 4]) {
      log(`run ${k + 1}/${RUNS}: ${n} worker(s), ${POSTS} posts...`);
      rates[n]!.push(await run(n));
    }
  }
} finally {
  r.disconnect();
  server.kill('SIGKILL');
}

const one = median(rates[1]!);
const lines = [
  '## Redis Streams',
  '',
  `Command: \`npm run bench:redis\` (bench/redis.ts: dist/cli/bin.js worker processes against one local redis-server, no persistence). Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
  ...(MODEL_DIR ? [`Model: ${MODEL_DIR} (--model-dir) instead of the embedded model/; workers run runWorker (the worker command's code) directly.`] : []),
  `Machine: ${availableParallelism()} cores (nproc), ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; load average at the end ${loadavg().map((x) => x.toFixed(2)).join(' ')}. ${POSTS} short posts (${texts.length} distinct texts, all languages), added after the workers were ready and had scored ${WARMUP} warm-up posts each; time until every post has a result; batch ${BATCH}; median of ${RUNS} runs.`,
  '',
  '| workers | posts/s | vs 1 worker |',
  '| ---: | ---: | ---: |',
  ...[1, 2, 4].map((n) => `| ${n} | ${Math.round(median(rates[n]!)).toLocaleString('en-US')} | ${(median(rates[n]!) / one).toFixed(2)}x |`),
  '',
  `Every worker is one process scoring on one core; redis-server and the producer share the same ${availableParallelism()} cores, so beyond ${availableParallelism()} workers the ratio shows contention, not the design's limit. On N machines the workers do not share CPUs and throughput adds up until the single Redis (one stream lives on one shard) becomes the limit.`,
  '',
];
const section = lines.join('\n');
process.stdout.write('\n' + section);
if (WRITE) {
  const file = `${ROOT}bench/RESULTS.md`;
  writeResultsSection(file, 'Redis Streams', section);
  log(`written to ${file}`);
}

/**
 * `tsx bench/threads.ts`: the "1 vs 2 threads" measure of bench/speed.ts alone, for working on
 * the pool: the same 8,000 short NDJSON lines through `scoreStreamParallel` with a 1-thread and
 * a 2-thread pool (and in-process `scoreStream`), interleaved rounds, medians; also how busy the
 * main thread was (event-loop utilisation) and the load average before and after.
 *
 * Options: --rounds N (default 7), --lines N (default 8000), --batch N, --in-flight N, --compare DIR[,DIR]
 * (other builds' dist/ directories, measured interleaved with this one: before/after a change),
 * --model-dir DIR (model.json and features.json instead of the embedded model/), --dist DIR (the
 * build to measure instead of dist/), --json (print the medians as one JSON object on stdout: how
 * bench/speed.ts runs this measure, in a fresh process of its own).
 */
import { loadavg } from 'node:os';
import { PassThrough, Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { flagArg, numberArg, stringArg } from './args.js';
import { ndjsonLines, readJsonl, shortPosts, textsByLanguage } from './posts.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const distArg = stringArg('dist');
const DIST = distArg ? (distArg.endsWith('/') ? distArg : distArg + '/') : `${ROOT}dist/`;
const ROUNDS = numberArg('rounds', 7);
const LINES = numberArg('lines', 8000);
const batchArg = numberArg('batch', 0);
const inFlightArg = numberArg('in-flight', 0);
const log = (s: string) => process.stderr.write(s + '\n');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

// The short posts of bench/speed.ts.
const short = shortPosts(textsByLanguage([...readJsonl(`${ROOT}corpora`), ...readJsonl(`${ROOT}test/probes`)]));
const ndjson = ndjsonLines(short, LINES).join('\n') + '\n';

const compareDir = stringArg('compare');
const modelDir = stringArg('model-dir');
const MODEL = modelDir ? { modelPath: `${modelDir}/model.json`, featuresPath: `${modelDir}/features.json` } : {};
interface Variant {
  name: string;
  createPool: typeof import('../src/index.js').createPool;
  scoreStreamParallel: typeof import('../src/cli/parallel-stream.js').scoreStreamParallel;
}
const load = async (name: string, dir: string): Promise<Variant> => ({
  name,
  createPool: ((await import(pathToFileURL(`${dir}index.js`).href)) as typeof import('../src/index.js')).createPool,
  scoreStreamParallel: ((await import(pathToFileURL(`${dir}cli/parallel-stream.js`).href)) as typeof import('../src/cli/parallel-stream.js')).scoreStreamParallel,
});
const variants = [await load('', DIST)];
for (const dir of compareDir ? compareDir.split(',') : []) variants.push(await load(`${dir.replace(/\/$/, '').split('/').pop()}:`, dir.endsWith('/') ? dir : dir + '/'));
const lib = (await import(pathToFileURL(`${DIST}index.js`).href)) as typeof import('../src/index.js');
const { scoreStream } = (await import(pathToFileURL(`${DIST}cli/score-stream.js`).href)) as typeof import('../src/cli/score-stream.js');
const scorer = lib.createScorer(MODEL);
const sink = () => {
  const s = new PassThrough();
  s.resume();
  return s;
};
const collect = () => {
  const s = new PassThrough();
  const parts: Buffer[] = [];
  s.on('data', (c: Buffer) => parts.push(c));
  return { s, text: () => Buffer.concat(parts).toString('utf8') };
};
const opts = { input: 'ndjson' as const, maxLineLength: 10_000_000, ...(batchArg ? { batch: batchArg } : {}), ...(inFlightArg ? { inFlight: inFlightArg } : {}) };
log(`load average before: ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${LINES} lines, ${ROUNDS} rounds`);
type Run = { key: string; go: (out: PassThrough) => Promise<unknown> };
const runs: Run[] = [{ key: 'in', go: (out) => scoreStream(scorer, Readable.from([ndjson]), out, opts) }];
const pools: { close(): Promise<void> }[] = [];
for (const v of variants) {
  for (const threads of [1, 2]) {
    const pool = v.createPool({ threads, scorerOptions: MODEL });
    pools.push(pool);
    runs.push({ key: `${v.name}t${threads}`, go: (out) => v.scoreStreamParallel(pool, Readable.from([ndjson]), out, opts) });
  }
}
for (const r of runs) await r.go(sink());
await runs[0]!.go(sink());

// Same bytes from every run.
const outs: string[] = [];
for (const r of runs) {
  const c = collect();
  await r.go(c.s);
  c.s.end();
  outs.push(c.text());
}
log(`output identical to in-process: ${runs.map((r, i) => `${r.key} ${outs[i] === outs[0]}`).join(', ')}`);

const rates: Record<string, number[]> = {};
const elu: Record<string, number[]> = {};
const cores: Record<string, number[]> = {};
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 ? [...runs].reverse() : runs;
  for (const { key, go } of order) {
    const e0 = performance.eventLoopUtilization();
    const c0 = process.cpuUsage();
    const start = performance.now();
    await go(sink());
    const wall = performance.now() - start;
    const c = process.cpuUsage(c0);
    (rates[key] ??= []).push((LINES / wall) * 1000);
    (elu[key] ??= []).push(performance.eventLoopUtilization(e0).utilization);
    (cores[key] ??= []).push((c.user + c.system) / 1000 / wall);
  }
  log(`round ${r + 1}: ${runs.map(({ key }) => `${key} ${rates[key]!.at(-1)!.toFixed(0)}`).join('  ')}  ${variants.map((v) => `${v.name}ratio ${(rates[`${v.name}t2`]!.at(-1)! / rates[`${v.name}t1`]!.at(-1)!).toFixed(2)}`).join('  ')}`);
}
await Promise.all(pools.map((p) => p.close()));
for (const { key } of runs) log(`${key}: ${median(rates[key]!).toFixed(0)} lines/s, main-thread busy ${median(elu[key]!).toFixed(2)}, process cores ${median(cores[key]!).toFixed(2)}, ${median(rates[key]!.map((v, i) => v / cores[key]![i]!)).toFixed(0)} lines per CPU-second`);
for (const v of variants) {
  const t1 = rates[`${v.name}t1`]!;
  const t2 = rates[`${v.name}t2`]!;
  log(`${v.name}2 threads / 1 thread: ${(median(t2) / median(t1)).toFixed(2)}x (median of per-round ratios ${median(t2.map((x, i) => x / t1[i]!)).toFixed(2)}x)`);
}
log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
if (flagArg('json')) {
  const med = (m: Record<string, number[]>) => Object.fromEntries(runs.map(({ key }) => [key, median(m[key]!)]));
  const t1 = rates.t1!;
  const t2 = rates.t2!;
  console.log(
    JSON.stringify({
      lines: LINES,
      rounds: ROUNDS,
      rates: med(rates),
      cores: med(cores),
      mainBusy: med(elu),
      ratio: median(t2) / median(t1),
      pairedRatio: median(t2.map((x, i) => x / t1[i]!)),
      identical: outs.every((o) => o === outs[0]),
    }),
  );
}

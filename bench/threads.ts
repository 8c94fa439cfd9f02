/**
 * `tsx bench/threads.ts`: the "1 vs 2 threads" measure of bench/speed.ts alone, for working on
 * `score --threads`. Two parts, each in interleaved rounds (the order reversed every other
 * round), medians:
 *
 * - the score command's engine in this process: `runScore` on the same short NDJSON lines
 *   (8,000 by default) in-process, with a pool of 1 thread and with a pool of 2 threads (the
 *   pools started once, before the rounds: thread start-up is not measured here); also how
 *   busy the main thread was (event-loop utilisation) and how many cores the process used;
 * - the command line as users run it (`--cli-lines N`, default 0 = skipped): `smuggling-risk
 *   score --input ndjson --threads 1` and `--threads 2` on a file of N lines, in fresh
 *   processes (process start, scorer and threads included: use enough lines, e.g. 64,000,
 *   that start-up does not dominate).
 *
 * Every run's output is checked to be the same bytes as the in-process one (CLI: --threads 2
 * against --threads 1 of the same build).
 *
 * Options: --rounds N (default 7), --lines N (default 8000), --batch N (lines per task),
 * --cli-lines N, --cli-rounds N (default 3), --compare DIR[,DIR] (other builds' dist/
 * directories, measured interleaved with this one: before/after a change; a build whose
 * runScore cannot take a pool, from before `score-lines.js`, is measured on the CLI only),
 * --model-dir DIR (model.json and features.json instead of the embedded model/), --dist DIR (the
 * build to measure instead of dist/), --json (print the medians as one JSON object on stdout:
 * how bench/speed.ts runs this measure, in a fresh process of its own).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { flagArg, numberArg, stringArg } from './args.js';
import { ndjsonLines, readJsonl, shortPosts, textsByLanguage } from './posts.js';
import { median } from './stats.js';

type RunScore = typeof import('../src/cli/score-run.js').runScore;
type ScoreRunOptions = import('../src/cli/score-run.js').ScoreRunOptions;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const slash = (d: string) => (d.endsWith('/') ? d : d + '/');
const distArg = stringArg('dist');
const DIST = distArg ? slash(distArg) : `${ROOT}dist/`;
const ROUNDS = numberArg('rounds', 7);
const LINES = numberArg('lines', 8000);
const CLI_LINES = numberArg('cli-lines', 0);
const CLI_ROUNDS = numberArg('cli-rounds', 3);
const batchArg = numberArg('batch', 0);
const log = (s: string) => process.stderr.write(s + '\n');
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

// The short posts of bench/speed.ts.
const short = shortPosts(textsByLanguage([...readJsonl(`${ROOT}corpora`), ...readJsonl(`${ROOT}test/probes`)]));
const ndjson = Buffer.from(ndjsonLines(short, LINES).join('\n') + '\n', 'utf8');
/** stdin as a pipe gives it: 64 KiB chunks. */
const stdin = () => {
  const chunks: Buffer[] = [];
  for (let i = 0; i < ndjson.length; i += 65536) chunks.push(ndjson.subarray(i, i + 65536));
  return Readable.from(chunks);
};

const compareDirs = (stringArg('compare') ?? '').split(',').filter(Boolean).map(slash);
const modelDir = stringArg('model-dir');
const MODEL = modelDir ? { modelPath: `${modelDir}/model.json`, featuresPath: `${modelDir}/features.json` } : {};

interface Build {
  /** '' for the build measured, `name:` for a compared one. */
  name: string;
  dir: string;
  /** Absent for a build whose runScore cannot take a pool. */
  engine?: { runScore: RunScore; createPool: typeof import('../src/index.js').createPool };
}
const loadBuild = async (name: string, dir: string): Promise<Build> => {
  if (!existsSync(`${dir}cli/score-lines.js`)) return { name, dir };
  const runScore = ((await import(pathToFileURL(`${dir}cli/score-run.js`).href)) as typeof import('../src/cli/score-run.js')).runScore;
  const createPool = ((await import(pathToFileURL(`${dir}index.js`).href)) as typeof import('../src/index.js')).createPool;
  return { name, dir, engine: { runScore, createPool } };
};
const builds = [await loadBuild('', DIST)];
// Named by their last two path components (`before/dist:`).
for (const dir of compareDirs) builds.push(await loadBuild(`${dir.replace(/\/$/, '').split('/').slice(-2).join('/')}:`, dir));
const lib = (await import(pathToFileURL(`${DIST}index.js`).href)) as typeof import('../src/index.js');
const scorer = lib.createScorer(MODEL);

// ---- runScore in this process ----------------------------------------------------------------
const quietStderr = { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream;
const options: ScoreRunOptions = {
  input: 'ndjson',
  files: [],
  format: 'ndjson',
  ingest: { maxLineLength: 10_000_000 },
  onlyFlagged: false,
  sort: 'input',
  includeText: false,
  summary: 'off',
  progress: false,
  color: false,
  ...(batchArg ? { batch: batchArg } : {}),
};
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

log(`load average before: ${load()}; runScore on ${LINES} lines, ${ROUNDS} rounds${CLI_LINES ? `; CLI on ${CLI_LINES} lines, ${CLI_ROUNDS} rounds` : ''}`);
type Run = { key: string; go: (out: PassThrough) => Promise<unknown> };
const runs: Run[] = [{ key: 'in', go: (out) => builds[0]!.engine!.runScore(scorer, options, { stdin: stdin(), stdout: out, stderr: quietStderr }) }];
const pools: { close(): Promise<void> }[] = [];
for (const b of builds) {
  if (!b.engine) {
    log(`${b.dir}: its runScore cannot take a pool (no cli/score-lines.js): measured on the CLI only`);
    continue;
  }
  const engine = b.engine;
  for (const threads of [1, 2]) {
    const pool = engine.createPool({ threads, scorerOptions: MODEL });
    pools.push(pool);
    runs.push({ key: `${b.name}t${threads}`, go: (out) => engine.runScore(scorer, { ...options, pool }, { stdin: stdin(), stdout: out, stderr: quietStderr }) });
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
const measured = builds.filter((b) => b.engine);
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
  log(`round ${r + 1}: ${runs.map(({ key }) => `${key} ${rates[key]!.at(-1)!.toFixed(0)}`).join('  ')}  ${measured.map((b) => `${b.name}ratio ${(rates[`${b.name}t2`]!.at(-1)! / rates[`${b.name}t1`]!.at(-1)!).toFixed(2)}`).join('  ')}`);
}
await Promise.all(pools.map((p) => p.close()));
for (const { key } of runs) log(`${key}: ${median(rates[key]!).toFixed(0)} lines/s, main-thread busy ${median(elu[key]!).toFixed(2)}, process cores ${median(cores[key]!).toFixed(2)}, ${median(rates[key]!.map((v, i) => v / cores[key]![i]!)).toFixed(0)} lines per CPU-second`);
for (const b of measured) {
  const t1 = rates[`${b.name}t1`]!;
  const t2 = rates[`${b.name}t2`]!;
  log(`${b.name}pool, 2 threads / 1 thread: ${(median(t2) / median(t1)).toFixed(2)}x (median of per-round ratios ${median(t2.map((x, i) => x / t1[i]!)).toFixed(2)}x)`);
}

// ---- the command line, fresh processes -------------------------------------------------------
interface CliResult {
  lines: number;
  rounds: number;
  t1: number;
  t2: number;
  ratio: number;
  pairedRatio: number;
  identical: boolean;
  /** Median cores the process used (CPU time / wall time), when GNU time is installed. */
  cores?: { t1: number; t2: number };
}
const cliResults: Record<string, CliResult> = {};
let cliError: string | undefined;
if (CLI_LINES > 0) {
  log(`load average before the CLI runs: ${load()}`);
  const tmp = mkdtempSync(join(tmpdir(), 'sr-threads-cli-'));
  const file = join(tmp, 'posts.jsonl');
  const outFile = join(tmp, 'out.jsonl');
  writeFileSync(file, ndjsonLines(short, CLI_LINES).join('\n') + '\n');
  const model = modelDir ? ['--model', MODEL.modelPath!] : [];
  const cliRuns = builds.flatMap((b) => [1, 2].map((threads) => ({ b, threads, key: `${b.name}t${threads}` })));
  const cliRates: Record<string, number[]> = {};
  const cliCores: Record<string, number[]> = {};
  const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const timeFile = join(tmp, 'time.txt');
  /** SHA-256 of each run's output (kept as hashes: the outputs are hundreds of MB). */
  const cliOut: Record<string, string> = {};
  for (let r = 0; r < CLI_ROUNDS && !cliError; r++) {
    for (const { b, threads, key } of r % 2 ? [...cliRuns].reverse() : cliRuns) {
      // Output to a file, as `> out.jsonl` does: this process does not read it meanwhile.
      const fd = openSync(outFile, 'w');
      const start = performance.now();
      const command = [process.execPath, `${b.dir}cli/bin.js`, 'score', '--input', 'ndjson', '--threads', String(threads), ...model, file];
      // With GNU time (when installed): the CPU time the process used, to tell load from scaling.
      const timed = TIME ? [TIME, '-f', '%U %S', '-o', timeFile, ...command] : command;
      const out = spawnSync(timed[0]!, timed.slice(1), { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
      const wall = performance.now() - start;
      closeSync(fd);
      if (TIME && out.status === 0) {
        const [user, sys] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
        (cliCores[key] ??= []).push(((user! + sys!) * 1000) / wall);
      }
      if (out.status !== 0) {
        cliError = `${b.name}--threads ${threads}: exit ${out.status}: ${out.stderr.trim().split('\n')[0]}`;
        break;
      }
      (cliRates[key] ??= []).push((CLI_LINES / wall) * 1000);
      const hash = createHash('sha256').update(readFileSync(outFile)).digest('hex');
      cliOut[key] ??= hash;
      if (cliOut[key] !== hash) cliError = `${b.name}--threads ${threads}: output differs between rounds`;
    }
    const used = (key: string) => (cliCores[key]?.length ? ` (${cliCores[key]!.at(-1)!.toFixed(2)} cores)` : '');
    if (!cliError) log(`CLI round ${r + 1}: ${cliRuns.map(({ key }) => `${key} ${cliRates[key]!.at(-1)!.toFixed(0)}${used(key)}`).join('  ')}  ${builds.map((b) => `${b.name}ratio ${(cliRates[`${b.name}t2`]!.at(-1)! / cliRates[`${b.name}t1`]!.at(-1)!).toFixed(2)}`).join('  ')}`);
  }
  if (cliError) log(`CLI: ${cliError}`);
  else {
    for (const b of builds) {
      const t1 = cliRates[`${b.name}t1`]!;
      const t2 = cliRates[`${b.name}t2`]!;
      const res: CliResult = {
        lines: CLI_LINES,
        rounds: CLI_ROUNDS,
        t1: median(t1),
        t2: median(t2),
        ratio: median(t2) / median(t1),
        pairedRatio: median(t2.map((x, i) => x / t1[i]!)),
        identical: cliOut[`${b.name}t1`] === cliOut[`${b.name}t2`],
        ...(cliCores[`${b.name}t1`]?.length ? { cores: { t1: median(cliCores[`${b.name}t1`]!), t2: median(cliCores[`${b.name}t2`]!) } } : {}),
      };
      cliResults[b.name] = res;
      const coresText = res.cores ? `; process used ${res.cores.t2.toFixed(2)} / ${res.cores.t1.toFixed(2)} cores` : '';
      log(`${b.name}CLI --threads 2 / --threads 1: ${res.ratio.toFixed(2)}x (${res.t2.toFixed(0)} / ${res.t1.toFixed(0)} lines/s; median of per-round ratios ${res.pairedRatio.toFixed(2)}x${coresText}); output identical: ${res.identical}`);
    }
  }
}
log(`load average after: ${load()}`);

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
      ...(CLI_LINES > 0 ? (cliError ? { cliError } : { cli: cliResults[''] }) : {}),
    }),
  );
}

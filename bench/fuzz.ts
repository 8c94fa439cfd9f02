/**
 * `npm run bench:fuzz`: a one-shot fuzz of the scorer and a linearity check on hostile text.
 *
 * 1. Fuzz: N hostile posts (default 100,000) from the seeded fast-check generator of the
 *    robustness tests (test/robustness/support.ts: mixed scripts, lexicon terms disguised with
 *    zero-width characters, bidi controls, homoglyphs, lone surrogates, controls; a random
 *    `lang` on some). Each is scored by the default scorer and checked against every
 *    invariant of the assessment (shape, exact spans, bias + contributions = logit, limits);
 *    every 10th again for determinism, every 4th also by a scorer with tight limits
 *    (maxTextLength 40, maxSpansPerSignal 2). A throw or a broken invariant is a failure.
 * 2. Linearity: hostile texts of n = 1 M and 2n = 2 M UTF-16 units (2 M is the default
 *    maxTextLength, so all of it is analysed); the time for 2n must be under 2.5 x the time for
 *    n. Fastest of 5 interleaved runs each (the least disturbed by other work on the machine),
 *    after a full garbage collection when node runs with --expose-gc (the npm script does).
 *
 * Prints a summary and writes `## Fuzz and hostile text` into bench/RESULTS.md (only that
 * section). Scores with src/ (through tsx), as the tests do. Exit code 1 on any fuzz failure.
 *
 * Options: --cases N (default 100000), --seed S (default 20261123), --no-linearity,
 * --no-write, --model-dir DIR (a directory with model.json and features.json).
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { createScorer, type Assessment } from '../src/index.js';
import { EMOJI, givenLang, hostilePost, invariantViolations, randomMixedText, type Limits } from '../test/robustness/support.js';
import { flagArg, numberArg, stringArg } from './args.js';
import { writeResultsSection } from './results-file.js';
import { median } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CASES = numberArg('cases', 100_000);
const SEED = numberArg('seed', 20261123);
const WRITE = !flagArg('no-write');
const LINEARITY = !flagArg('no-linearity');
const modelDir = stringArg('model-dir');
const MODEL = modelDir ? { modelPath: join(modelDir, 'model.json'), featuresPath: join(modelDir, 'features.json') } : {};
const log = (s: string) => process.stderr.write(s + '\n');
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

// ---- 1. fuzz ------------------------------------------------------------------------------------
const DEFAULTS: Limits = { maxTextLength: 2_000_000, maxSpansPerSignal: 50 };
const TIGHT: Limits = { maxTextLength: 40, maxSpansPerSignal: 2 };
const scorer = createScorer(MODEL);
const tight = createScorer({ ...MODEL, ...TIGHT });

interface Failure {
  index: number;
  text: string;
  lang?: string;
  problem: string;
}
const failures: Failure[] = [];
let failed = 0;
let units = 0;
let signals = 0;
let flagged = 0;
let truncated = 0;
let spansCut = 0;
let scoreMs = 0;
const fail = (index: number, text: string, lang: string | undefined, problem: string) => {
  failed++;
  if (failures.length < 10) failures.push({ index, text, lang, problem });
};

log(`fuzz: ${fmt(CASES)} cases, seed ${SEED}`);
const started = performance.now();
const BATCH = 5000;
const gen = fc.tuple(hostilePost, givenLang);
for (let done = 0; done < CASES; done += BATCH) {
  // One sample per batch, each with its own seed derived from the run's: the same cases every run.
  const batch = fc.sample(gen, { numRuns: Math.min(BATCH, CASES - done), seed: SEED + done });
  batch.forEach(([text, lang], k) => {
    const index = done + k;
    units += text.length;
    const input = lang === undefined ? text : { text, lang };
    let a: Assessment;
    try {
      const t = performance.now();
      a = scorer.score(input);
      scoreMs += performance.now() - t;
    } catch (e) {
      return fail(index, text, lang, `threw ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
    }
    const bad = invariantViolations(text, a, DEFAULTS);
    if (bad.length) return fail(index, text, lang, bad.slice(0, 3).join('; '));
    signals += a.signals.length;
    if (a.flagged) flagged++;
    if (index % 10 === 0 && JSON.stringify(scorer.score(input)) !== JSON.stringify(a)) return fail(index, text, lang, 'not deterministic');
    if (index % 4 === 0) {
      try {
        const b = tight.score(input);
        const badTight = invariantViolations(text, b, TIGHT);
        if (badTight.length) return fail(index, text, lang, `tight limits: ${badTight.slice(0, 3).join('; ')}`);
        if (b.truncated) truncated++;
        if (b.signals.some((g) => g.spansTruncated)) spansCut++;
      } catch (e) {
        return fail(index, text, lang, `tight limits: threw ${(e as Error).message}`);
      }
    }
  });
  log(`  ${fmt(Math.min(done + BATCH, CASES))} cases, ${failed} failures, ${fmt((performance.now() - started) / 1000, 1)} s`);
}
const fuzzSeconds = (performance.now() - started) / 1000;

// ---- 2. linearity -------------------------------------------------------------------------------
interface Linear {
  name: string;
  n: number;
  ms1: number;
  ms2: number;
  ratio: number;
  median1: number;
  median2: number;
}
const RUNS = 5;
const linear: Linear[] = [];
const repeatTo = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
const KINDS: [string, (n: number) => string][] = [
  ['random mixed scripts (seeded)', (n) => randomMixedText(n, 7)],
  ["one keyword repeated: 'smuggler '", (n) => repeatTo('smuggler ', n)],
  ["one keyword, no separator: 'smuggler'", (n) => repeatTo('smuggler', n)],
  ['one Arabic keyword repeated: تهريب', (n) => repeatTo('تهريب ', n)],
  ["'a' + combining marks", (n) => 'a' + '\u0301'.repeat(n - 1)],
  ['emoji, ZWJ sequences and flags', (n) => repeatTo(EMOJI.join(''), n)],
  ['NUL, C0 and C1 controls', (n) => repeatTo(Array.from({ length: 0xa0 }, (_, k) => (k < 0x20 || k >= 0x7f ? String.fromCharCode(k) : '')).join(''), n)],
  ['lone surrogates and bidi overrides', (n) => repeatTo('\ud800x\udfff\u202e\u2066y', n)],
  ['phone numbers repeated', (n) => repeatTo('+218 91 726 7022 ', n)],
  ['a URL ending in a run of punctuation', (n) => 'http://x.com/' + '!'.repeat(n - 14) + 'a'],
  ['spaced letters: s m u g g l e r', (n) => repeatTo('s m u g g l e r ', n)],
];
if (LINEARITY) {
  log('linearity: time for 2n vs n');
  const gc = (globalThis as { gc?: () => void }).gc;
  scorer.score('warm up: smuggler boat to Lampedusa 2500 euro +218 91 726 7022');
  for (const [name, make] of KINDS) {
    const n = 1_000_000;
    const t1: number[] = [];
    const t2: number[] = [];
    const a = make(n);
    const b = make(2 * n);
    for (let r = 0; r < RUNS; r++) {
      for (const [text, out] of [[a, t1], [b, t2]] as const) {
        gc?.();
        const t = performance.now();
        scorer.score(text);
        out.push(performance.now() - t);
      }
    }
    const ms1 = Math.min(...t1);
    const ms2 = Math.min(...t2);
    const row = { name, n, ms1, ms2, ratio: ms2 / ms1, median1: median(t1), median2: median(t2) };
    linear.push(row);
    log(`  ${name}: ${fmt(row.ms1)} ms for ${fmt(n)}, ${fmt(row.ms2)} ms for ${fmt(2 * n)}, ratio ${row.ratio.toFixed(2)} (medians ${fmt(row.median1)} / ${fmt(row.median2)})`);
  }
}

// ---- report -------------------------------------------------------------------------------------
const date = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
const esc = (s: string) => JSON.stringify(s.length > 200 ? s.slice(0, 200) + '…' : s).replace(/\|/g, '\\|');
const lines: string[] = [];
lines.push('## Fuzz and hostile text', '');
lines.push(`Command: \`npm run bench:fuzz\` (bench/fuzz.ts, scoring with src/ through tsx). Date: ${date}.`);
lines.push(
  `Machine: ${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; load average at the end ${loadavg().map((x) => x.toFixed(2)).join(' ')} (shared machine: absolute times move, ratios within one run are the comparison).`,
);
if (modelDir) lines.push(`Model: ${modelDir} (--model-dir) instead of the embedded model/.`);
lines.push('');
lines.push(
  `Fuzz: ${fmt(CASES)} hostile posts from the seeded generator of test/robustness/support.ts (fast-check, seed ${SEED}): mixed scripts, lexicon terms disguised with zero-width characters, bidi overrides and isolates, homoglyphs, full-width letters, combining marks, lone surrogates, C0/C1 controls, emoji; some with a \`lang\`. Every assessment checked for shape, exact spans, bias + contributions = logit, sha256, length and limits; every 10th re-scored for determinism; every 4th also scored with maxTextLength ${TIGHT.maxTextLength} and maxSpansPerSignal ${TIGHT.maxSpansPerSignal}. The test suite runs the same generator for 4,500 cases (test/robustness/fuzz.test.ts).`,
);
lines.push('');
lines.push('| measure | value |');
lines.push('| --- | ---: |');
lines.push(`| cases | ${fmt(CASES)} |`);
lines.push(`| failures (throws or broken invariants) | ${fmt(failed)} |`);
lines.push(`| seed | ${SEED} |`);
lines.push(`| total time (generation, scoring, checks) | ${fmt(fuzzSeconds, 1)} s |`);
lines.push(`| score() time, default scorer | ${fmt(scoreMs / 1000, 1)} s (${fmt((scoreMs * 1000) / CASES)} µs per post, average ${fmt(units / CASES)} UTF-16 units) |`);
lines.push(`| posts flagged / signals reported | ${fmt(flagged)} / ${fmt(signals)} |`);
lines.push(`| tight-limit scorer: posts truncated / with a signal's spans cut | ${fmt(truncated)} / ${fmt(spansCut)} |`);
if (failures.length) {
  lines.push('');
  lines.push('First failures:');
  lines.push('');
  for (const f of failures) lines.push(`- case ${f.index}${f.lang ? ` (lang ${f.lang})` : ''}: ${esc(f.text)}: ${f.problem.replace(/\n/g, ' ')}`);
}
if (LINEARITY) {
  lines.push('');
  lines.push(
    `Linearity: one score() of a hostile text of n and of 2n UTF-16 units, the fastest of ${RUNS} interleaved runs each${(globalThis as { gc?: unknown }).gc ? ', each after a full garbage collection' : ''} (medians in brackets); target: 2n takes under 2.5 x the time of n.`,
  );
  lines.push('');
  lines.push('| text | n | time for n | time for 2n | ratio | < 2.5 |');
  lines.push('| --- | ---: | ---: | ---: | ---: | --- |');
  for (const r of linear) {
    lines.push(`| ${r.name} | ${fmt(r.n)} | ${fmt(r.ms1)} ms (${fmt(r.median1)}) | ${fmt(r.ms2)} ms (${fmt(r.median2)}) | ${r.ratio.toFixed(2)} | ${r.ratio < 2.5 ? 'met' : 'NOT met'} |`);
  }
}
lines.push('');
const section = lines.join('\n');
process.stdout.write(section + '\n');
if (WRITE) {
  writeResultsSection(join(ROOT, 'bench', 'RESULTS.md'), 'Fuzz and hostile text', section);
  log('written to bench/RESULTS.md');
}
if (failed > 0) process.exitCode = 1;

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from './helpers/paths.js';

const run = (args: string[], input?: string) => spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', maxBuffer: 1 << 28 });

// Written independently of src/evaluate/metrics.ts: pairwise AUC, plain counting for F1, a plain sum for log-loss.
function recompute(scores: number[], labels: number[], threshold: number) {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  scores.forEach((s, i) => {
    if (s >= threshold) labels[i] ? tp++ : fp++;
    else labels[i] ? fn++ : tn++;
  });
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  let wins = 0, pairs = 0;
  scores.forEach((sp, i) => {
    if (!labels[i]) return;
    scores.forEach((sn, j) => {
      if (labels[j]) return;
      pairs++;
      wins += sp > sn ? 1 : sp === sn ? 0.5 : 0;
    });
  });
  let loss = 0;
  scores.forEach((s, i) => {
    const p = labels[i] ? s : 1 - s;
    loss -= Math.log(Math.min(Math.max(p, 1e-12), 1 - 1e-12));
  });
  return { tp, fp, fn, tn, f1: (2 * precision * recall) / (precision + recall), auc: wins / pairs, fpr: fp / (fp + tn), logLoss: loss / scores.length };
}

describe('bench --json agrees with a recomputation from score --input ndjson', () => {
  it('on the test split of the corpora', () => {
    const lines = ['en', 'ar', 'ru', 'prs']
      .flatMap((l) => readFileSync(`${ROOT}corpora/${l}.jsonl`, 'utf8').trim().split('\n'))
      .filter((l) => JSON.parse(l).split === 'test');
    const file = join(mkdtempSync(join(tmpdir(), 'sr-bench-')), 'sample.jsonl');
    writeFileSync(file, lines.join('\n') + '\n');

    const report = JSON.parse(run(['bench', '--data', file, '--json']).stdout);
    // bench scores text alone (language detected), so the stream gets no lang either.
    const posts = lines.map((l) => JSON.stringify({ id: JSON.parse(l).id, text: JSON.parse(l).text }));
    const scored = run(['score', '--input', 'ndjson'], posts.join('\n') + '\n')
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(scored).toHaveLength(lines.length);
    const labels = lines.map((l) => (JSON.parse(l).label === 'smuggling' ? 1 : 0));
    const mine = recompute(scored.map((a) => a.score), labels, report.threshold);

    expect(report.n).toBe(lines.length);
    expect(report.confusion).toEqual({ tp: mine.tp, fp: mine.fp, tn: mine.tn, fn: mine.fn });
    expect(report.f1).toBeCloseTo(mine.f1, 12);
    expect(report.auc).toBeCloseTo(mine.auc, 12);
    expect(report.fpr).toBeCloseTo(mine.fpr, 12);
    expect(report.logLoss).toBeCloseTo(mine.logLoss, 12);
  });
});

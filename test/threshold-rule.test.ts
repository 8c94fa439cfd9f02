import { describe, expect, it } from 'vitest';
import { chooseThreshold, f1StandardError } from '../src/score/train/train.js';

/** F1 and FPR of flagging `scores >= t`, counted directly. */
function at(scores: number[], y: number[], t: number) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  scores.forEach((s, i) => {
    if (y[i]) s >= t ? tp++ : fn++;
    else if (s >= t) fp++;
  });
  const neg = y.filter((v) => v === 0).length;
  return { f1: (2 * tp) / (2 * tp + fp + fn), fpr: fp / neg };
}

/** Overlapping classes: positives spread over 0.3-1, negatives over 0-0.7 (deterministic). */
function overlapping(n: number) {
  const scores: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = ((i * 7919) % n) / n;
    y.push(i % 2);
    scores.push(Math.min(1, Math.max(0, (i % 2 ? 0.7 : 0.3) + (u - 0.5) * 0.8)));
  }
  return { scores, y };
}

describe('threshold by the one-standard-error rule', () => {
  const { scores, y } = overlapping(600);
  const chosen = chooseThreshold(scores, y, 0.2);

  it('takes the highest threshold whose dev F1 is within one standard error of the best', () => {
    expect(chosen.se).toBeGreaterThan(0);
    expect(chosen.f1).toBeGreaterThanOrEqual(chosen.bestF1 - chosen.se);
    expect(at(scores, y, chosen.threshold).f1).toBeCloseTo(chosen.f1, 12);
    // No distinct score above the chosen one qualifies.
    for (const t of new Set(scores)) {
      if (t <= chosen.threshold) continue;
      const m = at(scores, y, t);
      expect(m.fpr > 0.2 || m.f1 < chosen.bestF1 - chosen.se).toBe(true);
    }
    // Here the best F1 sits lower: the rule moved the threshold up, to fewer flagged posts.
    const best = [...new Set(scores)].filter((t) => at(scores, y, t).fpr <= 0.2).reduce((a, t) => (at(scores, y, t).f1 > at(scores, y, a).f1 ? t : a));
    expect(at(scores, y, best).f1).toBeCloseTo(chosen.bestF1, 12);
    expect(at(scores, y, chosen.bestThreshold).f1).toBeCloseTo(chosen.bestF1, 12);
    expect(chosen.threshold).toBeGreaterThan(best);
    expect(chosen.threshold).toBeGreaterThan(chosen.bestThreshold);
  });

  it('keeps to the false-positive budget', () => {
    const tight = chooseThreshold(scores, y, 0.02);
    expect(at(scores, y, tight.threshold).fpr).toBeLessThanOrEqual(0.02);
    expect(tight.threshold).toBeGreaterThanOrEqual(chosen.threshold);
  });

  it('is deterministic, and the standard error shrinks with more posts', () => {
    expect(chooseThreshold(scores, y, 0.2)).toEqual(chosen);
    const large = overlapping(6000);
    const t = chooseThreshold(large.scores, large.y, 0.2).threshold;
    expect(f1StandardError(large.scores, large.y, t)).toBeLessThan(f1StandardError(scores, y, chosen.threshold));
  });

  it('with separable classes flags exactly the positives', () => {
    const r = chooseThreshold([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0]);
    expect(r).toMatchObject({ threshold: 0.8, f1: 1, fpr: 0, bestF1: 1, se: 0 });
  });
});

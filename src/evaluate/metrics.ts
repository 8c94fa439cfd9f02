/** Quality metrics for binary scores: threshold metrics, ROC-AUC, PR-AUC, calibration error. */

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface BinaryMetrics {
  n: number;
  positives: number;
  negatives: number;
  confusion: Confusion;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  fpr: number | null;
  accuracy: number;
  auc: number | null;
  prAuc: number | null;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

export function confusionAt(scores: readonly number[], labels: readonly number[], threshold: number): Confusion {
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < scores.length; i++) {
    const flagged = scores[i]! >= threshold;
    if (labels[i]) flagged ? c.tp++ : c.fn++;
    else flagged ? c.fp++ : c.tn++;
  }
  return c;
}

/** ROC-AUC as the Mann-Whitney statistic, ties counted half. */
export function rocAuc(scores: readonly number[], labels: readonly number[]): number | null {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const pos = labels.filter((l) => l).length;
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) return null;
  let rankSum = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (labels[idx[k]!]) rankSum += rank;
    i = j + 1;
  }
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** PR-AUC as average precision (precision at each positive, ties grouped). */
export function averagePrecision(scores: readonly number[], labels: readonly number[]): number | null {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const pos = labels.filter((l) => l).length;
  if (pos === 0) return null;
  let tp = 0;
  let seen = 0;
  let ap = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    let groupPos = 0;
    while (j < idx.length && scores[idx[j]!] === scores[idx[i]!]) {
      if (labels[idx[j]!]) groupPos++;
      j++;
    }
    tp += groupPos;
    seen += j - i;
    ap += (groupPos / pos) * (tp / seen);
    i = j;
  }
  return ap;
}

/** Each item's log-loss: minus the log of the probability its score gives its label (clipped to [1e-12, 1 - 1e-12]). */
export function itemLogLosses(scores: readonly number[], labels: readonly number[]): number[] {
  return scores.map((q, i) => -Math.log(Math.min(1 - 1e-12, Math.max(1e-12, labels[i] ? q : 1 - q))));
}

/** Mean log-loss of calibrated scores: a proper scoring rule, so unlike F1 it does not move in steps of one post at a threshold. */
export function logLoss(scores: readonly number[], labels: readonly number[]): number | null {
  if (scores.length === 0) return null;
  return itemLogLosses(scores, labels).reduce((a, x) => a + x, 0) / scores.length;
}

/** Expected calibration error over equal-width bins. */
export function expectedCalibrationError(scores: readonly number[], labels: readonly number[], bins = 10): number | null {
  if (scores.length === 0) return null;
  const count = new Array<number>(bins).fill(0);
  const conf = new Array<number>(bins).fill(0);
  const acc = new Array<number>(bins).fill(0);
  for (let i = 0; i < scores.length; i++) {
    const b = Math.min(bins - 1, Math.floor(scores[i]! * bins));
    count[b]!++;
    conf[b]! += scores[i]!;
    acc[b]! += labels[i]!;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b]) ece += (count[b]! / scores.length) * Math.abs(acc[b]! / count[b]! - conf[b]! / count[b]!);
  return ece;
}

export function binaryMetrics(scores: readonly number[], labels: readonly number[], threshold: number): BinaryMetrics {
  const c = confusionAt(scores, labels, threshold);
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  const f1 = precision !== null && recall !== null ? (precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0) : null;
  return {
    n: scores.length,
    positives: c.tp + c.fn,
    negatives: c.fp + c.tn,
    confusion: c,
    precision,
    recall,
    f1,
    fpr: ratio(c.fp, c.fp + c.tn),
    accuracy: scores.length ? (c.tp + c.tn) / scores.length : 0,
    auc: rocAuc(scores, labels),
    prAuc: averagePrecision(scores, labels),
  };
}

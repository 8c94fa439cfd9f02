/**
 * L2-regularised logistic regression by Newton's method (IRLS). With a few dozen features
 * this converges in a handful of exact steps and, having no random start or sample order,
 * gives the same weights bit for bit on the same data.
 */
import { sigmoid } from '../linear.js';

export interface LogisticFit {
  weights: number[];
  bias: number;
  iterations: number;
}

/** Solve A x = b for symmetric positive definite A (Cholesky); A is d x d row-major. */
function choleskySolve(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * d + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * d + k]! * l[j * d + k]!;
      if (i === j) l[i * d + i] = Math.sqrt(Math.max(sum, 1e-12));
      else l[i * d + j] = sum / l[j * d + j]!;
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * d + k]! * y[k]!;
    y[i] = sum / l[i * d + i]!;
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < d; k++) sum -= l[k * d + i]! * x[k]!;
    x[i] = sum / l[i * d + i]!;
  }
  return x;
}

/**
 * Fit weights and bias minimising log-loss + lambda/2 |w|^2 (the bias is not penalised).
 * `x` holds one feature row per sample, `y` 1 for positives.
 */
export function fitLogistic(x: readonly (readonly number[])[], y: readonly number[], lambda: number, maxIterations = 50): LogisticFit {
  // Features that never fire in training have no gradient and, under L2, a weight of exactly 0:
  // solve only for the others, which keeps Newton's d x d system small.
  const width = x[0]?.length ?? 0;
  const active: number[] = [];
  for (let j = 0; j < width; j++) if (x.some((row) => row[j] !== 0)) active.push(j);
  if (active.length < width) {
    const fit = fitDense(x.map((row) => active.map((j) => row[j]!)), y, lambda, maxIterations);
    const weights = new Array<number>(width).fill(0);
    active.forEach((j, k) => (weights[j] = fit.weights[k]!));
    return { weights, bias: fit.bias, iterations: fit.iterations };
  }
  return fitDense(x, y, lambda, maxIterations);
}

function fitDense(x: readonly (readonly number[])[], y: readonly number[], lambda: number, maxIterations: number): LogisticFit {
  const n = x.length;
  const d = (x[0]?.length ?? 0) + 1; // last parameter is the bias
  const theta = new Float64Array(d);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const grad = new Float64Array(d);
    const hess = new Float64Array(d * d);
    for (let s = 0; s < n; s++) {
      const row = x[s]!;
      let z = theta[d - 1]!;
      for (let j = 0; j < d - 1; j++) z += theta[j]! * row[j]!;
      const p = sigmoid(z);
      const r = p - y[s]!;
      const w = Math.max(p * (1 - p), 1e-12);
      for (let i = 0; i < d; i++) {
        const xi = i === d - 1 ? 1 : row[i]!;
        if (xi === 0) continue;
        grad[i] = grad[i]! + r * xi;
        for (let j = 0; j <= i; j++) {
          const xj = j === d - 1 ? 1 : row[j]!;
          if (xj !== 0) hess[i * d + j] = hess[i * d + j]! + w * xi * xj;
        }
      }
    }
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < i; j++) hess[j * d + i] = hess[i * d + j]!;
      const penalty = i === d - 1 ? 1e-6 : lambda;
      grad[i] = grad[i]! + (i === d - 1 ? 0 : lambda * theta[i]!);
      hess[i * d + i] = hess[i * d + i]! + penalty;
    }
    const step = choleskySolve(hess, grad, d);
    let maxStep = 0;
    for (let i = 0; i < d; i++) {
      theta[i] = theta[i]! - step[i]!;
      maxStep = Math.max(maxStep, Math.abs(step[i]!));
    }
    if (maxStep < 1e-10) {
      iterations++;
      break;
    }
  }
  return { weights: Array.from(theta.subarray(0, d - 1)), bias: theta[d - 1]!, iterations };
}

export function logLoss(scores: readonly number[], y: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    const p = Math.min(1 - 1e-12, Math.max(1e-12, scores[i]!));
    sum -= y[i]! ? Math.log(p) : Math.log(1 - p);
  }
  return sum / Math.max(1, scores.length);
}

/**
 * Platt scaling: fit p = sigmoid(a * logit + b) on held-out logits, with Platt's smoothed
 * targets so that a separable dev set does not drive a to infinity.
 */
export function fitPlatt(logits: readonly number[], y: readonly number[]): { a: number; b: number } {
  const pos = y.filter((v) => v === 1).length;
  const neg = y.length - pos;
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (neg + 2);
  const targets = y.map((v) => (v ? hi : lo));
  const fit = fitLogistic(logits.map((l) => [l]), targets, 1e-6);
  return { a: fit.weights[0]!, b: fit.bias };
}

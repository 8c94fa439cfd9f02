/**
 * L2-regularised logistic regression by Newton's method, each Newton system solved by
 * conjugate gradients over sparse rows (truncated Newton). Posts light up a few dozen of the
 * model's thousand-odd features, so Hessian-vector products cost the number of non-zeros, not
 * features squared. No random start and a fixed order of sums: the same data gives the same
 * weights bit for bit.
 */
import { sigmoid } from '../linear.js';

export interface LogisticFit {
  weights: number[];
  bias: number;
  iterations: number;
}

/** A row as its non-zero columns and values; the bias column is implicit. */
export interface SparseRow {
  index: Int32Array;
  value: Float64Array;
}

export function toSparse(row: readonly number[]): SparseRow {
  let n = 0;
  for (const v of row) if (v !== 0) n++;
  const index = new Int32Array(n);
  const value = new Float64Array(n);
  let k = 0;
  row.forEach((v, j) => {
    if (v !== 0) {
      index[k] = j;
      value[k++] = v;
    }
  });
  return { index, value };
}

function margins(rows: readonly SparseRow[], theta: Float64Array, bias: number): Float64Array {
  const z = new Float64Array(rows.length);
  for (let s = 0; s < rows.length; s++) {
    const { index, value } = rows[s]!;
    let sum = bias;
    for (let k = 0; k < index.length; k++) sum += theta[index[k]!]! * value[k]!;
    z[s] = sum;
  }
  return z;
}

/** Regularised log-loss (bias unpenalised) at the given margins. */
function objective(z: Float64Array, y: readonly number[], theta: Float64Array, lambda: number): number {
  let loss = 0;
  for (let s = 0; s < z.length; s++) {
    // softplus(z) - y z: the log-loss, also for Platt's soft targets.
    const m = z[s]!;
    loss += (m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m))) - y[s]! * m;
  }
  let norm = 0;
  for (let j = 0; j < theta.length; j++) norm += theta[j]! * theta[j]!;
  return loss + (lambda / 2) * norm;
}

/**
 * Fit weights and bias minimising log-loss + lambda/2 |w|^2 (the bias is not penalised).
 * `x` holds one feature row per sample (dense or sparse), `y` 1 for positives.
 */
export function fitLogistic(x: readonly (readonly number[])[] | readonly SparseRow[], y: readonly number[], lambda: number, width?: number, maxIterations = 50): LogisticFit {
  const rows = (x as readonly unknown[]).map((r) => (Array.isArray(r) ? toSparse(r as number[]) : (r as SparseRow)));
  // Sparse rows without a width: one past the highest column used (a loop: spreading every row
  // into Math.max would overflow the stack on a large corpus).
  let d = width ?? (Array.isArray(x[0]) ? (x[0] as number[]).length : 0);
  if (width === undefined && !Array.isArray(x[0])) for (const r of rows) d = Math.max(d, (r.index[r.index.length - 1] ?? -1) + 1);
  const n = rows.length;
  const theta = new Float64Array(d);
  let bias = 0;
  let z = margins(rows, theta, bias);
  let current = objective(z, y, theta, lambda);
  const BIAS_RIDGE = 1e-6;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const grad = new Float64Array(d + 1);
    const curvature = new Float64Array(n);
    for (let s = 0; s < n; s++) {
      const p = sigmoid(z[s]!);
      const r = p - y[s]!;
      curvature[s] = Math.max(p * (1 - p), 1e-12);
      const { index, value } = rows[s]!;
      for (let k = 0; k < index.length; k++) grad[index[k]!] = grad[index[k]!]! + r * value[k]!;
      grad[d] = grad[d]! + r;
    }
    for (let j = 0; j < d; j++) grad[j] = grad[j]! + lambda * theta[j]!;
    // Hessian-vector product: X' D X v + ridge v.
    const hv = (v: Float64Array, out: Float64Array) => {
      out.fill(0);
      for (let s = 0; s < n; s++) {
        const { index, value } = rows[s]!;
        let xv = v[d]!;
        for (let k = 0; k < index.length; k++) xv += value[k]! * v[index[k]!]!;
        xv *= curvature[s]!;
        for (let k = 0; k < index.length; k++) out[index[k]!] = out[index[k]!]! + xv * value[k]!;
        out[d] = out[d]! + xv;
      }
      for (let j = 0; j < d; j++) out[j] = out[j]! + lambda * v[j]!;
      out[d] = out[d]! + BIAS_RIDGE * v[d]!;
    };
    const step = conjugateGradient(hv, grad, d + 1);
    // Newton step with halving if the objective does not decrease (rare for logistic loss).
    let t = 1;
    let next = theta;
    let nextBias = bias;
    let nextZ = z;
    let value = current;
    for (let halvings = 0; halvings < 30; halvings++, t /= 2) {
      next = new Float64Array(d);
      for (let j = 0; j < d; j++) next[j] = theta[j]! - t * step[j]!;
      nextBias = bias - t * step[d]!;
      nextZ = margins(rows, next, nextBias);
      value = objective(nextZ, y, next, lambda);
      if (value <= current) break;
    }
    let maxStep = 0;
    for (let j = 0; j <= d; j++) maxStep = Math.max(maxStep, Math.abs(t * step[j]!));
    theta.set(next);
    bias = nextBias;
    z = nextZ;
    const improvement = current - value;
    current = value;
    if (maxStep < 1e-9 || improvement < 1e-12 * Math.max(1, Math.abs(current))) {
      iterations++;
      break;
    }
  }
  return { weights: Array.from(theta), bias, iterations };
}

/** Solve A s = b for symmetric positive definite A given as a product, to a tight tolerance. */
function conjugateGradient(multiply: (v: Float64Array, out: Float64Array) => void, b: Float64Array, size: number): Float64Array {
  const s = new Float64Array(size);
  const r = Float64Array.from(b);
  const p = Float64Array.from(b);
  const ap = new Float64Array(size);
  let rr = 0;
  for (let i = 0; i < size; i++) rr += r[i]! * r[i]!;
  const stop = 1e-20 * Math.max(1, rr);
  for (let it = 0; it < 4 * size && rr > stop; it++) {
    multiply(p, ap);
    let pap = 0;
    for (let i = 0; i < size; i++) pap += p[i]! * ap[i]!;
    if (pap <= 0) break;
    const alpha = rr / pap;
    let next = 0;
    for (let i = 0; i < size; i++) {
      s[i] = s[i]! + alpha * p[i]!;
      r[i] = r[i]! - alpha * ap[i]!;
      next += r[i]! * r[i]!;
    }
    const beta = next / rr;
    rr = next;
    for (let i = 0; i < size; i++) p[i] = r[i]! + beta * p[i]!;
  }
  return s;
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

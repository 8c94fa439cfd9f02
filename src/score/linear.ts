/** The logistic pieces shared by scoring and training. */

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export interface Calibration {
  a: number;
  b: number;
}

/** Platt scaling of a raw logit into a calibrated probability. */
export const calibrate = (logit: number, c: Calibration): number => sigmoid(c.a * logit + c.b);

export type Band = 'low' | 'medium' | 'high' | 'critical';

export function bandOf(score: number, bands: { medium: number; high: number; critical: number }): Band {
  if (score >= bands.critical) return 'critical';
  if (score >= bands.high) return 'high';
  if (score >= bands.medium) return 'medium';
  return 'low';
}

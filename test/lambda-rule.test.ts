import { describe, expect, it } from 'vitest';
import { devLoss, oneStandardError } from '../src/score/train/train.js';

describe('lambda by the one-standard-error rule', () => {
  it('takes the most regularised lambda within one standard error of the lowest dev loss', () => {
    const grid = [
      { lambda: 0.1, loss: 0.1717, se: 0.0094 },
      { lambda: 0.3, loss: 0.1729, se: 0.0079 },
      { lambda: 1, loss: 0.1974, se: 0.0074 },
      { lambda: 0.03, loss: 0.2027, se: 0.0135 },
    ];
    expect(oneStandardError(grid).lambda).toBe(0.3);
    // With a tight error the lowest loss wins.
    expect(oneStandardError(grid.map((g) => ({ ...g, se: 0.0005 }))).lambda).toBe(0.1);
  });

  it('measures the mean loss and its standard error from the per-post losses', () => {
    const { loss, se } = devLoss([0.9, 0.2, 0.6, 0.5], [1, 0, 1, 0]);
    const per = [-Math.log(0.9), -Math.log(0.8), -Math.log(0.6), -Math.log(0.5)];
    const mean = per.reduce((a, b) => a + b) / 4;
    expect(loss).toBeCloseTo(mean, 12);
    expect(se).toBeCloseTo(Math.sqrt(per.reduce((a, x) => a + (x - mean) ** 2, 0) / 3 / 4), 12);
  });
});

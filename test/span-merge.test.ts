import { describe, expect, it } from 'vitest';
import { mergeSortedSpans, uniqueSpans, type Span } from '../src/semantic/span.js';

const sp = (start: number, end: number): Span => ({ start, end, text: `${start}-${end}` });

describe('mergeSortedSpans', () => {
  it('equals sorting and deduplicating the concatenation, cut at max', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
    for (let round = 0; round < 200; round++) {
      const lists = Array.from({ length: 1 + rand(4) }, () => uniqueSpans(Array.from({ length: rand(12) }, () => {
        const start = rand(30);
        return sp(start, start + 1 + rand(4));
      })));
      const all = uniqueSpans(lists.flat());
      for (const max of [Infinity, 0, 1, 3, 8]) expect(mergeSortedSpans(lists, max)).toEqual(all.slice(0, max));
    }
  });

  it('returns a single list that fits as it is, and cuts one that does not', () => {
    const one = [sp(0, 2), sp(1, 3), sp(5, 6)];
    expect(mergeSortedSpans([one])).toBe(one);
    expect(mergeSortedSpans([one], 2)).toEqual([sp(0, 2), sp(1, 3)]);
    expect(mergeSortedSpans([])).toEqual([]);
  });
});

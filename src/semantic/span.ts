import type { Normalised } from './normalise.js';

/** A range of the ORIGINAL input in UTF-16 offsets: `input.slice(start, end) === text`. */
export interface Span {
  start: number;
  end: number;
  text: string;
}

/** The original-text span behind normalised offsets [nStart, nEnd). */
export function spanOf(input: string, norm: Normalised, nStart: number, nEnd: number): Span {
  const start = norm.from[nStart]!;
  const end = norm.to[nEnd - 1]!;
  return { start, end, text: input.slice(start, end) };
}

export function makeSpan(input: string, start: number, end: number): Span {
  return { start, end, text: input.slice(start, end) };
}

/** Sort by position and drop exact duplicates. */
export function uniqueSpans(spans: Span[]): Span[] {
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && last.start === s.start && last.end === s.end) continue;
    out.push(s);
  }
  return out;
}

/**
 * The first `max` spans, in position order and without duplicates, of lists that are each
 * already sorted and unique (as the engine leaves an atom's spans). A merge, not a sort: a
 * feature over several atoms of a long text is built in time linear in what it keeps, and one
 * list is returned as it is when it fits.
 */
export function mergeSortedSpans(lists: readonly (readonly Span[])[], max = Infinity): readonly Span[] {
  if (lists.length === 1 && lists[0]!.length <= max) return lists[0]!;
  const at = new Array<number>(lists.length).fill(0);
  const out: Span[] = [];
  while (out.length < max) {
    let best = -1;
    let bestSpan: Span | undefined;
    for (let i = 0; i < lists.length; i++) {
      const s = lists[i]![at[i]!];
      if (s && (!bestSpan || s.start < bestSpan.start || (s.start === bestSpan.start && s.end < bestSpan.end))) {
        best = i;
        bestSpan = s;
      }
    }
    if (!bestSpan) break;
    at[best]!++;
    const last = out[out.length - 1];
    if (!last || last.start !== bestSpan.start || last.end !== bestSpan.end) out.push(bestSpan);
  }
  return out;
}

/**
 * Whether a range overlaps any of `spans`, for ranges asked in increasing `start` order (the
 * tokens of a post): the spans are merged into sorted runs once and swept, so a long post with
 * many identifiers stays linear.
 */
export function overlapSweep(spans: readonly { start: number; end: number }[]): (start: number, end: number) => boolean {
  if (spans.length === 0) return () => false;
  const runs: { start: number; end: number }[] = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    const last = runs[runs.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else runs.push({ start: s.start, end: s.end });
  }
  let r = 0;
  return (start, end) => {
    while (r < runs.length && runs[r]!.end <= start) r++;
    return r < runs.length && runs[r]!.start < end;
  };
}

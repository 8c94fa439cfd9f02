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

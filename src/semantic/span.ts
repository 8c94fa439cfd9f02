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

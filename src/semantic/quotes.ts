/**
 * Quotations: warnings, news and research cite the smugglers' words in quotation marks
 * (`beware of pages selling «visas without fingerprints»`), while an ad says them. Which risk
 * words stand inside quotation marks is evidence the model weighs (learned, not a rule): ads
 * quote too, a password or a euphemism (`visas «by the database»`).
 */
import type { Span } from './span.js';

// Paired marks on one line, with at most 160 characters between them: « », “ ”, „ “ (or „ ”),
// ‹ ›, ‘ ’ and straight double quotes. Straight single quotes also write apostrophes (don't,
// l'homme, the smugglers' boats): they pair only when the opening one follows no letter or digit,
// the closing one is followed by none, neither touches a space on its inner side, and no single
// quote stands between them ('el primo', not don't ... it's).
const QUOTED =
  /«[^«»\n]{1,160}»|“[^“”\n]{1,160}”|„[^„“”\n]{1,160}[“”]|‹[^‹›\n]{1,160}›|"[^"\n]{1,160}"|‘[^‘’\n]{1,160}’|(?<![\p{L}\p{N}])'(?=[^\s'])[^'\n]{0,159}[^\s']'(?![\p{L}\p{N}])/gu;
// The opening marks of QUOTED: most posts have none and need no scan.
const OPENING_MARK = /["'«“„‹‘]/;

/** The quoted passages of `input` (quotation marks included), in order, as UTF-16 offsets. */
export function quotedRanges(input: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  if (!OPENING_MARK.test(input)) return out;
  for (const m of input.matchAll(QUOTED)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

/**
 * Whether `span` lies wholly inside one of the ranges, which are in order and do not overlap
 * (as `quotedRanges` gives them): only the last range starting at or before the span can hold
 * it, found by bisection, so a long text with many quotes and hits stays linear.
 */
export function insideAny(span: Pick<Span, 'start' | 'end'>, ranges: readonly { start: number; end: number }[]): boolean {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ranges[mid]!.start <= span.start) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && span.end <= ranges[lo - 1]!.end;
}

/**
 * Money: an amount written next to a currency word or symbol (`3000$`, `€ 2.500`,
 * `5 ألف دولار`, `1500 евро`, `3k euros`). The currency words come from the shared lexicon.
 */
import type { Normalised } from '../normalise.js';
import { spanOf, type Span } from '../span.js';

export interface MoneyEntity {
  amount: number;
  currency: string;
  span: Span;
}

/** A currency mention located in normalised offsets. */
export interface CurrencyMention {
  code: string;
  nStart: number;
  nEnd: number;
}

// A digit-grouped amount never starts inside a word: in Arabizi `el daf3 430` the 3 is the
// letter ع, not the thousands of 3 430.
const AMOUNT = /(?<![\p{L}\d.,])\d{1,3}(?:[.,' \u00a0]\d{3})+(?:[.,]\d{1,2})?(?![\d])|(?<![\d.,])\d+(?:[.,]\d{1,2})?(?![\d])/gu;
// Words for "thousand" that follow an amount; after normalisation (marks stripped, lower case).
const THOUSAND = /^\s?(k|к|тыс\w*|الف|آلاف|الاف|هزار|زر|bin|mil|mille|thousand|grand)(?![\p{L}])/u;
// Words for "million" that follow an amount (also romanised Maghrebi `mlayn`, `melyoun`).
const MILLION = /^\s?(million|millions|millón|millones|milyon|mln|млн|миллион\w*|مليون|ملايين|ملاين|میلیون|ميليون|mlayn|mlayen|mlyn|melyoun|melyon|malyoun|malyon)(?![\p{L}])/u;
const MAX_GAP = 2;

/** The multiplier word right after an amount ("5 ألف", "3 million"), if any. */
function multiplierAt(text: string, end: number): { factor: number; length: number } {
  const window = text.slice(end, end + 12);
  const thousand = THOUSAND.exec(window);
  if (thousand) return { factor: 1000, length: thousand[0].length };
  const million = MILLION.exec(window);
  if (million) return { factor: 1_000_000, length: million[0].length };
  return { factor: 1, length: 0 };
}

function parseAmount(raw: string): number {
  const decimal = /[.,](\d{1,2})$/.exec(raw);
  const grouped = /[.,' \u00a0]\d{3}(?:$|[.,])/.test(raw);
  let whole = raw;
  let fraction = '';
  if (decimal && !(grouped && decimal[1]!.length === 3)) {
    whole = raw.slice(0, decimal.index);
    fraction = decimal[1]!;
  }
  const digits = whole.replace(/\D/g, '');
  return Number(fraction ? `${digits}.${fraction}` : digits);
}

/**
 * Amounts adjacent to a currency mention (at most two characters of space between), skipping
 * ranges already taken by phone numbers.
 */
export function extractMoney(
  input: string,
  norm: Normalised,
  currencies: readonly CurrencyMention[],
  taken: readonly Span[],
): MoneyEntity[] {
  if (currencies.length === 0 || !/\d/.test(norm.text)) return []; // an amount needs digits
  const out: MoneyEntity[] = [];
  const text = norm.text;
  const sorted = [...currencies].sort((a, b) => a.nStart - b.nStart);
  const used = new Set<CurrencyMention>();
  const spans = [...taken].sort((a, b) => a.start - b.start);
  const isTaken = (offset: number) => {
    let lo = 0;
    let hi = spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid]!.start <= offset) lo = mid + 1;
      else hi = mid;
    }
    const s = spans[lo - 1];
    return s !== undefined && offset < s.end;
  };
  const blank = (from: number, to: number) => /^\s*$/.test(text.slice(from, to));
  for (const m of text.matchAll(AMOUNT)) {
    let start = m.index;
    let end = start + m[0].length;
    let amount = parseAmount(m[0].trim());
    if (!Number.isFinite(amount) || amount <= 0) continue;
    const digitsEnd = end;
    const multiplier = multiplierAt(text, end);
    amount *= multiplier.factor;
    end += multiplier.length;
    // The nearest mention after the amount, else the nearest before it (binary search). A
    // mention may begin inside the multiplier word (`millones de pesos colombianos`).
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.nStart < digitsEnd) lo = mid + 1;
      else hi = mid;
    }
    const after = sorted[lo];
    const before = sorted[lo - 1];
    let best: CurrencyMention | undefined;
    if (after && !used.has(after) && (after.nStart < end || (after.nStart - end <= MAX_GAP && blank(end, after.nStart)))) best = after;
    else if (before && !used.has(before) && before.nEnd <= start && start - before.nEnd <= MAX_GAP && blank(before.nEnd, start)) best = before;
    if (!best || isTaken(norm.from[start]!)) continue;
    used.add(best);
    start = Math.min(start, best.nStart);
    end = Math.max(end, best.nEnd);
    out.push({ amount, currency: best.code, span: spanOf(input, norm, start, end) });
  }
  return out;
}

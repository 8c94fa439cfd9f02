/**
 * Hostile text: posts built to break or stall the scorer. Each gets a valid assessment that
 * keeps every promise of the contract (see support.ts: shape, score in [0, 1], exact spans,
 * bias + contributions = logit, limits), or for empty text the documented result (README:
 * language `und`, no signals, band `low`). No timings here: `npm run bench:fuzz` measures
 * that time grows linearly with length; these tests check the structural side (span caps,
 * the truncation flag).
 */
import { describe, expect, it } from 'vitest';
import type { Assessment } from '../../src/index.js';
import { scorer } from '../helpers/scorer.js';
import { DEFAULT_LIMITS, EMOJI, invariantViolations, randomMixedText } from './support.js';

const valid = (text: string): Assessment => {
  const a = scorer().score(text);
  expect(invariantViolations(text, a)).toEqual([]);
  return a;
};
const signal = (a: Assessment, text: string) => a.signals.find((g) => g.spans.some((s) => s.text === text));

describe('the invariant checker', () => {
  it('catches broken assessments (so passing it means something)', () => {
    const text = 'Boat to Lampedusa, 2500 euro, WhatsApp +218 91 726 7022';
    const a = scorer().score(text);
    expect(invariantViolations(text, a)).toEqual([]);
    expect(a.signals.length).toBeGreaterThan(0);
    const broken: ((x: Assessment) => void)[] = [
      (x) => (x.signals[0]!.spans[0]!.start += 1),
      (x) => (x.signals[0]!.contribution += 1e-6),
      (x) => (x.logit += 1e-6),
      (x) => (x.score = 1.5),
      (x) => (x.flagged = !x.flagged),
      (x) => (x.sha256 = '0'.repeat(64)),
      (x) => (x.length += 1),
      (x) => (x.truncated = { analysedLength: 3 }),
      (x) => ((x.categories as Record<string, number>).journey_offer = NaN),
      (x) => ((x.language as { code: string }).code = 'Arabic'),
      (x) => (x.entities.phones[0]!.span.text = 'x'),
      (x) => delete (x as Partial<Assessment>).versions,
    ];
    for (const breakIt of broken) {
      const copy = structuredClone(a);
      breakIt(copy);
      expect(invariantViolations(text, copy).length, breakIt.toString()).toBeGreaterThan(0);
    }
  });
});

describe('empty and whitespace-only text (documented: language und, no signals, band low)', () => {
  it.each([
    ['empty', ''],
    ['spaces', '   '],
    ['tabs and newlines', '\t\n\r\n \n'],
    ['Unicode spaces', '\u00a0\u2003\u3000\u2028\u2029\u205f'],
  ])('%s', (_name, text) => {
    const a = valid(text);
    expect(a.language.code).toBe('und');
    expect(a.signals).toEqual([]);
    expect(a.band).toBe('low');
    expect(a.flagged).toBe(false);
    expect(a.length).toBe(text.length);
  });

  it('an object with empty text, an id and meta', () => {
    const a = scorer().score({ id: 7, text: '', meta: { from: 'x' } });
    expect(invariantViolations('', a)).toEqual([]);
    expect(a.id).toBe('7');
    expect(a.meta).toEqual({ from: 'x' });
    expect(a.score).toBe(scorer().score('').score);
  });

  it('invisible-only text (zero-width, bidi controls) is valid and gets no signals', () => {
    const a = valid('\u200b\u200c\u200d\u2060\ufeff\u202e\u2066\u200f');
    expect(a.signals).toEqual([]);
  });
});

describe('lone surrogates', () => {
  it.each([
    ['high alone', '\ud800'],
    ['low alone', '\udfff'],
    ['reversed pair', '\ude80\ud83d'],
    ['high at the end of a keyword', 'boat smuggler\ud83d'],
    ['inside English keywords', 'smug\ud800gler boat to Lampe\udc00dusa 2500 euro'],
    ['inside Arabic keywords', 'تهر\udc00يب الى ايطا\ud800ليا واتساب'],
    ['many', 'a\ud800b\udc00'.repeat(5000)],
    ['high run', '\ud83d'.repeat(10_000)],
  ])('%s', (_name, text) => {
    const a = valid(text);
    // The assessment travels as JSON (CLI, API): lone surrogates survive the round trip.
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });
});

describe('bidi overrides and isolates, unpaired', () => {
  it.each([
    ['RLO alone', '\u202e'],
    ['RLO before an offer', '\u202eBoat to Lampedusa 2500 euro WhatsApp +218 91 726 7022'],
    ['LRO, RLE, LRE, PDF out of order', '\u202c\u202d\u202b\u202a smuggler \u202c\u202c'],
    ['isolates unclosed', '\u2066\u2067\u2068 تهريب الى اوروبا \u2067'],
    ['isolate closes nothing', '\u2069 boat \u2069'],
    ['marks between letters', 's\u200fm\u200eu\u061cg\u202eg\u202cl\u2066e\u2069r'],
    ['a thousand overrides', '\u202e\u202d'.repeat(1000) + ' passeur'],
  ])('%s', (_name, text) => {
    valid(text);
  });

  it('an override does not hide a keyword: the span is exact in the original', () => {
    const text = 'x \u202econtact the smuggler\u202c y';
    const a = valid(text);
    for (const g of a.signals) for (const s of g.spans) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});

describe('NUL, C0 and C1 controls', () => {
  const C0 = Array.from({ length: 0x20 }, (_, k) => String.fromCharCode(k)).join('');
  const C1 = Array.from({ length: 0x21 }, (_, k) => String.fromCharCode(0x7f + k)).join('');
  it.each([
    ['NUL', '\u0000'],
    ['all C0', C0],
    ['all C1', C1],
    ['NUL between letters', [...'smuggler boat Lampedusa'].join('\u0000')],
    ['controls around an offer', `${C0}Boat to Lampedusa${C1}2500 euro${C0}+218 91 726 7022${C1}`],
    ['ANSI escapes', '\u001b[31mboat\u001b[0m \u001b]0;title\u0007 \u009b2J'],
    ['a megabyte of NUL', '\u0000'.repeat(1 << 20)],
  ])('%s', (_name, text) => {
    valid(text);
  });
});

describe('combining-mark floods', () => {
  it.each([
    ["'a' + 5,000 combining marks", 'a' + '\u0301'.repeat(5000)],
    ['5,000 mixed marks on a keyword', 'smuggler' + Array.from({ length: 5000 }, (_, k) => String.fromCharCode(0x300 + (k % 0x70))).join('')],
    ['marks alone', '\u0301'.repeat(5000)],
    ['Arabic harakat flood', 'تهريب' + '\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652'.repeat(1000)],
    ['a mark on every letter of a long post', 'boat to lampedusa '.repeat(3000).replace(/(\p{L})/gu, '$1\u0308')],
  ])('%s', (_name, text) => {
    valid(text);
  });
});

describe('10,000 emoji', () => {
  it('ZWJ sequences, flags, skin tones, keycaps and tags: valid, spans capped', () => {
    const emoji: string[] = [];
    for (let k = 0; k < 10_000; k++) emoji.push(EMOJI[k % EMOJI.length]!);
    const text = emoji.join('');
    const a = valid(text);
    for (const g of a.signals) expect(g.spans.length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxSpansPerSignal);
  });

  it('one boat emoji 10,000 times: its signal has exactly maxSpansPerSignal spans and says it was cut', () => {
    const text = '🚤'.repeat(10_000);
    const a = valid(text);
    const boat = signal(a, '🚤');
    expect(boat).toBeDefined();
    expect(boat!.spans.length).toBe(DEFAULT_LIMITS.maxSpansPerSignal);
    expect(boat!.spansTruncated).toBe(true);
  });

  it('flags split in the middle (odd regional indicators)', () => {
    valid('🇮' + '🇮🇹'.repeat(2000) + '🇱');
  });
});

describe('long posts', () => {
  it('2 MiB of seeded random mixed scripts: valid and marked truncated past maxTextLength', () => {
    const text = randomMixedText(2 * 1024 * 1024, 1);
    expect(text.length).toBeGreaterThan(DEFAULT_LIMITS.maxTextLength);
    const a = valid(text);
    expect(a.truncated).toBeDefined();
    expect(a.length).toBe(text.length);
  });

  it('1.9 M units of random mixed scripts (under the limit): valid, not truncated', () => {
    const text = randomMixedText(1_900_000, 2);
    const a = valid(text);
    expect(a.truncated).toBeUndefined();
  });

  it.each([
    ['Arabic تهريب, spaced', 'تهريب', ' '],
    ['English smuggler, spaced', 'smuggler', ' '],
    ['English smuggler, no separator', 'smuggler', ''],
    ['Arabic تهريب, no separator', 'تهريب', ''],
    ['Russian перевозчик, comma', 'перевозчик', ', '],
  ])('1 MB of one keyword repeated (%s): valid, spans capped and flagged as cut', (_name, word, sep) => {
    const unitLength = word.length + sep.length;
    const text = (word + sep).repeat(Math.ceil((1 << 20) / unitLength));
    const a = valid(text);
    for (const g of a.signals) expect(g.spans.length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxSpansPerSignal);
    if (sep) {
      // Separated, the word is found each time: the signal is cut at the cap and says so.
      const g = signal(a, word);
      expect(g, `a signal with a span "${word}"`).toBeDefined();
      expect(g!.spans.length).toBe(DEFAULT_LIMITS.maxSpansPerSignal);
      expect(g!.spansTruncated).toBe(true);
    }
  });

  it('1 MB of one phone number repeated: valid, signal spans capped', () => {
    const text = '+218 91 726 7022 '.repeat(60_000);
    const a = valid(text);
    expect(a.entities.phones.length).toBeGreaterThan(DEFAULT_LIMITS.maxSpansPerSignal);
    for (const g of a.signals) expect(g.spans.length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxSpansPerSignal);
  });

  it.each([
    ['a URL of 1,000,000 trailing punctuation marks', 'http://x.com/' + '!'.repeat(1_000_000) + 'a'],
    ['a handle of 1,000,000 dots', '@abc' + '.'.repeat(1_000_000) + 'x'],
    ['1,000,000 slashes', 'https://t.me/' + '/'.repeat(1_000_000) + 'x'],
  ])('%s (once quadratic regular expressions)', (_name, text) => {
    valid(text);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadLexicons } from '../src/semantic/lexicon/load.js';
import { logitGap, scorer, spanViolations } from './helpers/scorer.js';

// Every term of every lexicon, so the property covers the real patterns, not only random text.
const bundle = loadLexicons();
const terms = [
  ...bundle.lexicons.flatMap((l) => l.entries.flatMap((e) => [...e.terms, ...(e.arabizi ?? [])])),
  ...bundle.apps.flatMap((a) => a.terms),
  ...bundle.places.flatMap((p) => p.terms),
  ...bundle.emoji.map((e) => e.chars),
  '+218 91 726 7022', '00905376737968', '٠٠٢١٨٩١٧٢٦٧٠٢٢', '3000$', '€ 2.500', '@smuggler_99', 't.me/some_channel',
];

const obfuscations: ((s: string) => string)[] = [
  (s) => s,
  (s) => [...s].join('\u200b'),
  (s) => [...s].join(' '),
  (s) => s.toUpperCase(),
  (s) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d))),
  (s) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d))),
  (s) => s.replace(/o/g, 'о').replace(/a/g, 'а'),
  (s) => `\u202e${s}\u202c`,
  (s) => s.replace(/(.)/gu, '$1$1'),
];

const noise = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('\ud800', '\udfff', '\u0000', '\u202e', '\u200d', '🚤', '🇮🇹', 'ـــ', '\u0301\u0301\u0301', '\r\n', ' '),
);

const post = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...terms), fc.integer({ min: 0, max: obfuscations.length - 1 })).map(([t, k]) => obfuscations[k]!(t)) },
      { weight: 2, arbitrary: noise },
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(' '));

describe('span invariant and additive explanation', () => {
  it('holds for lexicon terms, obfuscated variants and random Unicode', () => {
    const s = scorer();
    fc.assert(
      fc.property(post, (text) => {
        const a = s.score(text);
        expect(spanViolations(text, a)).toEqual([]);
        expect(logitGap(a)).toBeLessThan(1e-9);
        expect(a.score).toBeGreaterThanOrEqual(0);
        expect(a.score).toBeLessThanOrEqual(1);
      }),
      { numRuns: 600, seed: 20261123 },
    );
  });

  it('holds for every single lexicon term', () => {
    const s = scorer();
    for (const t of terms) {
      const a = s.score(`xx ${t} yy`);
      expect(spanViolations(`xx ${t} yy`, a)).toEqual([]);
      expect(logitGap(a)).toBeLessThan(1e-9);
    }
  });
});

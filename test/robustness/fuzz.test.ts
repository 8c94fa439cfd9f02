/**
 * Seeded fuzzing of the scorer (fast-check): hostile posts of mixed scripts, lexicon terms
 * disguised with zero-width characters, bidi controls, homoglyphs, lone surrogates and
 * controls. Nothing may throw and every assessment keeps every promise (shape, spans exact,
 * bias + contributions = logit, limits). `npm run bench:fuzz` runs 100,000 cases one-shot.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createScorer } from '../../src/index.js';
import { scorer } from '../helpers/scorer.js';
import { givenLang, hostilePost, invariantViolations, LEXICON_TERMS } from './support.js';

const SEED = 20261123;

describe('fuzzing the scorer with hostile posts', () => {
  it('generates what it claims: lexicon terms, surrogates, bidi controls (the fuzz is not blind)', () => {
    const sample = fc.sample(hostilePost, { numRuns: 500, seed: SEED }).join('\n');
    expect(LEXICON_TERMS.length).toBeGreaterThan(100);
    expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(sample)).toBe(true);
    expect(/[\u202a-\u202e\u2066-\u2069]/.test(sample)).toBe(true);
    expect(/[\u0600-\u06ff]/.test(sample) && /[\u0400-\u04ff]/.test(sample)).toBe(true);
    expect(LEXICON_TERMS.filter((t) => t.length >= 4).some((t) => sample.includes(t))).toBe(true);
  });

  it('default limits: no throw, every invariant, deterministic (3,000 cases)', () => {
    const s = scorer();
    fc.assert(
      fc.property(hostilePost, givenLang, (text, lang) => {
        const a = s.score(lang === undefined ? text : { text, lang });
        expect(invariantViolations(text, a)).toEqual([]);
        expect(s.score(lang === undefined ? text : { text, lang })).toEqual(a);
      }),
      { numRuns: 3000, seed: SEED },
    );
  });

  it('tight limits: truncation and span caps keep every invariant (1,500 cases)', () => {
    const limits = { maxTextLength: 40, maxSpansPerSignal: 2 };
    const s = createScorer(limits);
    let truncated = 0;
    let spansTruncated = 0;
    fc.assert(
      fc.property(hostilePost, (text) => {
        const a = s.score({ id: 'x', text, meta: { source: 'fuzz' } });
        expect(invariantViolations(text, a, limits)).toEqual([]);
        expect(a.id).toBe('x');
        if (a.truncated) truncated++;
        if (a.signals.some((g) => g.spansTruncated)) spansTruncated++;
      }),
      { numRuns: 1500, seed: SEED + 1 },
    );
    // Both limits were actually hit, so the property covered them.
    expect(truncated).toBeGreaterThan(0);
    expect(spansTruncated).toBeGreaterThan(0);
  });
});

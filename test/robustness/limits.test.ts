/**
 * The scorer's limits (`maxTextLength`, `maxSpansPerSignal`): exceeding one gives the
 * documented flag, never a crash; a wrong value is refused by zod with the option's name; both
 * are documented in the README's createScorer reference with their real defaults.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createScorer, scorerOptionsSchema } from '../../src/index.js';
import { ROOT } from '../helpers/paths.js';
import { scorer } from '../helpers/scorer.js';
import { DEFAULT_LIMITS, invariantViolations } from './support.js';

describe('maxTextLength', () => {
  const limits = { maxTextLength: 100, maxSpansPerSignal: 50 };
  const s = createScorer({ maxTextLength: 100 });

  it('a text at the limit is analysed whole, no flag', () => {
    const text = 'a'.repeat(100);
    const a = s.score(text);
    expect(a.truncated).toBeUndefined();
    expect(invariantViolations(text, a, limits)).toEqual([]);
  });

  it('a longer text is analysed up to the limit and marked truncated; length and sha256 describe the whole text', () => {
    const text = 'a'.repeat(100) + ' smuggler boat to Lampedusa';
    const a = s.score(text);
    expect(a.truncated).toEqual({ analysedLength: 100 });
    expect(a.length).toBe(text.length);
    expect(a.sha256).toBe(scorer().score(text).sha256);
    expect(invariantViolations(text, a, limits)).toEqual([]);
    // Evidence past the limit is not read: the default scorer finds it, this one does not.
    const full = scorer().score(text);
    expect(full.signals.some((g) => g.spans.some((p) => p.start >= 100))).toBe(true);
    expect(a.signals.some((g) => g.spans.some((p) => p.end > 100))).toBe(false);
  });

  it('the cut never splits a surrogate pair', () => {
    const text = 'a'.repeat(99) + '🚤🚤 boat';
    const a = s.score(text);
    expect(a.truncated).toEqual({ analysedLength: 99 });
    expect(invariantViolations(text, a, limits)).toEqual([]);
  });

  it('a limit of 1 with an emoji first analyses nothing, and says so', () => {
    const a = createScorer({ maxTextLength: 1 }).score('🚤 boat');
    expect(a.truncated).toEqual({ analysedLength: 0 });
    expect(a.signals).toEqual([]);
  });

  it('the default is 2,000,000 UTF-16 units', () => {
    expect(scorerOptionsSchema.parse({}).maxTextLength).toBe(DEFAULT_LIMITS.maxTextLength);
    const text = 'x '.repeat(DEFAULT_LIMITS.maxTextLength / 2) + 'y';
    expect(scorer().score(text).truncated).toEqual({ analysedLength: DEFAULT_LIMITS.maxTextLength });
    expect(scorer().score(text.slice(0, -1)).truncated).toBeUndefined();
  });
});

describe('maxSpansPerSignal', () => {
  const s = createScorer({ maxSpansPerSignal: 3 });
  const find = (a: ReturnType<typeof s.score>, word: string) => a.signals.find((g) => g.spans.some((p) => p.text === word));

  it('more spans than the limit: cut to the limit, signal marked spansTruncated, score unchanged', () => {
    const text = 'smuggler '.repeat(10);
    const a = s.score(text);
    const g = find(a, 'smuggler');
    expect(g).toBeDefined();
    expect(g!.spans.length).toBe(3);
    expect(g!.spansTruncated).toBe(true);
    // The first spans are kept, in order.
    expect(g!.spans.map((p) => p.start)).toEqual([0, 9, 18]);
    // The score uses all the evidence: the same as with the default limit.
    const full = scorer().score(text);
    expect(a.logit).toBe(full.logit);
    expect(a.score).toBe(full.score);
    expect(invariantViolations(text, a, { maxTextLength: DEFAULT_LIMITS.maxTextLength, maxSpansPerSignal: 3 })).toEqual([]);
  });

  it('exactly the limit: all spans, no flag', () => {
    const a = s.score('smuggler smuggler smuggler');
    const g = find(a, 'smuggler');
    expect(g!.spans.length).toBe(3);
    expect(g!.spansTruncated).toBeUndefined();
  });

  it('the default is 50', () => {
    expect(scorerOptionsSchema.parse({}).maxSpansPerSignal).toBe(DEFAULT_LIMITS.maxSpansPerSignal);
    const g = find(scorer().score('smuggler '.repeat(60)), 'smuggler');
    expect(g!.spans.length).toBe(50);
    expect(g!.spansTruncated).toBe(true);
  });
});

describe('invalid limit values are refused by zod, naming the option', () => {
  const bad: [string, unknown][] = [
    ['maxTextLength', 0],
    ['maxTextLength', -5],
    ['maxTextLength', 1.5],
    ['maxTextLength', '100'],
    ['maxTextLength', Number.NaN],
    ['maxTextLength', Number.POSITIVE_INFINITY],
    ['maxTextLength', null],
    ['maxSpansPerSignal', 0],
    ['maxSpansPerSignal', -1],
    ['maxSpansPerSignal', 2.5],
    ['maxSpansPerSignal', '50'],
    ['maxSpansPerSignal', Number.NaN],
    ['maxSpansPerSignal', true],
  ];
  it.each(bad)('%s: %s', (option, value) => {
    let error: unknown;
    try {
      createScorer({ [option]: value } as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(z.ZodError);
    const issues = (error as z.ZodError).issues;
    expect(issues.map((i) => i.path.join('.'))).toEqual([option]);
    expect((error as Error).message).toContain(option);
  });

  it('a misspelt option is refused, not ignored', () => {
    expect(() => createScorer({ maxTextLenght: 10 } as never)).toThrow(/maxTextLenght/);
  });

  it('valid values are accepted', () => {
    expect(() => createScorer({ maxTextLength: 1, maxSpansPerSignal: 1 })).not.toThrow();
  });
});

describe('the README documents the limits and their defaults', () => {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  const section = readme.slice(readme.indexOf('### `createScorer(options?)`'), readme.indexOf('### The assessment'));
  const row = (option: string) => section.split('\n').find((l) => l.startsWith(`| \`${option}\` |`));
  const defaults = scorerOptionsSchema.parse({});

  it.each([
    ['maxTextLength', 'truncated'],
    ['maxSpansPerSignal', 'spansTruncated'],
  ] as const)('%s: a row with the real default and the flag it sets', (option, flag) => {
    const r = row(option);
    expect(r, `README row for ${option}`).toBeDefined();
    const documented = Number(r!.split('|')[2]!.trim().replace(/,/g, ''));
    expect(documented).toBe(defaults[option]);
    expect(r).toMatch(new RegExp(`\`${flag}[\`:]`));
  });

  it('says what a wrong option does and what empty text gets', () => {
    expect(section).toMatch(/ZodError/);
    expect(section).toMatch(/Empty or whitespace-only text is not an error/);
    expect(section).toMatch(/`und`/);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractSeedItems, isPolicyDocument, isQuotedAd, paragraphs, reportSentences } from '../src/evaluate/seeds.js';
import { HAVE_SEEDS, SEEDS } from './helpers/paths.js';
import { logitGap, scorer, spanViolations } from './helpers/scorer.js';

// The seeds are read at run time and never copied into the repository.
describe.skipIf(!HAVE_SEEDS)('seed documents', () => {
  // Read only when the seeds exist: describe.skipIf still runs this body to collect tests.
  const deck = HAVE_SEEDS ? readdirSync(SEEDS).find((f) => f.startsWith('004'))! : '';
  const ads = HAVE_SEEDS ? paragraphs(readFileSync(join(SEEDS, deck), 'utf8')).filter(isQuotedAd) : [];

  it('finds the two Arabic ads of the Trento deck', () => {
    expect(ads).toHaveLength(2);
  });

  it('flags the Sudan -> Libya ad as Arabic, with reasons and the Libyan phone', () => {
    const a = scorer().score(ads[0]!);
    expect(a.flagged).toBe(true);
    expect(a.language.code).toBe('ar');
    expect(a.signals.length).toBeGreaterThanOrEqual(3);
    expect(a.entities.phones.map((p) => p.e164)).toContainEqual(expect.stringMatching(/^\+218\d{8,9}$/));
    expect(a.entities.phones.find((p) => p.e164.startsWith('+218'))?.country).toBe('LY');
    expect(spanViolations(ads[0]!, a)).toEqual([]);
    expect(logitGap(a)).toBeLessThan(1e-9);
  });

  it('flags the Istanbul ships ad with its Turkish and Egyptian numbers', () => {
    const a = scorer().score(ads[1]!);
    expect(a.flagged).toBe(true);
    expect(a.language.code).toBe('ar');
    const countries = a.entities.phones.map((p) => p.country);
    expect(countries).toContain('TR');
    expect(countries).toContain('EG');
  });

  it('flags at most a small share of the policy paragraphs of 000 and 002', () => {
    const items = extractSeedItems(SEEDS).filter((i) => isPolicyDocument(i.document));
    expect(items.length).toBeGreaterThan(50);
    const flagged = items.filter((i) => scorer().score(i.text).flagged);
    expect(flagged.length / items.length).toBeLessThanOrEqual(0.02);
  });

  it('does not flag report-style sentences about smugglers online or police work', () => {
    const sentences = reportSentences(extractSeedItems(SEEDS));
    expect(sentences.length).toBeGreaterThan(20);
    const flagged = sentences.filter((s) => scorer().score(s).flagged);
    expect(flagged.length / sentences.length).toBeLessThanOrEqual(0.02);
  });
});

import { describe, expect, it } from 'vitest';
import { createScorer } from '../src/index.js';
import { ingestCsv } from '../src/ingest/csv.js';
import { postOf } from '../src/worker/stream-worker.js';
import { languageCode } from '../src/semantic/language-code.js';

describe('languageCode', () => {
  it('reads ISO 639 codes and locale tags as the primary language', () => {
    expect(['ar', 'prs', 'EN', 'en-US', 'en_GB', 'ru-RU', 'tr-TR', 'es-419', 'ps-Arab-AF', ' fr-CA '].map(languageCode)).toEqual(['ar', 'prs', 'en', 'en', 'en', 'ru', 'tr', 'es', 'ps', 'fr']);
  });
  it('reads Persian of Afghanistan as Dari', () => {
    expect(['fa-AF', 'fa_af', 'fa-Arab-AF', 'fa-IR', 'fa'].map(languageCode)).toEqual(['prs', 'prs', 'prs', 'fa', 'fa']);
  });
  it('reads the three-letter codes of the covered languages as the scorer writes them', () => {
    expect(['rus', 'ARA', 'arz', 'apc', 'pes', 'per', 'fas-AF', 'prs', 'pbt', 'pus', 'eng', 'fre', 'spa-MX', 'tur', 'ukr'].map(languageCode)).toEqual(['ru', 'ar', 'ar', 'ar', 'fa', 'fa', 'prs', 'prs', 'ps', 'ps', 'en', 'fr', 'es', 'tr', 'uk']);
    // Languages without a lexicon keep their code.
    expect(['de', 'kmr', 'tir'].map(languageCode)).toEqual(['de', 'kmr', 'tir']);
  });
  it('refuses what is not a code or tag', () => {
    for (const bad of ['English', 'e', 'en-', 'en--US', '12', 'en US', '', 'ar-مصر']) expect(languageCode(bad), bad).toBeUndefined();
  });
});

describe('language tags at the boundaries', () => {
  const scorer = createScorer();
  it('the scorer takes a locale tag as the given language', () => {
    expect(scorer.score({ text: 'hello there', lang: 'en-US' }).language).toMatchObject({ code: 'en', method: 'given' });
    expect(scorer.score({ text: 'سلام', lang: 'fa-AF' }).language.code).toBe('prs');
    // A three-letter code gives the same assessment as the scorer's own code (the phone default follows the language).
    const text = 'звоните 8 916 123 45 67';
    expect(scorer.score({ text, lang: 'rus' })).toEqual(scorer.score({ text, lang: 'ru' }));
    expect(() => scorer.score({ text: 'hello', lang: 'english' })).toThrowError(/ISO 639 code/);
  });
  it('CSV input and stream entries read tags the same way', async () => {
    const out = [];
    for await (const r of ingestCsv(['text,lang\nhello,en-GB\nhola,castellano\n'])) out.push(r);
    expect(out[0]).toMatchObject({ ok: true, post: { lang: 'en' } });
    expect(out[1]).toMatchObject({ ok: false, error: expect.stringMatching(/^lang: expected an ISO 639 code/) });
    expect(postOf('1-0', ['text', 'hi', 'lang', 'fa-AF'])).toMatchObject({ post: { lang: 'prs' } });
    expect(postOf('1-0', ['text', 'hi', 'lang', 'Dari'])).toMatchObject({ reason: expect.stringMatching(/not a language code/) });
  });
});

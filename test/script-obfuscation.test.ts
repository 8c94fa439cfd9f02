import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { arabicTermSkeletons, arabicWordForms, latinFits, MIN_SKELETON } from '../src/semantic/arabizi.js';
import { foldHomoglyphs } from '../src/semantic/homoglyphs.js';
import { keysOf, Matcher } from '../src/semantic/lexicon/matcher.js';
import { normalise, visibleText } from '../src/semantic/normalise.js';
import { tokenise } from '../src/semantic/tokenise.js';
import { termValues, vocabularyIndex } from '../src/score/vocabulary.js';
import { ROOT } from './helpers/paths.js';
import { scorer, spanViolations } from './helpers/scorer.js';

const keys = (s: string) => tokenise(normalise(s)).map((t) => t.key);
const matched = (terms: string[], text: string, extra: { deriveArabizi?: number } = {}) => {
  const m = new Matcher([{ terms, data: 'x', ...extra }]);
  return m.match(tokenise(normalise(text))).map((h) => text.slice(h.start, h.end));
};

describe('bidi and invisible controls', () => {
  it('leave keys, links and language as without them', () => {
    const clean = 'Boat from Libya to Italy, contact @hope_705 on WhatsApp';
    const hidden = clean.replace(/\p{L}{4,}/gu, (w) => `\u2067${w.slice(0, 2)}\u200f${w.slice(2)}\u2069`);
    expect(keys(hidden)).toEqual(keys(clean));
    const a = scorer().score(hidden);
    const b = scorer().score(clean);
    expect(a.language.code).toBe(b.language.code);
    expect(a.entities.handles.map((h) => h.handle)).toEqual(b.entities.handles.map((h) => h.handle));
    expect(spanViolations(hidden, a)).toEqual([]);
  });

  it('keeps a Persian zero-width non-joiner for the reader, drops other controls', () => {
    expect(visibleText('می\u200cروم').text).toBe('می\u200cروم');
    const v = visibleText('a\u202eb\u200bc');
    expect(v.text).toBe('abc');
    expect([...v.map!]).toEqual([0, 2, 4]);
  });
});

describe('homoglyphs fold towards the script of the word, then of the text', () => {
  it('folds a Latin word with Cyrillic look-alikes to Latin and the reverse', () => {
    expect(foldHomoglyphs('еurоpе')).toBe('europe');
    expect(foldHomoglyphs('пepeпpaвa')).toBe('переправа');
  });

  it('folds a word made only of look-alikes to the script around it', () => {
    // хaтe: Cyrillic х т with Latin a e, every letter has a twin.
    expect(keys('Всем на хaтe сегодня')).toContain('хате');
    expect(keys('The boаt leaves tonight')).toContain('boat');
  });

  it('finds handles and links written with look-alike letters, spans on the original', () => {
    const text = 'DM @hоpе_705 or wа.me/905551112233';
    const a = scorer().score(text);
    expect(a.entities.handles.map((h) => h.span.text)).toEqual(['@hоpе_705']);
    expect(spanViolations(text, a)).toEqual([]);
  });
});

describe('spaced app names', () => {
  for (const [text, name] of [
    ['add me on w h a t s a p p', 'w h a t s a p p'],
    ['пиши в а й б е р', 'в а й б е р'],
    ['للحجز و ا ت س فقط', 'و ا ت س'],
    ['фото в W h a t s A p p', 'W h a t s A p p'],
    ['пиши с в а й б е р', 'в а й б е р'],
  ] as const) {
    it(`finds ${JSON.stringify(name)} in ${JSON.stringify(text)}`, () => {
      const a = scorer().score(text);
      expect(a.entities.apps.map((x) => x.span.text)).toEqual([name]);
      expect(spanViolations(text, a)).toEqual([]);
    });
  }

  it('does not join letters of different scripts into one word', () => {
    expect(keys('в w h a t s')).toEqual(['в', 'whats']);
  });
});

describe('Arabic article before a word that starts with ل', () => {
  it('matches the word after the article although squeezing merged the two ل', () => {
    expect(matched(['لجوء'], 'قدم اللجوء هنا')).toEqual(['اللجوء']);
    expect(matched(['لجوء'], 'واللجوء')).toEqual(['واللجوء']);
    expect(matched(['طلب لجوء'], 'طلب اللجوء')).toEqual(['طلب اللجوء']);
  });

  it('keeps a stretched article apart from li + article forms', () => {
    // اللتواصل is التواصل with a doubled ل, not ال + لتواصل (the squeezed key of للتواصل).
    expect(matched(['للتواصل'], 'اللتواصل')).toEqual([]);
    expect(matched(['للتواصل'], 'للتواصل')).toEqual(['للتواصل']);
    expect(matched(['الطريق'], 'اللطريق')).toEqual(['اللطريق']);
  });
});

describe('Arabizi skeletons derived from Arabic terms', () => {
  it('matches Latin spellings with digits without curated spellings', () => {
    // The article may be read with the word or not: the longest reading is there.
    expect(matched(['الدفع عند الوصول'], 'el daf3 3nd el wusool', { deriveArabizi: MIN_SKELETON })).toContain('el daf3 3nd el wusool');
    expect(matched(['رحلة'], 'ri7la w rihla', { deriveArabizi: MIN_SKELETON })).toEqual(['ri7la', 'rihla']);
    expect(matched(['مضمون'], 'madmoon', { deriveArabizi: MIN_SKELETON })).toEqual(['madmoon']);
    expect(matched(['رحلة'], 'ri7la')).toEqual([]);
  });

  it('skips skeletons too short to tell words apart', () => {
    expect(arabicTermSkeletons(keysOf('من'))).toEqual([]);
    for (const s of arabicTermSkeletons(keysOf('بحر'))) expect(Math.max(...s.map((w) => w.length))).toBeGreaterThanOrEqual(MIN_SKELETON);
  });

  it('counts them only in posts that read as Arabizi or Arabic', () => {
    const s = scorer();
    const arabizi = 'ri7la madmoona bl ba7r, el daf3 3nd el wusool';
    const a = s.score(arabizi);
    expect(a.language.code).toBe('ar');
    expect(a.signals.length).toBeGreaterThan(0);
    expect(spanViolations(arabizi, a)).toEqual([]);
    // The same consonants in an English post without Arabizi digits are English words.
    // Word evidence (`words.*`) may cite them, but only as the English words they are.
    const english = s.score('I built a bold blade for the market in the harbour');
    const own = new Set(Object.keys((JSON.parse(readFileSync(`${ROOT}model/model.json`, 'utf8')) as { wordEvidence: Record<string, number> }).wordEvidence));
    const skeletonHits = english.signals.filter((x) => x.spans.some((sp) => /^(built|bold|blade|market|harbour)$/i.test(sp.text) && !(x.id.startsWith('words.') && own.has(sp.text.toLowerCase()))));
    expect(skeletonHits).toEqual([]);
  });
});

describe('learned Arabic words in Arabizi', () => {
  // A vocabulary of normalised Arabic words, as training picks them, and the words that fire.
  const vocabulary = ['رحلة', 'ما', 'اسبوعي', 'يتسلل', 'يتصل', 'الجاية', 'البحر', 'boat'].map((w) => keysOf(w)[0]!);
  const index = vocabularyIndex(vocabulary);
  const fired = (text: string, arabizi: boolean) =>
    termValues(text, tokenise(normalise(text)), index, [], arabizi).flatMap((v, i) => v.spans.map((sp) => `${vocabulary[i]}=${sp.text}`));

  it('fire on their Latin spellings in an Arabizi post, spans on the Latin letters', () => {
    expect(fired('Ri7la ma fi', true)).toEqual([`${keysOf('رحلة')[0]}=Ri7la`, 'ما=ma']);
    // `el ba7r` is two words, البحر one: only the joined spelling is the learned word.
    expect(fired('el ba7r w aljaia', true)).toEqual([`${keysOf('الجاية')[0]}=aljaia`]);
    expect(fired('elba7r aljaia', true).sort()).toEqual([`${keysOf('البحر')[0]}=elba7r`, `${keysOf('الجاية')[0]}=aljaia`].sort());
    // The Latin word's own key still counts.
    expect(fired('boat ri7la', true)).toEqual([`${keysOf('رحلة')[0]}=ri7la`, 'boat=boat']);
  });

  it('need the post to read as Arabizi, unless the word itself has Arabizi digits', () => {
    expect(fired('ma rihla', false)).toEqual([]);
    expect(fired('ma ri7la', false)).toEqual([`${keysOf('رحلة')[0]}=ri7la`]);
  });

  it('skip skeletons two words share and words whose final vowel differs', () => {
    // يتسلل and يتصل are both ytsl: neither.
    expect(fired('ytsl yitsal', true)).toEqual([]);
    // asbou3 ends in a consonant: اسبوع, not اسبوعي (asbou3i).
    expect(fired('asbou3', true)).toEqual([]);
    expect(fired('asbou3i', true)).toEqual(['اسبوعي=asbou3i']);
  });
});

describe('derived skeletons that drop vowels', () => {
  const forms = (term: string) => arabicWordForms(keysOf(term));

  it('count only when the Latin word ends like the Arabic one and writes its long vowels', () => {
    expect(latinFits('alsfar', forms('السفر'))).toBe(true);
    expect(latinFits('alsafar', forms('السفر'))).toBe(true); // short vowels may be written
    expect(latinFits('alsfara', forms('السفر'))).toBe(false); // السفارة, ends in a vowel
    expect(latinFits('tadhaker', forms('تذاكر'))).toBe(true);
    expect(latinFits('tdhkra', forms('تذاكر'))).toBe(false); // تذكرة: no vowel after dh
    expect(latinFits('ri7la', forms('رحلة'))).toBe(true);
    expect(latinFits('elri7la', forms('الرحلة'))).toBe(true);
    // A word with another skeleton is no evidence either way.
    expect(latinFits('hello', forms('السفر'))).toBe(true);
  });

  it('tell words apart by the quality of their long vowels', () => {
    expect(latinFits('jam3iya', forms('جمعية'))).toBe(true);
    expect(latinFits('jam3ia', forms('جمعية'))).toBe(true);
    expect(latinFits('jma3a', forms('جمعية'))).toBe(false); // جماعة: a, not i, after 3
    expect(latinFits('jama3a', forms('جماعة'))).toBe(true);
    expect(latinFits('jam3a', forms('جماعة'))).toBe(false); // جامعة: no vowel after m
  });
});

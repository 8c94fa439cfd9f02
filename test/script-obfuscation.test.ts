import { describe, expect, it } from 'vitest';
import { arabicTermSkeletons, MIN_SKELETON } from '../src/semantic/arabizi.js';
import { foldHomoglyphs } from '../src/semantic/homoglyphs.js';
import { keysOf, Matcher } from '../src/semantic/lexicon/matcher.js';
import { normalise, visibleText } from '../src/semantic/normalise.js';
import { tokenise } from '../src/semantic/tokenise.js';
import { scorer, spanViolations } from './helpers/scorer.js';

const keys = (s: string) => tokenise(normalise(s)).map((t) => t.key);
const matched = (terms: string[], text: string, extra: { deriveArabizi?: boolean } = {}) => {
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
    expect(matched(['الدفع عند الوصول'], 'el daf3 3nd el wusool', { deriveArabizi: true })).toContain('el daf3 3nd el wusool');
    expect(matched(['رحلة'], 'ri7la w rihla', { deriveArabizi: true })).toEqual(['ri7la', 'rihla']);
    expect(matched(['مضمون'], 'madmoon', { deriveArabizi: true })).toEqual(['madmoon']);
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
    const english = s.score('I built a bold blade for the market in the harbour');
    const skeletonHits = english.signals.filter((x) => x.spans.some((sp) => /^(built|bold|blade|market|harbour)$/i.test(sp.text)));
    expect(skeletonHits).toEqual([]);
  });
});

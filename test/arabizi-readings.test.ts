import { describe, expect, it } from 'vitest';
import { arabicTermSkeletons, arabicTermSpellings, arabicWordForms, arabiziVowelGroups, groupsFit, latinFits, latinReadings } from '../src/semantic/arabizi.js';
import { SemanticEngine, type ReadToken } from '../src/semantic/engine.js';
import { loadLexicons } from '../src/semantic/lexicon/load.js';
import { keysOf, Matcher } from '../src/semantic/lexicon/matcher.js';
import { normalise } from '../src/semantic/normalise.js';
import { tokenise } from '../src/semantic/tokenise.js';
import { termValues, vocabularyIndex } from '../src/score/vocabulary.js';
import { scorer, spanViolations } from './helpers/scorer.js';

const key = (w: string) => keysOf(w)[0]!;
const forms = (...terms: string[]) => arabicWordForms(terms.flatMap((t) => keysOf(t)));
/** What a one-spec matcher deriving Arabizi finds in a text; derived hits only. */
const derived = (terms: string[], text: string, deriveSpelled = false) => {
  const m = new Matcher([{ terms, data: 'x', deriveArabizi: 3, deriveSpelled }]);
  return m.match(tokenise(normalise(text))).filter((h) => h.derived).map((h) => text.slice(h.start, h.end));
};

let engine: SemanticEngine | undefined;
const analyse = (text: string) => (engine ??= new SemanticEngine(loadLexicons())).analyse(text);
const readingOf = (text: string, word: string) => (analyse(text).tokens as ReadToken[]).find((t) => text.slice(t.start, t.end) === word)?.reading;

describe('Arabizi words with joined clitics', () => {
  it('are read without the article or a preposition down to a three-letter skeleton, for derived terms only', () => {
    expect(derived(['ضمان'], 'waldman ya sa7bi')).toEqual(['waldman']);
    expect(derived(['بلم'], 'alblm w bs')).toEqual(['alblm']);
    expect(derived(['جوازات'], 'aljouazat')).toEqual(['aljouazat']);
    expect(derived(['تركيا'], 'btrkia')).toEqual(['btrkia']);
    // Without derived skeletons, a curated spelling is not reached through a loose reading.
    const curated = new Matcher([{ terms: ['ضمان'], arabizi: ['dman'], data: 'x' }]);
    expect(curated.match(tokenise(normalise('waldman')))).toEqual([]);
  });

  it('reach a curated spelling that stands for the derived skeleton, as a derived hit', () => {
    // بلم's skeleton is also its curated spelling `blam`: the curated pattern replaced the
    // derived one, and the article must still be read off (`albalam`, `alblm`).
    const both = new Matcher([{ terms: ['بلم'], arabizi: ['balam', 'blam'], data: 'x', deriveArabizi: 3 }]);
    // One hit each: the two curated spellings share one skeleton, and so one pattern.
    const hits = (text: string) => both.match(tokenise(normalise(text))).map((h) => [text.slice(h.start, h.end), h.derived]);
    expect(hits('albalam w bs')).toEqual([['albalam', true]]);
    expect(hits('3nd elblm')).toEqual([['elblm', true]]);
    expect(hits('balam')).toEqual([['balam', false]]);
    // In a post, the engine checks them as derived hits: the ending must fit (بلم ends on m).
    expect(analyse('bs tnzlou mn albalam w mz9oua aljouazat 3nd alm7ta').atoms.get('transport')?.value ?? 0).toBeGreaterThan(0);
    expect(analyse('bs tnzlou mn alblm w mz9oua aljouazat 3nd alm7ta').atoms.get('transport')?.value ?? 0).toBeGreaterThan(0);
    expect(analyse('bs tnzlou mn albalama w mz9oua aljouazat 3nd alm7ta').atoms.get('transport')?.value ?? 0).toBe(0);
  });

  it('come back as Arabic letters in the reading', () => {
    expect(latinReadings('waldman', forms('ضمان'))).toEqual([key('والضمان')]);
    expect(latinReadings('btrkia', forms('تركيا'))).toEqual([key('بتركيا')]);
    expect(latinReadings('lghorba', forms('الغربة'))).toEqual([key('الغربة')]);
  });

  it('leave no vowel after the article', () => {
    expect(latinFits('lman', forms('المان'))).toBe(true);
    expect(latinFits('liman', forms('المان'))).toBe(false);
  });
});

describe('short Arabic words by their full spelling', () => {
  it('match when the skeleton is too short, only where asked', () => {
    expect(arabicTermSpellings(keysOf('يورو'))).toEqual(['yuru']);
    expect(arabicTermSpellings(keysOf('رحلة'))).toEqual([]); // long enough to derive a skeleton
    expect(arabicTermSpellings(keysOf('ما'))).toEqual([]); // too short to tell from Latin syllables
    expect(derived(['يورو'], 'yourou', true)).toEqual(['yourou']);
    expect(derived(['يورو'], 'yourou')).toEqual([]);
    expect(derived(['فيزا'], 'alfiza', true)).toEqual(['alfiza']);
    expect(derived(['يورو'], 'yara yaro', true)).toEqual([]);
  });
});

describe('terms mixing Arabic and Latin words', () => {
  it('derive per word, the Latin word as written', () => {
    expect(arabicTermSkeletons(keysOf('زبائن VIP')).map((p) => p.join(' '))).toContain('zbn vp');
    expect(derived(['زبائن VIP'], 'zba2n VIP')).toEqual(['zba2n VIP']);
    // A term with no Arabic word derives nothing.
    expect(arabicTermSkeletons(keysOf('western union'))).toEqual([]);
  });
});

describe('vowel groups', () => {
  it('allow short vowels alone or as the a of a diphthong, not next to a long vowel', () => {
    expect(arabiziVowelGroups('moua3id')).toEqual(['ua', 'i', '']);
    expect(latinFits('moua3id', forms('موعد'))).toBe(false);
    expect(latinFits('moua3id', forms('مواعيد'))).toBe(true);
    expect(latinFits('mou3d', forms('موعد'))).toBe(true);
    expect(latinFits('bait', forms('بيت'))).toBe(true);
    expect(groupsFit('020', ['a', 'ia', ''])).toBe(false);
    expect(groupsFit('020', ['a', 'ie', ''])).toBe(true); // e may be i
  });

  it('read a word written with fewer long vowels than it leaves out as none', () => {
    // آیوالیک (Ayvalık) writes ا ي و after the b of a joined ب: `balik` writes one a.
    expect(latinFits('balik', forms('آیوالیک'))).toBe(false);
  });

  it('prefer the word whose long vowels the Latin word writes', () => {
    expect(latinReadings('tri9', forms('طريق', 'طرق'))).toEqual([key('طريق')]);
    expect(latinReadings('tr9', forms('طريق', 'طرق'))).toEqual([key('طرق')]);
  });

  it('end a ta marbuta after ي as a vowel', () => {
    expect(latinReadings('asli', forms('اصلي', 'اصلية'))).toEqual([key('اصلي')]);
    expect(latinReadings('aslia', forms('اصلي', 'اصلية'))).toContain(key('اصلية'));
  });
});

describe('names and currencies in Arabizi posts', () => {
  it('are matched with the same checks as entries', () => {
    const s = scorer();
    const text = 'ba3d ma nwsl btrkia, bi 430 yourou, r7la madmoona';
    const a = s.score(text);
    expect(spanViolations(text, a)).toEqual([]);
    expect(a.entities.places.map((p) => `${p.id}:${p.span.text}`)).toContain('turkey:btrkia');
    expect(a.entities.money.map((m) => m.span.text)).toContain('430 yourou');
    // A digit that is an Arabizi letter is not the thousands of the amount after it.
    const paid = 'el daf3 430 yourou 3nd el wusool';
    expect(s.score(paid).entities.money.map((m) => `${m.amount}:${m.span.text}`)).toEqual(['430:430 yourou']);
    expect(s.score('price 3 430 euro').entities.money.map((m) => m.amount)).toEqual([3430]);
    // `trek` has the skeleton of تركيا but a vowel after r and none at the end.
    const b = s.score('trek w track w truck, ri7la madmoona');
    expect(b.entities.places.filter((p) => p.id === 'turkey')).toEqual([]);
  });

  it('are not read on Latin words a lexicon knows as written', () => {
    // `euros` is the currency, not اوروس (Evros) by its skeleton.
    const a = analyse('2500 euros, sa7bi 3adi ya5i');
    expect(a.entities.places.map((p) => p.span.text)).not.toContain('euros');
    expect(readingOf('Europe w sa7bi 3adi', 'Europe')).toBeUndefined();
  });
});

describe('learned words read through the lexicons', () => {
  it('take the Arabic word the lexicons read, not another of its skeleton', () => {
    expect(readingOf('3m ntlb bnat llshr m3 zba2n VIP', 'zba2n')).toBe(key('زبائن'));
    const vocabulary = [key('زبان'), key('ترك'), key('طريق'), key('كتاب')];
    const index = vocabularyIndex(vocabulary);
    const fired = (text: string) => {
      const tokens = analyse(text).tokens;
      return termValues(text, tokens, index, [], true).flatMap((v, i) => v.spans.map((sp) => `${vocabulary[i]}=${sp.text}`));
    };
    // Without a lexicon reading, the skeleton index decides.
    expect(fired('kitab w 5alas')).toEqual([`${key('كتاب')}=kitab`]);
    // Read by an entry as زبائن (not learned): no learned word; tri9 is طريق, not ترك.
    expect(fired('bnat m3 zba2n VIP')).toEqual([]);
    expect(fired('3n tri9 rousia')).toEqual([`${key('طريق')}=tri9`]);
  });
});

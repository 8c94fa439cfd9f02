import { describe, expect, it } from 'vitest';
import { normalise } from '../src/semantic/normalise.js';
import { tokenise } from '../src/semantic/tokenise.js';
import { foldHomoglyphs } from '../src/semantic/homoglyphs.js';
import { arabiziKey, hasArabiziDigits } from '../src/semantic/arabizi.js';

const keys = (s: string) => tokenise(normalise(s)).map((t) => t.key);

describe('normalise', () => {
  it('maps every normalised unit back to the original', () => {
    const input = 'Ｗhats\u200bApp ١٢٣ أهلاً 🚤 e\u0301';
    const n = normalise(input);
    for (let i = 0; i < n.text.length; i++) {
      expect(n.from[i]).toBeLessThan(n.to[i]!);
      expect(n.to[i]).toBeLessThanOrEqual(input.length);
    }
    expect(n.text).toContain('123');
    expect(n.text).not.toContain('\u200b');
  });

  it('unifies Arabic letter forms and strips harakat and tatweel', () => {
    expect(keys('أهلاً بالمسافرين')).toEqual(keys('اهلا بالمسافرين'));
    expect(keys('رحلـــة')).toEqual(keys('رحله'));
    expect(keys('مدرسة')).toEqual(keys('مدرسه'));
    expect(keys('یک کشتی')).toEqual(keys('يك كشتي'));
  });

  it('turns Persian and Arabic-Indic digits into ASCII', () => {
    expect(normalise('۰۹۱۲ ٠٩١٢').text).toBe('0912 0912');
  });

  it('removes zero-width and bidi controls inside words', () => {
    expect(keys('wha\u200ctsa\u202epp')).toEqual(keys('whatsapp'));
    expect(keys('وا\u200dتس')).toEqual(keys('واتس'));
  });

  it('squeezes repeated letters but never digits', () => {
    expect(keys('whaaatsssapp')).toEqual(keys('whatsapp'));
    expect(keys('00218')).toEqual(['00218']);
  });

  it('joins spaced-out letters', () => {
    expect(keys('w h a t s a p p now')).toEqual(keys('whatsapp now'));
    expect(keys('w.h.a.t.s.a.p.p')).toEqual(keys('whatsapp'));
    expect(keys('و ا ت س')).toEqual(keys('واتس'));
  });

  it('keeps a lone surrogate as a separator', () => {
    const n = normalise('a\ud800b');
    expect(n.text).toBe('a b');
  });
});

describe('homoglyphs', () => {
  it('folds Cyrillic letters inside a Latin word to Latin', () => {
    expect(foldHomoglyphs('еurоpе')).toBe('europe'); // Cyrillic е, о
  });
  it('folds Latin letters inside a Cyrillic word to Cyrillic', () => {
    expect(foldHomoglyphs('пepeпpaвa')).toBe('переправа');
  });
  it('leaves single-script words alone', () => {
    expect(foldHomoglyphs('переправа')).toBe('переправа');
    expect(foldHomoglyphs('europe')).toBe('europe');
  });
});

describe('arabizi', () => {
  it('gives spelling variants one skeleton', () => {
    expect(arabiziKey('ri7la')).toBe(arabiziKey('re7la'));
    expect(arabiziKey('ri7la')).toBe(arabiziKey('rihla'));
    expect(arabiziKey('madmon')).toBe(arabiziKey('madmoun'));
    expect(arabiziKey('3nd')).not.toBe(arabiziKey('and'));
  });
  it('tells Arabizi digits from units and ordinals', () => {
    expect(hasArabiziDigits('ri7la')).toBe(true);
    expect(hasArabiziDigits('3nd')).toBe(true);
    expect(hasArabiziDigits('24h')).toBe(false);
    expect(hasArabiziDigits('2nd')).toBe(false);
    expect(hasArabiziDigits('5kg')).toBe(false);
  });
});

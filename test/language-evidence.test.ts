/**
 * Evidence behind the Persian-script language decision and the Arabizi reading, unit by unit:
 * Iranian ZWNJ typing, marker words with clitics or inside ZWNJ compounds, digits that are
 * units or handle numbers rather than Arabizi letters, and Arabizi names with a joined ب or ل.
 */
import { describe, expect, it } from 'vitest';
import { arabicTermSkeletons, arabiziKey, hasArabiziDigits } from '../src/semantic/arabizi.js';
import { compileDialectMarkers, zwnjTyping, ZWNJ_TYPING } from '../src/semantic/dialect.js';
import { normalise } from '../src/semantic/normalise.js';
import { tokenise } from '../src/semantic/tokenise.js';
import { scorer } from './helpers/scorer.js';

const ZWNJ = '\u200c';
const keysOf = (w: string) => tokenise(normalise(w)).map((t) => t.key).join(' ');
const tokensOf = (text: string) => tokenise(normalise(text));

describe('Iranian ZWNJ typing', () => {
  it('counts the verb prefix and the comparative', () => {
    expect(zwnjTyping(`ما فردا می${ZWNJ}ریم`)).toBe(1);
    expect(zwnjTyping(`نمی${ZWNJ}دونم`)).toBe(1);
    expect(zwnjTyping(`راه مهم${ZWNJ}تر است`)).toBe(1);
    expect(zwnjTyping(`بزرگ${ZWNJ}ترین گروه`)).toBe(1);
  });

  it('ignores the plural (Dari writers separate it too), a ZWNJ dropped inside a word, and text without ZWNJ', () => {
    expect(zwnjTyping(`کتاب${ZWNJ}ها رو آوردم`)).toBe(0);
    expect(zwnjTyping(`رسانه${ZWNJ}ها گزارش دادند`)).toBe(0);
    expect(zwnjTyping(`مط${ZWNJ}ابق قانون`)).toBe(0);
    expect(zwnjTyping('میریم با کتابها')).toBe(0);
  });

  it('stops at the cap however many places there are', () => {
    const many = Array.from({ length: 6 }, () => `می${ZWNJ}ریم`).join(' ');
    expect(zwnjTyping(many)).toBe(ZWNJ_TYPING.cap);
  });
});

describe('dialect markers: clitics and compounds', () => {
  const known = new Set(['fa', 'prs']);
  const markers = compileDialectMarkers(
    {
      prs: ['موتر'].map(keysOf),
      'fa:weak': ['موتور', 'فارسی'].map(keysOf),
      default: ['prs'],
    },
    known,
  );

  it('reads a marker word with a pronoun or plural joined to it', () => {
    expect(markers.score(tokensOf('موتورش خاموش شد')).get('fa')).toBe(0.5);
    expect(markers.score(tokensOf('موترهایشان رسید')).get('prs')).toBe(1);
    // A stem shorter than three letters is not read: a word merely ending like a clitic.
    expect(markers.score(tokensOf('موتورشانه')).get('fa')).toBeUndefined();
  });

  it('reads the parts of a ZWNJ compound only when the text is given', () => {
    const text = `پست${ZWNJ}های فارسی${ZWNJ}زبان`;
    expect(markers.score(tokensOf(text)).get('fa')).toBeUndefined();
    expect(markers.score(tokensOf(text), text).get('fa')).toBe(0.5);
  });

  it('puts a Persian post typed the Iranian way under fa, the same words without ZWNJ under the default', () => {
    const typed = `این تحقیق نظر کاربران را بررسی می${ZWNJ}کند و مهم${ZWNJ}ترین نتیجه را می${ZWNJ}گوید`;
    const plain = typed.replaceAll(ZWNJ, '');
    expect(scorer().score(typed).language.code).toBe('fa');
    expect(scorer().score(plain).language).toMatchObject({ code: 'prs', method: 'default' });
  });
});

describe('Arabizi digits', () => {
  it('are units, ages and handle numbers, not Arabic letters, after a number or a name', () => {
    for (const w of ['25cv', '40hp', '23ans', '25euros', 'ali255', 'france24', 'c200', '379n', '308w', 'b2']) expect(hasArabiziDigits(w), w).toBe(false);
    for (const w of ['ri7la', '3nd', 'ta2min', 'bhn8aria', 'mar7ba', 'm3']) expect(hasArabiziDigits(w), w).toBe(true);
  });

  it('leave a French classified with an engine power and a handle in French', () => {
    const a = scorer().score('Vends zodiac 4,2 m avec moteur 25cv, bon état, 3 500€ à débattre. Contact @marin255');
    expect(a.language.code).toBe('fr');
  });
});

describe('Arabizi names with a joined preposition', () => {
  it('derive the ب and ل forms of a word as well as the bare one', () => {
    const forms = arabicTermSkeletons(['هنغاريا'], 4).map((f) => f.join(' '));
    expect(forms).toContain(arabiziKey('hn8aria'));
    expect(forms).toContain(arabiziKey('bhn8aria'));
    expect(forms).toContain(arabiziKey('lhn8aria'));
  });

  it('are read as the place in a post', () => {
    const a = scorer().score('tari2 mdmoun mn tourkia bhn8aria w bsalounik, raslna');
    const places = a.entities.places.map((p) => a.language.code + ':' + p.span.text);
    expect(places).toEqual(expect.arrayContaining(['ar:bhn8aria', 'ar:bsalounik']));
  });
});

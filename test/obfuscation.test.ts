import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/data/labelled.js';
import { ROOT } from './helpers/paths.js';
import { scorer, spanViolations } from './helpers/scorer.js';

// Clean positives: test-split smuggling items that the generator left without noise.
const clean = loadCorpus(`${ROOT}corpora`).items.filter((i) => i.split === 'test' && i.label === 'smuggling' && !i.source.includes('+'));

const words = (text: string, f: (w: string) => string) => text.replace(/\p{L}{4,}/gu, (w) => f(w));
const TO_CYR: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', y: 'у' };
const TO_LAT: Record<string, string> = Object.fromEntries(Object.entries(TO_CYR).map(([l, c]) => [c, l]));
// Whole words that name an app (with any suffix or clitic around the name), to be spaced out.
const APPS = /[\p{L}\u200c]*(?:whatsapp|viber|telegram|signal|واتساب|واتس|فايبر|تلغرام|вотсап|ватсап|вайбер|телеграм|واتس‌اپ|تلگرام)[\p{L}\u200c]*/giu;
// Arabic letters as Arabizi writes them: digits for the letters Latin lacks, و/ي as w/y at the
// start of a word and as vowels inside it.
const AR_LATIN: Record<string, string> = {
  ا: 'a', أ: 'a', إ: 'e', آ: 'a', ب: 'b', ت: 't', ث: 'th', ج: 'j', ح: '7', خ: '5', د: 'd', ذ: 'dh', ر: 'r', ز: 'z',
  س: 's', ش: 'sh', ص: 's', ض: 'd', ط: 't', ظ: 'z', ع: '3', غ: '8', ف: 'f', ق: '9', ك: 'k', ل: 'l', م: 'm', ن: 'n',
  ه: 'h', ة: 'a', ى: 'a', ء: '2', ؤ: '2', ئ: '2', ـ: '',
};
const arabizify = (t: string) =>
  t.replace(/[\u0600-\u06ff]+/g, (w) =>
    [...w].map((ch, i) => (ch === 'و' ? (i === 0 ? 'w' : 'ou') : ch === 'ي' ? (i === 0 ? 'y' : 'i') : (AR_LATIN[ch] ?? ch))).join(''),
  );

const transforms: Record<string, (text: string, lang: string) => string> = {
  'zero-width inside words': (t) => words(t, (w) => `${w.slice(0, 2)}\u200b${w.slice(2)}`),
  'bidi controls around words': (t) => words(t, (w) => `\u2067${w}\u2069`),
  homoglyphs: (t) => words(t, (w) => [...w].map((ch, i) => (i % 2 ? (TO_CYR[ch] ?? TO_LAT[ch] ?? ch) : ch)).join('')),
  'spaced app names': (t) => t.replace(APPS, (m) => [...m].join(' ')),
  'doubled letters': (t) => words(t, (w) => w.slice(0, 2) + w[1] + w.slice(2)),
  'local digits': (t, lang) =>
    lang === 'ar' ? t.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d))) : ['fa', 'prs', 'ps'].includes(lang) ? t.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d))) : t,
  'tatweel stretching': (t, lang) => (lang === 'ar' ? t.replace(/([\u0628-\u064a])([\u0628-\u064a])/gu, '$1\u0640\u0640$2') : t),
  'numbers split by dots': (t) => t.replace(/\d{6,}/g, (n) => n.replace(/(\d{3})(?=\d)/g, '$1.')),
  'bidi controls inside words': (t) => words(t, (w) => `${w.slice(0, 1)}\u200f${w.slice(1, 3)}\u202b${w.slice(3)}\u202c`),
  'Arabizi (Arabic positives in Latin letters and digits)': (t, lang) => (lang === 'ar' ? arabizify(t) : t),
};

describe('obfuscated variants score like their clean originals', () => {
  it('has clean positives to transform', () => {
    expect(clean.length).toBeGreaterThan(100);
  });
  // Arabizi keeps the lexicon evidence (skeletons derived from the Arabic terms, names and
  // currencies, with joined clitics read off as the Arabic side reads them, short words by their
  // full spelling: `yourou`, `btrkia`, `waldman`, mixed entries per part: `zba2n VIP`) and the
  // learned Arabic words, read as the word the lexicons read (زبائن, not the learned زبان).
  for (const [name, f] of Object.entries(transforms)) {
    it(`${name}: within 0.1 of the clean score, spans exact`, () => {
      const s = scorer();
      const far: string[] = [];
      for (const item of clean) {
        const variant = f(item.text, item.lang);
        const a = s.score(variant);
        expect(spanViolations(variant, a)).toEqual([]);
        const base = s.score(item.text).score;
        if (Math.abs(a.score - base) > 0.1) far.push(`${item.id}: ${base.toFixed(3)} -> ${a.score.toFixed(3)}`);
      }
      expect(far).toEqual([]);
    });
  }
});

describe('Arabizi variants of Arabic positives', () => {
  it('read as Arabic, keep lexicon evidence, spans exact', () => {
    const s = scorer();
    const arabic = clean.filter((i) => i.lang === 'ar');
    expect(arabic.length).toBeGreaterThan(5);
    const lost: string[] = [];
    for (const item of arabic) {
      const variant = arabizify(item.text);
      const a = s.score(variant);
      expect(spanViolations(variant, a)).toEqual([]);
      expect(a.language.code).toBe('ar');
      const kinds = (x: { signals: { id: string }[] }) => x.signals.filter((g) => g.id.startsWith('kind.')).length;
      if (kinds(s.score(item.text)) > 0 && kinds(a) === 0) lost.push(item.id);
    }
    // Every Arabic positive with lexicon evidence keeps some of it in Arabizi.
    expect(lost).toEqual([]);
  });
});

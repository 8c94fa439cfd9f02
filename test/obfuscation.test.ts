import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/data/labelled.js';
import { ROOT } from './helpers/paths.js';
import { scorer, spanViolations } from './helpers/scorer.js';

// Clean positives: test-split smuggling items that the generator left without noise.
const clean = loadCorpus(`${ROOT}corpora`).items.filter((i) => i.split === 'test' && i.label === 'smuggling' && !i.source.includes('+'));

const words = (text: string, f: (w: string) => string) => text.replace(/\p{L}{4,}/gu, (w) => f(w));
const TO_CYR: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', y: 'у' };
const TO_LAT: Record<string, string> = Object.fromEntries(Object.entries(TO_CYR).map(([l, c]) => [c, l]));
const APPS = /whatsapp|viber|telegram|signal|واتساب|واتس|فايبر|تلغرام|вотсап|ватсап|вайбер|телеграм|واتس‌اپ|تلگرام/giu;

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
};

describe('obfuscated variants score like their clean originals', () => {
  it('has clean positives to transform', () => {
    expect(clean.length).toBeGreaterThan(100);
  });
  // Known gaps (bench/RESULTS.md): a few clean positives move by more than 0.1 under these.
  // it.fails keeps them visible: the test turns red once the gap is closed, to be promoted.
  const KNOWN_GAPS = new Set(['bidi controls around words', 'homoglyphs', 'spaced app names']);
  for (const [name, f] of Object.entries(transforms)) {
    (KNOWN_GAPS.has(name) ? it.fails : it)(`${name}: within 0.1 of the clean score, spans exact`, () => {
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

// Noise that real posts have. Each transform fires with a fixed probability that does not
// depend on the label; a transform that finds nothing to change is not recorded.
import { type Rng, pick, randInt } from './prng.js';

export const NOISE_P = {
  nodiac: 0.15,
  typo: 0.2,
  spaced: 0.25, // only where an app name is present
  homoglyph: 0.07,
  digits: 0.3, // only for Arabic-script languages
  zw: 0.07,
  emoji: 0.12,
  newline: 0.12,
} as const;

export type NoiseTag = keyof typeof NOISE_P;

const ARABIC_INDIC_LANGS = new Set(['ar', 'arz', 'apc', 'ary', 'ckb']);
const PERSIAN_DIGIT_LANGS = new Set(['fa', 'prs', 'ps', 'ur', 'pnb', 'sd', 'bal']);

/** Letter runs of at least `min` letters (combining marks count as part of the word). */
function words(s: string, min: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const re = /[\p{L}\p{M}]+/gu;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if ([...m[0]].length >= min) out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

function pickDistinct<T>(rng: Rng, xs: T[], n: number): T[] {
  const pool = xs.slice();
  const out: T[] = [];
  while (out.length < n && pool.length) out.push(pool.splice(Math.floor(rng() * pool.length), 1)[0]!);
  return out;
}

/** Edits are applied right to left so earlier offsets stay valid. */
function byStartDesc(a: { start: number }, b: { start: number }): number {
  return b.start - a.start;
}

// --- transforms -----------------------------------------------------------------------

function dropDiacritics(s: string): string {
  return s
    .replace(/[\u064B-\u0652\u0670]/g, '') // Arabic harakat, superscript alef
    .replace(/[\u00C0-\u024F\u1E00-\u1EFF]/g, (ch) => ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC'))
    .replace(/ı/g, 'i')
    .replace(/İ/g, 'I')
    .replace(/ё/g, 'е')
    .replace(/Ё/g, 'Е');
}

function typo(rng: Rng, s: string): string {
  const ws = words(s, 4).filter((w) => !/^[\p{Lu}]+$/u.test(s.slice(w.start, w.end)));
  if (!ws.length) return s;
  const chosen = pickDistinct(rng, ws, rng() < 0.7 ? 1 : 2).sort(byStartDesc);
  for (const w of chosen) {
    const chars = [...s.slice(w.start, w.end)];
    // keep the first and last letter in place
    if (rng() < 0.5) {
      const i = randInt(rng, 1, chars.length - 3);
      [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!];
    } else {
      const i = randInt(rng, 1, chars.length - 2);
      chars.splice(i, 0, chars[i]!);
    }
    s = s.slice(0, w.start) + chars.join('') + s.slice(w.end);
  }
  return s;
}

const APP_RE =
  /whats ?app|telegram|viber|signal|snapchat|instagram|facebook|messenger|tiktok|imo\b|واتس ?اب|واتساب|تلغرام|تيليجرام|تلگرام|فايبر|وایبر|واټساپ|ватсапп?|вотсап|телеграмм?|вайбер|вацап/iu;

function spaced(rng: Rng, s: string): string {
  const m = APP_RE.exec(s);
  if (!m) return s;
  const sep = pick(rng, [' ', ' ', '.', '-', '_', '*']);
  const letters = [...m[0].replace(/ /g, '')];
  return s.slice(0, m.index) + letters.join(sep) + s.slice(m.index + m[0].length);
}

const LAT2CYR: Record<string, string> = {
  a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', y: 'у', i: 'і',
  A: 'А', B: 'В', E: 'Е', K: 'К', M: 'М', H: 'Н', O: 'О', P: 'Р', C: 'С', T: 'Т', X: 'Х',
};
const CYR2LAT: Record<string, string> = Object.fromEntries(
  Object.entries(LAT2CYR).filter(([k]) => k !== 'i').map(([k, v]) => [v, k]),
);

function homoglyph(rng: Rng, s: string): string {
  const ws = words(s, 3).filter((w) => [...s.slice(w.start, w.end)].some((ch) => LAT2CYR[ch] || CYR2LAT[ch]));
  if (!ws.length) return s;
  const chosen = pickDistinct(rng, ws, rng() < 0.6 ? 1 : 2).sort(byStartDesc);
  for (const w of chosen) {
    const chars = [...s.slice(w.start, w.end)];
    const idx = chars.map((ch, i) => (LAT2CYR[ch] || CYR2LAT[ch] ? i : -1)).filter((i) => i >= 0);
    for (const i of pickDistinct(rng, idx, randInt(rng, 1, 2))) chars[i] = LAT2CYR[chars[i]!] ?? CYR2LAT[chars[i]!]!;
    s = s.slice(0, w.start) + chars.join('') + s.slice(w.end);
  }
  return s;
}

function localDigits(rng: Rng, s: string, lang: string): string {
  const base = ARABIC_INDIC_LANGS.has(lang) ? 0x0660 : PERSIAN_DIGIT_LANGS.has(lang) ? 0x06f0 : 0;
  if (!base) return s;
  // Digits inside Latin words are Arabizi letters (3 = ع), not numbers: leave them.
  const RUN = /(?<![A-Za-z])\d+(?![A-Za-z])/g;
  const runs = [...s.matchAll(RUN)];
  if (!runs.length) return s;
  const all = rng() < 0.6;
  const force = randInt(rng, 0, runs.length - 1);
  return s.replace(RUN, (run, ...args) => {
    const k = runs.findIndex((r) => r.index === args[args.length - 2]);
    if (!all && k !== force) return run;
    return run.replace(/\d/g, (d) => String.fromCharCode(base + Number(d)));
  });
}

const ZW = ['\u200b', '\u200c', '\u200d', '\u2060'];

function zeroWidth(rng: Rng, s: string): string {
  const ws = words(s, 4);
  if (!ws.length) return s;
  const chosen = pickDistinct(rng, ws, randInt(rng, 1, 3)).sort(byStartDesc);
  for (const w of chosen) {
    const chars = [...s.slice(w.start, w.end)];
    const i = randInt(rng, 1, chars.length - 1);
    chars.splice(i, 0, pick(rng, ZW));
    s = s.slice(0, w.start) + chars.join('') + s.slice(w.end);
  }
  return s;
}

const EMOJI = ['🙏', '👍', '😢', '‼️', '🔥', '✅', '💯', '❤️', '👇', '😊', '🤲', '😔', '💪', '🙂', '😭', '👉', '⭐', '🤝'];

function emoji(rng: Rng, s: string): string {
  const e = pick(rng, EMOJI);
  const add = rng() < 0.35 ? e + pick(rng, ['', e]) : e;
  return rng() < 0.7 ? `${s} ${add}` : `${add} ${s}`;
}

function newline(rng: Rng, s: string): string {
  const breaks = [...s.matchAll(/[.!?؟…:]+ (?=\S)/gu)];
  if (breaks.length) {
    const all = rng() < 0.5;
    const k = randInt(rng, 0, breaks.length - 1);
    let i = 0;
    return s.replace(/([.!?؟…:]+) (?=\S)/gu, (m, p: string) => (all || i++ === k ? `${p}\n` : m));
  }
  // otherwise break at a space that is not between two digits (keep phone numbers whole)
  const spaces = [...s.matchAll(/ /g)].map((m) => m.index).filter((i) => !(/\d/.test(s[i - 1] ?? '') && /\d/.test(s[i + 1] ?? '')));
  if (spaces.length < 7) return s;
  const at = spaces[randInt(rng, Math.floor(spaces.length / 3), Math.floor((2 * spaces.length) / 3))]!;
  return `${s.slice(0, at)}\n${s.slice(at + 1)}`;
}

/** Apply noise; returns the new text and the tags of the transforms that changed it. */
export function applyNoise(rng: Rng, text: string, lang: string): { text: string; tags: NoiseTag[] } {
  const tags: NoiseTag[] = [];
  const step = (tag: NoiseTag, f: (s: string) => string): void => {
    // always draw the decision so one transform's outcome does not shift the others
    const fire = rng() < NOISE_P[tag];
    if (!fire) return;
    const out = f(text);
    if (out !== text) {
      text = out;
      tags.push(tag);
    }
  };
  step('nodiac', dropDiacritics);
  step('typo', (s) => typo(rng, s));
  step('spaced', (s) => spaced(rng, s));
  step('homoglyph', (s) => homoglyph(rng, s));
  step('digits', (s) => localDigits(rng, s, lang));
  step('zw', (s) => zeroWidth(rng, s));
  step('emoji', (s) => emoji(rng, s));
  step('newline', (s) => newline(rng, s));
  return { text, tags };
}

/**
 * Character-level normalisation with an offset map back to the original text.
 *
 * Every UTF-16 unit of the normalised text records the original code point it came from
 * (`from[i]`..`to[i]`), so any span over normalised text maps to an exact slice of the
 * input, whatever was dropped or expanded in between.
 */
import { foldHomoglyphsInPlace, homoglyphContext, type HomoglyphContext } from './homoglyphs.js';

export interface Normalised {
  /** Normalised text: marks stripped, lower case, unified letter forms, ASCII digits. */
  readonly text: string;
  /** For each UTF-16 unit of `text`, the start offset of its source in the original. */
  readonly from: Uint32Array;
  /** For each UTF-16 unit of `text`, the end offset of its source in the original. */
  readonly to: Uint32Array;
}

// Format characters that hide inside words: soft hyphen, combining grapheme joiner, Arabic
// letter mark, tatweel, Hangul fillers, Mongolian selectors, zero-width and bidi controls,
// word joiner and invisible operators, BOM, variation selectors.
const DROPPED = /^[\u00AD\u034F\u061C\u0640\u115F\u1160\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFE00-\uFE0F\uFEFF]$/;
const MARK = /\p{M}/gu;

/** Letter forms that NFKD leaves apart but people use interchangeably. */
const UNIFY: Record<string, string> = {
  '\u0629': '\u0647', // ta marbuta -> ha
  '\u0649': '\u064A', // alef maqsura -> ya
  '\u06CC': '\u064A', // Persian yeh -> Arabic yeh
  '\u06D2': '\u064A', // yeh barree
  '\u06A9': '\u0643', // keheh -> kaf
  '\u0671': '\u0627', // alef wasla -> alef
  '\u06C0': '\u0647', // heh with yeh above
  '\u06BE': '\u0647', // heh doachashmee
  '\u0131': 'i', // dotless i
  '\u03C2': '\u03C3', // final sigma
  '\u2019': "'",
  '\u2018': "'",
  '\u02BC': "'",
};

const cache = new Map<number, string>();

/** The normalised form of one code point (possibly empty, possibly several units). */
export function foldCodePoint(cp: number): string {
  const hit = cache.get(cp);
  if (hit !== undefined) return hit;
  let out: string;
  if (cp >= 0xd800 && cp <= 0xdfff) {
    out = ' '; // a lone surrogate: keep it as a separator, never part of a word
  } else if (cp >= 0x0660 && cp <= 0x0669) {
    out = String.fromCharCode(48 + cp - 0x0660);
  } else if (cp >= 0x06f0 && cp <= 0x06f9) {
    out = String.fromCharCode(48 + cp - 0x06f0);
  } else {
    const ch = String.fromCodePoint(cp);
    if (DROPPED.test(ch)) {
      out = '';
    } else {
      const decomposed = ch.normalize('NFKD').replace(MARK, '').toLowerCase();
      out = '';
      for (const c of decomposed) out += UNIFY[c] ?? c;
    }
  }
  if (cache.size < 65536) cache.set(cp, out);
  return out;
}

// Fold results per code point: `null` when the code point folds to itself (most letters,
// digits, spaces, emoji), else its folded form. BMP code points in a flat table, the rest in a
// bounded map.
const bmpFold: (string | null | undefined)[] = new Array(0x10000);
const astralFold = new Map<number, string | null>();

function foldOrSame(cp: number): string | null {
  if (cp < 0x10000) {
    let f = bmpFold[cp];
    if (f === undefined) {
      const folded = foldCodePoint(cp);
      f = folded === String.fromCharCode(cp) ? null : folded;
      bmpFold[cp] = f;
    }
    return f;
  }
  let f = astralFold.get(cp);
  if (f === undefined) {
    const folded = foldCodePoint(cp);
    f = folded === String.fromCodePoint(cp) ? null : folded;
    if (astralFold.size < 65536) astralFold.set(cp, f);
  }
  return f;
}

/**
 * Normalise `input` in one pass, recording where each output unit came from. Runs of code
 * points that fold to themselves are copied as slices of the input, not character by character.
 */
export function normalise(input: string): Normalised {
  const n = input.length;
  // Most code points fold to one unit; grow only when an expansion (e.g. ligatures) overflows.
  let from = new Uint32Array(n + 16);
  let to = new Uint32Array(n + 16);
  let text = '';
  let len = 0;
  let run = 0; // start of the pending run of unchanged input
  for (let i = 0; i < n; ) {
    let cp = input.charCodeAt(i);
    let width = 1;
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
      const low = input.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    const folded = foldOrSame(cp);
    const units = folded === null ? width : folded.length;
    if (units > 0) {
      if (len + units > from.length) {
        const size = Math.max(from.length * 2, len + units + 16);
        const f = new Uint32Array(size);
        const t = new Uint32Array(size);
        f.set(from);
        t.set(to);
        from = f;
        to = t;
      }
      const end = i + width;
      for (let k = 0; k < units; k++) {
        from[len] = i;
        to[len] = end;
        len++;
      }
    }
    if (folded !== null) {
      if (i > run) text += input.slice(run, i);
      text += folded;
      run = i + width;
    }
    i += width;
  }
  if (run === 0) text = input;
  else if (run < n) text += input.slice(run, n);
  if (text.includes("n't")) return foldContractions(text, from.subarray(0, len), to.subarray(0, len));
  return { text, from: from.subarray(0, len), to: to.subarray(0, len) };
}

/**
 * English negative contractions are one word with or without the apostrophe (`don't` and
 * `dont`, `can't` and `cant`): the apostrophe between a letter's `n` and a final `t` is dropped,
 * as invisible characters are, so both spellings have one key. French elision (`n'a`, `l'europe`,
 * `t'appelle`) never puts a word-final `t` after it and is left as it is.
 */
const CONTRACTION = /(?<=\p{L}n)'(?=t(?![\p{L}\p{N}]))/gu;

function foldContractions(text: string, from: Uint32Array, to: Uint32Array): Normalised {
  const drop: number[] = [];
  for (const m of text.matchAll(CONTRACTION)) drop.push(m.index);
  if (drop.length === 0) return { text, from, to };
  const f = new Uint32Array(from.length - drop.length);
  const t = new Uint32Array(from.length - drop.length);
  let out = '';
  let prev = 0;
  let len = 0;
  for (const i of [...drop, text.length]) {
    out += text.slice(prev, i);
    f.set(from.subarray(prev, i), len);
    t.set(to.subarray(prev, i), len);
    len += i - prev;
    prev = i + 1;
  }
  return { text: out, from: f, to: t };
}

/**
 * The input as a reader sees it, for the stages that read the original text rather than the
 * normalised one (links and handles, language identification): invisible format characters
 * dropped, and the look-alike letters of mixed-script words folded in place (`@hоpе` with
 * Cyrillic о, е reads `@hope`). `map[i]` is the input offset of `text[i]`; folding keeps one
 * unit for one, so spans found in `text` map back to exact slices of the input.
 */
export interface VisibleText {
  readonly text: string;
  /** Input offset of each unit of `text`; undefined when `text` is the input itself. */
  readonly map: Uint32Array | undefined;
}

const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFE00-\uFE0E\uFEFF]/;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'g');
const ARABIC_LETTER = /[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]/;

/** A zero-width non-joiner between two Arabic-script letters is Persian spelling (می‌روم): kept. */
function joinsArabicLetters(input: string, i: number): boolean {
  return i > 0 && i + 1 < input.length && ARABIC_LETTER.test(input[i - 1]!) && ARABIC_LETTER.test(input[i + 1]!);
}
// Runs of letters (and the marks and invisibles inside them) that mix Latin with Cyrillic or Greek.
const MIXED_HINT = /[\u0370-\u052f]/;
const LETTER_RUN = /[\p{L}\p{M}]+/gu;

export function visibleText(input: string): VisibleText {
  const hasInvisible = INVISIBLE.test(input);
  const hasForeign = MIXED_HINT.test(input);
  if (!hasInvisible && !hasForeign) return { text: input, map: undefined };
  let text = input;
  let map: Uint32Array | undefined;
  if (hasInvisible) {
    // The runs between dropped characters are copied as slices and joined once: one string per
    // run, not one per character, which a long text would pay for in garbage collection.
    map = new Uint32Array(input.length);
    const runs: string[] = [];
    let len = 0;
    let run = 0;
    for (const m of input.matchAll(INVISIBLE_ALL)) {
      const i = m.index;
      if (input[i] === '\u200c' && joinsArabicLetters(input, i)) continue;
      for (let k = run; k < i; k++) map[len++] = k;
      runs.push(input.slice(run, i));
      run = i + 1;
    }
    for (let k = run; k < input.length; k++) map[len++] = k;
    runs.push(input.slice(run));
    text = runs.join('');
    map = map.subarray(0, len);
  }
  if (hasForeign) {
    let context: HomoglyphContext | null = null;
    const lazy = (): HomoglyphContext => (context === null ? (context = homoglyphContext(text)) : context) ?? undefined;
    text = text.replace(LETTER_RUN, (w) => foldHomoglyphsInPlace(w, lazy));
  }
  return { text, map };
}

/**
 * Folding of mixed-script words. A word that mixes Latin with Cyrillic or Greek letters is
 * almost always disguised: its look-alike letters are folded to the script the word belongs to.
 * That script is the one of the word's unambiguous letters (`Еurоpе` -> `europe`, `пepeпpaвa` ->
 * `переправа`: `u` has no Cyrillic twin, `п` no Latin one). A word made only of look-alikes
 * (`хaтe`: х т a e all have twins) follows the script of the text around it, so Russian text with
 * Latin letters swapped in and English text with Cyrillic ones both read as written.
 */
import { scriptOf } from './script.js';

// Lower-case Cyrillic and Greek letters that look like a Latin letter (after case folding,
// including those that only look alike in upper case, since posts are folded first).
const TO_LATIN: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c',
  т: 't', у: 'y', х: 'x', і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', μ: 'u', ν: 'v', ο: 'o', ρ: 'p', τ: 't',
  υ: 'u', χ: 'x', γ: 'y', ω: 'w',
};

const TO_CYRILLIC: Record<string, string> = {
  a: 'а', b: 'в', e: 'е', k: 'к', m: 'м', h: 'н', o: 'о', p: 'р', c: 'с', t: 'т', y: 'у',
  x: 'х', i: 'і', j: 'ј', s: 'ѕ',
};

/** The script look-alike letters fold to when a word alone does not tell. */
export type HomoglyphContext = 'latin' | 'cyrillic' | undefined;

/**
 * The script of a text's unambiguous letters (Latin ones without a Cyrillic twin and the
 * reverse), counted over the whole text: the tie-break for words made only of look-alikes.
 */
export function homoglyphContext(text: string): HomoglyphContext {
  let latin = 0;
  let cyrillic = 0;
  for (let i = 0; i < text.length; i++) {
    const kind = unambiguousKind(text.charCodeAt(i));
    if (kind === LATIN_ONLY) latin++;
    else if (kind === CYRILLIC_ONLY) cyrillic++;
  }
  return latin > cyrillic ? 'latin' : cyrillic > latin ? 'cyrillic' : undefined;
}

const NEITHER = 1;
const LATIN_ONLY = 2;
const CYRILLIC_ONLY = 3;
// Per UTF-16 unit, filled on first sight: whether it is a Latin letter without a Cyrillic twin,
// a Cyrillic one without a Latin twin, or neither (a text is counted unit by unit, and case
// folding a unit per step would allocate a string for each).
const kinds = new Uint8Array(0x10000);

function unambiguousKind(unit: number): number {
  let kind = kinds[unit]!;
  if (kind === 0) {
    const s = scriptOf(unit);
    const lower = String.fromCharCode(unit).toLowerCase();
    kind = s === 'latin' && TO_CYRILLIC[lower] === undefined ? LATIN_ONLY : s === 'cyrillic' && TO_LATIN[lower] === undefined ? CYRILLIC_ONLY : NEITHER;
    kinds[unit] = kind;
  }
  return kind;
}

/** Whether a word has both Latin and Cyrillic or Greek letters (per UTF-16 unit). */
function mixesScripts(word: string): boolean {
  let hasLatin = false;
  let hasForeign = false;
  for (let i = 0; i < word.length; i++) {
    const s = scriptOf(word.charCodeAt(i));
    if (s === 'latin') hasLatin = true;
    else if (s === 'cyrillic' || s === 'greek') hasForeign = true;
  }
  return hasLatin && hasForeign;
}

/** Whether the look-alikes of a mixed (lower-case) word fold to Latin. */
function foldsToLatin(word: string, context: HomoglyphContext | (() => HomoglyphContext)): boolean {
  let latin = 0;
  let foreign = 0;
  let latinOnly = 0;
  let foreignOnly = 0;
  for (const ch of word) {
    const s = scriptOf(ch.codePointAt(0)!);
    if (s === 'latin') {
      latin++;
      if (TO_CYRILLIC[ch] === undefined) latinOnly++;
    } else if (s === 'cyrillic' || s === 'greek') {
      foreign++;
      if (TO_LATIN[ch] === undefined) foreignOnly++;
    }
  }
  // Letters without a twin decide; when none (or both kinds) occur, the text around decides;
  // failing that, the larger share of letters.
  if (latinOnly > 0 && foreignOnly === 0) return true;
  if (foreignOnly > 0 && latinOnly === 0) return false;
  if (latinOnly === 0) {
    const c = typeof context === 'function' ? context() : context;
    if (c !== undefined) return c === 'latin';
  }
  return latinOnly > foreignOnly || (latinOnly === foreignOnly && latin >= foreign);
}

/**
 * Fold a lower-cased word that mixes scripts; returns the word unchanged otherwise.
 * `context`: the script of the surrounding text (or a function computing it when needed).
 */
export function foldHomoglyphs(word: string, context: HomoglyphContext | (() => HomoglyphContext) = undefined): string {
  if (!mixesScripts(word)) return word;
  const toLatin = foldsToLatin(word, context);
  let out = '';
  for (const ch of word) {
    const s = scriptOf(ch.codePointAt(0)!);
    if (toLatin && (s === 'cyrillic' || s === 'greek')) out += TO_LATIN[ch] ?? ch;
    else if (!toLatin && s === 'latin') out += TO_CYRILLIC[ch] ?? ch;
    else out += ch;
  }
  return out;
}

/**
 * The same folding on a word as written (any case), one UTF-16 unit for one: for readers that
 * work on the original text (links, handles, language identification) and keep its offsets.
 */
export function foldHomoglyphsInPlace(word: string, context: HomoglyphContext | (() => HomoglyphContext) = undefined): string {
  if (!mixesScripts(word)) return word;
  const toLatin = foldsToLatin(word.toLowerCase(), context);
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const ch = word[i]!;
    const lower = ch.toLowerCase();
    const s = scriptOf(ch.charCodeAt(0));
    const mapped = toLatin ? (s === 'cyrillic' || s === 'greek' ? TO_LATIN[lower] : undefined) : s === 'latin' ? TO_CYRILLIC[lower] : undefined;
    if (mapped === undefined) out += ch;
    else out += lower === ch ? mapped : mapped.toUpperCase().length === 1 ? mapped.toUpperCase() : mapped;
  }
  return out;
}

/**
 * Folding of mixed-script words. A word that mixes Latin with Cyrillic or Greek letters is
 * almost always disguised: its look-alike letters are folded to the script that the word's
 * unambiguous letters belong to (`Еurоpе` -> `europe`, `пepeпpaвa` -> `переправа`).
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

/** Fold a lower-cased word that mixes scripts; returns the word unchanged otherwise. */
export function foldHomoglyphs(word: string): string {
  // Fast exit for the usual word in one script (per UTF-16 unit: astral code points and
  // surrogates are neither Latin nor Cyrillic/Greek either way).
  let hasLatin = false;
  let hasForeign = false;
  for (let i = 0; i < word.length; i++) {
    const s = scriptOf(word.charCodeAt(i));
    if (s === 'latin') hasLatin = true;
    else if (s === 'cyrillic' || s === 'greek') hasForeign = true;
  }
  if (!hasLatin || !hasForeign) return word;
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
  if (latin === 0 || foreign === 0) return word;
  const toLatin = latinOnly > foreignOnly || (latinOnly === foreignOnly && latin >= foreign);
  let out = '';
  for (const ch of word) {
    const s = scriptOf(ch.codePointAt(0)!);
    if (toLatin && (s === 'cyrillic' || s === 'greek')) out += TO_LATIN[ch] ?? ch;
    else if (!toLatin && s === 'latin') out += TO_CYRILLIC[ch] ?? ch;
    else out += ch;
  }
  return out;
}

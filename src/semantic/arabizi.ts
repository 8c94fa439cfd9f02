/**
 * Arabizi (Arabic in Latin letters with digits) keys. Spellings of one Arabic word vary in
 * their vowels and in how a letter is written (7 or h for ح, 9 or q for ق), so a word is
 * reduced to a consonant skeleton: digits become the consonant they stand for, vowels after
 * the first letter are dropped, a leading vowel becomes `a`. `ri7la`, `re7la` and `rihla`
 * share the key `rhl`; ع (3) stays visible so `3nd` (عند) never collides with `and`.
 */

const DIGRAPHS: [RegExp, string][] = [
  [/ch/g, 'sh'],
  [/dj/g, 'j'],
  [/ou/g, 'u'],
];
const DIGIT: Record<string, string> = { '2': '', '3': '3', '5': 'kh', '6': 't', '7': 'h', '8': 'gh', '9': 'k' };
const VOWEL = /[aeiou]/;

const cache = new Map<string, string>();

/** The Arabizi skeleton of a lower-case Latin word (already squeezed by the tokeniser). */
export function arabiziKey(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  let w = word;
  for (const [re, to] of DIGRAPHS) w = w.replace(re, to);
  let out = '';
  for (let i = 0; i < w.length; i++) {
    const ch = w[i]!;
    const mapped = DIGIT[ch] ?? (ch === 'q' ? 'k' : ch);
    if (out.length === 0 && mapped.length > 0 && VOWEL.test(mapped)) {
      out = 'a';
      continue;
    }
    if (VOWEL.test(mapped)) continue;
    if (mapped.length > 0 && out.endsWith(mapped)) continue;
    out += mapped;
  }
  if (cache.size < 50000) cache.set(word, out);
  return out;
}

// Digits inside a Latin word that stand for Arabic letters, as opposed to units and ordinals.
const ARABIZI_DIGIT_WORD = /[a-z][235789]|[235789][a-z]/;
const UNIT_WORD = /^\d+(?:h|k|km|kg|x|am|pm|g|l|m|mn|min|eur|usd|gb|mb|d|j|e|er|eme|o|a|p|s|sec|ml|cm|mm|hr|hrs|yo|th)$/;
const ORDINAL = /^\d*(?:1st|2nd|3rd)$/;

/** Whether a Latin word looks like Arabizi because of its digits (`ri7la`, `3nd`, `ta2min`). */
export function hasArabiziDigits(word: string): boolean {
  return ARABIZI_DIGIT_WORD.test(word) && !UNIT_WORD.test(word) && !ORDINAL.test(word);
}

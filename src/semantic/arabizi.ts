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
  // The last two characters of `out` (a mapping is at most two long): `out.endsWith` would
  // flatten the growing string at every letter, quadratic in a long word.
  let tail = '';
  // A consonant written twice in a row (`7h`, `kk`) counts once; across a vowel (`sis`) twice.
  let vowelSince = false;
  for (let i = 0; i < w.length; i++) {
    const ch = w[i]!;
    const mapped = DIGIT[ch] ?? (ch === 'q' ? 'k' : ch);
    if (out.length === 0 && mapped.length > 0 && VOWEL.test(mapped)) {
      out = 'a';
      tail = 'a';
      continue;
    }
    if (VOWEL.test(mapped)) {
      vowelSince = true;
      continue;
    }
    if (mapped.length === 0 || (!vowelSince && tail.endsWith(mapped))) continue;
    out += mapped;
    tail = (tail + mapped).slice(-2);
    vowelSince = false;
  }
  if (cache.size < 50000 && word.length <= 64) cache.set(word, out);
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

// How an Arabic letter (after normalisation: ة -> ه, ى -> ي, hamza carriers -> their letter) is
// written in Latin letters and digits, most usual first. Vowel letters inside a word may be a
// vowel (dropped by the skeleton) or a consonant (w, y); a final ه is usually ta marbuta (a vowel).
const LATIN_OF: Record<string, readonly string[]> = {
  ا: ['a'], ء: [''], ب: ['b'], ت: ['t'], ث: ['th', 't', 's'], ج: ['j', 'g'], ح: ['7'], خ: ['5'],
  د: ['d'], ذ: ['dh', 'z', 'd'], ر: ['r'], ز: ['z'], س: ['s'], ش: ['sh'], ص: ['s', '9'],
  ض: ['d', 'dh'], ط: ['t'], ظ: ['z', 'dh'], ع: ['3'], غ: ['8'], ف: ['f'], ق: ['9', 'g'], ك: ['k'],
  ل: ['l'], م: ['m'], ن: ['n'], ه: ['h'], و: ['u', 'w'], ي: ['i', 'y'], پ: ['p'], چ: ['sh'],
  گ: ['g'], ڤ: ['v'], ڨ: ['g'], ژ: ['j'],
};
const WORD_VARIANTS = 8;
const PHRASE_VARIANTS = 16;
/** Skeletons shorter than this match too many unrelated Latin words. */
export const MIN_SKELETON = 3;

/** Arabizi skeletons (as `arabiziKey` gives them) of one normalised Arabic word, most usual first. */
function wordSkeletons(word: string): string[] {
  const letters = [...word];
  const choices: (readonly string[])[] = [];
  for (let i = 0; i < letters.length; i++) {
    const ch = letters[i]!;
    const latin = LATIN_OF[ch];
    if (!latin) return [];
    const initial = i === 0 || (i === 2 && letters[0] === 'ا' && letters[1] === 'ل');
    if (initial && (ch === 'و' || ch === 'ي')) choices.push([ch === 'و' ? 'w' : 'y']);
    else if (i === letters.length - 1 && i > 0 && ch === 'ه') choices.push(['', 'h']);
    else choices.push(latin);
  }
  const out: string[] = [];
  // Spellings in order of how usual each letter's choice is, varying the last letters first.
  // Only the most usual one may be as short as MIN_SKELETON: a less usual spelling of a short
  // word (ذ as d: حذر as hdr) collides with other words' usual ones (حضور, 7odour).
  const pick = new Array<number>(choices.length).fill(0);
  for (let tries = 0; tries < 64 && out.length < WORD_VARIANTS; tries++) {
    let latin = '';
    for (let i = 0; i < choices.length; i++) latin += choices[i]![pick[i]!];
    const key = arabiziKey(latin);
    if (key.length > 0 && !out.includes(key) && (tries === 0 || key.length > MIN_SKELETON)) out.push(key);
    let k = choices.length - 1;
    while (k >= 0 && pick[k]! + 1 >= choices[k]!.length) pick[k--] = 0;
    if (k < 0) break;
    pick[k]!++;
  }
  return out;
}

/**
 * The Arabizi forms of an Arabic term, given as its normalised words: lists of skeleton words
 * for the matcher, derived by transliteration instead of curated spellings, so `el daf3 3nd el
 * wusool` matches `الدفع عند الوصول`. The article may be joined (`eldaf3`, `lghorba`), apart
 * (`el daf3`) or left out (`daf3`). Empty when a word is not all Arabic letters or the term's
 * skeleton is too short to tell words apart.
 */
export function arabicTermSkeletons(words: readonly string[], minLength = MIN_SKELETON): string[][] {
  const perWord: string[][][] = [];
  for (const w of words) {
    const forms: string[][] = [];
    const add = (form: string[]) => {
      if (form.every((x) => x.length > 0) && !forms.some((f) => f.join(' ') === form.join(' '))) forms.push(form);
    };
    const whole = wordSkeletons(w);
    if (whole.length === 0) return [];
    const stems = w.startsWith('ال') && w.length > 3 ? wordSkeletons(w.slice(2)) : [];
    for (let r = 0; r < Math.max(whole.length, stems.length); r++) {
      if (r < whole.length) add([whole[r]!]);
      const stem = stems[r];
      if (stem !== undefined) {
        add(['al', stem]);
        add([stem]);
        add([arabiziKey('l' + stem)]);
      }
    }
    perWord.push(forms);
  }
  // Combinations of the words' forms, the most usual first (smallest sum of form ranks).
  let phrases: { words: string[]; rank: number }[] = [{ words: [], rank: 0 }];
  for (const forms of perWord) {
    const next: { words: string[]; rank: number }[] = [];
    for (const p of phrases) forms.forEach((f, r) => next.push({ words: [...p.words, ...f], rank: p.rank + r }));
    next.sort((a, b) => a.rank - b.rank);
    phrases = next.slice(0, PHRASE_VARIANTS);
  }
  // One word needs `minLength` characters; a phrase one more in all (`zwaj sori`: zj sr).
  return phrases
    .map((p) => p.words)
    .filter((p) => {
      const lengths = p.filter((x) => x !== 'al').map((x) => x.length);
      return lengths.length === 1 ? lengths[0]! >= minLength : lengths.reduce((a, b) => a + b, 0) >= minLength + 1;
    });
}

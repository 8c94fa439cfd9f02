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
  const out = skeletonWalk(word, false).key;
  if (cache.size < 50000 && word.length <= 64) cache.set(word, out);
  return out;
}

// Vowel qualities as bits: a 1, i 2, u 4; e is a or i (imala), o is u.
const VOWEL_BITS: Record<string, number> = { a: 1, e: 3, i: 2, o: 4, u: 4 };

/**
 * Which vowels a Latin word writes, against its skeleton (`arabiziKey`): one digit per
 * skeleton character, the qualities (VOWEL_BITS, or-ed) of the vowels after it before the
 * next consonant, 0 for none. `aljam3a` (skeleton aljm3) gives 00101: a after j and after 3,
 * none after m; `jam3iya`'s i after 3 is 2.
 */
export function arabiziVowels(word: string): string {
  return skeletonWalk(word, true).marks;
}

/**
 * The vowel letters a Latin word writes after each character of its skeleton (`arabiziKey`),
 * as written (`ou` as u): `moua3id` (skeleton m3d) gives ua, i and nothing.
 */
export function arabiziVowelGroups(word: string): string[] {
  return skeletonWalk(word, true).groups;
}

/** The one walk behind `arabiziKey`, `arabiziVowels` and `arabiziVowelGroups`; `marks` and `groups` only when asked. */
function skeletonWalk(word: string, withMarks: boolean): { key: string; marks: string; groups: string[] } {
  const groups: string[] = [];
  let w = word;
  for (const [re, to] of DIGRAPHS) w = w.replace(re, to);
  let out = '';
  let marks = '';
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
      if (withMarks) {
        marks = '0';
        groups.push('');
      }
      tail = 'a';
      continue;
    }
    if (VOWEL.test(mapped)) {
      vowelSince = true;
      if (withMarks && marks.length > 0) {
        marks = marks.slice(0, -1) + String(Number(marks[marks.length - 1]) | VOWEL_BITS[mapped]!);
        groups[groups.length - 1] += mapped;
      }
      continue;
    }
    if (mapped.length === 0 || (!vowelSince && tail.endsWith(mapped))) continue;
    out += mapped;
    if (withMarks) {
      marks += '0'.repeat(mapped.length);
      for (let k = 0; k < mapped.length; k++) groups.push('');
    }
    tail = (tail + mapped).slice(-2);
    vowelSince = false;
  }
  return { key: out, marks, groups };
}

// Digits inside a Latin word that stand for Arabic letters, as opposed to units and ordinals.
const ARABIZI_DIGIT_WORD = /[a-z][235789]|[235789][a-z]/;
// Units include engine power (25cv, 40hp), ages (25ans), currencies written after the number and
// compass points of coordinates (27.379N 16.308W); CEFR levels (B2) are not words either.
const UNIT_WORD = /^\d+(?:h|k|km|kg|x|am|pm|g|l|m|mn|min|eur|euro|euros|usd|gb|mb|d|j|e|er|eme|o|a|p|s|sec|ml|cm|mm|hr|hrs|yo|th|cv|hp|ps|kw|cc|ans|mois|pax|fcfa|cfa|tl|dhs|n|w)$/;
const ORDINAL = /^\d*(?:1st|2nd|3rd)$/;
// A name followed by a number of two or more digits: handles and brands (ali255, france24, C200),
// never an Arabizi word, whose digits stand for letters between or after other letters one at a time.
const NAME_NUMBER = /^[a-z]+\d{2,}$/;
const CEFR_LEVEL = /^[abc][12]$/;

/** Whether a Latin word looks like Arabizi because of its digits (`ri7la`, `3nd`, `ta2min`). */
export function hasArabiziDigits(word: string): boolean {
  return ARABIZI_DIGIT_WORD.test(word) && !UNIT_WORD.test(word) && !ORDINAL.test(word) && !NAME_NUMBER.test(word) && !CEFR_LEVEL.test(word);
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
/** Prepositions written joined to the next word in Arabizi: ب (b) and ل (l). */
const JOINED_PREPOSITIONS = ['b', 'l'];
const PHRASE_VARIANTS = 16;
/** Skeletons shorter than this match too many unrelated Latin words. */
export const MIN_SKELETON = 3;

/**
 * Arabizi skeletons (as `arabiziKey` gives them) of one normalised Arabic word, most usual
 * first; `latin`, if given, receives the Latin spelling each skeleton was made from.
 */
export function wordSkeletons(word: string, latin?: string[]): string[] {
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
    let spelled = '';
    for (let i = 0; i < choices.length; i++) spelled += choices[i]![pick[i]!];
    const key = arabiziKey(spelled);
    if (key.length > 0 && !out.includes(key) && (tries === 0 || key.length > MIN_SKELETON)) {
      out.push(key);
      latin?.push(spelled);
    }
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
  let arabic = 0;
  for (const w of words) {
    const forms: string[][] = [];
    const add = (form: string[]) => {
      if (form.every((x) => x.length > 0) && !forms.some((f) => f.join(' ') === form.join(' '))) forms.push(form);
    };
    // A Latin word inside an Arabic term (`زبائن VIP`) is written the same in an Arabizi post:
    // it stays itself, as its own skeleton. A term with no Arabic word derives nothing.
    if (LATIN_WORD.test(w)) {
      add([arabiziKey(w)]);
      perWord.push(forms);
      continue;
    }
    arabic++;
    const spelled: string[] = [];
    const whole = wordSkeletons(w, spelled);
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
    // The prepositions ب and ل joined to a word without the article (`btrkia` بتركيا,
    // `lalmania` لألمانيا, `bmarkab` بمركب), as the Arabic matcher reads them on Arabic words;
    // from the most usual spelling only, last in rank.
    if (whole[0]!.length >= minLength) for (const p of JOINED_PREPOSITIONS) add([arabiziKey(p + spelled[0]!)]);
    perWord.push(forms);
  }
  if (arabic === 0) return [];
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

/** A word of a term already in Latin letters, not transliterated. */
const LATIN_WORD = /^[a-z]+$/;
/** Full spellings shorter than this are common Latin syllables (`ma`, `fi`, `yes`). */
export const MIN_SPELLED = 4;

/**
 * The full usual spellings (`arabicSpellings`) of a one-word Arabic term whose skeleton is too
 * short to derive (`يورو`: yuru, skeleton yr; `فيزا`: fiza), for matching Latin words by their
 * spelling (`latinSpelling`) instead: the vowels written make up for the consonants missing.
 * Empty for longer skeletons, phrases and spellings shorter than `MIN_SPELLED`.
 */
export function arabicTermSpellings(words: readonly string[], minLength = MIN_SKELETON): string[] {
  if (words.length !== 1) return [];
  const word = words[0]!;
  const skeletons = wordSkeletons(word);
  if (skeletons.length === 0 || skeletons[0]!.length >= minLength) return [];
  return arabicSpellings(word).filter((s) => s.length >= MIN_SPELLED);
}

/**
 * How a short Latin word is spelled, for comparing it with `arabicSpellings`: the letters as
 * written (a skeleton would drop the vowels that tell `ma`, `mi` and `mu` apart), with the
 * digraphs `arabiziKey` unifies and the hamza digit 2 left out.
 */
export function latinSpelling(word: string): string {
  let w = word;
  for (const [re, to] of DIGRAPHS) w = w.replace(re, to);
  return w.replace(/2/g, '');
}

// The usual Latin letter of each Arabic letter inside a short word, long vowels as vowels.
const SPELL_INNER: Record<string, string> = { و: 'u', ي: 'i', ا: 'a', ء: '' };

/**
 * The most usual full spellings (vowel letters kept, as `latinSpelling` compares them) of a
 * short normalised Arabic word: `ما` ma, `لا` la, `انا` ana, `في` fi. A final ه is ta marbuta
 * (a) or ه (h). Empty when a letter is not Arabic.
 */
export function arabicSpellings(word: string): string[] {
  const letters = [...word];
  let out = '';
  for (let i = 0; i < letters.length; i++) {
    const ch = letters[i]!;
    if (i === letters.length - 1 && i > 0 && ch === 'ه') return [out + 'a', out + 'h'];
    const latin = i === 0 && (ch === 'و' || ch === 'ي') ? (ch === 'و' ? 'w' : 'y') : (SPELL_INNER[ch] ?? LATIN_OF[ch]?.[0]);
    if (latin === undefined) return [];
    out += latin;
  }
  return out.length > 0 ? [out] : [];
}

/** How an Arabic word's Arabizi form writes its long vowels (`arabiziVowels`) and may end. */
export interface ArabiziForm {
  vowels: string;
  /** End classes: `a`, `i`, `u` a final vowel, `c` a final consonant. */
  ends: string;
  /**
   * The normalised Arabic the form writes: the word, with a joined preposition (ب, ل) when
   * the form has one, without the article when the form leaves it out.
   */
  word: string;
}

function endsOf(word: string, latin: string): string {
  const last = latin[latin.length - 1];
  // A final ه read as ta marbuta (a) or the pronoun (Egyptian and Levantine -o), whatever the
  // letter before it: جمعية is `jam3ia`, not `jam3i`.
  if (word.endsWith('ه') && last !== 'h') return 'au';
  if (last === 'a') return 'a';
  if (last === 'i') return 'ia'; // ى is ي after normalisation: على, 3ala
  if (last === 'u') return 'u';
  return 'c';
}

/**
 * The Arabizi forms of normalised Arabic words by skeleton, as `arabicTermSkeletons` derives
 * them (whole, without the article, with a joined l), with where each writes a long vowel and
 * how it ends, for `latinFits`.
 */
export function arabicWordForms(words: Iterable<string>): Map<string, ArabiziForm[]> {
  const out = new Map<string, ArabiziForm[]>();
  // `article`: the skeleton index of the article's ل, which takes no vowel (`lman` may be
  // المان, `liman` not), marked NO_VOWEL.
  const add = (key: string, latin: string, word: string, written: string, article?: number) => {
    const list = out.get(key) ?? [];
    let vowels = arabiziVowels(latin);
    if (article !== undefined && key[article] === 'l' && vowels[article] === '0') vowels = vowels.slice(0, article) + NO_VOWEL + vowels.slice(article + 1);
    list.push({ vowels, ends: endsOf(word, latin), word: written });
    out.set(key, list);
  };
  for (const w of words) {
    const latin: string[] = [];
    const article = w.startsWith('ال') && w.length > 3 ? 1 : undefined;
    wordSkeletons(w, latin).forEach((k, r) => add(k, latin[r]!, w, w, article));
    // A preposition the word's own first letter absorbs (ب before بدون: `bdoun`) is not read.
    if (latin.length > 0) {
      for (const p of JOINED_PREPOSITIONS) {
        const k = arabiziKey(p + latin[0]!);
        if (!out.get(k)?.some((f) => f.word === w)) add(k, p + latin[0]!, w, ARABIC_OF_JOINED[p]! + w, article);
      }
    }
    if (article !== undefined) {
      const stem: string[] = [];
      wordSkeletons(w.slice(2), stem).forEach((k, r) => {
        add(k, stem[r]!, w, w.slice(2));
        add(arabiziKey('l' + stem[r]!), 'l' + stem[r]!, w, w, 0);
      });
    }
  }
  return out;
}

/** A vowel mark (`arabiziVowels`) where the Arabic word takes no vowel at all. */
const NO_VOWEL = '8';

// The Arabic letters of the one-letter prefixes Arabizi joins to a word.
const ARABIC_OF_JOINED: Record<string, string> = { w: 'و', b: 'ب', f: 'ف', l: 'ل' };

/**
 * Whether a Latin word's vowels (`arabiziVowels`) fit an Arabic word's: a vowel of the same
 * quality wherever the Arabic word writes a long one (the Latin word may add short ones).
 */
export function vowelsFit(arabic: string, latin: string): boolean {
  if (arabic.length !== latin.length) return false;
  for (let i = 0; i < arabic.length; i++) {
    const a = arabic.charCodeAt(i) - 48;
    const l = latin.charCodeAt(i) - 48;
    if (a === 8) {
      if (l !== 0) return false;
    } else if (a !== 0 && (a & l) === 0) return false;
  }
  return true;
}

/**
 * Whether a Latin word's vowel letters (`arabiziVowelGroups`) can be short vowels around an
 * Arabic word's long ones (`arabiziVowels`), inside the word (the end is `ends`' matter): a
 * short vowel is written alone; next to a long vowel only as the a or e of a diphthong before
 * it (`bait` بيت, `zein` زين). `moua3id` is not موعد: its a after ou is neither.
 */
export function groupsFit(arabic: string, groups: readonly string[]): boolean {
  for (let i = 0; i < groups.length - 1 && i < arabic.length; i++) {
    let g = groups[i]!.replace(/(.)\1+/g, '$1');
    if (g.length < 2) continue;
    const long = arabic.charCodeAt(i) - 48;
    if (long === 0) return false;
    if ((g[0] === 'a' || g[0] === 'e') && (long & 1) === 0) g = g.slice(1);
    for (const v of g) if ((VOWEL_BITS[v]! & long) === 0) return false;
  }
  return true;
}

// The article (after و, ب, ف or ل) and the conjunction و joined to a Latin word, as the
// matcher reads them; ب and ل alone are in the forms themselves (`arabicWordForms`).
const JOINED = /^(?:([wbfl]?)[aei]l|w)/;

/** The normalised Arabic of a prefix `JOINED` matched: `wal` و + ال, `w` و. */
function arabicOfJoined(m: RegExpExecArray): { letter: string; article: boolean } {
  if (m[1] === undefined) return { letter: ARABIC_OF_JOINED[m[0]]!, article: false };
  return { letter: m[1] ? ARABIC_OF_JOINED[m[1]]! : '', article: true };
}

/**
 * Whether a Latin word can be the Arabizi form of one of some Arabic words (`arabicWordForms`)
 * that shares its skeleton: it ends the same way (a vowel or a consonant) and writes a vowel
 * wherever the Arabic word writes a long one, of its quality. `alsfara` is not السفر (it ends
 * in a vowel), `tdhkra` not تذاكر (no vowel after dh), `jma3a` not جمعية (a, not i, after 3). True when no form shares its skeleton at all.
 */
export function latinFits(key: string, forms: ReadonlyMap<string, readonly ArabiziForm[]>): boolean {
  const r = latinReadings(key, forms);
  return r === undefined || r.length > 0;
}

/**
 * The normalised Arabic words a Latin word can be the Arabizi form of among some Arabic words'
 * forms (`arabicWordForms`), with the checks of `latinFits`: read whole first, then without a
 * joined article or و (which come back, in Arabic letters, before the word: `waldman` is
 * والضمان); of several that fit, those with the most long vowels written. Undefined when no
 * form shares its skeleton at all; empty when some do but none fits.
 */
export function latinReadings(key: string, forms: ReadonlyMap<string, readonly ArabiziForm[]>): string[] | undefined {
  return latinBest(key, forms)?.words;
}

const bitCount = (n: number): number => (n & 1) + ((n >> 1) & 1) + ((n >> 2) & 1);

/**
 * `latinReadings` with how close the words it returns are (`long`): the long-vowel qualities
 * of the Arabic word that the Latin word writes, less those it leaves out (where the Arabic
 * word writes two at one place, ديو in بديون). Of two readings, the larger is the closer.
 */
export function latinBest(key: string, forms: ReadonlyMap<string, readonly ArabiziForm[]>): { words: string[]; long: number } | undefined {
  const last = key[key.length - 1]!;
  const ends = last === 'a' ? 'a' : last === 'e' ? 'ai' : last === 'i' ? 'i' : last === 'o' || last === 'u' ? 'u' : 'c';
  const joined = JOINED.exec(key);
  let seen = false;
  for (let reading = 0; reading < (joined ? 2 : 1); reading++) {
    const r = reading === 0 ? key : key.slice(joined![0].length);
    if (r.length === 0) continue;
    const list = forms.get(arabiziKey(r));
    if (!list) continue;
    seen = true;
    const vowels = arabiziVowels(r);
    const groups = arabiziVowelGroups(r);
    let out: string[] = [];
    // Of the words that fit, the closest: `tri9` is طريق (its i is the ي), not طرق with a
    // short vowel added.
    let most = -Infinity;
    for (const f of list) {
      if (![...f.ends].some((e) => ends.includes(e))) continue;
      if (f.vowels.length !== vowels.length) continue;
      if (!vowelsFit(f.vowels, vowels) || !groupsFit(f.vowels, groups)) continue;
      // At each place, the Latin word writes at least as many of the long vowels as it leaves
      // out: `balik` is not ب + آیوالیک (Ayvalık), whose ا ي و after b it reads as one a.
      let long = 0;
      let short = false;
      for (let i = 0; i < f.vowels.length; i++) {
        const a = (f.vowels.charCodeAt(i) - 48) & 7;
        const l = vowels.charCodeAt(i) - 48;
        const written = bitCount(a & l) - bitCount(a & ~l);
        if (written < 0) short = true;
        long += written;
      }
      if (short) continue;
      if (long < most) continue;
      if (long > most) {
        most = long;
        out = [];
      }
      let word = f.word;
      if (reading === 1) {
        const { letter, article } = arabicOfJoined(joined!);
        word = letter + (article && !word.startsWith('ال') ? 'ال' : '') + word;
      }
      if (!out.includes(word)) out.push(word);
    }
    if (out.length > 0) return { words: out, long: most };
  }
  return seen ? { words: [], long: -Infinity } : undefined;
}

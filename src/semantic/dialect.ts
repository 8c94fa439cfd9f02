/**
 * Dialect markers: weighted vocabulary and spelling evidence between languages that share a
 * script and most of their words (Dari vs Iranian Persian). Data: `lexicons/shared/dialect-markers.json`.
 *
 * A marker list is named by a language code with optional tags:
 * - `prs`: words or phrases (a phrase's words are separated by a space), weight 1;
 * - `prs:strong` (weight 2), `prs:weak` (weight 0.5);
 * - `prs:ending`: word endings (a word at least two letters longer than the ending), weight 1,
 *   also with `:strong` or `:weak`.
 * The list named `default` holds the one language chosen when the markers do not decide.
 *
 * A post's score for a language is the sum of the weights of its markers' occurrences (the
 * longest phrase at a position wins and its words do not count again; a word that is a marker
 * is not also read for its ending). One pass over the tokens with map look-ups: no per-post
 * allocation beyond the small score map.
 */
import { normalise } from './normalise.js';
import { tokenise, type Token } from './tokenise.js';

export const MARKER_WEIGHTS: Readonly<Record<string, number>> = { strong: 2, weak: 0.5 };
/** A word must keep at least this many letters before an ending marker. */
const MIN_STEM = 2;
/**
 * Pronoun and plural clitics written joined to a word, longest first (after normalisation, which
 * drops the ZWNJ): a marker word keeps its weight with them. The stem must keep 3 letters.
 */
const CLITICS = ['هایشان', 'هایمان', 'هایتان', 'هایش', 'هایم', 'هایت', 'های', 'ها', 'شان', 'مان', 'تان', 'یش', 'اش', 'ام', 'ات', 'ش', 'م', 'ت'].map(
  (c) => tokenise(normalise(c))[0]!.key, // as keys are written (ی unified with ي)
);
const MIN_CLITIC_STEM = 3;

export interface DialectMarkers {
  /** Number of markers compiled. */
  readonly size: number;
  /** The language chosen when the markers do not decide, if the data names one. */
  readonly fallback: string | undefined;
  /** Whether the data has markers of this language. */
  covers(code: string): boolean;
  /**
   * Per language, the summed weight of its markers in the tokens; with `text` (the post with
   * its ZWNJs between Arabic letters kept), also the Iranian typing evidence (`zwnjTyping`).
   */
  score(tokens: readonly Token[], text?: string): Map<string, number>;
}

/**
 * Iranian Persian typing: Iranian keyboards and style guides put a zero-width non-joiner
 * (U+200C) after the verb prefix (می‌روم, نمی‌دونم) and before the comparative (مهم‌تر,
 * بزرگ‌ترین), where Afghan posts join the letters or leave a space. Measured on the corpora's
 * train split: می‌ in 25% of fa posts and 1% of prs posts. The plural (کتاب‌ها) does not count:
 * Dari writers separate it too (prs 9%, fa 18%). Only these places count: a ZWNJ dropped at
 * random inside a word (an obfuscation) is not a typing habit. Each place weighs like one marker
 * word; at most `cap` count, since many of them show one habit, not more of it.
 */
export const ZWNJ_TYPING = { code: 'fa', weight: 1, cap: 2 } as const;
const ZWNJ_PLACES =
  /(?<![\u0600-\u06ff])ن?م[یي]\u200c[\u0600-\u06ff]|[\u0600-\u06ff](?<![هة])\u200cتر(?:[یي]ن)?(?![\u0600-\u06ff])/g;

// From the start of a word only: a match tried inside a long run of letters would rescan it.
const ZWNJ_COMPOUND = /(?<![\u0600-\u06ff\u200c])[\u0600-\u06ff]+(?:\u200c[\u0600-\u06ff]+)+/g;
/** Parts of a compound shorter than this are affixes or fragments, not words. */
const MIN_PART = 3;

/**
 * Words written with ZWNJs between Arabic letters, by the matching key of the whole word (the
 * tokeniser drops the ZWNJ), with the keys of their parts of `MIN_PART` letters or more.
 * Undefined when the text has none.
 */
function zwnjCompounds(text: string): Map<string, string[]> | undefined {
  if (!text.includes('\u200c')) return undefined;
  let out: Map<string, string[]> | undefined;
  for (const m of text.matchAll(ZWNJ_COMPOUND)) {
    const whole = tokenise(normalise(m[0]));
    if (whole.length !== 1) continue;
    const parts: string[] = [];
    for (const piece of m[0].split('\u200c')) {
      const keys = tokenise(normalise(piece));
      if (keys.length === 1 && keys[0]!.key.length >= MIN_PART) parts.push(keys[0]!.key);
    }
    if (parts.length > 0) (out ??= new Map()).set(whole[0]!.key, parts);
  }
  return out;
}

export function zwnjTyping(text: string): number {
  if (!text.includes('\u200c')) return 0;
  let n = 0;
  ZWNJ_PLACES.lastIndex = 0;
  while (ZWNJ_PLACES.exec(text) !== null) if (++n >= ZWNJ_TYPING.cap) break;
  return n;
}

type Weights = [code: string, weight: number][];

/**
 * Compile marker lists whose words are already matching keys (phrases: keys joined by a
 * space). Lists of languages not in `known` are ignored.
 */
export function compileDialectMarkers(markers: Readonly<Record<string, readonly string[]>>, known: ReadonlySet<string>): DialectMarkers {
  const words = new Map<string, Weights>();
  const endings = new Map<string, Weights>();
  const endingLengths = new Set<number>();
  // First words of phrases: only these start a phrase look-up.
  const phraseStarts = new Set<string>();
  let maxWords = 1;
  let size = 0;
  let fallback: string | undefined;
  const covered = new Set<string>();
  const put = (table: Map<string, Weights>, key: string, code: string, weight: number) => {
    const list = table.get(key) ?? [];
    const prev = list.find((e) => e[0] === code);
    if (prev) prev[1] = Math.max(prev[1], weight);
    else list.push([code, weight]);
    table.set(key, list);
  };
  for (const name of Object.keys(markers).sort()) {
    const list = markers[name]!;
    if (name === 'default') {
      fallback = list.find((c) => known.has(c));
      continue;
    }
    const [code, ...tags] = name.split(':');
    if (!code || !known.has(code)) continue;
    let weight = 1;
    for (const t of tags) weight = MARKER_WEIGHTS[t] ?? weight;
    const ending = tags.includes('ending');
    for (const w of list) {
      if (!w) continue;
      if (ending) {
        if (w.includes(' ')) continue;
        put(endings, w, code, weight);
        endingLengths.add(w.length);
      } else {
        put(words, w, code, weight);
        const parts = w.split(' ');
        if (parts.length > 1) phraseStarts.add(parts[0]!);
        maxWords = Math.max(maxWords, parts.length);
      }
      size++;
      covered.add(code);
    }
  }
  const lengths = [...endingLengths].sort((a, b) => b - a);
  // A marker word with a pronoun or plural attached (موتورش, ماشینمون, پیسه‌هایش): the stem
  // decides, since both varieties attach the same clitics to their own words.
  const cliticStem = (key: string): Weights | undefined => {
    for (const c of CLITICS) {
      if (key.length < c.length + MIN_CLITIC_STEM || !key.endsWith(c)) continue;
      const hit = words.get(key.slice(0, -c.length));
      if (hit) return hit;
    }
    return undefined;
  };
  const add = (scores: Map<string, number>, weights: Weights) => {
    for (const [code, w] of weights) scores.set(code, (scores.get(code) ?? 0) + w);
  };

  const typingKnown = known.has(ZWNJ_TYPING.code);

  function score(tokens: readonly Token[], text?: string): Map<string, number> {
    const scores = new Map<string, number>();
    if (text !== undefined && typingKnown) {
      const n = zwnjTyping(text);
      if (n > 0) scores.set(ZWNJ_TYPING.code, n * ZWNJ_TYPING.weight);
    }
    const compounds = text !== undefined ? zwnjCompounds(text) : undefined;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.type !== 'word') continue;
      let best = words.get(t.key);
      let bestSpan = best ? 1 : 0;
      if (maxWords > 1 && phraseStarts.has(t.key)) {
        let phrase = t.key;
        for (let j = i + 1, n = 2; j < tokens.length && n <= maxWords; j++, n++) {
          const u = tokens[j]!;
          if (u.type !== 'word') break;
          phrase += ' ' + u.key;
          const hit = words.get(phrase);
          if (hit) {
            best = hit;
            bestSpan = n;
          }
        }
      }
      if (best) {
        add(scores, best);
        i += bestSpan - 1;
        continue;
      }
      const stem = cliticStem(t.key);
      if (stem) {
        add(scores, stem);
        continue;
      }
      let ending: Weights | undefined;
      for (const n of lengths) {
        if (t.key.length < n + MIN_STEM) continue;
        ending = endings.get(t.key.slice(-n));
        if (ending) break;
      }
      if (ending) {
        add(scores, ending);
        continue;
      }
      // A compound typed with ZWNJs (فارسی‌زبان, موتور‌خانه): its parts are words.
      const parts = compounds?.get(t.key);
      if (parts) for (const part of parts) {
        const hit = words.get(part) ?? cliticStem(part);
        if (hit) add(scores, hit);
      }
    }
    return scores;
  }

  return { size, fallback, covers: (code) => covered.has(code), score };
}

/**
 * Learned word features. Besides the lexicon-driven features, the model may carry a small
 * vocabulary of normalised words chosen by `train` on the train split; each word is one named
 * feature (`term.<word>`) whose spans are the word's occurrences. They let the data correct
 * what the lexicons miss, while every contribution still points at exact characters.
 */
import type { Token } from '../semantic/tokenise.js';
import { overlapSweep, type Span } from '../semantic/span.js';
import { ZERO, type FeatureValue, type PresentFeature } from './features.js';
import type { ReadToken } from '../semantic/engine.js';
import { arabicSpellings, arabiziKey, arabiziVowels, hasArabiziDigits, latinSpelling, MIN_SKELETON, vowelsFit, wordSkeletons } from '../semantic/arabizi.js';

export const TERM_PREFIX = 'term.';

export const termFeatureId = (key: string) => TERM_PREFIX + key;

/** Whether a token may become a learned word: letters, at least two characters, not a number. */
export function isVocabularyToken(t: Token): boolean {
  return t.type === 'word' && t.key.length >= 2 && !/^\d+$/.test(t.key);
}

/**
 * Words inside identifiers (handles, links, e-mails, phone numbers) are never learned words:
 * they would tie the model to accounts, and their labels would print parts of identifiers that
 * redaction must hide.
 */
export { identifierSpans } from '../semantic/engine.js';

/** Whether a token starts inside one of the spans, asked for tokens in text order. */
function insideChecker(spans: readonly Span[]): (t: Token) => boolean {
  const overlaps = overlapSweep(spans);
  return (t) => overlaps(t.start, t.start + 1);
}

/**
 * A model's vocabulary as the scorer and training look words up: by key, and, for Latin-script
 * words in a post that reads as Arabizi, by the Arabizi forms of its Arabic-script words, so
 * `ri7la` counts as the learned word `رحله` (spans on the Latin letters). Built once per model.
 */
export interface VocabularyIndex {
  size: number;
  byKey: ReadonlyMap<string, number>;
  /** Arabizi skeleton + how the word ends (see `vocabularyIndex`) -> the Arabic words giving it. */
  bySkeleton: ReadonlyMap<string, readonly SkeletonWord[]>;
  /** Full spelling (`latinSpelling`) of an Arabic-script word -> that word, if only one. */
  bySpelling: ReadonlyMap<string, number>;
}

/** An Arabic-script vocabulary word behind a skeleton: which spelling (rank) and its long vowels. */
export interface SkeletonWord {
  word: number;
  rank: number;
  /** `arabiziVowels` of the spelling: where the Arabic word writes a long vowel. */
  vowels: string;
}

/** Skeletons at least this long map on their own; shorter words need their full spelling. */
export const TERM_SKELETON = MIN_SKELETON;
// Words of one letter (`w`, `l`) or two common in any Latin text are never read as Arabizi.
const MIN_SPELLING = 2;

/**
 * Index a vocabulary. An Arabic word gives its full usual spellings (`الجايه`: aljaia) and its
 * Arabizi skeletons, most usual first (rank 0, 1, ...), each with how the word ends: a long
 * vowel letter (ا or ta marbuta ه: a, ي: i, و: u) or a consonant (a final ه, و, ي written h,
 * w, y), since a skeleton drops final vowels and would read `asbou3` (اسبوع) as اسبوعي and
 * `3ndi` (عندي) as عنده. Persian words (چ is ch there, sh in Arabizi) are left out.
 */
export function vocabularyIndex(vocabulary: readonly string[]): VocabularyIndex {
  const byKey = new Map(vocabulary.map((k, i) => [k, i] as const));
  const bySkeleton = new Map<string, SkeletonWord[]>();
  const spellingBest = new Map<string, number[]>();
  vocabulary.forEach((word, i) => {
    if (!/^[\u0600-\u06ff]+$/.test(word) || /[پچژگڤکی]/.test(word)) return;
    for (const spelling of arabicSpellings(word)) {
      if (spelling.length < MIN_SPELLING) continue;
      const list = spellingBest.get(spelling) ?? [];
      if (!list.includes(i)) list.push(i);
      spellingBest.set(spelling, list);
    }
    const latin: string[] = [];
    const skeletons = wordSkeletons(word, latin);
    if (skeletons.length === 0 || skeletons[0]!.length < TERM_SKELETON) return;
    const last = word[word.length - 1]!;
    // A final ه, و, ي read as a vowel leaves the skeleton; read as h, w, y it ends it.
    const vowel = last === 'ه' || last === 'ا' ? 'a' : last === 'و' ? 'u' : last === 'ي' ? 'i' : 'c';
    const letter = last === 'ه' ? 'h' : last === 'و' ? 'w' : last === 'ي' ? 'y' : '';
    skeletons.forEach((k, rank) => {
      if (k.length < TERM_SKELETON) return;
      const key = k + (letter && k.endsWith(letter) ? 'c' : vowel);
      const list = bySkeleton.get(key) ?? [];
      list.push({ word: i, rank, vowels: arabiziVowels(latin[rank]!) });
      bySkeleton.set(key, list);
    });
  });
  const bySpelling = new Map<string, number>();
  for (const [k, words] of spellingBest) if (words.length === 1) bySpelling.set(k, words[0]!);
  return { size: vocabulary.length, byKey, bySkeleton, bySpelling };
}

/**
 * The Arabic-script vocabulary word a Latin-script word stands for in an Arabizi post, if any:
 * the one with its full spelling, else the one word whose skeleton, ending and long vowels it
 * has (`aljam3a` is الجامعه, not الجماعه: no vowel after m) at the most usual spelling; none
 * when two words fit equally (`ytsl`: يتسلل, يتصل).
 */
function arabiziWord(key: string, index: VocabularyIndex): number | undefined {
  const spelled = index.bySpelling.get(latinSpelling(key));
  if (spelled !== undefined) return spelled;
  const skeleton = arabiziKey(key);
  if (skeleton.length < TERM_SKELETON) return undefined;
  const last = key[key.length - 1]!;
  const candidates = index.bySkeleton.get(skeleton + ('ae'.includes(last) ? 'a' : last === 'i' ? 'i' : 'ou'.includes(last) ? 'u' : 'c'));
  if (!candidates) return undefined;
  const vowels = arabiziVowels(key);
  let best: number | undefined;
  let bestRank = Infinity;
  let tied = false;
  for (const c of candidates) {
    if (c.rank > bestRank || !vowelsFit(c.vowels, vowels)) continue;
    if (c.rank < bestRank) {
      best = c.word;
      bestRank = c.rank;
      tied = false;
    } else if (c.word !== best) tied = true;
  }
  return tied ? undefined : best;
}

/** A Latin-script word that may stand for an Arabic-script one: any word of an Arabizi post, one with Arabizi digits (`ri7la`) in any post. */
export const readsAsArabic = (t: ReadToken, arabizi: boolean) => t.script === 'latin' && isVocabularyToken(t) && (arabizi || hasArabiziDigits(t.key));

/**
 * The vocabulary features with evidence in one post, in vocabulary order. `arabizi`: the post
 * reads as Arabizi (the engine's licence, `Analysis.arabizi`); then its Latin words also count
 * as the Arabic-script words they spell. A Latin word with Arabizi digits (`ri7la`) counts so
 * in any post. A Latin word the lexicons read as an Arabic word (`ReadToken.reading`) counts
 * as that word only, as its Arabic spelling would (`zba2n` is زبائن, not the learned زبان of
 * the same skeleton), or as none if that word is not learned. `asSpelled`: a Latin word read as
 * an Arabic word counts as that word only, not also as itself.
 */
export function presentTerms(input: string, tokens: readonly ReadToken[], index: VocabularyIndex, exclude: readonly Span[] = [], arabizi = false, asSpelled = false): PresentFeature[] {
  const mapLatin = index.bySkeleton.size > 0 || index.bySpelling.size > 0;
  const inside = insideChecker(exclude);
  const spans = new Map<number, Span[]>();
  const add = (word: number, span: Span) => {
    const list = spans.get(word);
    if (list) list.push(span);
    else spans.set(word, [span]);
  };
  for (const t of tokens) {
    const own = index.byKey.get(t.key);
    const latin =
      mapLatin && readsAsArabic(t, arabizi)
        ? t.reading === undefined
          ? arabiziWord(t.key, index)
          : index.byKey.get(t.reading)
        : undefined;
    if (own === undefined && latin === undefined) continue;
    if (inside(t)) continue;
    const span = { start: t.start, end: t.end, text: input.slice(t.start, t.end) };
    if (own !== undefined && !(latin !== undefined && asSpelled)) add(own, span);
    if (latin !== undefined && latin !== own) add(latin, span);
  }
  const out: PresentFeature[] = [];
  for (const [word, list] of spans) out.push({ index: word, value: { value: 1, spans: list, entries: [] } });
  return out.sort((a, b) => a.index - b.index);
}

/** The values of every vocabulary feature for one post, in vocabulary order (see `presentTerms`). */
export function termValues(input: string, tokens: readonly ReadToken[], index: VocabularyIndex, exclude: readonly Span[] = [], arabizi = false): FeatureValue[] {
  const out = new Array<FeatureValue>(index.size).fill(ZERO);
  for (const { index: i, value } of presentTerms(input, tokens, index, exclude, arabizi)) out[i] = value;
  return out;
}

export interface VocabularyOptions {
  size: number;
  minDocs: number;
  /** Word keys that are never chosen (function words). */
  stopwords?: ReadonlySet<string>;
}

/**
 * Pick the words that best separate the labels on the training items: smoothed log-odds of
 * appearing in a positive vs a negative post, weighted by how many posts carry the word.
 * Ties break on the word itself, so the choice is deterministic.
 */
/** The distinct keys of a post's words (as `isVocabularyToken`) outside `exclude` (identifiers): what training counts a post's words by. */
export function vocabularyKeys(tokens: readonly Token[], exclude: readonly Span[] = []): Set<string> {
  const inside = insideChecker(exclude);
  const keys = new Set<string>();
  for (const t of tokens) if (!inside(t) && isVocabularyToken(t)) keys.add(t.key);
  return keys;
}

export function selectVocabulary(docs: readonly (readonly Token[])[], labels: readonly number[], options: VocabularyOptions, excludes: readonly (readonly Span[])[] = []): string[] {
  const pos = new Map<string, number>();
  const neg = new Map<string, number>();
  let p = 0;
  let n = 0;
  docs.forEach((tokens, i) => {
    const seen = vocabularyKeys(tokens, excludes[i]);
    const target = labels[i] ? pos : neg;
    if (labels[i]) p++;
    else n++;
    for (const k of seen) target.set(k, (target.get(k) ?? 0) + 1);
  });
  const scored: [string, number][] = [];
  for (const key of new Set([...pos.keys(), ...neg.keys()])) {
    const a = pos.get(key) ?? 0;
    const b = neg.get(key) ?? 0;
    if (a + b < options.minDocs || options.stopwords?.has(key)) continue;
    const logOdds = Math.log((a + 1) / (p + 2)) - Math.log((b + 1) / (n + 2));
    scored.push([key, Math.abs(logOdds) * Math.log(a + b)]);
  }
  scored.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  return scored.slice(0, options.size).map(([k]) => k);
}

/**
 * Multi-pattern matcher over tokens. All terms of all lexicons are compiled once into a word
 * table (exact words and prefix stems in hash maps) and a phrase trie over word
 * ids; matching a post is one walk per token bounded by the longest phrase, so the cost is
 * linear in the post's length whatever the number of terms. The word ids a token key stands
 * for depend on the key alone, so they are computed once per distinct key and cached.
 */
import { arabicTermSkeletons, arabiziKey, hasArabiziDigits } from '../arabizi.js';
import { normalise } from '../normalise.js';
import { tokenise, type Token } from '../tokenise.js';

export interface PatternSpec<T> {
  terms: readonly string[];
  /** Words of 4+ characters also match longer words that start with them. */
  prefix?: boolean;
  /** Latin-script Arabic spellings, matched on Arabizi skeletons. */
  arabizi?: readonly string[];
  /** Match the term's characters exactly as one token (emoji, symbols). */
  literal?: boolean;
  /**
   * Arabic-script terms also match their Arabizi skeletons, derived by transliteration, when
   * a skeleton word has at least this many characters (see `arabicTermSkeletons`).
   */
  deriveArabizi?: number;
  data: T;
}

export interface Hit<T> {
  data: T;
  /** Token range [first, last]. */
  first: number;
  last: number;
  /** UTF-16 offsets in the original text. */
  start: number;
  end: number;
  /** Matched through an Arabizi skeleton (curated or derived). */
  arabizi: boolean;
  /** Matched through a skeleton derived from an Arabic term, not a curated spelling. */
  derived: boolean;
}

/** A phrase-trie node: children by word id, indices of the patterns ending here (plain data). */
interface PhraseNode {
  n?: Record<number, PhraseNode>;
  p?: number[];
}

/**
 * A matcher's compiled tables, as JSON: loading them (JSON.parse, native) is several times
 * faster than building them term by term, which matters for a fast start.
 */
export interface MatcherTables {
  /** Exact words -> word id. */
  exact: Record<string, number>;
  /** Prefix stems of MIN_PREFIX code points or more -> word id. */
  stems: Record<string, number>;
  root: PhraseNode;
  /** Per pattern: the index of its spec in the specs given to the constructor, 1 if Arabizi, 2 if derived Arabizi. */
  patterns: [number, Via][];
  wordCount: number;
  maxWords: number;
  maxStem: number;
  hasArabizi: boolean;
  /** Word ids that only Arabic terms starting with لل (li + article) give. */
  lilOnly?: number[];
}

/** How a pattern matches: its terms (0), curated Arabizi spellings (1), derived Arabizi skeletons (2). */
type Via = 0 | 1 | 2;

// Dictionaries without a prototype: a lexicon word such as "constructor" is a plain key.
const dictionary = <V>(): Record<string, V> => Object.create(null) as Record<string, V>;

/** Candidate word ids of a key; shared and never mutated. */
type Candidates = readonly number[];
const NO_CANDIDATES: Candidates = Object.freeze([]) as Candidates;
// Distinct keys cached per script class before the cache starts over (bounds memory).
const CACHE_LIMIT = 100_000;

const MIN_PREFIX = 4;
// Skeleton length of an Arabizi word after a joined `w` (and), for it to match on its own.
const MIN_CLITIC_REST = 4;
const ARABIZI_NS = '\u0001';

// Proclitics written joined to Arabic words, after letter unification; longest first.
const PROCLITICS = ['وبال', 'وال', 'فال', 'بال', 'كال', 'لل', 'ال', 'وب', 'ول', 'فب', 'فل', 'وك', 'و', 'ف', 'ب', 'ل', 'ك'];

/** The matching keys of a term: its normalised, tokenised words. */
export function keysOf(term: string): string[] {
  return tokenise(normalise(term)).map((t) => t.key);
}

export class Matcher<T> {
  private exact: Record<string, number> = dictionary();
  // Prefix words by their text (word id) while building, and those long enough to match as a
  // prefix (MIN_PREFIX code points), with their length in UTF-16 units bounding the look-up.
  private stemIds: Record<string, number> = dictionary();
  private stems: Record<string, number> = dictionary();
  private maxStem = 0;
  private root: PhraseNode = {};
  private patterns: { data: T; arabizi: boolean; derived: boolean }[] = [];
  private patternSpecs: [number, Via][] = [];
  private wordCount = 0;
  private maxWords = 1;
  private hasArabizi = false;
  // Word ids of Arabic words written with لل (للتواصل: li + al), whose squeezed key (لتواصل)
  // must not match the word after an article (اللتواصل is التواصل stretched, not ال + لتواصل).
  private lilOnly = new Set<number>();
  // Token key -> candidate word ids, one cache per script class the candidates depend on.
  private readonly cacheArabic = new Map<string, Candidates>();
  private readonly cacheLatin = new Map<string, Candidates>();
  private readonly cacheOther = new Map<string, Candidates>();

  /** `keys`: precomputed `keysOf` for every term of the specs (compiled lexicons). */
  constructor(specs: Iterable<PatternSpec<T>>, keys?: (term: string) => readonly string[]) {
    const wordsOf = keys ?? keysOf;
    let index = 0;
    const lil = new Set<string>();
    const plain = new Set<string>();
    for (const spec of specs) {
      for (const term of spec.terms) {
        const words = spec.literal ? [term.normalize('NFC').replace(/\uFE0F/g, '')] : wordsOf(term);
        this.addPhrase(words, spec.prefix === true && !spec.literal, spec.data, 0, index);
        if (!spec.literal && /ل/.test(term)) {
          const raws = normalise(term).text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
          if (raws.length === words.length) words.forEach((w, k) => (raws[k]!.startsWith('لل') ? lil : plain).add(w));
        }
      }
      for (const term of spec.arabizi ?? []) {
        const words = wordsOf(term).map((w) => ARABIZI_NS + arabiziKey(w));
        this.addPhrase(words, false, spec.data, 1, index);
        this.hasArabizi = true;
      }
      if (spec.deriveArabizi && !spec.literal) {
        for (const term of spec.terms) {
          for (const skeleton of arabicTermSkeletons(wordsOf(term), spec.deriveArabizi)) {
            this.addPhrase(skeleton.map((w) => ARABIZI_NS + w), false, spec.data, 2, index);
            this.hasArabizi = true;
          }
        }
      }
      index++;
    }
    for (const w of lil) {
      if (plain.has(w)) continue;
      const id = this.exact[w];
      if (id !== undefined) this.lilOnly.add(id);
      const stem = this.stems[w];
      if (stem !== undefined) this.lilOnly.add(stem);
    }
  }

  /**
   * The matcher that `new Matcher(specs)` builds, from its tables (`toTables()`) and the data
   * of the same specs, in the same order.
   */
  static fromTables<T>(tables: MatcherTables, data: readonly T[]): Matcher<T> {
    const m = new Matcher<T>([]);
    m.exact = Object.setPrototypeOf(tables.exact, null) as Record<string, number>;
    m.stems = Object.setPrototypeOf(tables.stems, null) as Record<string, number>;
    m.root = tables.root;
    m.patternSpecs = tables.patterns;
    m.patterns = tables.patterns.map(([spec, via]) => {
      if (spec >= data.length) throw new Error('matcher tables do not fit the specs');
      return { data: data[spec]!, arabizi: via !== 0, derived: via === 2 };
    });
    m.wordCount = tables.wordCount;
    m.maxWords = tables.maxWords;
    m.maxStem = tables.maxStem;
    m.hasArabizi = tables.hasArabizi;
    m.lilOnly = new Set(tables.lilOnly ?? []);
    return m;
  }

  toTables(): MatcherTables {
    return {
      exact: this.exact,
      stems: this.stems,
      root: this.root,
      patterns: this.patternSpecs,
      wordCount: this.wordCount,
      maxWords: this.maxWords,
      maxStem: this.maxStem,
      hasArabizi: this.hasArabizi,
      lilOnly: [...this.lilOnly],
    };
  }

  get size(): number {
    return this.patterns.length;
  }

  private wordId(word: string, prefix: boolean): number {
    if (prefix && word.length >= MIN_PREFIX && !word.startsWith(ARABIZI_NS)) {
      let id = this.stemIds[word];
      if (id === undefined) {
        id = this.wordCount++;
        this.stemIds[word] = id;
        // Length in code points, as the prefix rule counts them.
        let points = 0;
        for (const _ of word) points++;
        if (points >= MIN_PREFIX) {
          this.stems[word] = id;
          this.maxStem = Math.max(this.maxStem, word.length);
        }
      }
      return id;
    }
    let id = this.exact[word];
    if (id === undefined) {
      id = this.wordCount++;
      this.exact[word] = id;
    }
    return id;
  }

  private addPhrase(words: readonly string[], prefix: boolean, data: T, via: Via, spec: number): void {
    if (words.length === 0 || words.some((w) => w.length === 0 || w === ARABIZI_NS)) return;
    let node = this.root;
    for (const w of words) {
      const id = this.wordId(w, prefix);
      node.n ??= {};
      let child = node.n[id];
      if (!child) {
        child = {};
        node.n[id] = child;
      }
      node = child;
    }
    // A derived skeleton that a curated spelling (or another term) of the same spec already gives.
    if (via === 2 && node.p?.some((q) => this.patternSpecs[q]![0] === spec)) return;
    const index = this.patterns.length;
    this.patterns.push({ data, arabizi: via !== 0, derived: via === 2 });
    this.patternSpecs.push([spec, via]);
    (node.p ??= []).push(index);
    this.maxWords = Math.max(this.maxWords, words.length);
  }

  /** Word ids a token can stand for: itself, the stems it starts with, its clitic-free forms. */
  private candidates(token: Token): Candidates {
    const own = this.candidatesOf(token.key, token.script);
    if (token.unarticled === undefined) return own;
    // اللجوء: its squeezed key (الجوء) and the word after the article (لجوء).
    const more = this.candidatesOf(token.unarticled, token.script);
    if (more.length === 0) return own;
    const out = [...own];
    for (const id of more) if (!out.includes(id) && !this.lilOnly.has(id)) out.push(id);
    return out;
  }

  private candidatesOf(key: string, script: Token['script']): Candidates {
    const cache = script === 'arabic' ? this.cacheArabic : script === 'latin' ? this.cacheLatin : this.cacheOther;
    let out = cache.get(key);
    if (out === undefined) {
      out = this.computeCandidates(key, script);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(key, out);
    }
    return out;
  }

  private computeCandidates(key: string, script: Token['script']): Candidates {
    const out: number[] = [];
    this.addForm(key, out);
    if (script === 'arabic') {
      for (const p of PROCLITICS) {
        if (key.length - p.length >= 2 && key.startsWith(p)) {
          this.addForm(key.slice(p.length), out);
        }
      }
    }
    if (this.hasArabizi && script === 'latin') {
      const id = this.exact[ARABIZI_NS + arabiziKey(key)];
      if (id !== undefined && !out.includes(id)) out.push(id);
      // The conjunction و joined in Arabizi (`wan9ta3`: وانقطع), when what follows is long
      // enough not to be an accident.
      if (key.length > 4 && key[0] === 'w') {
        const rest = arabiziKey(key.slice(1));
        const restId = rest.length >= MIN_CLITIC_REST ? this.exact[ARABIZI_NS + rest] : undefined;
        if (restId !== undefined && !out.includes(restId)) out.push(restId);
      }
    }
    return out.length === 0 ? NO_CANDIDATES : out;
  }

  /** The exact word id of a form, then the ids of the stems it starts with, shortest first. */
  private addForm(form: string, out: number[]): void {
    const id = this.exact[form];
    if (id !== undefined && !out.includes(id)) out.push(id);
    const longest = Math.min(form.length, this.maxStem);
    for (let end = MIN_PREFIX; end <= longest; end++) {
      const stem = this.stems[end === form.length ? form : form.slice(0, end)];
      if (stem !== undefined && !out.includes(stem)) out.push(stem);
    }
  }

  /** All pattern occurrences in the tokens, in order of position. */
  match(tokens: readonly Token[]): Hit<T>[] {
    const n = tokens.length;
    const cands: Candidates[] = new Array(n);
    for (let i = 0; i < n; i++) cands[i] = this.candidates(tokens[i]!);
    const hits: Hit<T>[] = [];
    for (let i = 0; i < n; i++) {
      const first = tokens[i]!;
      if (cands[i]!.length > 0) this.walk(tokens, cands, i, cands[i]!, first.start, hits);
      else if (first.rest) {
        // Spaced letters led by a one-letter word ("с в а й б е р"): the word after it.
        const ids = this.candidatesOf(first.rest.key, first.script);
        if (ids.length > 0) this.walk(tokens, cands, i, ids, first.rest.start, hits);
      }
    }
    return hits;
  }

  // Phrases starting at token i, whose first token stands for `firstIds` and starts at `start`.
  // Each trie node is reached by one sequence of word ids and a token's ids are distinct, so a
  // (pattern, first, last) triple is found at most once: no duplicate check is needed.
  private frontier: PhraseNode[] = [];
  private nextFrontier: PhraseNode[] = [];
  private walk(tokens: readonly Token[], cands: readonly Candidates[], i: number, firstIds: Candidates, start: number, hits: Hit<T>[]): void {
    let frontier = this.frontier;
    let nextFrontier = this.nextFrontier;
    frontier.length = 0;
    frontier.push(this.root);
    const stop = Math.min(tokens.length, i + this.maxWords);
    for (let j = i; j < stop && frontier.length > 0; j++) {
      nextFrontier.length = 0;
      const ids = j === i ? firstIds : cands[j]!;
      for (let f = 0; f < frontier.length; f++) {
        const next = frontier[f]!.n;
        if (!next) continue;
        for (let c = 0; c < ids.length; c++) {
          const child = next[ids[c]!];
          if (!child) continue;
          nextFrontier.push(child);
          const found = child.p;
          if (!found) continue;
          for (let q = 0; q < found.length; q++) {
            const pattern = this.patterns[found[q]!]!;
            hits.push({
              data: pattern.data,
              first: i,
              last: j,
              start,
              end: tokens[j]!.end,
              arabizi: pattern.arabizi,
              derived: pattern.derived,
            });
          }
        }
      }
      const swap = frontier;
      frontier = nextFrontier;
      nextFrontier = swap;
    }
    this.frontier = frontier;
    this.nextFrontier = nextFrontier;
  }
}

/** Whether a post's Latin words show Arabizi digits, which licenses Arabizi matches. */
export function looksArabizi(tokens: readonly Token[]): boolean {
  for (const t of tokens) if (t.script === 'latin' && hasArabiziDigits(t.key)) return true;
  return false;
}

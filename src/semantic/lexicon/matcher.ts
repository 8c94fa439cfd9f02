/**
 * Multi-pattern matcher over tokens. All terms of all lexicons are compiled once into a word
 * table (exact words and prefix stems in hash maps) and a phrase trie over word
 * ids; matching a post is one walk per token bounded by the longest phrase, so the cost is
 * linear in the post's length whatever the number of terms. The word ids a token key stands
 * for depend on the key alone, so they are computed once per distinct key and cached.
 */
import { arabicTermSkeletons, arabicTermSpellings, arabiziKey, latinSpelling, MIN_SKELETON } from '../arabizi.js';
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
  /**
   * With `deriveArabizi`: a one-word term too short to derive a skeleton from also matches its
   * full usual spelling (`arabicTermSpellings`: يورو as `yourou`).
   */
  deriveSpelled?: boolean;
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

/**
 * A matcher's compiled tables: loading them is several times faster than building them term by
 * term, which matters for a fast start. The tables are flat: the words as one array of strings
 * and everything else as Int32 arrays, including the hash tables themselves, so a compiled file
 * stores them as raw bytes (compiled.ts) and loading them allocates no tree of small objects
 * and runs no loop over the entries.
 */
export interface MatcherTables {
  /** Every word by word id, without the Arabizi mark. */
  words: string[];
  /**
   * Per word id, one character: `e` an exact word, `a` an exact Arabizi skeleton (the word
   * with ARABIZI_NS before it), `p` the full Latin spelling of a short Arabic word (SPELLED_NS),
   * `s` a prefix stem, `-` a prefix word too short to match as one.
   */
  kinds: string;
  /** Open-addressing table of the `e`, `a`, `p` and `s` words by `hashWord`: word id + 1, 0 if empty. */
  wordSlots: Int32Array;
  /** Phrase-trie nodes 0..n-1 (0 is the root): parent node and word id of each (-1 for the root). */
  parents: Int32Array;
  edges: Int32Array;
  /** Open-addressing table of the trie edges by `edgeHash(parent, word)`: child node, 0 if empty. */
  trieSlots: Int32Array;
  /** Patterns ending at node k: patternList[patternStart[k] .. patternStart[k + 1]). */
  patternStart: Int32Array;
  patternList: Int32Array;
  /** Per pattern: 4 x the index of its spec in the specs given to the constructor + how it matches (Via). */
  patternInfo: Int32Array;
  /** How many specs the matcher was built from. */
  specCount: number;
  maxWords: number;
  maxStem: number;
  hasArabizi: boolean;
  /** Word ids that only Arabic terms starting with لل (li + article) give. */
  lilOnly: number[];
}

/**
 * How a pattern matches: its terms (0), curated Arabizi spellings (1), derived Arabizi skeletons
 * (2), a curated spelling that is also the spec's derived skeleton (3).
 */
type Via = 0 | 1 | 2 | 3;

/** FNV-1a over the first `end` UTF-16 units of a word. */
function hashWord(word: string, end: number = word.length): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < end; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
const edgeHash = (node: number, word: number): number => (Math.imul(node, 0x9e3779b1) ^ Math.imul(word + 1, 0x85ebca77)) >>> 0;
/** A power of two at least twice `n`, for a sparse open-addressing table. */
function tableSize(n: number): number {
  let size = 4;
  while (size < n * 2) size *= 2;
  return size;
}
const KIND_EXACT = 101; // 'e'
const KIND_ARABIZI = 97; // 'a'
const KIND_STEM = 115; // 's'
const KIND_SPELLED = 112; // 'p'

// Dictionaries without a prototype: a lexicon word such as "constructor" is a plain key.
const dictionary = <V>(): Record<string, V> => Object.create(null) as Record<string, V>;

/** Candidate word ids of a key; shared and never mutated. */
type Candidates = readonly number[];
// Not frozen: a frozen array has its own hidden class, and optimised code that reads candidate
// lists deoptimises when it meets it. `readonly` keeps it unmutated.
const NO_CANDIDATES: Candidates = [];
// Distinct keys cached per script class before the cache starts over (bounds memory).
const CACHE_LIMIT = 100_000;

const MIN_PREFIX = 4;
// Skeleton length of an Arabizi word after a joined `w` (and), for it to match on its own.
const MIN_CLITIC_REST = 4;
// The Arabic article joined to a Latin-script word, alone or after a one-letter proclitic.
const ARABIZI_ARTICLE = /^[wbf]?[aei]l/;
const ARABIZI_NS = '\u0001';
const SPELLED_NS = '\u0002';
// Candidate word ids of a Latin word read without a joined clitic as short as MIN_SKELETON
// (`waldman`: ضمان, `btrkia`: تركيا) carry this bit: only derived skeletons, whose hits the
// engine checks against the Arabic word's vowels and ending, may use them.
const LOOSE = 1 << 27;
const ID_MASK = LOOSE - 1;
// Clitics read off a Latin word for a loose reading: the article after و, ب, ف or ل
// (`wal`, `bal`, `lal`, `el`), or ب, ل, و alone.
const LOOSE_ARTICLE = /^[wbfl]?[aei]l/;
const LOOSE_LETTER = /^[wbl]/;
// Trie edges while building, keyed node * EDGE_KEY + word id (exact in a double).
const EDGE_KEY = 2 ** 26;

// Proclitics written joined to Arabic words, after letter unification; longest first.
const PROCLITICS = ['وبال', 'وال', 'فال', 'بال', 'كال', 'لل', 'ال', 'وب', 'ول', 'فب', 'فل', 'وك', 'و', 'ف', 'ب', 'ل', 'ك'];

/** The matching keys of a term: its normalised, tokenised words. */
export function keysOf(term: string): string[] {
  return tokenise(normalise(term)).map((t) => t.key);
}

/** What the constructor builds before `index()` turns it into the tables. */
interface Building {
  exact: Map<string, number>;
  // Prefix words by their text (word id), and those long enough to match as a prefix.
  stemIds: Record<string, number>;
  stems: Map<string, number>;
  words: string[];
  kinds: string[];
  parents: number[];
  edges: number[];
  childOf: Map<number, number>;
  nodePatterns: (number[] | undefined)[];
  patternNode: number[];
  patternInfo: number[];
}

export class Matcher<T> {
  // Words by id, their kinds (see MatcherTables.kinds) and the table finding them.
  private words: string[] = [];
  private kinds = '';
  private wordSlots: Int32Array = new Int32Array(4);
  private wordMask = 3;
  // The phrase trie: node k > 0 is the child of parents[k] by the word edges[k].
  private parents: Int32Array = Int32Array.of(0);
  private edges: Int32Array = Int32Array.of(-1);
  private trieSlots: Int32Array = new Int32Array(4);
  private trieMask = 3;
  private patternStart: Int32Array = new Int32Array(2);
  private patternList: Int32Array = new Int32Array(0);
  private patternInfo: Int32Array = new Int32Array(0);
  // Per spec: its data.
  private data: T[] = [];
  // Prefix stems match up to this length in UTF-16 units.
  private maxStem = 0;
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
    const b: Building = {
      exact: new Map(),
      stemIds: dictionary(),
      stems: new Map(),
      words: [],
      kinds: [],
      parents: [0],
      edges: [-1],
      childOf: new Map(),
      nodePatterns: [undefined],
      patternNode: [],
      patternInfo: [],
    };
    const wordsOf = keys ?? keysOf;
    let index = 0;
    const lil = new Set<string>();
    const plain = new Set<string>();
    for (const spec of specs) {
      this.data.push(spec.data);
      for (const term of spec.terms) {
        const words = spec.literal ? [term.normalize('NFC').replace(/\uFE0F/g, '')] : wordsOf(term);
        this.addPhrase(b, words, spec.prefix === true && !spec.literal, 0, index);
        if (!spec.literal && /ل/.test(term)) {
          const raws = normalise(term).text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
          if (raws.length === words.length) words.forEach((w, k) => (raws[k]!.startsWith('لل') ? lil : plain).add(w));
        }
      }
      for (const term of spec.arabizi ?? []) {
        const words = wordsOf(term).map((w) => ARABIZI_NS + arabiziKey(w));
        this.addPhrase(b, words, false, 1, index);
        this.hasArabizi = true;
      }
      if (spec.deriveArabizi && !spec.literal) {
        for (const term of spec.terms) {
          const words = wordsOf(term);
          for (const skeleton of arabicTermSkeletons(words, spec.deriveArabizi)) {
            this.addPhrase(b, skeleton.map((w) => ARABIZI_NS + w), false, 2, index);
            this.hasArabizi = true;
          }
          for (const spelled of spec.deriveSpelled ? arabicTermSpellings(words, spec.deriveArabizi) : []) {
            this.addPhrase(b, [SPELLED_NS + spelled], false, 2, index);
            this.hasArabizi = true;
          }
        }
      }
      index++;
    }
    for (const w of lil) {
      if (plain.has(w)) continue;
      const id = b.exact.get(w);
      if (id !== undefined) this.lilOnly.add(id);
      const stem = b.stems.get(w);
      if (stem !== undefined) this.lilOnly.add(stem);
    }
    this.index(b);
  }

  /** The look-up tables of what the constructor built. */
  private index(b: Building): void {
    this.words = b.words;
    this.kinds = b.kinds.join('');
    const wordSize = tableSize(b.exact.size + b.stems.size);
    const wordMask = wordSize - 1;
    const wordSlots = new Int32Array(wordSize); // word id + 1; 0: empty
    for (let id = 0; id < b.words.length; id++) {
      if (this.kinds.charCodeAt(id) === 45 /* - */) continue;
      let h = hashWord(b.words[id]!) & wordMask;
      while (wordSlots[h] !== 0) h = (h + 1) & wordMask;
      wordSlots[h] = id + 1;
    }
    this.wordSlots = wordSlots;
    this.wordMask = wordMask;

    const nodes = b.parents.length;
    this.parents = Int32Array.from(b.parents);
    this.edges = Int32Array.from(b.edges);
    const trieSize = tableSize(nodes);
    const trieMask = trieSize - 1;
    const trieSlots = new Int32Array(trieSize); // child node; 0: empty (the root is nobody's child)
    for (let k = 1; k < nodes; k++) {
      let h = edgeHash(b.parents[k]!, b.edges[k]!) & trieMask;
      while (trieSlots[h] !== 0) h = (h + 1) & trieMask;
      trieSlots[h] = k;
    }
    this.trieSlots = trieSlots;
    this.trieMask = trieMask;

    // Patterns by node, in pattern order (the order they were added at each node).
    const start = new Int32Array(nodes + 1);
    for (const node of b.patternNode) start[node + 1]!++;
    for (let k = 0; k < nodes; k++) start[k + 1]! += start[k]!;
    const fill = start.slice(0, nodes);
    const list = new Int32Array(b.patternNode.length);
    for (let q = 0; q < b.patternNode.length; q++) list[fill[b.patternNode[q]!]!++] = q;
    this.patternStart = start;
    this.patternList = list;
    this.patternInfo = Int32Array.from(b.patternInfo);
  }

  /**
   * The matcher that `new Matcher(specs)` builds, from its tables (`toTables()`) and the data
   * of the same specs, in the same order.
   */
  static fromTables<T>(tables: MatcherTables, data: readonly T[]): Matcher<T> {
    if (tables.specCount !== data.length) throw new Error('matcher tables do not fit the specs');
    const m = new Matcher<T>([]);
    m.words = tables.words;
    m.kinds = tables.kinds;
    m.wordSlots = tables.wordSlots;
    m.parents = tables.parents;
    m.edges = tables.edges;
    m.trieSlots = tables.trieSlots;
    m.patternStart = tables.patternStart;
    m.patternList = tables.patternList;
    m.patternInfo = tables.patternInfo;
    m.wordMask = m.wordSlots.length - 1;
    m.trieMask = m.trieSlots.length - 1;
    const nodes = m.parents.length;
    const powerOfTwo = (n: number) => n >= 4 && (n & (n - 1)) === 0;
    if (
      m.kinds.length !== m.words.length ||
      m.edges.length !== nodes ||
      !powerOfTwo(m.wordSlots.length) ||
      m.wordSlots.length < 2 * m.words.length ||
      !powerOfTwo(m.trieSlots.length) ||
      m.trieSlots.length < 2 * nodes ||
      m.patternStart.length !== nodes + 1 ||
      m.patternStart[nodes] !== m.patternList.length ||
      m.patternInfo.length !== m.patternList.length
    ) {
      throw new Error('matcher tables: arrays do not fit together');
    }
    m.data = data.slice();
    m.maxWords = tables.maxWords;
    m.maxStem = tables.maxStem;
    m.hasArabizi = tables.hasArabizi;
    m.lilOnly = new Set(tables.lilOnly);
    return m;
  }

  /** The tables (the matcher's own arrays: not to be written to). */
  toTables(): MatcherTables {
    return {
      words: this.words,
      kinds: this.kinds,
      wordSlots: this.wordSlots,
      parents: this.parents,
      edges: this.edges,
      trieSlots: this.trieSlots,
      patternStart: this.patternStart,
      patternList: this.patternList,
      patternInfo: this.patternInfo,
      specCount: this.data.length,
      maxWords: this.maxWords,
      maxStem: this.maxStem,
      hasArabizi: this.hasArabizi,
      lilOnly: [...this.lilOnly],
    };
  }

  get size(): number {
    return this.patternInfo.length;
  }

  /** The id of a word of a kind among the first `end` units of `form` (whose hash is `hash`), or -1. */
  private find(form: string, end: number, hash: number, kind: number): number {
    const mask = this.wordMask;
    const slots = this.wordSlots;
    for (let h = hash & mask; ; h = (h + 1) & mask) {
      const slot = slots[h]!;
      if (slot === 0) return -1;
      const id = slot - 1;
      if (this.kinds.charCodeAt(id) !== kind) continue;
      const word = this.words[id]!;
      if (word.length === end && (end === form.length ? word === form : form.startsWith(word))) return id;
    }
  }

  /** The child of a trie node by a word id, or 0. */
  private child(node: number, word: number): number {
    const mask = this.trieMask;
    const slots = this.trieSlots;
    for (let h = edgeHash(node, word) & mask; ; h = (h + 1) & mask) {
      const child = slots[h]!;
      if (child === 0 || (this.parents[child] === node && this.edges[child] === word)) return child;
    }
  }

  private wordId(b: Building, word: string, prefix: boolean): number {
    if (prefix && word.length >= MIN_PREFIX && !word.startsWith(ARABIZI_NS) && !word.startsWith(SPELLED_NS)) {
      let id = b.stemIds[word];
      if (id === undefined) {
        id = b.words.length;
        b.stemIds[word] = id;
        b.words.push(word);
        // Length in code points, as the prefix rule counts them.
        let points = 0;
        for (const _ of word) points++;
        if (points >= MIN_PREFIX) {
          b.stems.set(word, id);
          this.maxStem = Math.max(this.maxStem, word.length);
          b.kinds.push('s');
        } else {
          b.kinds.push('-');
        }
      }
      return id;
    }
    let id = b.exact.get(word);
    if (id === undefined) {
      id = b.words.length;
      b.exact.set(word, id);
      const arabizi = word.startsWith(ARABIZI_NS);
      const spelled = word.startsWith(SPELLED_NS);
      b.words.push(arabizi || spelled ? word.slice(1) : word);
      b.kinds.push(arabizi ? 'a' : spelled ? 'p' : 'e');
    }
    return id;
  }

  private addPhrase(b: Building, words: readonly string[], prefix: boolean, via: Via, spec: number): void {
    if (words.length === 0 || words.some((w) => w.length === 0 || w === ARABIZI_NS || w === SPELLED_NS)) return;
    let node = 0;
    for (const w of words) {
      const id = this.wordId(b, w, prefix);
      const key = node * EDGE_KEY + id;
      let child = b.childOf.get(key);
      if (child === undefined) {
        child = b.parents.length;
        b.parents.push(node);
        b.edges.push(id);
        b.nodePatterns.push(undefined);
        b.childOf.set(key, child);
      }
      node = child;
    }
    const here = b.nodePatterns[node];
    // One pattern per spec and node: another term or spelling of the spec that reads the same
    // (`balam` and `blam`) would only find the same hit twice. A curated spelling and a derived
    // skeleton meeting there become one pattern that stands for both (via 3, for loose readings).
    const same = here?.find((q) => b.patternInfo[q]! >> 2 === spec);
    if (same !== undefined) {
      const was = b.patternInfo[same]! & 3;
      if ((was === 1 && via === 2) || (was === 2 && via === 1)) b.patternInfo[same] = spec * 4 + 3;
      return;
    }
    const index = b.patternNode.length;
    b.patternNode.push(node);
    b.patternInfo.push(spec * 4 + via);
    if (here) here.push(index);
    else b.nodePatterns[node] = [index];
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
    for (const id of more) if (!out.includes(id) && !this.lilOnly.has(id & ID_MASK)) out.push(id);
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
      const skeleton = arabiziKey(key);
      const id = this.find(skeleton, skeleton.length, hashWord(skeleton), KIND_ARABIZI);
      if (id >= 0 && !out.includes(id)) out.push(id);
      // The conjunction و joined in Arabizi (`wan9ta3`: وانقطع), when what follows is long
      // enough not to be an accident.
      if (key.length > 4 && key[0] === 'w') {
        const rest = arabiziKey(key.slice(1));
        const restId = rest.length >= MIN_CLITIC_REST ? this.find(rest, rest.length, hashWord(rest), KIND_ARABIZI) : -1;
        if (restId >= 0 && !out.includes(restId)) out.push(restId);
      }
      // The article joined in Arabizi, alone or after و, ب, ف (`als3r`: السعر, `bal`, `wel`),
      // before a word as long as after a joined و, or as short as MIN_SKELETON if it has an
      // Arabizi digit (`als3r` yes; `altouasl`, tsl, no: too many words share it).
      const article = ARABIZI_ARTICLE.exec(key);
      if (article && key.length - article[0].length >= MIN_SKELETON) {
        const word = key.slice(article[0].length);
        const rest = arabiziKey(word);
        const long = rest.length >= MIN_CLITIC_REST || (rest.length >= MIN_SKELETON && /[235789]/.test(word));
        const restId = long ? this.find(rest, rest.length, hashWord(rest), KIND_ARABIZI) : -1;
        if (restId >= 0 && !out.includes(restId)) out.push(restId);
      }
      // A short Arabic word by its full spelling (`yourou`: يورو).
      const spelled = latinSpelling(key);
      const spelledId = this.find(spelled, spelled.length, hashWord(spelled), KIND_SPELLED);
      if (spelledId >= 0 && !out.includes(spelledId)) out.push(spelledId);
      // Loose readings: the word after any joined clitic, down to MIN_SKELETON, as the Arabic
      // side reads a word after its proclitics; by skeleton or by full spelling.
      for (const re of [LOOSE_ARTICLE, LOOSE_LETTER]) {
        const clitic = re.exec(key);
        if (!clitic || key.length - clitic[0].length < MIN_SKELETON) continue;
        const word = key.slice(clitic[0].length);
        const rest = arabiziKey(word);
        const restId = rest.length >= MIN_SKELETON ? this.find(rest, rest.length, hashWord(rest), KIND_ARABIZI) : -1;
        if (restId >= 0 && !out.includes(restId) && !out.includes(restId | LOOSE)) out.push(restId | LOOSE);
        const restSpelled = latinSpelling(word);
        const restSpelledId = this.find(restSpelled, restSpelled.length, hashWord(restSpelled), KIND_SPELLED);
        if (restSpelledId >= 0 && !out.includes(restSpelledId) && !out.includes(restSpelledId | LOOSE)) out.push(restSpelledId | LOOSE);
      }
    }
    return out.length === 0 ? NO_CANDIDATES : out;
  }

  /** The exact word id of a form, then the ids of the stems it starts with, shortest first. */
  private addForm(form: string, out: number[]): void {
    const id = this.find(form, form.length, hashWord(form), KIND_EXACT);
    if (id >= 0 && !out.includes(id)) out.push(id);
    const longest = Math.min(form.length, this.maxStem);
    if (longest < MIN_PREFIX) return;
    // The hash of each prefix, extended one unit at a time.
    let h = 0x811c9dc5;
    for (let i = 0; i < MIN_PREFIX - 1; i++) h = Math.imul(h ^ form.charCodeAt(i), 0x01000193);
    for (let end = MIN_PREFIX; end <= longest; end++) {
      h = Math.imul(h ^ form.charCodeAt(end - 1), 0x01000193);
      const stem = this.find(form, end, h >>> 0, KIND_STEM);
      if (stem >= 0 && !out.includes(stem)) out.push(stem);
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

  /** Whether `hits` ends with hits from token `first` that include one of spec `spec` ending at `last`. */
  private seen(hits: readonly Hit<T>[], first: number, last: number, spec: number): boolean {
    const data = this.data[spec];
    for (let x = hits.length - 1; x >= 0 && hits[x]!.first === first; x--) if (hits[x]!.last === last && hits[x]!.data === data) return true;
    return false;
  }

  // Phrases starting at token i, whose first token stands for `firstIds` and starts at `start`.
  // Each trie node is reached by one sequence of word ids and a token's ids are distinct, so a
  // (pattern, first, last) triple is found at most once; only a spec's patterns reached through
  // a loose reading are checked against the hits already found (`seen`).
  private frontier: number[] = [];
  private nextFrontier: number[] = [];
  private walk(tokens: readonly Token[], cands: readonly Candidates[], i: number, firstIds: Candidates, start: number, hits: Hit<T>[]): void {
    // Frontier entries: node * 2 + 1 if a loose reading (LOOSE) led there, else node * 2.
    let frontier = this.frontier;
    let nextFrontier = this.nextFrontier;
    frontier.length = 0;
    frontier.push(0);
    const stop = Math.min(tokens.length, i + this.maxWords);
    const patternStart = this.patternStart;
    const patternList = this.patternList;
    for (let j = i; j < stop && frontier.length > 0; j++) {
      nextFrontier.length = 0;
      const ids = j === i ? firstIds : cands[j]!;
      for (let f = 0; f < frontier.length; f++) {
        const node = frontier[f]! >> 1;
        const looseSoFar = frontier[f]! & 1;
        for (let c = 0; c < ids.length; c++) {
          const id = ids[c]!;
          const child = this.child(node, id & ID_MASK);
          if (child === 0) continue;
          const loose = looseSoFar | (id & LOOSE ? 1 : 0);
          nextFrontier.push(child * 2 + loose);
          const last = patternStart[child + 1]!;
          for (let q = patternStart[child]!; q < last; q++) {
            const pattern = patternList[q]!;
            const info = this.patternInfo[pattern]!;
            const via = info & 3;
            // A loose reading reaches derived skeletons only, including those a curated spelling
            // stands for (via 3: \`albalam\`, \`alblm\`), and makes a derived hit of them.
            if (loose && via < 2) continue;
            // The same spec reached by a strict and a loose reading (`btrkia`: its derived ب
            // form and ب read off): one hit.
            if (loose && this.seen(hits, i, j, info >> 2)) continue;
            hits.push({
              data: this.data[info >> 2]!,
              first: i,
              last: j,
              start,
              end: tokens[j]!.end,
              arabizi: via !== 0,
              derived: via === 2 || (via === 3 && loose === 1),
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

/**
 * Multi-pattern matcher over tokens. All terms of all lexicons are compiled once into a word
 * table (exact words in a hash map, stems in a character trie) and a phrase trie over word
 * ids; matching a post is one walk per token bounded by the longest phrase, so the cost is
 * linear in the post's length whatever the number of terms.
 */
import { arabiziKey, hasArabiziDigits } from '../arabizi.js';
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
  /** Matched through an Arabizi skeleton. */
  arabizi: boolean;
}

interface PhraseNode {
  next: Map<number, PhraseNode> | undefined;
  patterns: number[] | undefined;
}

interface CharNode {
  next: Map<string, CharNode> | undefined;
  wordId: number;
}

const MIN_PREFIX = 4;
const ARABIZI_NS = '\u0001';

// Proclitics written joined to Arabic words, after letter unification; longest first.
const PROCLITICS = ['وبال', 'وال', 'فال', 'بال', 'كال', 'لل', 'ال', 'وب', 'ول', 'فب', 'فل', 'وك', 'و', 'ف', 'ب', 'ل', 'ك'];

function keysOf(term: string): string[] {
  return tokenise(normalise(term)).map((t) => t.key);
}

export class Matcher<T> {
  private readonly exact = new Map<string, number>();
  private readonly stems: CharNode = { next: undefined, wordId: -1 };
  private readonly root: PhraseNode = { next: undefined, patterns: undefined };
  private readonly patterns: { data: T; arabizi: boolean }[] = [];
  private wordCount = 0;
  private maxWords = 1;
  private hasArabizi = false;

  constructor(specs: Iterable<PatternSpec<T>>) {
    for (const spec of specs) {
      for (const term of spec.terms) {
        const words = spec.literal ? [term.normalize('NFC').replace(/\uFE0F/g, '')] : keysOf(term);
        this.addPhrase(words, spec.prefix === true && !spec.literal, spec.data, false);
      }
      for (const term of spec.arabizi ?? []) {
        const words = keysOf(term).map((w) => ARABIZI_NS + arabiziKey(w));
        this.addPhrase(words, false, spec.data, true);
        this.hasArabizi = true;
      }
    }
  }

  get size(): number {
    return this.patterns.length;
  }

  private wordId(word: string, prefix: boolean): number {
    if (prefix && word.length >= MIN_PREFIX && !word.startsWith(ARABIZI_NS)) {
      let node = this.stems;
      for (const ch of word) {
        node.next ??= new Map();
        let child = node.next.get(ch);
        if (!child) {
          child = { next: undefined, wordId: -1 };
          node.next.set(ch, child);
        }
        node = child;
      }
      if (node.wordId < 0) node.wordId = this.wordCount++;
      return node.wordId;
    }
    let id = this.exact.get(word);
    if (id === undefined) {
      id = this.wordCount++;
      this.exact.set(word, id);
    }
    return id;
  }

  private addPhrase(words: string[], prefix: boolean, data: T, arabizi: boolean): void {
    if (words.length === 0 || words.some((w) => w.length === 0 || w === ARABIZI_NS)) return;
    let node = this.root;
    for (const w of words) {
      const id = this.wordId(w, prefix);
      node.next ??= new Map();
      let child = node.next.get(id);
      if (!child) {
        child = { next: undefined, patterns: undefined };
        node.next.set(id, child);
      }
      node = child;
    }
    const index = this.patterns.length;
    this.patterns.push({ data, arabizi });
    (node.patterns ??= []).push(index);
    this.maxWords = Math.max(this.maxWords, words.length);
  }

  /** Word ids a token can stand for: itself, the stems it starts with, its clitic-free forms. */
  private candidates(token: Token, arabizi: boolean, out: number[]): void {
    const forms = [token.key];
    if (token.script === 'arabic') {
      for (const p of PROCLITICS) {
        if (token.key.length - p.length >= 2 && token.key.startsWith(p)) forms.push(token.key.slice(p.length));
      }
    }
    for (const form of forms) {
      const id = this.exact.get(form);
      if (id !== undefined && !out.includes(id)) out.push(id);
      let node: CharNode | undefined = this.stems;
      let depth = 0;
      for (const ch of form) {
        node = node.next?.get(ch);
        if (!node) break;
        depth++;
        if (node.wordId >= 0 && depth >= MIN_PREFIX && !out.includes(node.wordId)) out.push(node.wordId);
      }
    }
    if (arabizi && token.script === 'latin') {
      const id = this.exact.get(ARABIZI_NS + arabiziKey(token.key));
      if (id !== undefined && !out.includes(id)) out.push(id);
    }
  }

  /** All pattern occurrences in the tokens, in order of position. */
  match(tokens: readonly Token[]): Hit<T>[] {
    const cands: number[][] = new Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const list: number[] = [];
      this.candidates(tokens[i]!, this.hasArabizi, list);
      cands[i] = list;
    }
    const hits: Hit<T>[] = [];
    const seen = new Set<string>();
    let frontier: PhraseNode[] = [];
    let nextFrontier: PhraseNode[] = [];
    for (let i = 0; i < tokens.length; i++) {
      if (cands[i]!.length === 0) continue;
      frontier.length = 0;
      frontier.push(this.root);
      for (let j = i; j < tokens.length && j < i + this.maxWords && frontier.length > 0; j++) {
        nextFrontier.length = 0;
        for (const node of frontier) {
          if (!node.next) continue;
          for (const id of cands[j]!) {
            const child = node.next.get(id);
            if (!child) continue;
            nextFrontier.push(child);
            for (const p of child.patterns ?? []) {
              const key = `${p}:${i}:${j}`;
              if (seen.has(key)) continue;
              seen.add(key);
              const pattern = this.patterns[p]!;
              hits.push({
                data: pattern.data,
                first: i,
                last: j,
                start: tokens[i]!.start,
                end: tokens[j]!.end,
                arabizi: pattern.arabizi,
              });
            }
          }
        }
        [frontier, nextFrontier] = [nextFrontier, frontier];
      }
    }
    return hits;
  }
}

/** Whether a post's Latin words show Arabizi digits, which licenses Arabizi matches. */
export function looksArabizi(tokens: readonly Token[]): boolean {
  for (const t of tokens) if (t.script === 'latin' && hasArabiziDigits(t.key)) return true;
  return false;
}

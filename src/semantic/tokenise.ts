/**
 * Tokeniser over normalised text. Tokens carry their matching key and both their normalised
 * and original offsets; the key is what lexicon terms are compared with.
 */
import { foldHomoglyphs, homoglyphContext, type HomoglyphContext } from './homoglyphs.js';
import type { Normalised } from './normalise.js';
import { scriptOf, type Script } from './script.js';

export type TokenType = 'word' | 'emoji' | 'symbol';

export interface Token {
  /** Matching key: homoglyphs folded, repeated letters squeezed. */
  key: string;
  type: TokenType;
  script: Script;
  /** Offsets in the normalised text. */
  nStart: number;
  nEnd: number;
  /** UTF-16 offsets in the original text. */
  start: number;
  end: number;
  /**
   * A word joined from four or more spaced letters: its key without the first letter and where
   * its second letter starts in the original, since the first may be a one-letter word before it.
   */
  rest?: { key: string; start: number };
  /** An Arabic word after an article whose ل squeezing merged with its own (اللجوء: لجوء). */
  unarticled?: string;
  // Every token is made with all its fields (the optional ones undefined), so all tokens share
  // one hidden class and the optimised code that reads them does not deoptimise on a new one.
}

const WORD = /[\p{L}\p{N}]/u;
const PICTO = /\p{Extended_Pictographic}/u;
const CURRENCY = /\p{Sc}/u;
const CLASS_WORD = 1;
const CLASS_EMOJI = 2;
const CLASS_SYMBOL = 3;
const CLASS_SEPARATOR = 4;
const classCache = new Map<number, number>();

function classOf(cp: number): number {
  if (cp < 0x80) {
    if ((cp >= 0x30 && cp <= 0x39) || ((cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x7a)) return CLASS_WORD;
    return cp === 0x24 || cp === 0x25 ? CLASS_SYMBOL : CLASS_SEPARATOR; // $ and % (100%)
  }
  let c = classCache.get(cp);
  if (c === undefined) {
    const ch = String.fromCodePoint(cp);
    if (WORD.test(ch)) c = CLASS_WORD;
    else if ((cp >= 0x1f1e6 && cp <= 0x1f1ff) || PICTO.test(ch)) c = CLASS_EMOJI;
    else if (CURRENCY.test(ch)) c = CLASS_SYMBOL;
    else c = CLASS_SEPARATOR;
    if (classCache.size < 65536) classCache.set(cp, c);
  }
  return c;
}

const isRegionalIndicator = (cp: number) => cp >= 0x1f1e6 && cp <= 0x1f1ff;

/** Squeeze runs of the same letter ("whatsssapp" -> "whatsap"); digits are kept as written. */
export function squeeze(word: string): string {
  // Most words have no repeated letter: check first, without building a new string.
  let previous = -1;
  for (let i = 0; i < word.length; ) {
    const cp = word.codePointAt(i)!;
    if (cp === previous && !(cp >= 0x30 && cp <= 0x39)) return squeezeRuns(word);
    previous = cp;
    i += cp > 0xffff ? 2 : 1;
  }
  return word;
}

function squeezeRuns(word: string): string {
  let out = '';
  let prev = '';
  for (const ch of word) {
    if (ch === prev && !(ch >= '0' && ch <= '9')) continue;
    out += ch;
    prev = ch;
  }
  return out;
}

const SCRIPT_CODE: Record<Script, number> = { latin: 0, cyrillic: 1, greek: 2, arabic: 3, other: 4 };

function dominantScript(word: string): Script {
  // Per UTF-16 unit: surrogates and astral code points are 'other' either way, which never wins.
  let latin = 0;
  let cyrillic = 0;
  let greek = 0;
  let arabic = 0;
  for (let i = 0; i < word.length; i++) {
    const s = SCRIPT_CODE[scriptOf(word.charCodeAt(i))];
    if (s === 0) latin++;
    else if (s === 1) cyrillic++;
    else if (s === 2) greek++;
    else if (s === 3) arabic++;
  }
  // Highest count wins; ties go to the first of arabic, cyrillic, latin, greek.
  let best: Script = 'other';
  let max = 0;
  if (arabic > max) {
    max = arabic;
    best = 'arabic';
  }
  if (cyrillic > max) {
    max = cyrillic;
    best = 'cyrillic';
  }
  if (latin > max) {
    max = latin;
    best = 'latin';
  }
  if (greek > max) best = 'greek';
  return best;
}

// An Arabic article (with a joined conjunction or preposition) before a word that starts with ل.
const ARTICLE_LAM = /^[وفبك]?ال(?=ل)/;

function makeWord(raw: string, nStart: number, nEnd: number, norm: Normalised, context: () => HomoglyphContext): Token {
  const folded = foldHomoglyphs(raw, context);
  const key = squeeze(folded);
  const article = folded.length > 4 && folded.charCodeAt(0) >= 0x0600 && folded.charCodeAt(0) <= 0x06ff ? ARTICLE_LAM.exec(folded) : null;
  if (article) {
    // Squeezing joins the article's ل with the word's own (اللجوء -> الجوء): keep the word too.
    const token = makeToken(key, nStart, nEnd, norm);
    token.unarticled = squeeze(folded.slice(article[0].length));
    return token;
  }
  return makeToken(key, nStart, nEnd, norm);
}

function makeToken(key: string, nStart: number, nEnd: number, norm: Normalised): Token {
  return {
    key,
    type: 'word',
    script: dominantScript(key),
    nStart,
    nEnd,
    start: norm.from[nStart]!,
    end: norm.to[nEnd - 1]!,
    rest: undefined,
    unarticled: undefined,
  };
}

// Separators allowed between the letters of a spaced-out word: "w h a t s", "w.h.a.t.s".
const SPACING = /^[ .\-_*·•]{1,2}$/;

/** Tokenise normalised text into words, emoji and currency symbols. */
export function tokenise(norm: Normalised): Token[] {
  const text = norm.text;
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  // The script of the text's unambiguous letters, computed only if a word mixes scripts.
  let known = false;
  let script: HomoglyphContext;
  const context = (): HomoglyphContext => {
    if (!known) {
      script = homoglyphContext(text);
      known = true;
    }
    return script;
  };
  while (i < n) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const cls = classOf(cp);
    if (cls === CLASS_WORD) {
      let j = i + width;
      while (j < n) {
        const c = text.codePointAt(j)!;
        if (classOf(c) !== CLASS_WORD) break;
        j += c > 0xffff ? 2 : 1;
      }
      tokens.push(makeWord(text.slice(i, j), i, j, norm, context));
      i = j;
    } else if (cls === CLASS_EMOJI || cls === CLASS_SYMBOL) {
      let j = i + width;
      // A flag is a pair of regional indicators.
      if (isRegionalIndicator(cp) && j < n && isRegionalIndicator(text.codePointAt(j)!)) j += 2;
      tokens.push({
        key: text.slice(i, j),
        type: cls === CLASS_EMOJI ? 'emoji' : 'symbol',
        script: 'other',
        nStart: i,
        nEnd: j,
        start: norm.from[i]!,
        end: norm.to[j - 1]!,
        rest: undefined,
        unarticled: undefined,
      });
      i = j;
    } else {
      i += width;
    }
  }
  return joinSpacedLetters(tokens, norm, context);
}

const isSingleLetter = (t: Token) =>
  t.type === 'word' && t.nEnd - t.nStart <= 2 && [...t.key].length === 1 && !(t.key >= '0' && t.key <= '9');

/**
 * Merge runs of three or more single letters of one script, separated by spacing, into one word
 * ("w h a t s a p p", "в а й б е р", "و ا ت س"). A run that starts with a one-letter word ("с в а
 * й б е р", "و و ا ت س") keeps the word without its first letter as `rest`, for the matcher.
 */
function joinSpacedLetters(tokens: Token[], norm: Normalised, context: () => HomoglyphContext): Token[] {
  let out: Token[] | undefined;
  for (let i = 0; i < tokens.length; ) {
    let j = i;
    if (isSingleLetter(tokens[i]!)) {
      j = i + 1;
      while (
        j < tokens.length &&
        isSingleLetter(tokens[j]!) &&
        tokens[j]!.script === tokens[i]!.script &&
        SPACING.test(norm.text.slice(tokens[j - 1]!.nEnd, tokens[j]!.nStart))
      ) {
        j++;
      }
    }
    if (j - i >= 3) {
      out ??= tokens.slice(0, i);
      let raw = '';
      for (let k = i; k < j; k++) raw += tokens[k]!.key;
      const merged = makeWord(raw, tokens[i]!.nStart, tokens[j - 1]!.nEnd, norm, context);
      if (j - i >= 4) {
        const second = tokens[i + 1]!;
        merged.rest = { key: makeWord(raw.slice(tokens[i]!.key.length), second.nStart, merged.nEnd, norm, context).key, start: second.start };
      }
      out.push(merged);
      i = j;
    } else {
      out?.push(tokens[i]!);
      i++;
    }
  }
  return out ?? tokens;
}

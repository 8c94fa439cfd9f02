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
import type { Token } from './tokenise.js';

export const MARKER_WEIGHTS: Readonly<Record<string, number>> = { strong: 2, weak: 0.5 };
/** A word must keep at least this many letters before an ending marker. */
const MIN_STEM = 2;

export interface DialectMarkers {
  /** Number of markers compiled. */
  readonly size: number;
  /** The language chosen when the markers do not decide, if the data names one. */
  readonly fallback: string | undefined;
  /** Whether the data has markers of this language. */
  covers(code: string): boolean;
  /** Per language, the summed weight of its markers in the tokens. */
  score(tokens: readonly Token[]): Map<string, number>;
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
  const add = (scores: Map<string, number>, weights: Weights) => {
    for (const [code, w] of weights) scores.set(code, (scores.get(code) ?? 0) + w);
  };

  function score(tokens: readonly Token[]): Map<string, number> {
    const scores = new Map<string, number>();
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
      for (const n of lengths) {
        if (t.key.length < n + MIN_STEM) continue;
        const hit = endings.get(t.key.slice(-n));
        if (hit) {
          add(scores, hit);
          break;
        }
      }
    }
    return scores;
  }

  return { size, fallback, covers: (code) => covered.has(code), score };
}

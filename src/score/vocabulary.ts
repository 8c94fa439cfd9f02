/**
 * Learned word features. Besides the lexicon-driven features, the model may carry a small
 * vocabulary of normalised words chosen by `train` on the train split; each word is one named
 * feature (`term.<word>`) whose spans are the word's occurrences. They let the data correct
 * what the lexicons miss, while every contribution still points at exact characters.
 */
import type { Token } from '../semantic/tokenise.js';
import type { Span } from '../semantic/span.js';
import type { FeatureValue } from './features.js';
import type { Entities } from '../semantic/engine.js';

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
export function identifierSpans(entities: Entities): Span[] {
  return [
    ...entities.urls.map((u) => u.span),
    ...entities.handles.map((h) => h.span),
    ...entities.emails.map((e) => e.span),
    ...entities.phones.map((p) => p.span),
  ];
}

const inside = (t: Token, spans: readonly Span[]) => spans.some((s) => t.start >= s.start && t.start < s.end);

/** Values of the vocabulary features for one post, in vocabulary order. */
export function termValues(input: string, tokens: readonly Token[], index: ReadonlyMap<string, number>, size: number, exclude: readonly Span[] = []): FeatureValue[] {
  const spans: (Span[] | undefined)[] = new Array(size);
  for (const t of tokens) {
    const i = index.get(t.key);
    if (i !== undefined && exclude.length && inside(t, exclude)) continue;
    if (i === undefined) continue;
    (spans[i] ??= []).push({ start: t.start, end: t.end, text: input.slice(t.start, t.end) });
  }
  const out: FeatureValue[] = new Array(size);
  for (let i = 0; i < size; i++) {
    const s = spans[i];
    out[i] = s ? { value: 1, spans: s, entries: [] } : { value: 0, spans: [], entries: [] };
  }
  return out;
}

export interface VocabularyOptions {
  size: number;
  minDocs: number;
}

/**
 * Pick the words that best separate the labels on the training items: smoothed log-odds of
 * appearing in a positive vs a negative post, weighted by how many posts carry the word.
 * Ties break on the word itself, so the choice is deterministic.
 */
export function selectVocabulary(docs: readonly (readonly Token[])[], labels: readonly number[], options: VocabularyOptions, excludes: readonly (readonly Span[])[] = []): string[] {
  const pos = new Map<string, number>();
  const neg = new Map<string, number>();
  let p = 0;
  let n = 0;
  docs.forEach((tokens, i) => {
    const seen = new Set<string>();
    for (const t of tokens) if (isVocabularyToken(t) && !inside(t, excludes[i] ?? [])) seen.add(t.key);
    const target = labels[i] ? pos : neg;
    if (labels[i]) p++;
    else n++;
    for (const k of seen) target.set(k, (target.get(k) ?? 0) + 1);
  });
  const scored: [string, number][] = [];
  for (const key of new Set([...pos.keys(), ...neg.keys()])) {
    const a = pos.get(key) ?? 0;
    const b = neg.get(key) ?? 0;
    if (a + b < options.minDocs) continue;
    const logOdds = Math.log((a + 1) / (p + 2)) - Math.log((b + 1) / (n + 2));
    scored.push([key, Math.abs(logOdds) * Math.log(a + b)]);
  }
  scored.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  return scored.slice(0, options.size).map(([k]) => k);
}

/**
 * Word evidence. Training gives every word found in at least two training scenarios its log-odds
 * of occurring in a risk scenario rather than a benign one (the model's `wordEvidence`, see
 * train/word-evidence.ts). A post's distinct words outside identifiers add up to two features:
 * `words.risk`, tanh of the sum of the positive log-odds over `EVIDENCE_SCALE`, and
 * `words.benign`, the same for the negative ones. tanh keeps each in [0, 1), so a long post
 * saturates instead of outweighing every other reason. Where the learned words are a thousand
 * features with a weight each, these two reach every word two scenarios share, including the
 * plain words of short orders ("bring", "get in") that no lexicon lists.
 */
import type { Token } from '../semantic/tokenise.js';
import { overlapSweep, type Span } from '../semantic/span.js';
import type { FeatureValue } from './features.js';
import { isVocabularyToken } from './vocabulary.js';

export const EVIDENCE_SCALE = 10;

export const WORD_EVIDENCE_FEATURES = [
  { id: 'words.risk', label: 'words found more often in risk posts than in benign ones in training' },
  { id: 'words.benign', label: 'words found more often in benign posts than in risk ones in training' },
] as const;

/** The tokens that can carry word evidence: words (as `isVocabularyToken`) outside `exclude` (identifiers). */
export function evidenceTokens(tokens: readonly Token[], exclude: readonly Span[]): Token[] {
  const overlaps = overlapSweep(exclude);
  return tokens.filter((t) => isVocabularyToken(t) && !overlaps(t.start, t.start + 1));
}

/** Sums of the positive and (as a positive number) the negative log-odds of distinct `keys`. */
export function evidenceSums(keys: Iterable<string>, table: ReadonlyMap<string, number>): { risk: number; benign: number } {
  let risk = 0;
  let benign = 0;
  for (const key of new Set(keys)) {
    const r = table.get(key);
    if (r === undefined) continue;
    if (r > 0) risk += r;
    else benign -= r;
  }
  return { risk, benign };
}

export const evidenceValue = (sum: number) => Math.tanh(sum / EVIDENCE_SCALE);

/**
 * The two features of one post, risk then benign, with every occurrence of their words as spans
 * (in text order, at most `spanLimit` and one more).
 */
export function wordEvidence(input: string, tokens: readonly Token[], table: ReadonlyMap<string, number>, exclude: readonly Span[] = [], spanLimit = Infinity): [FeatureValue, FeatureValue] {
  const words = evidenceTokens(tokens, exclude);
  const { risk, benign } = evidenceSums(words.map((t) => t.key), table);
  const spans = (positive: boolean) => {
    const out: Span[] = [];
    for (const t of words) {
      if (out.length > spanLimit) break;
      const r = table.get(t.key);
      if (r !== undefined && r !== 0 && r > 0 === positive) out.push({ start: t.start, end: t.end, text: input.slice(t.start, t.end) });
    }
    return out;
  };
  return [
    { value: evidenceValue(risk), spans: risk > 0 ? spans(true) : [], entries: [] },
    { value: evidenceValue(benign), spans: benign > 0 ? spans(false) : [], entries: [] },
  ];
}

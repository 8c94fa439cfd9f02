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
import type { ReadToken } from '../semantic/engine.js';
import type { Span } from '../semantic/span.js';
import type { FeatureValue } from './features.js';
import { presentTerms, readsAsArabic, vocabularyIndex, type VocabularyIndex } from './vocabulary.js';

export const EVIDENCE_SCALE = 10;

export const WORD_EVIDENCE_FEATURES = [
  { id: 'words.risk', label: 'words found more often in risk posts than in benign ones in training' },
  { id: 'words.benign', label: 'words found more often in benign posts than in risk ones in training' },
] as const;

/**
 * A word-evidence table as posts look it up: words by key, and in a post that reads as Arabizi
 * its Latin words also as the Arabic-script words they spell, as the learned words are read
 * (`presentTerms`). The Arabizi index of thousands of words costs tens of milliseconds, so it is
 * built on the first post that needs it.
 */
export interface EvidenceTable {
  /** Log-odds by word, in the order of the index. */
  readonly logOdds: readonly number[];
  index(arabizi: boolean): VocabularyIndex;
}

export function evidenceTable(table: ReadonlyMap<string, number> | Readonly<Record<string, number>>): EvidenceTable {
  const byKey = new Map<string, number>();
  const logOdds: number[] = [];
  const add = (word: string, r: number) => {
    byKey.set(word, logOdds.length);
    logOdds.push(r);
  };
  // A model's 7,000 words are read at every start: for...in, without Object.entries' 7,000 pairs.
  if (table instanceof Map) for (const [word, r] of table as ReadonlyMap<string, number>) add(word, r);
  else {
    const record = table as Readonly<Record<string, number>>;
    for (const word in record) add(word, record[word]!);
  }
  const plain: VocabularyIndex = { size: logOdds.length, byKey, bySkeleton: new Map(), bySpelling: new Map() };
  let full: VocabularyIndex | undefined;
  return { logOdds, index: (arabizi) => (arabizi ? (full ??= vocabularyIndex([...byKey.keys()])) : plain) };
}

export const evidenceValue = (sum: number) => Math.tanh(sum / EVIDENCE_SCALE);

/**
 * The two features of one post, risk then benign: each distinct word counts once, with every
 * occurrence as a span (in text order, at most `spanLimit` and one more). `arabizi`: the post
 * reads as Arabizi (`Analysis.arabizi`).
 */
export function wordEvidence(input: string, tokens: readonly ReadToken[], table: EvidenceTable, exclude: readonly Span[] = [], spanLimit = Infinity, arabizi = false): [FeatureValue, FeatureValue] {
  const index = table.index(tokens.some((t) => readsAsArabic(t, arabizi)));
  let risk = 0;
  let benign = 0;
  const riskSpans: Span[] = [];
  const benignSpans: Span[] = [];
  // A Latin word read as an Arabic word counts as that word only: as itself too (`mn`, learned
  // from Arabizi posts, and من) it would count twice, and Arabizi would outscore its Arabic original.
  for (const { index: i, value } of presentTerms(input, tokens, index, exclude, arabizi, true)) {
    const r = table.logOdds[i]!;
    if (r > 0) risk += r;
    else benign -= r;
    // A word's spans are in text order, so the first spanLimit + 1 of all are among each word's
    // first spanLimit + 1: the sort below stays small however long the text.
    const spans = r > 0 ? riskSpans : benignSpans;
    for (const span of value.spans.slice(0, spanLimit + 1)) spans.push(span);
  }
  const inOrder = (spans: Span[]) => spans.sort((a, b) => a.start - b.start).slice(0, spanLimit + 1);
  return [
    { value: evidenceValue(risk), spans: inOrder(riskSpans), entries: [] },
    { value: evidenceValue(benign), spans: inOrder(benignSpans), entries: [] },
  ];
}

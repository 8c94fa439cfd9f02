/**
 * Baselines scored in the same run as the model: natural's naive Bayes and logistic
 * regression classifiers on word tokens, and a count of risk-lexicon entries. All are trained
 * (or thresholded) on the same train/dev splits as the model.
 */
import { createRequire } from 'node:module';
import { RISK_KINDS } from '../semantic/lexicon/schema.js';
import type { Pipeline } from '../score/pipeline.js';
import { chooseThreshold } from '../score/train/train.js';

export interface Baseline {
  name: string;
  /** Score at or above which the baseline flags. */
  threshold: number;
  score(text: string): number;
}

interface LabelledText {
  text: string;
  label: 'smuggling' | 'benign';
}

interface NaturalClassifier {
  addDocument(text: string, label: string): void;
  train(): void;
  getClassifications(text: string): { label: string; value: number }[];
}
type NaturalClassifierClass = new (stemmer: { tokenizeAndStem(text: string): string[] }) => NaturalClassifier;

function loadNatural(): { Bayes: NaturalClassifierClass; Logistic: NaturalClassifierClass; Tokenizer: new (o: { pattern: RegExp }) => { tokenize(t: string): string[] } } {
  const require = createRequire(import.meta.url);
  try {
    // Submodules only: natural's top-level entry prints, reads .env and loads database drivers.
    return {
      Bayes: require('natural/lib/natural/classifiers/bayes_classifier.js'),
      Logistic: require('natural/lib/natural/classifiers/logistic_regression_classifier.js'),
      Tokenizer: require('natural/lib/natural/tokenizers/regexp_tokenizer.js').RegexpTokenizer,
    };
  } catch (err) {
    throw new Error(`baselines need the optional package "natural" (npm install natural): ${(err as Error).message}`);
  }
}

/** Probability of `smuggling` from a natural classifier's per-label values. */
function naturalScore(classifier: NaturalClassifier, text: string): number {
  const cls = classifier.getClassifications(text);
  const pos = cls.find((c) => c.label === 'smuggling')?.value ?? 0;
  const total = cls.reduce((s, c) => s + c.value, 0);
  return total > 0 ? pos / total : 0;
}

export function trainNaturalBaselines(train: readonly LabelledText[], which: { bayes: boolean; logistic: boolean }): Baseline[] {
  const { Bayes, Logistic, Tokenizer } = loadNatural();
  // natural's default tokenisers drop non-Latin letters; a Unicode-aware split keeps Arabic,
  // Cyrillic and Persian words, which is the fair way to run them on these languages.
  const tokenizer = new Tokenizer({ pattern: /[^\p{L}\p{N}]+/u });
  const stemmer = { tokenizeAndStem: (t: string) => tokenizer.tokenize(t.toLowerCase()).filter(Boolean) };
  const out: Baseline[] = [];
  const make = (name: string, Cls: NaturalClassifierClass, tokens: (t: string) => string[]) => {
    const classifier = new Cls({ tokenizeAndStem: tokens });
    for (const item of train) classifier.addDocument(item.text, item.label);
    classifier.train();
    // natural's own decision is the arg-max label, i.e. a 0.5 cut on the normalised score.
    out.push({ name, threshold: 0.5, score: (text) => naturalScore(classifier, text) });
  };
  if (which.bayes) make('natural BayesClassifier', Bayes, stemmer.tokenizeAndStem);
  if (which.logistic) {
    // natural's logistic regression trains on dense matrices (documents x vocabulary) by plain
    // gradient descent, which does not finish on the full vocabulary of a few thousand posts;
    // it gets the LR_VOCABULARY most frequent training words, the rest of its input unchanged.
    const df = new Map<string, number>();
    for (const item of train) for (const w of new Set(stemmer.tokenizeAndStem(item.text))) df.set(w, (df.get(w) ?? 0) + 1);
    const keep = new Set([...df].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, LR_VOCABULARY).map(([w]) => w));
    make(`natural LogisticRegressionClassifier (top ${LR_VOCABULARY} words)`, Logistic, (t) => stemmer.tokenizeAndStem(t).filter((w) => keep.has(w)));
  }
  return out;
}

const RISK = new Set<string>(RISK_KINDS);
export const LR_VOCABULARY = 400;

/** Number of distinct risk-lexicon entries a text hits; threshold by the dev rule of `train`. */
export function keywordCountBaseline(pipeline: Pipeline, dev: readonly LabelledText[]): Baseline {
  const score = (text: string) => {
    let n = 0;
    for (const [name, atom] of pipeline.extract(text).analysis.atoms) if (RISK.has(name)) n += atom.entries.length;
    return n;
  };
  const chosen = chooseThreshold(dev.map((d) => score(d.text)), dev.map((d) => (d.label === 'smuggling' ? 1 : 0)));
  return { name: 'keyword count', threshold: chosen.threshold, score };
}

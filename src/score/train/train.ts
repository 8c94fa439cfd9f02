/**
 * Training: feature vectors of the corpus, a regularised logistic model fitted on the train
 * split, lambda and Platt calibration and the threshold chosen on dev, one head per risk
 * category. Deterministic: the same corpus, lexicons and features give a byte-identical file.
 */
import { createHash } from 'node:crypto';
import type { CorpusItem } from '../../data/labelled.js';
import { itemLogLosses } from '../../evaluate/metrics.js';
import { RISK_CATEGORIES } from '../../semantic/lexicon/schema.js';
import { calibrate, sigmoid } from '../linear.js';
import type { ModelFile } from '../model-file.js';
import type { Pipeline } from '../pipeline.js';
import { identifierSpans, selectVocabulary, termFeatureId, termValues, vocabularyIndex, vocabularyKeys, type VocabularyIndex } from '../vocabulary.js';
import { WORD_EVIDENCE_FEATURES, wordEvidence } from '../word-evidence.js';
import { deriveEntryWeights, ENTRY_PRIOR_SCENARIOS } from './entry-weights.js';
import { fitLogistic, fitPlatt } from './logistic.js';
import { mulberry32 } from './random.js';
import { stopwordKeys } from './stopwords.js';
import { crossFittedEvidence, WORD_EVIDENCE } from './word-evidence.js';

export const LAMBDAS = [0.03, 0.1, 0.3, 1, 3, 10] as const;
/**
 * Threshold rule: among thresholds whose dev false-positive rate is at most the target for unseen
 * posts, the highest whose dev F1 is within one standard error of the best F1 (the standard error
 * from a seeded bootstrap of dev). Over a wide stretch of thresholds dev F1 differs by a few posts,
 * and its maximum lands anywhere on that plateau with any change to data or lexicons; of
 * thresholds dev cannot tell apart, the rule takes the one that flags the fewest posts. Dev holds
 * hard negatives that no data or lexicon decision was judged on (batch 8's dev scenarios).
 */
export const MAX_DEV_FPR = 0.05;
/** Learned words: at most this many, each seen in at least this many training posts. */
export const VOCABULARY = { size: 1000, minDocs: 5 } as const;
export const BANDS = { medium: 0.3, high: 0.6, critical: 0.85 } as const;

export interface TrainInput {
  items: readonly CorpusItem[];
  dataHashes: Record<string, string>;
  pipeline: Pipeline;
  libraryVersion: string;
}

const dot = (w: readonly number[], x: readonly number[]) => {
  let z = 0;
  for (let i = 0; i < w.length; i++) z += w[i]! * x[i]!;
  return z;
};

const mean = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
/** Sample variance (n - 1 in the denominator, at least 1). */
const sampleVariance = (xs: readonly number[], m = mean(xs)) => xs.reduce((a, x) => a + (x - m) ** 2, 0) / Math.max(1, xs.length - 1);

/** Mean log-loss of dev predictions and its standard error (the spread of the per-post losses). */
export function devLoss(p: readonly number[], y: readonly number[]): { loss: number; se: number } {
  const per = itemLogLosses(p, y);
  const loss = mean(per);
  return { loss, se: Math.sqrt(sampleVariance(per, loss) / per.length) };
}

/**
 * The one-standard-error rule: among the lambdas, the largest (the most regularised model) whose
 * dev loss is within one standard error of the lowest. Losses closer than that are noise of a
 * dev split of a couple of thousand posts, and the lambda they would pick flips with any change
 * to the data or lexicons.
 */
export function oneStandardError<T extends { lambda: number; loss: number; se: number }>(grid: readonly T[]): T {
  const lowest = grid.reduce((a, b) => (b.loss < a.loss ? b : a));
  return grid.filter((g) => g.loss <= lowest.loss + lowest.se).reduce((a, b) => (b.lambda > a.lambda ? b : a));
}

/** The dev cuts (between distinct scores) as [threshold, true positives, false positives], highest first. */
function cuts(scores: readonly number[], y: readonly number[]): [number, number, number][] {
  const order = scores.map((s, i) => [s, y[i]!] as const).sort((a, b) => b[0] - a[0]);
  const out: [number, number, number][] = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; i++) {
    if (order[i]![1]) tp++;
    else fp++;
    if (i + 1 < order.length && order[i + 1]![0] === order[i]![0]) continue;
    out.push([order[i]![0], tp, fp]);
  }
  return out;
}

const f1Of = (tp: number, fp: number, fn: number) => (tp > 0 ? (2 * tp) / (2 * tp + fp + fn) : 0);

/** Standard error of F1 at `threshold`: its spread over `rounds` bootstrap resamples of the posts (seeded, so retraining gives the same threshold). */
export function f1StandardError(scores: readonly number[], y: readonly number[], threshold: number, rounds = 200, seed = 1): number {
  const random = mulberry32(seed);
  const n = scores.length;
  const f1s: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let k = 0; k < n; k++) {
      const i = Math.floor(random() * n);
      const flagged = scores[i]! >= threshold;
      if (y[i]) flagged ? tp++ : fn++;
      else if (flagged) fp++;
    }
    // F1 is undefined for a resample without positives.
    if (tp + fn > 0) f1s.push(f1Of(tp, fp, fn));
  }
  if (f1s.length < 2) return 0;
  return Math.sqrt(sampleVariance(f1s));
}

/** The threshold by the rule above (see `MAX_DEV_FPR`), with its dev F1 and FPR, the best dev F1, its threshold and that F1's standard error. */
export function chooseThreshold(scores: readonly number[], y: readonly number[], maxFpr = MAX_DEV_FPR): { threshold: number; f1: number; fpr: number; bestF1: number; bestThreshold: number; se: number } {
  const pos = y.filter((v) => v === 1).length;
  const neg = y.length - pos;
  const allowed = cuts(scores, y)
    .map(([threshold, tp, fp]) => ({ threshold, f1: f1Of(tp, fp, pos - tp), fpr: neg ? fp / neg : 0 }))
    .filter((c) => c.fpr <= maxFpr);
  if (!allowed.length) return { threshold: 1, f1: 0, fpr: 0, bestF1: 0, bestThreshold: 1, se: 0 };
  const best = allowed.reduce((a, b) => (b.f1 > a.f1 ? b : a));
  const se = f1StandardError(scores, y, best.threshold);
  // `allowed` runs from the highest threshold down: the first within one standard error.
  const chosen = allowed.find((c) => c.f1 >= best.f1 - se)!;
  return { ...chosen, bestF1: best.f1, bestThreshold: best.threshold, se };
}

type Extracted = ReturnType<Pipeline['extract']>;

/** The learned words of a model fitted on the posts `fit` (indices into `extracted`): the rule `train` uses. */
export function learnVocabulary(extracted: readonly Extracted[], labels: readonly number[], fit: readonly number[]): string[] {
  return selectVocabulary(
    fit.map((i) => extracted[i]!.analysis.tokens),
    fit.map((i) => labels[i]!),
    { ...VOCABULARY, stopwords: stopwordKeys().keys },
    fit.map((i) => identifierSpans(extracted[i]!.analysis.entities)),
  );
}

/** A post's dense feature row for training: the lexicon features, the learned words of `index`, then its word evidence. */
export function featureRow(text: string, { analysis, values }: Extracted, index: VocabularyIndex, evidence: readonly number[]): number[] {
  return [...values.map((v) => v.value), ...termValues(text, analysis.tokens, index, identifierSpans(analysis.entities), analysis.arabizi).map((v) => v.value), ...evidence];
}

/**
 * The word evidence of a model fitted on the posts `fit`: its table, every post's two values
 * (cross-fitted for `fit`) and the two feature ids; rows and ids are empty when the table is.
 */
export function learnEvidence(items: readonly CorpusItem[], extracted: readonly Extracted[], labels: readonly number[], fit: readonly number[]) {
  const identifiers = extracted.map(({ analysis }) => identifierSpans(analysis.entities));
  const keys = extracted.map(({ analysis }, i) => vocabularyKeys(analysis.tokens, identifiers[i]));
  const { table, rows } = crossFittedEvidence(keys, labels, items.map(scenarioOf), fit, (i, lookup) => {
    const { analysis } = extracted[i]!;
    const [risk, benign] = wordEvidence(items[i]!.text, analysis.tokens, lookup, identifiers[i], 0, analysis.arabizi);
    return [risk.value, benign.value];
  });
  return { table, rows, ids: table.size ? WORD_EVIDENCE_FEATURES.map((f) => f.id) : [] };
}

/** The scenario of a corpus item (`template:<id>+noise` -> `template:<id>`): what a template's renderings share. */
export const scenarioOf = (item: Pick<CorpusItem, 'id' | 'source'>) => (item.source ?? item.id).split('+')[0]!;

/**
 * The posts' features under entry weights tempered on the posts `fit` (see `deriveEntryWeights`):
 * the posts are read once with the lexicons' weights to count, then again with the new weights.
 */
export function extractWithEntryWeights(items: readonly CorpusItem[], labels: readonly number[], fit: readonly number[], pipeline: Pipeline, first = items.map((item) => pipeline.extract(item.text))): { extracted: Extracted[]; entryWeights: Map<string, number> } {
  const entryWeights = deriveEntryWeights({ analyses: first.map((e) => e.analysis), labels, scenarios: items.map(scenarioOf), fit, entries: pipeline.entries });
  const weighted = pipeline.withEntryWeights(entryWeights);
  return { extracted: items.map((item) => weighted.extract(item.text)), entryWeights };
}

export function train(input: TrainInput): ModelFile {
  const { items, pipeline } = input;
  const labels = items.map((i) => (i.label === 'smuggling' ? 1 : 0));
  const pick = (split: string) => items.map((it, i) => (it.split === split ? i : -1)).filter((i) => i >= 0);
  const trainIdx = pick('train');
  const { extracted, entryWeights } = extractWithEntryWeights(items, labels, trainIdx, pipeline);
  const stopwords = stopwordKeys();
  const vocabulary = learnVocabulary(extracted, labels, trainIdx);
  const index = vocabularyIndex(vocabulary);
  const evidence = learnEvidence(items, extracted, labels, trainIdx);
  const rows = extracted.map((e, i) => featureRow(items[i]!.text, e, index, evidence.rows[i]!));
  const devIdx = pick('dev');
  if (trainIdx.length === 0 || devIdx.length === 0) throw new Error('training needs items in both the train and the dev split');
  const xTrain = trainIdx.map((i) => rows[i]!);
  const xDev = devIdx.map((i) => rows[i]!);
  const yDev = devIdx.map((i) => labels[i]!);

  // Main head: lambda by dev log-loss, with the one-standard-error rule.
  const grid = LAMBDAS.map((lambda) => {
    const fit = fitLogistic(xTrain, trainIdx.map((i) => labels[i]!), lambda);
    return { lambda, fit, ...devLoss(xDev.map((x) => sigmoid(fit.bias + dot(fit.weights, x))), yDev) };
  });
  const best = oneStandardError(grid);
  const main = best.fit;
  const devLogits = xDev.map((x) => main.bias + dot(main.weights, x));
  const calibration = fitPlatt(devLogits, yDev);
  const devScores = devLogits.map((l) => calibrate(l, calibration));
  const chosen = chooseThreshold(devScores, yDev);

  // Category heads: one against all, same lambda.
  const categories = {} as ModelFile['categories'];
  for (const c of RISK_CATEGORIES) {
    const yc = trainIdx.map((i) => (items[i]!.label === 'smuggling' && items[i]!.category === c ? 1 : 0));
    const fit = fitLogistic(xTrain, yc, best.lambda);
    categories[c] = { bias: fit.bias, weights: fit.weights };
  }

  const counts: Record<string, number> = {};
  for (const it of items) counts[`${it.split}.${it.label}`] = (counts[`${it.split}.${it.label}`] ?? 0) + 1;
  const training = {
    method: 'L2 logistic regression (Newton steps solved by conjugate gradients), lambda by dev log-loss with the one-standard-error rule; Platt scaling on dev',
    entryWeights: `${entryWeights.size} lexicon entries weighted below their prior, w0 * (own + ${ENTRY_PRIOR_SCENARIOS}) / (own + other + ${ENTRY_PRIOR_SCENARIOS}) over train scenarios (each label rescaled to the same number of scenarios)`,
    vocabulary: `${vocabulary.length} learned words (top by |log-odds| x log(docs), docs >= ${VOCABULARY.minDocs}, no stopwords of ${stopwords.source})`,
    wordEvidence: `${evidence.table.size} words' log-odds over train scenarios (in >= ${WORD_EVIDENCE.minScenarios} scenarios, add-${WORD_EVIDENCE.alpha} smoothing), cross-fitted over ${WORD_EVIDENCE.folds} scenario folds for the posts the model is fitted on`,
    thresholdRule: `highest threshold with dev F1 within one bootstrap standard error of the best, dev FPR <= ${MAX_DEV_FPR}`,
    lambda: best.lambda,
    iterations: main.iterations,
    dev: { logLoss: best.loss, f1: chosen.f1, fpr: chosen.fpr, bestF1: chosen.bestF1, f1StandardError: chosen.se },
    counts,
    data: input.dataHashes,
    lexiconVersion: pipeline.lexiconVersion,
    featuresVersion: pipeline.featuresVersion,
    libraryVersion: input.libraryVersion,
  };
  const featureIds = [...pipeline.features.map((f) => f.id), ...vocabulary.map(termFeatureId), ...evidence.ids];
  const version = createHash('sha256')
    // What decides the weights (data, lexicons, the feature list, the method) and the weights
    // themselves: the code that reads a post (normaliser, matcher) decides them too and has no
    // version of its own, so two models differ in version whenever they score differently.
    .update(JSON.stringify({ data: input.dataHashes, lexicon: pipeline.lexiconVersion, features: pipeline.featuresVersion, featureIds, lambdas: LAMBDAS, vocabulary: training.vocabulary, wordEvidenceRule: training.wordEvidence, entryWeightRule: training.entryWeights, method: training.method, thresholdRule: training.thresholdRule }))
    .update(JSON.stringify({ weights: main.weights, bias: main.bias, calibration, threshold: chosen.threshold, categories, entryWeights: Object.fromEntries(entryWeights), wordEvidence: Object.fromEntries(evidence.table) }))
    .digest('hex')
    .slice(0, 12);
  return {
    version: `trained-${version}`,
    createdBy: 'smuggling-risk train',
    features: featureIds,
    vocabulary,
    entryWeights: Object.fromEntries(entryWeights),
    wordEvidence: Object.fromEntries(evidence.table),
    weights: main.weights,
    bias: main.bias,
    calibration: { method: 'platt', ...calibration },
    threshold: chosen.threshold,
    bands: { ...BANDS },
    categories,
    training,
  };
}

/** The model file text: one feature weight per line, so diffs between models read well. */
export function formatModel(model: ModelFile): string {
  const lines: string[] = ['{'];
  const entries = Object.entries(model);
  entries.forEach(([key, value], k) => {
    const comma = k < entries.length - 1 ? ',' : '';
    if (key === 'entryWeights' || key === 'wordEvidence') {
      const pairs = Object.entries(value as Record<string, number>);
      lines.push(`  ${JSON.stringify(key)}: {`);
      pairs.forEach(([id, w], i) => lines.push(`    ${JSON.stringify(id)}: ${JSON.stringify(w)}${i < pairs.length - 1 ? ',' : ''}`));
      lines.push(`  }${comma}`);
    } else if (key === 'features' || key === 'weights' || key === 'vocabulary') {
      const arr = value as unknown[];
      lines.push(`  ${JSON.stringify(key)}: [`);
      arr.forEach((v, i) => lines.push(`    ${JSON.stringify(v)}${i < arr.length - 1 ? ',' : ''}`));
      lines.push(`  ]${comma}`);
    } else if (key === 'categories') {
      const cats = Object.entries(value as Record<string, unknown>);
      lines.push(`  "categories": {`);
      cats.forEach(([c, head], i) => lines.push(`    ${JSON.stringify(c)}: ${JSON.stringify(head)}${i < cats.length - 1 ? ',' : ''}`));
      lines.push(`  }${comma}`);
    } else {
      lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value)}${comma}`);
    }
  });
  lines.push('}');
  return lines.join('\n') + '\n';
}

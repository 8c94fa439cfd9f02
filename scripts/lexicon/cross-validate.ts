/**
 * Scenario-grouped cross-validation on the TRAIN split only: every train scenario is scored by
 * a model fitted (as `train` fits it: entry weights, learned words, word evidence, L2 logistic regression) on the other folds,
 * so the out-of-fold errors show which kinds of post the lexicons and features miss on situations
 * the model never saw, without reading dev or test. Lexicons v9 were written from these errors;
 * figures after such a round are flattered, and dev, the real set, probes and seeds decide.
 *
 *   npx tsx scripts/lexicon/cross-validate.ts [--lang ar,fr] [--folds 5] [--lambda 0.3] [--data corpora]
 *
 * Prints out-of-fold F1, precision, recall, FPR, ROC-AUC and log-loss (threshold by train's own
 * rule, `chooseThreshold`, over the out-of-fold scores), per language and per category, then with
 * --lang the errors of those languages with the features that pushed each one.
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadCorpus } from '../../src/data/labelled.js';
import { binaryMetrics } from '../../src/evaluate/metrics.js';
import { sigmoid } from '../../src/score/linear.js';
import { createPipeline } from '../../src/score/pipeline.js';
import { fitLogistic, toSparse } from '../../src/score/train/logistic.js';
import { chooseThreshold, devLoss, extractWithEntryWeights, featureRow, learnEvidence, learnVocabulary, scenarioOf } from '../../src/score/train/train.js';
import { termFeatureId, vocabularyIndex } from '../../src/score/vocabulary.js';

const { values } = parseArgs({
  options: {
    lang: { type: 'string' },
    folds: { type: 'string', default: '5' },
    lambda: { type: 'string', default: '0.3' },
    data: { type: 'string', default: 'corpora' },
  },
});
const folds = Number(values.folds);
const lambda = Number(values.lambda);
if (!Number.isInteger(folds) || folds < 2) throw new Error('--folds must be a whole number >= 2');
if (!(lambda > 0)) throw new Error('--lambda must be positive');
const show = new Set((values.lang ?? '').split(',').filter(Boolean));

const items = loadCorpus(values.data!).items.filter((i) => i.split === 'train');
/** The fold of an item: by its scenario (`scenarioOf`), the unit a fold holds out. */
const foldOf = (item: (typeof items)[number]) => createHash('sha1').update(scenarioOf(item)).digest()[0]! % folds;

const pipeline = createPipeline();
const extracted = items.map((item) => pipeline.extract(item.text));
const labels = items.map((item) => (item.label === 'smuggling' ? 1 : 0));
const predicted = new Array<number>(items.length).fill(0);
const pushedBy = new Array<string>(items.length).fill('');

for (let k = 0; k < folds; k++) {
  const fit = items.flatMap((item, i) => (foldOf(item) !== k ? [i] : []));
  const held = items.flatMap((item, i) => (foldOf(item) === k ? [i] : []));
  // Entry weights tempered on this fold's fitting scenarios only, as `train` tempers them on the train split.
  const weighted = extractWithEntryWeights(items, labels, fit, pipeline, extracted).extracted;
  const vocabulary = learnVocabulary(weighted, labels, fit);
  const index = vocabularyIndex(vocabulary);
  // Word evidence learned on this fold's fitting scenarios, cross-fitted within them, as `train` does.
  const evidence = learnEvidence(items, weighted, labels, fit);
  const names = [...pipeline.features.map((f) => f.id), ...vocabulary.map(termFeatureId), ...evidence.ids];
  const row = (i: number) => featureRow(items[i]!.text, weighted[i]!, index, evidence.rows[i]!);
  const model = fitLogistic(fit.map((i) => toSparse(row(i))), fit.map((i) => labels[i]!), lambda, names.length);
  for (const i of held) {
    const x = row(i);
    let z = model.bias;
    const parts: [string, number][] = [];
    x.forEach((v, j) => {
      if (v === 0) return;
      z += model.weights[j]! * v;
      parts.push([names[j]!, model.weights[j]! * v]);
    });
    predicted[i] = sigmoid(z);
    parts.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
    pushedBy[i] = parts.slice(0, 7).map(([n, c]) => `${n}${c >= 0 ? '+' : ''}${c.toFixed(2)}`).join(' ');
  }
}

const threshold = chooseThreshold(predicted, labels, 0.05).threshold;
const f = (n: number | null) => (n === null ? 'n/a' : n.toFixed(3));
const all = binaryMetrics(predicted, labels, threshold);
const logLoss = devLoss(predicted, labels).loss;
console.log(`out-of-fold, ${items.length} train items, ${folds} scenario folds, lambda ${lambda}, threshold ${threshold.toFixed(3)}`);
console.log(`F1 ${f(all.f1)}  P ${f(all.precision)}  R ${f(all.recall)}  FPR ${f(all.fpr)}  ROC-AUC ${f(all.auc)}  log-loss ${logLoss.toFixed(4)}`);
const by = (key: (i: number) => string) => {
  const groups = new Map<string, number[]>();
  items.forEach((_, i) => groups.set(key(i), [...(groups.get(key(i)) ?? []), i]));
  return [...groups].sort(([a], [b]) => (a < b ? -1 : 1));
};
for (const [lang, ids] of by((i) => items[i]!.lang ?? '')) {
  const m = binaryMetrics(ids.map((i) => predicted[i]!), ids.map((i) => labels[i]!), threshold);
  console.log(`  ${lang.padEnd(4)} n ${String(ids.length).padStart(5)}  F1 ${f(m.f1)}  P ${f(m.precision)}  R ${f(m.recall)}  FPR ${f(m.fpr)}`);
}
for (const [category, ids] of by((i) => items[i]!.category ?? '')) {
  const flagged = ids.filter((i) => predicted[i]! >= threshold).length / ids.length;
  console.log(`  ${category.padEnd(26)} n ${String(ids.length).padStart(5)}  flagged ${flagged.toFixed(3)} (${labels[ids[0]!] ? 'recall' : 'FPR'})`);
}
items.forEach((item, i) => {
  if (!show.has(item.lang ?? '') || (predicted[i]! >= threshold) === (labels[i] === 1)) return;
  console.log(`${labels[i] ? 'FN' : 'FP'} ${item.lang} ${item.category} ${predicted[i]!.toFixed(2)} [${scenarioOf(item)}] ${item.text.replace(/\s+/g, ' ').slice(0, 300)}`);
  console.log(`    ${pushedBy[i]}`);
});

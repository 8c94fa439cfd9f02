/** `train` and `bench`: learning the weights and measuring quality. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { loadCorpus } from '../data/labelled.js';
import { bench, collectLabelled, collectLabelledPath, formatBench, type LabelledPost } from '../evaluate/bench.js';
import { keywordCountBaseline, trainNaturalBaselines, type Baseline } from '../evaluate/baselines.js';
import { extractSeedItems } from '../evaluate/seeds.js';
import { getLibraryVersion } from '../scorer.js';
import { createPipeline } from '../score/pipeline.js';
import { formatModel, train } from '../score/train/train.js';
import { addScorerOptions, createCommandScorer, scorerOptionsFrom } from './options.js';

export const DEFAULT_CORPUS_DIR = fileURLToPath(new URL('../../corpora/', import.meta.url));
const DEFAULT_SEEDS_DIR = '../shared/seeds';

function progress(total: number): ((done: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  const bar = new cliProgress.SingleBar({ stream: process.stderr, clearOnComplete: true, hideCursor: true }, cliProgress.Presets.shades_classic);
  bar.start(total, 0);
  return (done) => {
    bar.update(done);
    if (done >= total) bar.stop();
  };
}

export function registerTrainCommands(program: Command): void {
  program
    .command('train')
    .description('learn the model weights from labelled corpora (train split), calibrate and pick the threshold on dev')
    .option('--data <dir>', 'corpus directory or file', DEFAULT_CORPUS_DIR)
    .option('--out <file>', 'where to write the model', 'model.json')
    .option('--lexicon-dir <dir>', 'lexicon directory (default: the embedded one)')
    .addHelpText('after', '\nExample:\n  smuggling-risk train --data corpora/ --out model/model.json\n\nSame data, lexicons and features give a byte-identical model file.')
    .action((o: { data: string; out: string; lexiconDir?: string }) => {
      const corpus = loadCorpus(o.data);
      const pipeline = createPipeline({ lexiconDir: o.lexiconDir });
      const model = train({ items: corpus.items, dataHashes: corpus.hashes, pipeline, libraryVersion: getLibraryVersion() });
      writeFileSync(o.out, formatModel(model));
      const t = model.training as { lambda: number; dev: { f1: number; fpr: number } };
      process.stderr.write(
        `wrote ${o.out}: ${model.version}, ${model.features.length} features, lambda ${t.lambda}, threshold ${model.threshold.toFixed(3)} (dev F1 ${t.dev.f1.toFixed(3)}, dev FPR ${t.dev.fpr.toFixed(3)})\n`,
      );
    });

  const benchCmd = addScorerOptions(
    program
      .command('bench')
      .description('quality metrics on a labelled JSONL file (lines with text and label "smuggling"|"benign")')
      .option('--data <path>', 'labelled JSONL file, a directory of them, or "-" for stdin')
      .option('--split <name>', 'only items of this split (when the file has a split field)')
      .option('--json', 'print one JSON object')
      .option('--baselines', 'also run natural BayesClassifier, LogisticRegressionClassifier and a keyword count, trained on --train-data')
      .option('--train-data <dir>', 'corpus for training the baselines (train split) and their dev thresholds', DEFAULT_CORPUS_DIR)
      .addOption(new Option('--seeds [dir]', 'score the seed documents: ads as positives, paragraphs as benign').preset(DEFAULT_SEEDS_DIR)),
  );
  benchCmd.addHelpText(
    'after',
    `
Examples:
  smuggling-risk bench --data corpora/en.jsonl
  smuggling-risk bench --data all.jsonl --split test --baselines --json
  smuggling-risk bench --seeds ../shared/seeds --baselines`,
  );
  benchCmd.action(async (o: Record<string, unknown>) => {
    if (!o.data && !o.seeds) throw new Error('give --data FILE or --seeds DIR');
    const scorer = createCommandScorer(scorerOptionsFrom(o));
    let items: LabelledPost[];
    let errors: { line: number; error: string }[] = [];
    let name: string;
    if (o.seeds) {
      const seedItems = extractSeedItems(o.seeds as string);
      items = seedItems.map((s) => ({ id: s.id, text: s.text, label: s.label, category: s.label === 'smuggling' ? 'ad' : s.document }));
      name = `seeds:${o.seeds as string}`;
    } else {
      const file = o.data as string;
      const collected = file === '-' ? await collectLabelled(process.stdin) : await collectLabelledPath(file);
      items = collected.items;
      errors = collected.errors;
      name = file;
    }
    if (o.split) items = items.filter((i) => i.split === o.split);
    let baselines: Baseline[] | undefined;
    if (o.baselines) {
      const corpus = loadCorpus(o.trainData as string);
      const trainItems = corpus.items.filter((i) => i.split === 'train');
      const devItems = corpus.items.filter((i) => i.split === 'dev');
      baselines = [
        ...trainNaturalBaselines(trainItems, { bayes: true, logistic: true }),
        keywordCountBaseline(createPipeline(scorerOptionsFrom(o)), devItems),
      ];
    }
    const report = bench(scorer, items, { data: name, errors, ...(baselines ? { baselines } : {}), ...(progressFor(items.length)) });
    process.stdout.write(o.json ? JSON.stringify(report) + '\n' : formatBench(report) + '\n');
  });
}

function progressFor(total: number): { onProgress?: (done: number) => void } {
  const p = progress(total);
  return p ? { onProgress: p } : {};
}

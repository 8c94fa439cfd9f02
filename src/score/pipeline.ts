/** Lexicons + semantic engine + feature definitions: text in, feature values out. */
import { readJsonFile } from '../data/json-file.js';
import { SemanticEngine, type Analysis } from '../semantic/engine.js';
import { DEFAULT_LEXICON_DIR, loadLexicons } from '../semantic/lexicon/load.js';
import { featureVector, presentFeatures, type FeatureValue, type PresentFeature } from './features.js';
import { DEFAULT_MODEL_DIR, expandFeatures, featuresFileSchema, type FeatureDefinition } from './model-file.js';

export interface PipelineOptions {
  lexiconDir?: string | undefined;
  lexiconPaths?: readonly string[] | undefined;
  languages?: readonly string[] | undefined;
  featuresPath?: string | undefined;
  /** Spans kept per feature, as the scorer reports them (`maxSpansPerSignal`); all by default. */
  maxSpansPerSignal?: number | undefined;
}

/** A lexicon entry as training sees it: whether its evidence is benign, and its own weight. */
export interface EntryPrior {
  benign: boolean;
  weight: number;
}

export interface Pipeline {
  features: FeatureDefinition[];
  featuresVersion: string;
  lexiconVersion: string;
  /** Every feature's value, in the order of `features` (for training). */
  extract(text: string, lang?: string): { analysis: Analysis; values: FeatureValue[] };
  /** The features with evidence only, in the order of `features` (for scoring). */
  extractPresent(text: string, lang?: string): { analysis: Analysis; present: PresentFeature[] };
  /** Every lexicon entry by id, with the weight its lexicon gives it. */
  entries: ReadonlyMap<string, EntryPrior>;
  /** The same pipeline (lexicons compiled once) with these entries weighted as given (a trained model's `entryWeights`). */
  withEntryWeights(weights: ReadonlyMap<string, number>): Pipeline;
}

export function createPipeline(options: PipelineOptions = {}): Pipeline {
  const bundle = loadLexicons(options.lexiconDir ?? DEFAULT_LEXICON_DIR, options.lexiconPaths ?? [], options.languages);
  const file = readJsonFile(options.featuresPath ?? `${DEFAULT_MODEL_DIR}features.json`, featuresFileSchema);
  const engine = new SemanticEngine(bundle, { languages: options.languages });
  const features = expandFeatures(file);
  // Only training asks for the entries: built on first use, not when a scorer starts.
  let entries: Map<string, EntryPrior> | undefined;
  const entriesOnce = () => {
    if (!entries) {
      entries = new Map();
      for (const lexicon of bundle.lexicons) {
        for (const e of lexicon.entries) entries.set(e.id, { benign: e.category === 'benign', weight: e.weight });
      }
    }
    return entries;
  };
  const build = (weights: ReadonlyMap<string, number> | undefined): Pipeline => ({
    features,
    featuresVersion: file.version,
    lexiconVersion: bundle.version,
    get entries() {
      return entriesOnce();
    },
    extract(text, lang) {
      const analysis = engine.analyse(text, lang, weights);
      return { analysis, values: featureVector(features, analysis.atoms, options.maxSpansPerSignal) };
    },
    extractPresent(text, lang) {
      const analysis = engine.analyse(text, lang, weights);
      return { analysis, present: presentFeatures(features, analysis.atoms, options.maxSpansPerSignal) };
    },
    withEntryWeights: (next) => build(next.size > 0 ? next : undefined),
  });
  return build(undefined);
}

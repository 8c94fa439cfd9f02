/**
 * The feature definitions and the linear model, both data files validated at load (the
 * embedded ones by the build instead, see data/trusted.ts). Schemas are lazy (lazy-zod.ts).
 */
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { DataFileError, readJsonFile } from '../data/json-file.js';
import { lazySchema, realSchema, type ZodApi } from '../data/lazy-zod.js';
import { trustable } from '../data/trusted.js';
import { RISK_CATEGORIES } from '../semantic/lexicon/schema.js';
import { termFeatureId } from './vocabulary.js';
import { WORD_EVIDENCE_FEATURES } from './word-evidence.js';

export const DEFAULT_MODEL_DIR = fileURLToPath(new URL('../../model/', import.meta.url));

const featureCategory = (z: ZodApi) => z.enum([...RISK_CATEGORIES, 'benign', 'context']);

export const featureDefinitionSchema = lazySchema((z) =>
  z.strictObject({
    id: z.string().regex(/^[a-z_]+(?:\.[a-z0-9_]+)+$/),
    label: z.string().min(1),
    category: featureCategory(z),
    /** Product over groups of the strongest atom in each group. */
    allOf: z.array(z.array(z.string().min(1)).min(1)).min(1),
  }),
);
export type FeatureDefinition = z.output<typeof featureDefinitionSchema>;

export const featuresFileSchema = trustable('features', lazySchema((z) => z.strictObject({
  version: z.string(),
  features: z.array(realSchema(featureDefinitionSchema)).min(1),
  /**
   * Co-occurrence of any two of these atoms becomes a feature `pair.<a>.<b>` (value a x b), so
   * training can find which combinations mark an offer without each being written by hand.
   */
  pairs: z
    .strictObject({
      atoms: z.array(z.strictObject({ atom: z.string().min(1), name: z.string().regex(/^[a-z0-9_]+$/), label: z.string(), category: featureCategory(z) })).min(2),
    })
    .optional(),
})));

/** The feature list of a features file: the written features, then the generated pairs. */
export function expandFeatures(file: z.output<typeof featuresFileSchema>): FeatureDefinition[] {
  const out = [...file.features];
  const atoms = file.pairs?.atoms ?? [];
  for (let i = 0; i < atoms.length; i++) {
    for (let j = i + 1; j < atoms.length; j++) {
      const a = atoms[i]!;
      const b = atoms[j]!;
      const category = a.category === 'benign' || b.category === 'benign' ? 'benign' : a.category === 'context' ? b.category : a.category;
      out.push({ id: `pair.${a.name}.${b.name}`, label: `${a.label} together with ${b.label}`, category, allOf: [[a.atom], [b.atom]] });
    }
  }
  return out;
}

const headSchema = (z: ZodApi) => z.strictObject({ bias: z.number(), weights: z.array(z.number()) });

export const modelFileSchema = trustable('model', lazySchema((z) => z.strictObject({
  version: z.string(),
  createdBy: z.string(),
  features: z.array(z.string()).min(1),
  /** Learned words (normalised keys), features `term.<word>` after those of features.json. */
  vocabulary: z.array(z.string().min(1)).default([]),
  /** Lexicon entries weighted below their lexicon's weight by training (see `deriveEntryWeights`), by entry id. */
  entryWeights: z.record(z.string().min(1), z.number().gt(0).lte(1)).default({}),
  /** Each word's log-odds over train scenarios (see word-evidence.ts); when present, the features end with `words.risk` and `words.benign`. */
  wordEvidence: z.record(z.string().min(1), z.number().finite()).default({}),
  weights: z.array(z.number()),
  bias: z.number(),
  calibration: z.strictObject({ method: z.literal('platt'), a: z.number(), b: z.number() }),
  threshold: z.number().min(0).max(1),
  bands: z.strictObject({ medium: z.number(), high: z.number(), critical: z.number() }),
  categories: z.strictObject(Object.fromEntries(RISK_CATEGORIES.map((c) => [c, headSchema(z)])) as Record<(typeof RISK_CATEGORIES)[number], ReturnType<typeof headSchema>>),
  training: z.record(z.string(), z.unknown()).nullable(),
})));
export type ModelFile = z.output<typeof modelFileSchema>;

/**
 * Read a model file and check it against the feature definitions: a model trained on another
 * feature list is refused, since its weights would silently apply to the wrong features.
 */
export function readModel(features: readonly FeatureDefinition[], modelPath?: string): ModelFile {
  const file = modelPath ?? `${DEFAULT_MODEL_DIR}model.json`;
  const model = readJsonFile(file, modelFileSchema);
  checkModel(model, features, file);
  return model;
}

/** Whether the model has word evidence; looks at one key, not the 7,000 (this runs at every start). */
export function hasWordEvidence(model: ModelFile): boolean {
  for (const _ in model.wordEvidence) return true;
  return false;
}

export function checkModel(model: ModelFile, features: readonly FeatureDefinition[], file: string): void {
  const ids = [...features.map((f) => f.id), ...model.vocabulary.map(termFeatureId), ...(hasWordEvidence(model) ? WORD_EVIDENCE_FEATURES.map((f) => f.id) : [])];
  const inOrder = !ids.some((id, i) => model.features[i] !== id);
  // Sets only when the lists differ: includes() over both lists is quadratic in the vocabulary.
  const inModel = inOrder && ids.length === model.features.length ? undefined : new Set(model.features);
  const known = inModel ? new Set(ids) : undefined;
  const missing = inModel ? ids.filter((id) => !inModel.has(id)) : [];
  const unknown = known ? model.features.filter((id) => !known.has(id)) : [];
  if (missing.length || unknown.length || !inOrder) {
    throw new DataFileError(
      file,
      0,
      'features',
      `model feature list does not match features.json` +
        (missing.length ? `; missing: ${missing.join(', ')}` : '') +
        (unknown.length ? `; unknown: ${unknown.join(', ')}` : '') +
        (!missing.length && !unknown.length ? '; same features in another order' : '') +
        ' (retrain with `smuggling-risk train`)',
    );
  }
  const n = ids.length;
  if (model.weights.length !== n) throw new DataFileError(file, 0, 'weights', `expected ${n} weights, found ${model.weights.length}`);
  for (const [name, head] of Object.entries(model.categories)) {
    if (head.weights.length !== n) {
      throw new DataFileError(file, 0, `categories.${name}.weights`, `expected ${n} weights, found ${head.weights.length}`);
    }
  }
}

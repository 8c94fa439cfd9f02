/** createScorer: compile lexicons and model once, then score posts. */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { lazySchema } from './data/lazy-zod.js';
import { sha256Hex } from './data/sha256.js';
import { ISO_639, languageCode, languageField } from './semantic/language-code.js';
import { RISK_CATEGORIES, type RiskCategory } from './semantic/lexicon/schema.js';
import type { Assessment, Signal } from './score/assessment.js';
import { bandOf, calibrate, sigmoid } from './score/linear.js';
import { hasWordEvidence, readModel } from './score/model-file.js';
import { createPipeline } from './score/pipeline.js';
import { cachedVocabularyIndex } from './score/vocabulary-cache.js';
import { identifierSpans, presentTerms, termFeatureId } from './score/vocabulary.js';
import { evidenceTable, WORD_EVIDENCE_FEATURES, wordEvidence } from './score/word-evidence.js';

const DEFAULT_MAX_TEXT_LENGTH = 2_000_000;
const DEFAULT_MAX_SPANS_PER_SIGNAL = 50;

// Lazy (lazy-zod.ts): zod is loaded only when something is not checked by hand below.
export const scorerOptionsSchema = lazySchema((z) => z.strictObject({
  /** Score at or above which `flagged` is true; default: the model's threshold chosen on dev data. */
  threshold: z.number().min(0).max(1).optional(),
  /** Languages to consider (lexicons and language identification), e.g. `['ar', 'en']`. */
  languages: z.array(z.string().regex(ISO_639)).min(1).optional(),
  /** A lexicon directory replacing the embedded one (same layout as `lexicons/`). */
  lexiconDir: z.string().optional(),
  /** Extra language lexicon files, added to those of the directory. */
  lexiconPaths: z.array(z.string()).optional(),
  /** A model file replacing the embedded `model/model.json`. */
  modelPath: z.string().optional(),
  /** A feature definition file replacing the embedded `model/features.json`. */
  featuresPath: z.string().optional(),
  /** Texts longer than this (UTF-16 units) are analysed up to this length and marked `truncated`. */
  maxTextLength: z.number().int().positive().default(DEFAULT_MAX_TEXT_LENGTH),
  /** At most this many spans per signal are reported (the score uses all evidence). */
  maxSpansPerSignal: z.number().int().positive().default(DEFAULT_MAX_SPANS_PER_SIGNAL),
}));
export type ScorerOptions = z.input<typeof scorerOptionsSchema>;
type ParsedOptions = z.output<typeof scorerOptionsSchema>;

export const postSchema = lazySchema((z) => z.object({
  id: z.union([z.string(), z.number()]).optional(),
  text: z.string(),
  lang: languageField(z).optional(),
  meta: z.unknown().optional(),
}));
export type Post = z.input<typeof postSchema>;

export interface Scorer {
  score(input: string | Post): Assessment;
  readonly threshold: number;
  readonly versions: Assessment['versions'];
  /**
   * The lexicon version the model was trained with (its `training.lexiconVersion`), or null when
   * the model file does not say. When it differs from `versions.lexicon`, the model's weights
   * were learned on other lexicons: its tempered entry weights apply by entry id, and entries it
   * never saw weigh their lexicon weight (see `lexiconMismatch`).
   */
  readonly trainedWithLexicon?: string | null;
}

/** A sentence for the user when a scorer's lexicons are not those its model was trained with, else undefined. */
export function lexiconMismatch(scorer: Pick<Scorer, 'versions' | 'trainedWithLexicon'>): string | undefined {
  const trained = scorer.trainedWithLexicon;
  if (trained === null || trained === undefined || trained === scorer.versions.lexicon) return undefined;
  return `the model ${scorer.versions.model} was trained with lexicons ${trained}, not these (${scorer.versions.lexicon}): its weights were learned on other lexicons, its entry weights apply by entry id and new entries weigh their lexicon weight; retrain with \`smuggling-risk train --lexicon-dir\` for exact explanations`;
}

let libraryVersion: string | undefined;
/** This package's version, read once from its package.json. */
export function getLibraryVersion(): string {
  libraryVersion ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return libraryVersion;
}

type ParsedPost = z.output<typeof postSchema>;

/**
 * The common well-formed post, checked by hand: the same result as `postSchema.parse` for
 * it, without zod's cost per post. Anything else goes through zod (its errors, its output).
 */
function parsePost(input: Post): ParsedPost {
  if (typeof input === 'object' && input !== null && Object.getPrototypeOf(input) === Object.prototype) {
    const { id, text, lang, meta } = input as { id?: unknown; text?: unknown; lang?: unknown; meta?: unknown };
    // The schema's own reading of `lang` (languageField): a code or tag in, the scorer's code out.
    const code = typeof lang === 'string' ? languageCode(lang) : undefined;
    if (
      typeof text === 'string' &&
      (id === undefined || typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))) &&
      (lang === undefined || code !== undefined)
    ) {
      const post: ParsedPost = { text };
      if (id !== undefined) post.id = id as string | number;
      if (code !== undefined) post.lang = code;
      if (meta !== undefined) post.meta = meta;
      return post;
    }
  }
  return postSchema.parse(input);
}

type OptionKind = 'threshold' | 'languages' | 'string' | 'strings' | 'count';
// The keys of scorerOptionsSchema in its order (zod's output order), with what each takes.
const OPTION_KEYS: readonly (readonly [keyof ParsedOptions, OptionKind, number?])[] = [
  ['threshold', 'threshold'],
  ['languages', 'languages'],
  ['lexiconDir', 'string'],
  ['lexiconPaths', 'strings'],
  ['modelPath', 'string'],
  ['featuresPath', 'string'],
  ['maxTextLength', 'count', DEFAULT_MAX_TEXT_LENGTH],
  ['maxSpansPerSignal', 'count', DEFAULT_MAX_SPANS_PER_SIGNAL],
];
const OPTION_NAMES = new Set<string>(OPTION_KEYS.map(([k]) => k));

/** A plain array of strings (every index, holes included), each matching `pattern` if given. */
function stringArray(v: unknown, pattern?: RegExp): v is string[] {
  if (!Array.isArray(v) || Object.getPrototypeOf(v) !== Array.prototype) return false;
  for (let i = 0; i < v.length; i++) {
    const s: unknown = v[i];
    if (typeof s !== 'string' || (pattern && !pattern.test(s))) return false;
  }
  return true;
}

function optionFits(kind: OptionKind, v: unknown): boolean {
  switch (kind) {
    case 'threshold':
      return typeof v === 'number' && v >= 0 && v <= 1;
    case 'languages':
      return stringArray(v, ISO_639) && v.length > 0;
    case 'string':
      return typeof v === 'string';
    case 'strings':
      return stringArray(v);
    case 'count':
      return Number.isSafeInteger(v) && (v as number) > 0;
  }
}

/**
 * `scorerOptionsSchema.parse`, with the common well-formed options checked by hand: the same
 * result as zod's for them (same keys, same order, defaults, arrays copied), without loading
 * zod. Anything else goes through zod (its errors, its output).
 */
export function parseScorerOptions(options: unknown): ParsedOptions {
  if (typeof options === 'object' && options !== null && Object.getPrototypeOf(options) === Object.prototype && Object.getOwnPropertySymbols(options).length === 0) {
    const input = options as Record<string, unknown>;
    const keys = Object.keys(input);
    if (keys.every((k) => OPTION_NAMES.has(k))) {
      const out: Record<string, unknown> = {};
      let fits = true;
      for (const [key, kind, fallback] of OPTION_KEYS) {
        if (!Object.hasOwn(input, key)) {
          if (fallback !== undefined) out[key] = fallback;
          continue;
        }
        const v = input[key];
        if (v === undefined) out[key] = fallback;
        else if (optionFits(kind, v)) out[key] = Array.isArray(v) ? [...(v as unknown[])] : v;
        else {
          fits = false;
          break;
        }
      }
      if (fits) return out as ParsedOptions;
    }
  }
  return scorerOptionsSchema.parse(options);
}

export function createScorer(options: ScorerOptions = {}): Scorer {
  const opts = parseScorerOptions(options);
  const lexicons = createPipeline(opts);
  const { features } = lexicons;
  const model = readModel(features, opts.modelPath);
  // The model's tempered entry weights; ids a replaced lexicon directory lacks match nothing.
  const entryWeights = Object.entries(model.entryWeights);
  const pipeline = entryWeights.length ? lexicons.withEntryWeights(new Map(entryWeights)) : lexicons;
  const vocabulary = cachedVocabularyIndex(model.vocabulary);
  const evidence = hasWordEvidence(model) ? evidenceTable(model.wordEvidence) : undefined;
  const evidenceAt = features.length + model.vocabulary.length;
  const featureInfo = [
    ...features.map((f) => ({ id: f.id, label: f.label, category: f.category as Signal['category'] })),
    ...model.vocabulary.map((k) => ({ id: termFeatureId(k), label: `learned word "${k}"`, category: 'learned' as const })),
    ...(evidence ? WORD_EVIDENCE_FEATURES.map((f) => ({ ...f, category: 'learned' as const })) : []),
  ];
  const threshold = opts.threshold ?? model.threshold;
  const versions = {
    library: getLibraryVersion(),
    lexicon: pipeline.lexiconVersion,
    model: model.version,
    features: pipeline.featuresVersion,
  };

  function score(input: string | Post): Assessment {
    const post = typeof input === 'string' ? { text: input } : parsePost(input);
    const text = post.text;
    const analysed = text.length > opts.maxTextLength ? text.slice(0, safeCut(text, opts.maxTextLength)) : text;
    const { analysis, present: semantic } = pipeline.extractPresent(analysed, post.lang);
    const identifiers = identifierSpans(analysis.entities);
    // The features with evidence, in the model's order (lexicon features, then learned words):
    // a post has a few dozen of the thousands, and the sums below run over these only.
    const present = model.vocabulary.length
      ? semantic.concat(
          presentTerms(analysed, analysis.tokens, vocabulary, identifiers, analysis.arabizi).map(({ index, value }) => ({ index: index + features.length, value })),
        )
      : semantic;
    if (evidence) {
      wordEvidence(analysed, analysis.tokens, evidence, identifiers, opts.maxSpansPerSignal, analysis.arabizi).forEach((value, k) => {
        if (value.value !== 0) present.push({ index: evidenceAt + k, value });
      });
    }

    let logit = model.bias;
    const signals: Signal[] = [];
    for (const { index: i, value: f } of present) {
      const def = featureInfo[i]!;
      const weight = model.weights[i]!;
      const contribution = weight * f.value;
      logit += contribution;
      const signal: Signal = {
        id: def.id,
        label: def.label,
        category: def.category,
        weight,
        value: f.value,
        contribution,
        spans: f.spans.slice(0, opts.maxSpansPerSignal),
        entries: f.entries,
      };
      if (f.spans.length > opts.maxSpansPerSignal) signal.spansTruncated = true;
      signals.push(signal);
    }
    signals.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.id < b.id ? -1 : 1));

    const categories = {} as Record<RiskCategory, number>;
    for (const c of RISK_CATEGORIES) {
      const head = model.categories[c];
      let z = head.bias;
      for (const { index, value } of present) z += head.weights[index]! * value.value;
      categories[c] = sigmoid(z);
    }

    const scoreValue = calibrate(logit, model.calibration);
    const assessment: Assessment = {
      ...(post.id !== undefined ? { id: String(post.id) } : {}),
      score: scoreValue,
      flagged: scoreValue >= threshold,
      threshold,
      // The bias alone is the model's prior for posts that carry evidence; a post without a
      // single reason (empty, whitespace, nothing matched) is never put above the lowest band.
      band: signals.length === 0 ? 'low' : bandOf(scoreValue, model.bands),
      logit,
      bias: model.bias,
      language: analysis.language,
      categories,
      signals,
      entities: analysis.entities,
      versions,
      sha256: sha256Hex(text),
      length: text.length,
    };
    if (analysed.length < text.length) assessment.truncated = { analysedLength: analysed.length };
    if (post.meta !== undefined) assessment.meta = post.meta;
    return assessment;
  }

  const trained = model.training?.lexiconVersion;
  return { score, threshold, versions, trainedWithLexicon: typeof trained === 'string' ? trained : null };
}

/** A cut that does not split a surrogate pair. */
function safeCut(text: string, at: number): number {
  const c = text.charCodeAt(at - 1);
  return c >= 0xd800 && c <= 0xdbff ? at - 1 : at;
}

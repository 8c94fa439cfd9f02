/** The assessment: the score, and the named contributions that make it up. */
import type { Entities } from '../semantic/engine.js';
import type { LanguageResult } from '../semantic/language.js';
import type { RiskCategory } from '../semantic/lexicon/schema.js';
import type { Span } from '../semantic/span.js';
import type { Band } from './linear.js';

export interface Signal {
  /** Feature id, e.g. `combo.offer`, `kind.guarantee`, `entity.phone`, `term.<word>`. */
  id: string;
  /** What the feature means, for a person. */
  label: string;
  /** `learned` for words the training chose (`term.*`), else the feature's category. */
  category: RiskCategory | 'benign' | 'context' | 'learned';
  /** The model's weight for this feature. */
  weight: number;
  /** Feature value in [0, 1] (strength of the evidence). */
  value: number;
  /** weight x value: this signal's share of the logit. */
  contribution: number;
  /** Where the evidence stands in the ORIGINAL text. */
  spans: Span[];
  /** Lexicon entries that matched. */
  entries: string[];
  /** Present and true when more spans existed than `maxSpansPerSignal`. */
  spansTruncated?: true;
}

export interface Assessment {
  id?: string;
  score: number;
  flagged: boolean;
  threshold: number;
  band: Band;
  /** bias + the sum of the signals' contributions, before calibration. */
  logit: number;
  bias: number;
  language: LanguageResult;
  categories: Record<RiskCategory, number>;
  signals: Signal[];
  entities: Entities;
  versions: { library: string; lexicon: string; model: string; features: string };
  /** SHA-256 (hex) of the input text's UTF-8 bytes (lone surrogates encode as U+FFFD). */
  sha256: string;
  /** Length of the input in UTF-16 units. */
  length: number;
  /** Present when only the first `maxTextLength` units were analysed. */
  truncated?: { analysedLength: number };
  meta?: unknown;
}

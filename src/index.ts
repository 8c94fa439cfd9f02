/**
 * smuggling-risk: explainable risk scores for migrant-smuggling and trafficking content.
 *
 * ```ts
 * import { createScorer } from 'smuggling-risk';
 * const scorer = createScorer();
 * const assessment = scorer.score('text');
 * ```
 */
export { createScorer, lexiconMismatch, scorerOptionsSchema, postSchema, type Scorer, type ScorerOptions, type Post } from './scorer.js';
export type { Assessment, Signal } from './score/assessment.js';
export type { Band } from './score/linear.js';
export type { Span } from './semantic/span.js';
export type { Entities, PlaceEntity, AppEntity, DocumentEntity } from './semantic/engine.js';
export type { PhoneEntity } from './semantic/entities/phones.js';
export type { MoneyEntity } from './semantic/entities/money.js';
export type { UrlEntity, HandleEntity, EmailEntity } from './semantic/entities/links.js';
export type { LanguageResult } from './semantic/language.js';
export { RISK_CATEGORIES, KINDS, type RiskCategory, type Kind } from './semantic/lexicon/schema.js';
export { DataFileError } from './data/json-file.js';
export { createPool, type ScoringPool, type PoolOptions, type WorkerModule } from './score/pool.js';
export { mapOrdered } from './score/ordered.js';
export { createRedactor, createRedactorWith, REDACT_KINDS, type Redactor, type RedactorOptions, type RedactKind, type RedactedAssessment, type RedactionInfo } from './analysis/redact.js';

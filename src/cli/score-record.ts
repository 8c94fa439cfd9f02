/**
 * One record of the score command -> its outcome (the assessment, or the error in its place)
 * -> whether the filters show it. The one rule for this, used by the main thread (`runScore`)
 * and by the worker threads of `score --threads`, so the two cannot drift apart.
 */
import type { Redactor } from '../analysis/redact.js';
import type { IngestRecord } from '../ingest/types.js';
import type { Assessment } from '../score/assessment.js';
import type { Post } from '../scorer.js';
import type { Outcome } from './output/types.js';

/** What decides a record's outcome besides the scorer (plain data but `redactor`, so a worker thread can get it). */
export interface RecordRules {
  /** Language of posts that do not give one. */
  lang?: string;
  minScore?: number;
  onlyFlagged: boolean;
  /** Redact texts, assessments and error messages (main thread only). */
  redactor?: Redactor;
}

/**
 * The outcome of one record: an error record stays an error (its message redacted with
 * `redactor`); a post gets `--lang` when it has no language and is scored with `score`, and
 * an error thrown by `score` becomes the post's error, with its id.
 */
export function recordOutcome(rec: IngestRecord, seq: number, score: (post: Post) => Assessment, rules: RecordRules): Outcome {
  if (!rec.ok) {
    // Error messages can quote the input (a JSON snippet, a cell): redact them too.
    const error = rules.redactor ? rules.redactor.redactText(rec.error).text : rec.error;
    return { kind: 'error', seq, at: rec.at, ...(rec.id !== undefined ? { id: rec.id } : {}), error };
  }
  const post = rules.lang && !rec.post.lang ? { ...rec.post, lang: rules.lang } : rec.post;
  try {
    let assessment = score(post);
    let text = post.text;
    let redaction;
    if (rules.redactor) ({ text, assessment, redaction } = rules.redactor.redactAssessment(text, assessment));
    return { kind: 'post', seq, at: rec.at, text, assessment, ...(redaction ? { redaction } : {}) };
  } catch (err) {
    const id = rec.post.id !== undefined ? String(rec.post.id) : undefined;
    return { kind: 'error', seq, at: rec.at, ...(id !== undefined ? { id } : {}), error: (err as Error).message };
  }
}

/** Whether the filters (`--only-flagged`, `--min-score`) show the outcome: errors always. */
export function isShown(o: Outcome, rules: Pick<RecordRules, 'minScore' | 'onlyFlagged'>): boolean {
  return o.kind === 'error' || ((!rules.onlyFlagged || o.assessment.flagged) && (rules.minScore === undefined || o.assessment.score >= rules.minScore));
}

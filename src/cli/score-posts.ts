/**
 * Scoring a batch of posts already parsed by the main thread, for `score --threads` with any
 * input or output format: in a worker thread (score-worker.ts) or in the main thread when it
 * takes a batch itself, with the same function.
 */
import type { Assessment } from '../score/assessment.js';
import type { Post, Scorer } from '../scorer.js';

export interface PostsTask {
  posts: Post[];
  /**
   * Send back each assessment as its JSON line (serialised where it was scored) and the few
   * fields the main thread counts and filters on, instead of the whole object: for NDJSON
   * output, where the line is all that is written. Copying whole assessments between threads
   * costs more than scoring short posts.
   */
  json?: boolean;
}

/** The fields of an assessment that the run's filters and summary read. */
export type AssessmentBrief = Pick<Assessment, 'score' | 'flagged' | 'band'> & { language: Pick<Assessment['language'], 'code'> };

/** Per post: its assessment (or its JSON and brief), or the message of the error the scorer threw. */
export type PostResult = { ok: true; assessment: Assessment } | { ok: true; json: string; brief: AssessmentBrief } | { ok: false; error: string };

/** Score a batch of posts with `scorer`; an error stays with its post. */
export function scorePostsWith(scorer: Scorer, { posts, json }: PostsTask): PostResult[] {
  return posts.map((post): PostResult => {
    let assessment: Assessment;
    try {
      assessment = scorer.score(post);
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
    if (!json) return { ok: true, assessment };
    const { score, flagged, band, language } = assessment;
    return { ok: true, json: JSON.stringify(assessment), brief: { score, flagged, band, language: { code: language.code } } };
  });
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScorer, type Scorer } from '../../src/index.js';
import type { Assessment } from '../../src/index.js';

let shared: Scorer | undefined;
/** One scorer per test file: compiling the lexicons is the expensive part. */
export function scorer(): Scorer {
  shared ??= createScorer();
  return shared;
}

/** Every span of every signal and entity must be the exact slice of the input it claims. */
export function spanViolations(input: string, a: Assessment): string[] {
  const bad: string[] = [];
  const check = (where: string, s: { start: number; end: number; text: string }) => {
    if (!(s.start >= 0 && s.end <= input.length && s.start <= s.end) || input.slice(s.start, s.end) !== s.text) {
      bad.push(`${where} ${JSON.stringify(s)}`);
    }
  };
  for (const sig of a.signals) for (const s of sig.spans) check(sig.id, s);
  for (const [kind, list] of Object.entries(a.entities)) {
    for (const e of list as { span: { start: number; end: number; text: string } }[]) check(`entity.${kind}`, e.span);
  }
  return bad;
}

/** bias + contributions reproduce the logit. */
export function logitGap(a: Assessment): number {
  return Math.abs(a.bias + a.signals.reduce((s, x) => s + x.contribution, 0) - a.logit);
}

/** An entry of an extra English lexicon file for a test (weight 0.8). */
export const testEntry = (id: string, category: string, kind: string, terms: string[]) => ({ id, category, kind, weight: 0.8, terms, note: 'test entry' });

/** A scorer with the embedded lexicons plus an extra English file holding `entries`. */
export function scorerWithEntries(entries: ReturnType<typeof testEntry>[]): Scorer {
  const file = join(mkdtempSync(join(tmpdir(), 'sr-entries-')), 'en-extra.json');
  writeFileSync(file, JSON.stringify({ language: 'en', name: 'test entries', version: '0.0.0', entries }));
  return createScorer({ lexiconPaths: [file] });
}

/** Options shared by the commands that score. */
import { InvalidArgumentError, type Command } from 'commander';
import { createScorer, lexiconMismatch, type Scorer, type ScorerOptions } from '../scorer.js';

export const number01 = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('expected a number from 0 to 1');
  return n;
};
export const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
};
export const csvList = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);

/** Scorer options shared by every command that scores. */
export function addScorerOptions(cmd: Command): Command {
  return cmd
    .option('--threshold <p>', 'flag at or above this score (default: the model threshold)', number01)
    .option('--languages <codes>', 'only these languages, comma-separated (e.g. ar,en)', csvList)
    .option('--lexicon-dir <dir>', 'use this lexicon directory instead of the embedded one')
    .option('--model <file>', 'use this model file instead of the embedded one')
    .option('--max-text-length <n>', 'analyse at most this many characters of a post', positiveInt);
}

export function scorerOptionsFrom(o: Record<string, unknown>): ScorerOptions {
  const opts: ScorerOptions = {};
  if (o.threshold !== undefined) opts.threshold = o.threshold as number;
  if (o.languages !== undefined) opts.languages = o.languages as string[];
  if (o.lexiconDir !== undefined) opts.lexiconDir = o.lexiconDir as string;
  if (o.model !== undefined) opts.modelPath = o.model as string;
  if (o.maxTextLength !== undefined) opts.maxTextLength = o.maxTextLength as number;
  return opts;
}

/** A command's scorer; a warning on stderr when its lexicons are not those its model was trained with. */
export function createCommandScorer(options: ScorerOptions, stderr: Pick<NodeJS.WriteStream, 'write'> = process.stderr): Scorer {
  const scorer = createScorer(options);
  const mismatch = lexiconMismatch(scorer);
  if (mismatch) stderr.write(`warning: ${mismatch}\n`);
  return scorer;
}

/**
 * Worker side of the parallel line stream: turns a batch of input lines into their output
 * lines with exactly the rules of `scoreStream` (same parsing, same error objects), using the
 * thread's scorer.
 */
import { threadScorer } from '../score/pool-worker.js';
import type { Line } from './lines.js';
import { parseLine, type StreamOptions } from './score-stream.js';

export interface LinesTask {
  lines: Line[];
  options: StreamOptions;
}

export interface LinesResult {
  /** The output lines of the batch, each ending with a newline. */
  out: string;
  scored: number;
  flagged: number;
  errors: number;
}

export function scoreLines({ lines, options }: LinesTask): LinesResult {
  const scorer = threadScorer();
  const result: LinesResult = { out: '', scored: 0, flagged: 0, errors: 0 };
  const parts: string[] = [];
  for (const line of lines) {
    if (line.overflow) {
      result.errors++;
      parts.push(JSON.stringify({ line: line.number, error: `line longer than ${options.maxLineLength} characters` }));
      continue;
    }
    if (options.input === 'text' && line.text.trim() === '') {
      result.errors++;
      parts.push(JSON.stringify({ line: line.number, error: 'empty line' }));
      continue;
    }
    const parsed = parseLine(line.text, line.number, options.input);
    if ('error' in parsed) {
      result.errors++;
      parts.push(JSON.stringify(parsed.error));
      continue;
    }
    try {
      const a = scorer.score(parsed.post);
      result.scored++;
      if (a.flagged) result.flagged++;
      parts.push(JSON.stringify(a));
    } catch (err) {
      result.errors++;
      parts.push(JSON.stringify({ line: line.number, ...(parsed.post.id !== undefined ? { id: String(parsed.post.id) } : {}), error: (err as Error).message }));
    }
  }
  result.out = parts.length ? parts.join('\n') + '\n' : '';
  return result;
}

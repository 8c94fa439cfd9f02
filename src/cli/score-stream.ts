/**
 * Streaming scoring of line-based input: one output line per input line, in order, with an
 * error object in place of any line that cannot be scored. Output respects back-pressure, so
 * memory stays flat on gigabyte inputs.
 */
import type { Readable, Writable } from 'node:stream';
import { once } from 'node:events';
import type { Scorer } from '../scorer.js';
import { postSchema } from '../scorer.js';
import { readLines } from './lines.js';

export interface StreamOptions {
  input: 'ndjson' | 'text';
  maxLineLength: number;
}

export interface LineError {
  line: number;
  id?: string;
  error: string;
}

export interface StreamSummary {
  lines: number;
  scored: number;
  flagged: number;
  errors: number;
}

/** Turn one input line into a post, or an error naming what is wrong with it. */
export function parseLine(text: string, number: number, input: 'ndjson' | 'text'): { post: { id?: string | number; text: string; lang?: string; meta?: unknown } } | { error: LineError } {
  if (input === 'text') return { post: { id: String(number), text } };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { error: { line: number, error: `invalid JSON: ${(err as Error).message}` } };
  }
  const parsed = postSchema.safeParse(value);
  if (!parsed.success) {
    const id = typeof value === 'object' && value !== null && 'id' in value ? (value as { id: unknown }).id : undefined;
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length ? issue.path.join('.') : 'line';
    return {
      error: {
        line: number,
        ...(typeof id === 'string' || typeof id === 'number' ? { id: String(id) } : {}),
        error: `${field}: ${issue.message}`,
      },
    };
  }
  return { post: parsed.data };
}

export async function scoreStream(scorer: Scorer, source: Readable, sink: Writable, options: StreamOptions): Promise<StreamSummary> {
  const summary: StreamSummary = { lines: 0, scored: 0, flagged: 0, errors: 0 };
  const write = async (obj: unknown) => {
    if (!sink.write(JSON.stringify(obj) + '\n')) await once(sink, 'drain');
  };
  for await (const line of readLines(source, options.maxLineLength)) {
    summary.lines++;
    if (line.overflow) {
      summary.errors++;
      await write({ line: line.number, error: `line longer than ${options.maxLineLength} characters` });
      continue;
    }
    if (options.input === 'text' && line.text.trim() === '') {
      summary.errors++;
      await write({ line: line.number, error: 'empty line' });
      continue;
    }
    const parsed = parseLine(line.text, line.number, options.input);
    if ('error' in parsed) {
      summary.errors++;
      await write(parsed.error);
      continue;
    }
    try {
      const a = scorer.score(parsed.post);
      summary.scored++;
      if (a.flagged) summary.flagged++;
      await write(a);
    } catch (err) {
      summary.errors++;
      await write({ line: line.number, ...(parsed.post.id !== undefined ? { id: String(parsed.post.id) } : {}), error: (err as Error).message });
    }
  }
  return summary;
}

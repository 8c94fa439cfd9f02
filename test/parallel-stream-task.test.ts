import { describe, expect, it } from 'vitest';
import { linesTask } from '../src/cli/parallel-stream.js';
import type { Line } from '../src/cli/lines.js';

const line = (number: number, text: string, overflow = false): Line => ({ number, text, overflow, bytes: Buffer.byteLength(text), terminated: true });
const options = { input: 'ndjson' as const, maxLineLength: 100 };

describe('linesTask (the batch a worker thread gets)', () => {
  it('sends the texts, the first line number and the over-long lines by index', () => {
    const task = linesTask([line(41, 'a'), line(42, 'b', true), line(43, 'c'), line(44, 'd', true)], options);
    expect(task).toEqual({ first: 41, texts: ['a', 'b', 'c', 'd'], overflow: [1, 3], options });
  });

  it('omits the optional fields when every line is consecutive and within the cap', () => {
    const task = linesTask([line(1, 'x'), line(2, 'y')], options);
    expect(Object.keys(task).sort()).toEqual(['first', 'options', 'texts']);
  });

  it('sends every number when the lines are not consecutive', () => {
    const task = linesTask([line(3, 'x'), line(7, 'y'), line(8, 'z')], options);
    expect(task.numbers).toEqual([3, 7, 8]);
    expect(task.first).toBe(3);
  });
});

describe('scoreLinesText (the worker side)', () => {
  it('numbers error objects from the task, whether the lines are consecutive or not', async () => {
    const { scoreLinesText } = await import('../src/cli/parallel-stream-worker.js');
    const texts = ['{"id": "a", "text": "hello"}', '{"text": ', 'too long'];
    const consecutive = scoreLinesText({ first: 10, texts, overflow: [2], options });
    const given = scoreLinesText({ first: 3, numbers: [3, 7, 9], texts, overflow: [2], options });
    for (const [r, second, third] of [
      [consecutive, 11, 12],
      [given, 7, 9],
    ] as const) {
      const out = r.text.split('\n');
      expect(out).toHaveLength(4);
      expect(out[3]).toBe('');
      expect(JSON.parse(out[0]!).id).toBe('a');
      expect(JSON.parse(out[1]!)).toMatchObject({ line: second });
      expect(JSON.parse(out[2]!)).toEqual({ line: third, error: 'line longer than 100 characters' });
      expect([r.scored, r.errors]).toEqual([1, 2]);
    }
  });
});

/**
 * `score --threads` with NDJSON/text input: the batch a worker thread gets (`linesTask`: framed
 * bytes) and
 * what it makes of it (`renderLines`), checked in this thread against the in-process run.
 */
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runScore, type ScoreRunOptions } from '../src/cli/score-run.js';
import { linesTask, renderLines, taskLines, type LinesSettings } from '../src/cli/score-lines.js';
import { frameLines, type RawLine } from '../src/ingest/lines.js';
import { batched } from '../src/score/ordered.js';
import { scorer as testScorer } from './helpers/scorer.js';

const line = (number: number, text: string, extra: Partial<RawLine> = {}): RawLine => ({ number, bytes: Buffer.from(text), overflow: false, length: Buffer.byteLength(text), terminated: true, ...extra });
const settings: LinesSettings = { input: 'ndjson', ingest: {}, rules: { onlyFlagged: false }, includeText: false };

describe('linesTask (the batch a worker thread gets)', () => {
  it('sends the bytes in one buffer, the first line number, over-long lines by index and an unterminated last line', () => {
    const task = linesTask(
      [line(41, 'a'), line(42, 'head of a long line', { overflow: true, length: 500 }), line(43, 'c'), line(44, '{"te', { terminated: false })],
      settings,
      100,
    );
    expect(Buffer.from(task.bytes).toString('utf8')).toBe('ahead of a long linec{"te');
    expect(task).toEqual({ first: 41, bytes: task.bytes, ends: [1, 20, 21, 25], overflows: [[1, 500]], unterminated: 3, maxLineBytes: 100, settings });
    // The worker decodes them with the reader's rules.
    expect(taskLines(structuredClone(task)).map((l) => [l.number, l.text, l.terminated, l.error])).toEqual([
      [41, 'a', true, undefined],
      [42, 'head of a long line', true, 'line of 500 bytes is longer than the limit of 100 bytes'],
      [43, 'c', true, undefined],
      [44, '{"te', false, undefined],
    ]);
  });

  it('omits the optional fields when every line is fine and ends with a newline', () => {
    expect(Object.keys(linesTask([line(1, 'x'), line(2, 'y')], settings, 100)).sort()).toEqual(['bytes', 'ends', 'first', 'maxLineBytes', 'settings']);
  });

  it('a line that is not UTF-8 is reported by the worker, at its byte offset', () => {
    const bad = { ...line(7, ''), bytes: Buffer.from([0x61, 0xc3, 0x28]), length: 3 };
    expect(taskLines(structuredClone(linesTask([line(6, 'fine'), bad], settings, 100))).map((l) => l.error)).toEqual([undefined, 'not valid UTF-8 (byte 0xc3 at byte offset 1 of the line)']);
  });
});

// Every kind of line the readers and parsers tell apart.
const NDJSON = [
  JSON.stringify({ id: 'a1', text: 'Boats from Zuwara to Lampedusa every Monday, 100% guaranteed, 3000 euro, WhatsApp +218 91 726 7022' }),
  '{"id": "broken", "text": ',
  JSON.stringify({ id: 'n1', text: 42 }),
  '',
  '[1, 2]',
  JSON.stringify({ id: 'l1', text: 'a post', lang: 'English' }),
  JSON.stringify({ id: 'long', text: 'x'.repeat(400) }),
  JSON.stringify({ id: 7, text: 'رحلات من زوارة إلى إيطاليا، مضمونة 100%، واتساب +218 91 726 7022', meta: { n: 7 } }),
  JSON.stringify({ id: 'm1', message: 'Weather today in Tripoli', text: 'Переправа в Европу, гарантия, 2000 евро, пишите в Telegram @boat1', lang: 'ru' }),
  JSON.stringify({ id: 'e1', text: 'Police arrested three smugglers in Zuwara, according to officials.' }),
].join('\n');
const BAD_UTF8 = Buffer.concat([Buffer.from('{"id": "u1", "text": "caf'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]);

/** The input as chunks: the lines above, a line that is not UTF-8, and a last line cut off. */
const input = () => [Buffer.from(NDJSON + '\n'), BAD_UTF8, Buffer.from('{"id": "cut", "text": "Boats fr')];

async function inProcess(opts: Partial<ScoreRunOptions>): Promise<string> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (c: Buffer) => parts.push(c));
  const stderr = { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream;
  const base: ScoreRunOptions = { input: 'ndjson', files: [], format: 'ndjson', ingest: { maxLineLength: 300 }, onlyFlagged: false, sort: 'input', includeText: false, summary: 'off', progress: false, color: false };
  await runScore(testScorer(), { ...base, ...opts }, { stdin: Readable.from(input()), stdout: out, stderr });
  return Buffer.concat(parts).toString('utf8');
}

async function inTasks(s: LinesSettings, batch: number, maxLineLength = 300): Promise<{ text: string; records: number; shown: number }> {
  const scorer = testScorer();
  let text = '';
  let records = 0;
  let shown = 0;
  for await (const lines of batched(frameLines(input(), maxLineLength), batch)) {
    // Through a structured clone, as the task reaches a worker thread.
    const r = renderLines(structuredClone(linesTask(lines, s, maxLineLength)), (p) => scorer.score(p));
    text += r.text;
    records += r.counts.records;
    shown += r.counts.shown;
  }
  return { text, records, shown };
}

describe('renderLines (the worker side) writes what the in-process run writes', () => {
  const cases: [string, Partial<ScoreRunOptions>, LinesSettings][] = [
    ['plain', {}, settings],
    ['--include-text --lang en', { includeText: true, lang: 'en' }, { ...settings, includeText: true, rules: { lang: 'en', onlyFlagged: false } }],
    ['--min-score 0.5', { minScore: 0.5 }, { ...settings, rules: { minScore: 0.5, onlyFlagged: false } }],
    ['--only-flagged', { onlyFlagged: true }, { ...settings, rules: { onlyFlagged: true } }],
    ['--text-column message --id-column id', { ingest: { maxLineLength: 300, textColumn: 'message', idColumn: 'id' } }, { ...settings, ingest: { maxLineLength: 300, textColumn: 'message', idColumn: 'id' } }],
    ['a named file', { files: [] }, { ...settings, ingest: { file: 'posts.jsonl', qualifyIds: false } }],
  ];
  for (const [name, opts, s] of cases) {
    it(name, async () => {
      const tasks = await inTasks(s, 3);
      let expected = await inProcess(opts);
      // The in-process run reads stdin (no file name); the task names its file in every error.
      if (s.ingest.file) expected = expected.replace(/"error":/g, `"file":"${s.ingest.file}","error":`);
      expect(tasks.text).toBe(expected);
      expect(tasks.records).toBe(12);
      expect(tasks.shown).toBe(expected.split('\n').length - 1);
    });
  }

  it('the hints of the readers reach the output: over-long, not UTF-8, cut-off lines', async () => {
    const out = (await inTasks(settings, 4)).text.trimEnd().split('\n').map((l) => JSON.parse(l) as { line: number; id?: string; error?: string });
    expect(out).toHaveLength(12);
    expect(out[6]).toEqual({ line: 7, error: expect.stringMatching(/longer than the limit of 300 bytes/) });
    expect(out[10]).toEqual({ line: 11, error: expect.stringMatching(/^not valid UTF-8 \(byte 0xc3 at byte offset 25 /) });
    expect(out[11]).toEqual({ line: 12, error: expect.stringMatching(/invalid JSON: .*\(the input ends in the middle of this line: truncated\?\)$/) });
    expect(out[2]).toEqual({ line: 3, id: 'n1', error: expect.stringMatching(/^text: /) });
  });

  it('text input: ids from line numbers (file:line for several files), empty lines are errors', async () => {
    const lines = [line(1, 'first post'), line(2, ''), line(3, 'second post, WhatsApp +218 91 726 7022', { terminated: false })];
    const scorer = testScorer();
    const one = renderLines(linesTask(lines, { ...settings, input: 'text', ingest: { file: 'a.txt', qualifyIds: true } }, 100), (p) => scorer.score(p));
    const out = one.text.trimEnd().split('\n').map((l) => JSON.parse(l) as { id?: string; line?: number; file?: string; error?: string });
    expect(out.map((o) => o.id ?? o.error)).toEqual(['a.txt:1', 'empty line', 'a.txt:3']);
    expect(out[1]).toEqual({ line: 2, file: 'a.txt', error: 'empty line' });
    expect([one.counts.records, one.counts.posts, one.counts.errors]).toEqual([3, 2, 1]);
  });

  it('a scorer that throws gives each post the error, with its id; bad lines keep their own', async () => {
    const task = linesTask([line(5, JSON.stringify({ id: 'p', text: 'hello' })), line(6, '{"text": ')], settings, 100);
    const r = renderLines(task, () => {
      throw new Error('scoring failed: worker died');
    });
    const out = r.text.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(out[0]).toEqual({ line: 5, id: 'p', error: 'scoring failed: worker died' });
    expect(out[1].error).toMatch(/^invalid JSON/);
    expect([r.counts.records, r.counts.posts, r.counts.errors, r.counts.shown]).toEqual([2, 0, 2, 2]);
  });
});

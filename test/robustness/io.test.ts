/**
 * Hostile files on the line-based inputs: a 100 MB line, bytes that are not UTF-8, a BOM, CRLF,
 * an input cut off mid-line. Driven through the built CLI (dist/cli/bin.js) with stdin piped;
 * big inputs are generated as streams, never held as strings here.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readLines, firstInvalidUtf8 } from '../../src/ingest/lines.js';
import { ingestCsv } from '../../src/ingest/csv.js';
import { BIN } from '../helpers/paths.js';
import { cpSync } from 'node:fs';
import { createScorer, DataFileError } from '../../src/index.js';
import { loadLexicons, DEFAULT_LEXICON_DIR } from '../../src/semantic/lexicon/load.js';
import { DEFAULT_MODEL_DIR } from '../../src/score/model-file.js';
import { loadCorpus } from '../../src/data/labelled.js';

const dir = mkdtempSync(join(tmpdir(), 'sr-io-'));
// Reports the child's peak resident memory on stderr when it exits (test scaffolding only).
const RSS_PROBE = join(dir, 'rss-probe.mjs');
writeFileSync(RSS_PROBE, "process.on('exit', () => process.stderr.write(`\\nmaxrss-kb=${process.resourceUsage().maxRSS}\\n`));\n");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  maxRssKb: number;
}

/** Run the CLI, feeding stdin from `feed` (which writes with back-pressure). */
function runCli(args: string[], feed: (write: (b: Buffer | string) => Promise<void>) => Promise<void>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', RSS_PROBE, BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.stdin.on('error', () => undefined); // the CLI may stop reading early (exit 2)
    const write = (b: Buffer | string) =>
      new Promise<void>((res) => {
        if (child.stdin.destroyed) return res();
        if (child.stdin.write(b)) res();
        else {
          const done = () => {
            child.stdin.off('close', done);
            child.stdin.off('drain', done);
            res();
          };
          child.stdin.once('drain', done);
          child.stdin.once('close', done);
        }
      });
    feed(write)
      .then(() => child.stdin.end())
      .catch(reject);
    child.on('error', reject);
    child.on('close', (code) => {
      const m = /maxrss-kb=(\d+)/.exec(stderr);
      resolve({ code, stdout, stderr, maxRssKb: m ? Number(m[1]) : NaN });
    });
  });
}

const jsonLines = (s: string) =>
  s
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const MB = 1024 * 1024;

/** `total` bytes of `byte`, written in 1 MB chunks. */
async function writeRepeated(write: (b: Buffer) => Promise<void>, byte: string, total: number): Promise<void> {
  const chunk = Buffer.alloc(MB, byte);
  for (let left = total; left > 0; left -= MB) await write(left >= MB ? chunk : chunk.subarray(0, left));
}

describe('a 100 MB line', () => {
  /** Peak memory of the same command on a one-line input: the baseline. */
  let small: Run;
  beforeAll(async () => {
    small = await runCli(['score', '--input', 'ndjson'], async (write) => {
      await write('{"id":"ok","text":"boat to Italy, pay on arrival"}\n');
    });
    expect(small.code).toBe(0);
  });

  it('NDJSON: one error naming line 1 and its length, the next line scored, memory bounded', async () => {

    const big = await runCli(['score', '--input', 'ndjson'], async (write) => {
      await write('{"id":"big","text":"');
      await writeRepeated(write, 'a', 100 * MB);
      await write('"}\n{"id":"ok","text":"boat to Italy, pay on arrival"}\n');
    });
    expect(big.code).toBe(0);
    const out = jsonLines(big.stdout);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ line: 1 });
    const length = '{"id":"big","text":"'.length + 100 * MB + '"}'.length;
    expect(out[0]!.error).toBe(`line of ${length} bytes is longer than the limit of 10000000 bytes`);
    expect(out[1]).toMatchObject({ id: 'ok' });
    expect(out[1]!.score).toBeTypeOf('number');
    // The line was never held (held, it would take 100 MB as bytes and as much again as a
    // string): peak memory within a few times the 10 MB cap of the small run's.
    expect(big.maxRssKb).toBeGreaterThan(0);
    expect(big.maxRssKb - small.maxRssKb).toBeLessThan(90 * 1024);
  }, 60_000);

  it('text input and --max-line-length: the cap is an option, the error names it', async () => {
    const r = await runCli(['score', '--input', 'text', '--max-line-length', '1000'], async (write) => {
      await write('short post about a boat\n');
      await writeRepeated(write, 'x', 5 * MB);
      await write('\nanother post\n');
    });
    expect(r.code).toBe(0);
    const out = jsonLines(r.stdout);
    expect(out.map((o) => o.line ?? o.id)).toEqual(['1', 2, '3']);
    expect(String(out[1]!.error)).toMatch(/line of 5242880 bytes is longer than the limit of 1000 bytes/);
  }, 30_000);

  it('CSV: a record over the cap is an error naming its line and length, the rows around it scored, memory bounded', async () => {
    const r = await runCli(['score', '--input', 'csv'], async (write) => {
      await write('id,text\n1,first post\n2,"second\n');
      await writeRepeated(write, 'a', 100 * MB);
      await write('"\n3,"third\npost"\n4,fourth\n');
    });
    expect(r.code).toBe(0);
    const out = jsonLines(r.stdout);
    expect(out.map((o) => o.id ?? `line ${String(o.line)} row ${String(o.row)}: ${String(o.error)}`)).toEqual([
      '1',
      `line 3 row 2: record of ${'2,"second\n'.length + 100 * MB + 1} bytes is longer than the limit of 10000000 bytes`,
      '3',
      '4',
    ]);
    // The parser holds at most the first 10 MB of the record (csv-parse keeps it as bytes, as
    // its raw text and as a string); held whole, the 100 MB record would take several times more.
    expect(r.maxRssKb - small.maxRssKb).toBeLessThan(220 * 1024);
  }, 60_000);

  it('CSV through the library, one byte per chunk: quoted, unquoted and cut-off oversize records, lines exact', async () => {
    const csv = Buffer.from(`id,text\r\n1,ok\r\n2,"${'q'.repeat(50)}\r\n""${'q'.repeat(50)}"\r\n3,${'u'.repeat(80)}\r\n4,"fine\r\ncell"\r\n5,"${'z'.repeat(70)}`);
    const recs = [];
    for await (const rec of ingestCsv(Array.from(csv, (b) => Buffer.from([b])), { maxLineLength: 40 })) recs.push(rec);
    expect(recs.map((x) => [x.at.line, x.ok ? x.post.text : x.error])).toEqual([
      [2, 'ok'],
      [3, 'record of 108 bytes is longer than the limit of 40 bytes'],
      [5, 'record of 82 bytes is longer than the limit of 40 bytes'],
      [6, 'fine\r\ncell'],
      [8, 'record of 73 bytes is longer than the limit of 40 bytes'],
    ]);
  });
});

describe('bytes that are not UTF-8', () => {
  it('NDJSON and text: an error for that line only, with the offset of the bad byte', async () => {
    const r = await runCli(['score', '--input', 'ndjson'], async (write) => {
      await write('{"id":"a","text":"fine"}\n');
      await write(Buffer.concat([Buffer.from('{"id":"b","text":"caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]));
      await write(Buffer.concat([Buffer.from('{"id":"c","text":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}\n')])); // a UTF-8-encoded surrogate
      await write('{"id":"d","text":"still fine"}\n');
    });
    const out = jsonLines(r.stdout);
    expect(out.map((o) => o.id ?? o.line)).toEqual(['a', 2, 3, 'd']);
    expect(out[1]!.error).toBe('not valid UTF-8 (byte 0xe9 at byte offset 21 of the line)');
    expect(out[2]!.error).toBe('not valid UTF-8 (byte 0xed at byte offset 18 of the line)');

    const t = await runCli(['score', '--input', 'text'], async (write) => {
      await write(Buffer.from([0x61, 0x0a, 0xc3, 0x28, 0x0a, 0x62, 0x0a]));
    });
    expect(jsonLines(t.stdout).map((o) => o.error ?? o.id)).toEqual(['1', 'not valid UTF-8 (byte 0xc3 at byte offset 0 of the line)', '3']);
  });

  it('CSV: the row holding the bad byte is an error with its line; a sequence cut across chunks is not', async () => {
    const rows: Buffer[] = [Buffer.from('id,text\r\n1,"multi\r\nline ok"\r\n2,bad '), Buffer.from([0xff]), Buffer.from(' byte\r\n3,caf'), Buffer.from([0xc3]), Buffer.from([0xa9]), Buffer.from('\r\n')];
    const r = await runCli(['score', '--input', 'csv'], async (write) => {
      for (const b of rows) await write(b);
    });
    expect(r.code).toBe(0);
    const out = jsonLines(r.stdout);
    expect(out.map((o) => o.id)).toEqual(['1', '2', '3']);
    expect(out[0]!.score).toBeTypeOf('number');
    expect(out[1]).toMatchObject({ line: 4, row: 2, error: 'not valid UTF-8 (byte 0xff on line 4)' });
    expect(out[2]!.score).toBeTypeOf('number');
    // The split é was joined: the text hashed is "café".
    expect(out[2]!.sha256).toBe(createHash('sha256').update('café').digest('hex'));

    // Same through the library with one byte per chunk.
    const bytes = Buffer.concat(rows);
    const recs = [];
    for await (const rec of ingestCsv(Array.from(bytes, (b) => Buffer.from([b])))) recs.push(rec);
    expect(recs.map((x) => (x.ok ? x.post.text : x.error))).toEqual(['multi\r\nline ok', 'not valid UTF-8 (byte 0xff on line 4)', 'café']);
  });

  it('firstInvalidUtf8 agrees with the WHATWG decoder on overlongs, surrogates, truncation and > U+10FFFF', () => {
    const cases: number[][] = [[0x41], [0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x9a, 0xa4], [0x80], [0xf8]];
    for (const c of cases) {
      const b = Uint8Array.from(c);
      let valid = true;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(b);
      } catch {
        valid = false;
      }
      expect(firstInvalidUtf8(b) === -1, JSON.stringify(c)).toBe(valid);
    }
  });
});

describe('BOM, CRLF and an input cut off mid-line', () => {
  it('NDJSON with a BOM and CRLF: every line parsed, no \\r in any text', async () => {
    const r = await runCli(['score', '--input', 'ndjson', '--include-text'], async (write) => {
      await write('\ufeff{"id":"1","text":"first"}\r\n{"id":"2","text":"second"}\r\n');
    });
    const out = jsonLines(r.stdout);
    expect(out.map((o) => o.id)).toEqual(['1', '2']);
    expect(out[0]!.sha256).toBe(createHash('sha256').update('first').digest('hex'));
    expect(out[1]!.sha256).toBe(createHash('sha256').update('second').digest('hex'));
  });

  it('a last line without a newline is scored; a truncated JSON object is an error naming its line and the cut', async () => {
    const ok = await runCli(['score', '--input', 'ndjson'], async (write) => {
      await write('{"id":"1","text":"a"}\n{"id":"2","text":"b"}');
    });
    expect(jsonLines(ok.stdout).map((o) => o.id)).toEqual(['1', '2']);
    const cut = await runCli(['score', '--input', 'ndjson'], async (write) => {
      await write('{"id":"1","text":"a"}\n{"id":"2","text":"b');
    });
    const out = jsonLines(cut.stdout);
    expect(out[0]!.id).toBe('1');
    expect(out[1]!.line).toBe(2);
    expect(String(out[1]!.error)).toMatch(/^invalid JSON: .*\(the input ends in the middle of this line: truncated\?\)$/);
  });

  it('readLines: CR, LF, BOM and multi-byte characters split across chunks, one byte at a time', async () => {
    const input = Buffer.from('\ufeffé€🚤\r\nsecond\r\n\r\nlast', 'utf8');
    const lines = [];
    for await (const l of readLines(Array.from(input, (b) => Buffer.from([b])), 100)) lines.push(l);
    expect(lines.map((l) => [l.number, l.text, l.terminated, l.error])).toEqual([
      [1, 'é€🚤', true, undefined],
      [2, 'second', true, undefined],
      [3, '', true, undefined],
      [4, 'last', false, undefined],
    ]);
  });

  it('a file on disk with all of it at once: BOM, CRLF, an over-long line, bad bytes, no final newline', async () => {
    const f = join(dir, 'mixed.jsonl');
    writeFileSync(
      f,
      Buffer.concat([
        Buffer.from('\ufeff{"id":"1","text":"one"}\r\n'),
        Buffer.from(`{"id":"2","text":"${'z'.repeat(3000)}"}\r\n`),
        Buffer.from([0x7b, 0xfe, 0x7d, 0x0d, 0x0a]),
        Buffer.from('{"id":"4","text":"four"}'),
      ]),
    );
    const r = await runCli(['score', '--input', 'ndjson', '--max-line-length', '2000', f], async () => undefined);
    expect(r.code).toBe(0);
    const out = jsonLines(r.stdout);
    expect(out.map((o) => o.id ?? `line ${String(o.line)}: ${String(o.error)}`)).toEqual([
      '1',
      `line 2: line of ${'{"id":"2","text":""}'.length + 3000} bytes is longer than the limit of 2000 bytes`,
      'line 3: not valid UTF-8 (byte 0xfe at byte offset 1 of the line)',
      '4',
    ]);
    expect(out.slice(1, 3).every((o) => o.file === f)).toBe(true);
    expect(readFileSync(f).length).toBeGreaterThan(3000);
  });
});

describe('lexicon, model and corpus files: fail at load with file, line and field', () => {
  const lexCopy = () => {
    const d = mkdtempSync(join(tmpdir(), 'sr-lex-'));
    cpSync(DEFAULT_LEXICON_DIR, d, { recursive: true });
    return d;
  };
  const en = readFileSync(join(DEFAULT_LEXICON_DIR, 'en.json'));
  const model = readFileSync(join(DEFAULT_MODEL_DIR, 'model.json'));
  const fail = (f: () => unknown): DataFileError => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(DataFileError);
      return e as DataFileError;
    }
    throw new Error('expected a DataFileError');
  };
  const lineOf = (buf: Buffer, offset: number) => buf.subarray(0, offset).toString('latin1').split('\n').length;

  it('a lexicon with a BOM and CRLF line ends loads as the original does', () => {
    const d = lexCopy();
    writeFileSync(join(d, 'en.json'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(en.toString('utf8').replace(/\n/g, '\r\n'))]));
    const a = loadLexicons(d).lexicons.find((l) => l.language === 'en')!;
    const b = loadLexicons().lexicons.find((l) => l.language === 'en')!;
    expect(a.entries).toEqual(b.entries);
  });

  it('a lexicon with a byte that is not UTF-8 is refused with its line (not silently read as U+FFFD)', () => {
    const d = lexCopy();
    const bad = Buffer.from(en);
    const at = bad.indexOf(Buffer.from('"terms"'), 2000) + 10;
    bad[at] = 0xff;
    writeFileSync(join(d, 'en.json'), bad);
    const e = fail(() => loadLexicons(d));
    expect(e.file).toBe(join(d, 'en.json'));
    expect(e.line).toBe(lineOf(bad, at));
    expect(e.message).toMatch(/not valid UTF-8 \(byte 0xff/);
  });

  it('a lexicon or a model cut off half-way, or empty, is invalid JSON at the line where it stops', () => {
    const d = lexCopy();
    const half = en.subarray(0, Math.floor(en.length / 2));
    writeFileSync(join(d, 'en.json'), half);
    const e = fail(() => loadLexicons(d));
    expect(e.message).toMatch(/en\.json:\d+: invalid JSON/);
    expect(e.line).toBeGreaterThanOrEqual(lineOf(half, half.length) - 1);
    writeFileSync(join(d, 'en.json'), '');
    expect(fail(() => loadLexicons(d)).message).toMatch(/en\.json:1: invalid JSON/);

    const m = join(mkdtempSync(join(tmpdir(), 'sr-model-')), 'model.json');
    writeFileSync(m, model.subarray(0, 5000));
    const me = fail(() => createScorer({ modelPath: m }));
    expect(me.file).toBe(m);
    expect(me.line).toBe(lineOf(model, 5000));
  });

  it('a model with a wrong field type names the field and its line; a wrong number of weights is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-model-'));
    const m = JSON.parse(model.toString('utf8')) as { weights: unknown[] };
    m.weights[3] = 'x';
    const text = JSON.stringify(m, null, 1);
    writeFileSync(join(dir, 'a.json'), text);
    const e = fail(() => createScorer({ modelPath: join(dir, 'a.json') }));
    expect(e.field).toBe('weights[3]');
    expect(text.split('\n')[e.line - 1]).toContain('"x"');
    const short = JSON.parse(model.toString('utf8')) as { weights: unknown[] };
    short.weights.pop();
    writeFileSync(join(dir, 'b.json'), JSON.stringify(short));
    expect(fail(() => createScorer({ modelPath: join(dir, 'b.json') })).message).toMatch(/weights: expected \d+ weights, found \d+/);
  });

  it('the CLI reports a refused model with its file and exits 1 or 2, never with a stack trace', async () => {
    const m = join(mkdtempSync(join(tmpdir(), 'sr-model-')), 'model.json');
    const other = JSON.parse(model.toString('utf8')) as { features: string[] };
    other.features = [...other.features.slice(1), 'kind.unheard_of'];
    writeFileSync(m, JSON.stringify(other));
    const r = await runCli(['score', '--model', m, 'boat'], async () => undefined);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(m);
    expect(r.stderr).toMatch(/does not match features\.json/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a corpus file: a bad line names file, line and field; bad bytes name their line; CRLF and a BOM are fine', () => {
    const d = mkdtempSync(join(tmpdir(), 'sr-corpus-'));
    const item = (id: string, extra: Record<string, unknown> = {}) => JSON.stringify({ id, text: 'a post', lang: 'en', label: 'benign', category: 'news', split: 'train', source: 'test', ...extra });
    writeFileSync(join(d, 'a.jsonl'), `\ufeff${item('1')}\r\n${item('2')}\r\n`);
    expect(loadCorpus(d).items.map((i) => i.id)).toEqual(['1', '2']);
    writeFileSync(join(d, 'b.jsonl'), `${item('3')}\n\n${item('4', { split: 'later' })}\n`);
    const e = fail(() => loadCorpus(d));
    expect([e.file, e.line, e.field]).toEqual([join(d, 'b.jsonl'), 3, 'split']);
    writeFileSync(join(d, 'b.jsonl'), Buffer.concat([Buffer.from(`${item('3')}\n{"id":"4","text":"caf`), Buffer.from([0xe9]), Buffer.from('"}\n')]));
    const u = fail(() => loadCorpus(d));
    expect([u.file, u.line]).toEqual([join(d, 'b.jsonl'), 2]);
    expect(u.message).toMatch(/not valid UTF-8 \(byte 0xe9/);
  });
});

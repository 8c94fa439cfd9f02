import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/paths.js';
import { batched, mapOrdered } from '../src/score/ordered.js';

// The pool runs compiled worker modules, so these tests use the build (dist/).
const dist = (p: string) => import(pathToFileURL(`${ROOT}dist/${p}`).href);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('mapOrdered', () => {
  it('yields in input order with at most `concurrency` calls pending', async () => {
    let pending = 0;
    let most = 0;
    const out = await collect(
      mapOrdered(
        Array.from({ length: 200 }, (_, i) => i),
        async (i) => {
          pending++;
          most = Math.max(most, pending);
          await sleep((i * 7919) % 5);
          pending--;
          return i * 2;
        },
        8,
      ),
    );
    expect(out).toEqual(Array.from({ length: 200 }, (_, i) => i * 2));
    expect(most).toBeLessThanOrEqual(8);
    expect(most).toBeGreaterThan(1);
  });

  it('rejects at the failing item, after every earlier result', async () => {
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const x of mapOrdered([1, 2, 3, 4, 5], async (i) => {
          await sleep(5 - i);
          if (i === 3) throw new Error('three');
          return i;
        }, 4)) seen.push(x);
      })(),
    ).rejects.toThrow('three');
    expect(seen).toEqual([1, 2]);
  });

  it('gives a result as soon as it is ready, without waiting for a slow source', async () => {
    let sourceDone = false;
    async function* slow() {
      yield 1;
      await sleep(300);
      yield 2;
      sourceDone = true;
    }
    const it = mapOrdered(slow(), async (x) => x, 4)[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.value).toBe(1);
    expect(sourceDone).toBe(false);
    expect((await it.next()).value).toBe(2);
    expect((await it.next()).done).toBe(true);
  });

  it('closes the source when the consumer stops early', async () => {
    let closed = false;
    async function* source() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    for await (const x of mapOrdered(source(), async (i) => i, 3)) if (x === 10) break;
    await sleep(10);
    expect(closed).toBe(true);
  });

  it('rethrows a source error after the results of the inputs before it', async () => {
    async function* source() {
      yield 1;
      yield 2;
      throw new Error('read failed');
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const x of mapOrdered(source(), async (i) => i, 4)) seen.push(x);
      })(),
    ).rejects.toThrow('read failed');
    expect(seen).toEqual([1, 2]);
  });
});

describe('batched', () => {
  it('fills batches from a fast source and keeps every item once, in order', async () => {
    async function* source() {
      for (let i = 0; i < 1000; i++) yield i;
    }
    const batches = await collect(batched(source(), 64));
    expect(batches.flat()).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(batches.every((b) => b.length <= 64)).toBe(true);
  });
});

describe('pool, and the score command through it', () => {
  let lib: typeof import('../src/index.js');
  let pool: import('../src/index.js').ScoringPool;
  // A private copy of the lexicons, so that edits to lexicons/ during the run cannot make the
  // threads' scorers differ from the in-process one.
  const lexiconDir = mkdtempSync(join(tmpdir(), 'sr-pool-lex-'));
  const scorerOptions = { lexiconDir };
  beforeAll(async () => {
    cpSync(`${ROOT}lexicons`, lexiconDir, { recursive: true });
    lib = await dist('index.js');
    pool = lib.createPool({ threads: 2, scorerOptions });
  });
  afterAll(async () => {
    await pool?.close();
  });

  it('scores in threads exactly as in-process', async () => {
    const scorer = lib.createScorer(scorerOptions);
    const posts = [
      { id: 'a', text: 'Trips from Zuwara to Italy every Monday, guaranteed, WhatsApp +218 91 726 7022' },
      { id: 7, text: 'رحلات من زوارة لإيطاليا 🚤 2500 دينار', lang: 'ar', meta: { source: 'x' } },
      'Weather today in Tripoli',
    ];
    for (const p of posts) expect(JSON.stringify(await pool.score(p))).toBe(JSON.stringify(scorer.score(p)));
    expect(await pool.scoreJson(posts[0]!)).toBe(JSON.stringify(scorer.score(posts[0]!)));
    await expect(pool.score({ text: 5 } as never)).rejects.toThrow();
  });

  /** runScore of the build, on `stdin` (or files), with the NDJSON it writes and its summary. */
  async function scoreRun(opts: Record<string, unknown>, stdin: Readable | string, stdout?: import('node:stream').Writable) {
    const { runScore } = (await dist('cli/score-run.js')) as typeof import('../src/cli/score-run.js');
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (c: Buffer) => chunks.push(c));
    const stderr = { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream;
    const base = { input: 'ndjson', files: [], format: 'ndjson', ingest: { maxLineLength: 4096 }, onlyFlagged: false, sort: 'input', includeText: false, summary: 'off', progress: false, color: false };
    const summary = await runScore(scorer, { ...base, ...opts } as never, { stdin: typeof stdin === 'string' ? Readable.from([Buffer.from(stdin)]) : stdin, stdout: stdout ?? sink, stderr });
    const { seconds: _s, ...counts } = summary;
    return { out: Buffer.concat(chunks).toString('utf8'), counts };
  }
  let scorer: import('../src/index.js').Scorer;
  const lines: string[] = [];
  for (let i = 1; i <= 3000; i++) {
    if (i % 97 === 0) lines.push('{"id": "broken", "text": ');
    else if (i % 101 === 0) lines.push(JSON.stringify({ id: `n${i}`, text: 42 }));
    else if (i % 103 === 0) lines.push('');
    else if (i % 211 === 0) lines.push(JSON.stringify({ id: `long${i}`, text: 'x'.repeat(5000) }));
    else if (i % 5 === 0) lines.push(JSON.stringify({ id: i, text: `قارب من زوارة ${i} يورو`, lang: 'ar' }));
    else lines.push(JSON.stringify({ id: `p${i}`, text: i % 2 ? `Boat trip from Zuwara to Lampedusa ${i} euro, WhatsApp +218 91 726 70${i % 10}2` : `Weather today in city ${i}` }));
  }
  const input = lines.join('\n') + '\n';

  it('runScore through the pool writes the same bytes and counts as in-process, in order, errors in place', async () => {
    scorer = lib.createScorer(scorerOptions);
    const seq = await scoreRun({}, input);
    const par = await scoreRun({ pool, batch: 16 }, input);
    expect(par.out).toBe(seq.out);
    expect(par.counts).toEqual(seq.counts);
    const out = par.out.trimEnd().split('\n').map((l) => JSON.parse(l) as { line?: number; error?: string });
    expect(out).toHaveLength(3000);
    const errors = out.flatMap((o, k) => (o.error !== undefined ? [[k + 1, o.line]] : []));
    expect(errors.length).toBeGreaterThan(60);
    for (const [n, line] of errors) expect(line).toBe(n);
    // Filters, text and --lang; text input with CRLF, an empty line and no final newline.
    const filtered = { minScore: 0.5, includeText: true, lang: 'en' };
    expect((await scoreRun({ ...filtered, pool, batch: 7 }, input)).out).toBe((await scoreRun(filtered, input)).out);
    const textInput = 'first post\r\n\nsecond post, WhatsApp +218 91 726 7022';
    const seqText = await scoreRun({ input: 'text' }, textInput);
    expect((await scoreRun({ input: 'text', pool }, textInput)).out).toBe(seqText.out);
    expect(seqText.out.trimEnd().split('\n')).toHaveLength(3);
  });

  it('several files: ids and errors name the file, the same as in-process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-pool-files-'));
    const a = join(dir, 'a.txt');
    const b = join(dir, 'b.txt');
    writeFileSync(a, 'Boat trip from Zuwara, WhatsApp +218 91 726 7022\n\nWeather today\n');
    writeFileSync(b, lines.slice(0, 40).join('\n'));
    for (const input of ['text', 'ndjson']) {
      const seq = await scoreRun({ input, files: [a, b] }, '');
      const par = await scoreRun({ input, files: [a, b], pool, batch: 4 }, '');
      expect(par.out).toBe(seq.out);
      expect(par.counts).toEqual(seq.counts);
      expect(seq.out).toContain(`"file":"${a}"`);
    }
  });

  /** A pool whose task fails (as one whose thread died twice does) on the first `deaths` attempts at the batch holding line 40. */
  const dyingOn40 = (deaths: number) => {
    let attempts = 0;
    const dying = {
      threads: pool.threads,
      run: (task: { first?: number; ends?: number[] }, module: import('../src/index.js').WorkerModule) => {
        if (task.first === undefined || task.first > 40 || task.first + task.ends!.length <= 40) return pool.run(task, module);
        attempts++;
        return attempts <= deaths ? Promise.reject(new Error('worker exited')) : pool.run(task, module);
      },
    } as unknown as import('../src/index.js').ScoringPool;
    return { dying, attempts: () => attempts };
  };

  it('a batch whose task fails (its thread died twice): its posts get the error in their place, the run goes on', async () => {
    const { dying, attempts } = dyingOn40(Infinity);
    const seq = await scoreRun({}, input);
    const par = await scoreRun({ pool: dying, batch: 16 }, input);
    const a = seq.out.trimEnd().split('\n');
    const b = par.out.trimEnd().split('\n');
    expect(b).toHaveLength(3000);
    for (let i = 0; i < 3000; i++) {
      const n = i + 1;
      if (n < 33 || n > 48) expect(b[i]).toBe(a[i]);
      else {
        const o = JSON.parse(b[i]!) as { line: number; id?: string; error: string };
        expect(o.line).toBe(n);
        expect(o.error).toBe('scoring failed: worker exited');
        expect(o.id).toBe(JSON.parse(lines[i]!).id === undefined ? undefined : String(JSON.parse(lines[i]!).id));
      }
    }
    expect(par.counts.errors).toBe(seq.counts.errors + 16);
    expect(par.counts.records).toBe(3000);
    expect(attempts()).toBe(1);
  });

  it('a task held by a thread that dies runs once more; one that kills its thread twice rejects; a task error is not repeated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-pool-die-'));
    const module = join(dir, 'die.mjs');
    const log = join(dir, 'attempts.log');
    // Task 3 ends its thread, task 5 throws; the others take 30 ms, so each thread has a
    // second task waiting when task 3 kills it. Every attempt is logged to a file.
    writeFileSync(
      module,
      `import { appendFileSync } from 'node:fs';
export default (n) => {
  appendFileSync(${JSON.stringify(log)}, n + '\\n');
  if (n === 3) process.exit(1);
  if (n === 5) throw new Error('task five failed');
  const t = Date.now(); while (Date.now() - t < 30);
  return n * 2;
};
`,
    );
    const lib = (await dist('index.js')) as typeof import('../src/index.js');
    const small = lib.createPool({ threads: 2 });
    try {
      const mod = { filename: pathToFileURL(module).href };
      const tasks = [0, 1, 2, 3, 4, 6, 7, 8, 9, 10];
      const settled = await Promise.allSettled(tasks.map((n) => small.run<number>(n, mod)));
      settled.forEach((r, k) => {
        if (tasks[k] === 3) expect(r.status === 'rejected' && String(r.reason)).toMatch(/exited/);
        else expect(r.status === 'fulfilled' && r.value).toBe(tasks[k]! * 2);
      });
      // In a pool where no thread dies meanwhile, a task's own error is not repeated.
      await expect(small.run<number>(5, mod)).rejects.toThrow(/task five failed/);
      expect(await small.run<number>(21, mod)).toBe(42);
      const attempts = new Map<number, number>();
      for (const n of readFileSync(log, 'utf8').trim().split('\n').map(Number)) attempts.set(n, (attempts.get(n) ?? 0) + 1);
      expect(attempts.get(3)).toBe(2);
      expect(attempts.get(5)).toBe(1);
      // Besides task 3, at most the two tasks that waited behind it (once per death) ran twice.
      const repeated = [...attempts].filter(([n, k]) => n !== 3 && k > 1);
      expect(repeated.length).toBeLessThanOrEqual(2);
      expect(repeated.every(([, k]) => k === 2)).toBe(true);
    } finally {
      await small.close();
    }
  });

  it('reads ahead only a bounded number of lines while the output is blocked (back-pressure)', async () => {
    let generated = 0;
    const total = 3000;
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < total; i++) {
          generated++;
          yield Buffer.from(lines[i % lines.length]! + '\n');
        }
      })(),
    );
    let started = 0;
    const counting = {
      threads: pool.threads,
      run: (task: unknown, module: import('../src/index.js').WorkerModule) => {
        started++;
        return pool.run(task, module);
      },
    } as unknown as import('../src/index.js').ScoringPool;
    // A sink that takes one small chunk and then nothing until released.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let written = 0;
    const blocked = new (await import('node:stream')).Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, done) {
        written += chunk.toString('utf8').split('\n').length - 1;
        void released.then(() => done());
      },
    });
    const run = scoreRun({ pool: counting, batch: 16 }, source, blocked);
    await sleep(1500);
    // At most 4 batches per thread in flight, one being written, the reader's small buffer.
    expect(started).toBeLessThanOrEqual(pool.threads * 4 + 2);
    expect(generated).toBeLessThan(16 * (pool.threads * 4 + 2) + 64);
    expect(written).toBeLessThanOrEqual(16);
    release();
    await run;
    expect(written).toBe(total);
    expect(started).toBeGreaterThanOrEqual(Math.ceil(total / 16));
  });
});

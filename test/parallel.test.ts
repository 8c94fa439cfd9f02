import { cpSync, mkdtempSync } from 'node:fs';
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

describe('pool and parallel stream', () => {
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

  it('writes the same bytes as scoreStream, in order, errors in place', async () => {
    const { scoreStream } = await dist('cli/score-stream.js');
    const { scoreStreamParallel } = await dist('cli/parallel-stream.js');
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
    const run = async (f: (sink: PassThrough) => Promise<unknown>) => {
      const sink = new PassThrough();
      const chunks: Buffer[] = [];
      sink.on('data', (c: Buffer) => chunks.push(c));
      const summary = await f(sink);
      sink.end();
      return { out: Buffer.concat(chunks).toString('utf8'), summary };
    };
    const options = { input: 'ndjson' as const, maxLineLength: 4096 };
    const seq = await run((sink) => scoreStream(lib.createScorer(scorerOptions), Readable.from([input]), sink, options));
    const par = await run((sink) => scoreStreamParallel(pool, Readable.from([input]), sink, { ...options, batch: 16 }));
    expect(par.out).toBe(seq.out);
    expect(par.summary).toEqual(seq.summary);
    expect(par.out.trimEnd().split('\n')).toHaveLength(3000);
    const textMode = { input: 'text' as const, maxLineLength: 4096 };
    const textInput = 'first post\r\n\nsecond post, WhatsApp +218 91 726 7022\n';
    const seqText = await run((sink) => scoreStream(lib.createScorer(scorerOptions), Readable.from([textInput]), sink, textMode));
    const parText = await run((sink) => scoreStreamParallel(pool, Readable.from([textInput]), sink, textMode));
    expect(parText.out).toBe(seqText.out);
  });
});

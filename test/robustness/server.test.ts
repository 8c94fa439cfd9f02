/**
 * The analyst server under hostile or heavy clients: slow headers and slow bodies (slowloris)
 * time out, many slow clients do not stop a normal one, connection and batch limits hold, a
 * large request scored in the worker threads does not hold up a small one, and no error
 * answer carries a stack trace.
 */
import { connect, type Socket } from 'node:net';
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalystServer, listen } from '../../src/server/server.js';
import type { Scorer } from '../../src/scorer.js';
import type { ScoringPool } from '../../src/score/pool.js';
import { ROOT } from '../helpers/paths.js';
import { scorer as sharedScorer } from '../helpers/scorer.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const NO_STACK = /\n\s+at |node:internal|\.[cm]?[jt]s:\d+|Error: /;

async function start(options: Partial<Parameters<typeof createAnalystServer>[0]> = {}): Promise<{ server: Server; port: number; base: string; close: () => Promise<void> }> {
  const server = createAnalystServer({ scorer: sharedScorer(), ...options });
  const { url, port } = await listen(server, 0, '127.0.0.1');
  return {
    server,
    port,
    base: url,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** A raw connection; resolves with everything received when the server closes it. */
function rawClient(port: number): { socket: Socket; received: Promise<{ data: string; closedAt: number }> } {
  const socket = connect(port, '127.0.0.1');
  const received = new Promise<{ data: string; closedAt: number }>((resolve) => {
    let data = '';
    socket.on('data', (c) => (data += c.toString()));
    socket.on('close', () => resolve({ data, closedAt: Date.now() }));
    socket.on('error', () => undefined);
  });
  return { socket, received };
}

/** Write `text` one byte every `everyMs` until the socket closes or the text ends. */
async function drip(socket: Socket, text: string, everyMs: number): Promise<void> {
  for (const ch of text) {
    if (socket.destroyed || socket.writableEnded) return;
    socket.write(ch);
    await sleep(everyMs);
  }
}

describe('slow clients (slowloris)', () => {
  let s: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    s = await start({ requestTimeoutMs: 1_500, headersTimeoutMs: 700 });
  });
  afterAll(() => s.close());

  it('headers dripped one byte at a time: 408 and the connection closed, long before the drip would end', async () => {
    const started = Date.now();
    const { socket, received } = rawClient(s.port);
    const headers = `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\n${'X-Pad: y\r\n'.repeat(40)}\r\n`;
    void drip(socket, headers, 50); // would take ~20 s
    const { data, closedAt } = await received;
    expect(data).toMatch(/^HTTP\/1\.1 408/);
    expect(data).not.toMatch(NO_STACK);
    expect(closedAt - started).toBeLessThan(6_000);
  });

  it('a body dripped one byte at a time: 408 and the connection closed', async () => {
    const started = Date.now();
    const { socket, received } = rawClient(s.port);
    const body = JSON.stringify({ text: 'x'.repeat(400) });
    socket.write(`POST /api/score HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    void drip(socket, body, 50);
    const { data, closedAt } = await received;
    expect(data).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAt - started).toBeLessThan(6_000);
  });

  it('fifty slow clients at once do not stop a normal request from being answered', async () => {
    const slow = Array.from({ length: 50 }, () => rawClient(s.port));
    for (const c of slow) c.socket.write('POST /api/score HTTP/1.1\r\n');
    await sleep(100);
    const r = await fetch(s.base + 'api/score', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"boat to Italy"}' });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { score: number }).score).toBeTypeOf('number');
    // And every slow one is cut off by the header timeout.
    const ends = await Promise.all(slow.map((c) => c.received));
    expect(ends.every((e) => e.data === '' || /^HTTP\/1\.1 408/.test(e.data))).toBe(true);
  });
});

describe('limits on size and count', () => {
  it('more connections than maxConnections are refused; a freed slot is usable again', async () => {
    const s = await start({ maxConnections: 4, requestTimeoutMs: 20_000, headersTimeoutMs: 20_000 });
    try {
      const held = Array.from({ length: 4 }, () => rawClient(s.port));
      await Promise.all(held.map((h) => new Promise((r) => h.socket.once('connect', r))));
      await sleep(50);
      const extra = rawClient(s.port);
      const { data } = await extra.received; // closed by the server without an answer
      expect(data).toBe('');
      held[0]!.socket.destroy();
      await held[0]!.received;
      await sleep(50);
      const r = await fetch(s.base + 'api/health');
      expect(r.status).toBe(200);
      for (const h of held) h.socket.destroy();
    } finally {
      await s.close();
    }
  });

  it('a batch over maxPosts is 400 naming "posts"; a body over maxBodyBytes is 413; neither echoes a stack', async () => {
    const s = await start({ maxPosts: 5, maxBodyBytes: 4096 });
    try {
      const six = await fetch(s.base + 'api/score', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ posts: Array.from({ length: 6 }, (_, i) => ({ text: `p${i}` })) }) });
      expect(six.status).toBe(400);
      const b6 = await six.text();
      expect(JSON.parse(b6).error).toMatchObject({ code: 'invalid_request', field: 'posts' });
      expect(b6).not.toMatch(NO_STACK);
      const big = await fetch(s.base + 'api/score', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'a'.repeat(5000) }) });
      expect(big.status).toBe(413);
      expect(await big.text()).not.toMatch(NO_STACK);
    } finally {
      await s.close();
    }
  });
});

describe('errors never echo a stack trace', () => {
  it('a scorer that throws gives 500 with a generic message; the details go to the server log only', async () => {
    const throwing = { ...sharedScorer(), score: () => { throw new Error('secret internal detail /home/x/y.ts:12'); } } as unknown as Scorer;
    const s = await start({ scorer: throwing });
    const writes: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((c: string | Uint8Array) => (writes.push(String(c)), true)) as typeof process.stderr.write;
    try {
      const r = await fetch(s.base + 'api/score', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"x"}' });
      const body = await r.text();
      expect(r.status).toBe(500);
      expect(JSON.parse(body)).toEqual({ error: { code: 'internal', message: 'internal error' } });
      expect(body).not.toMatch(/secret/);
      expect(body).not.toMatch(NO_STACK);
      expect(writes.join('')).toMatch(/secret internal detail/);
    } finally {
      process.stderr.write = orig;
      await s.close();
    }
  });

  it('every kind of bad request answers JSON without a stack', async () => {
    const s = await start({ maxBodyBytes: 2048 });
    try {
      const cases: [string, RequestInit][] = [
        ['api/score', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text": ' }],
        ['api/score', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text": 5, "__proto__": {"x": 1}}' }],
        ['api/score', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"posts": "nope"}' }],
        ['api/score', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }],
        ['api/score', { method: 'GET' }],
        ['api/nothing', { method: 'GET' }],
        ['%E0%A4%A', { method: 'GET' }],
        ['api/score', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'z'.repeat(3000) }) }],
      ];
      for (const [path, init] of cases) {
        const r = await fetch(s.base + path, init);
        const body = await r.text();
        expect(r.status, path).toBeGreaterThanOrEqual(400);
        expect((JSON.parse(body) as { error: { code: string } }).error.code, path).toBeTypeOf('string');
        expect(body, path).not.toMatch(NO_STACK);
      }
    } finally {
      await s.close();
    }
  });
});

describe('concurrency: a large request does not stall a small one', () => {
  const dist = (p: string) => import(pathToFileURL(`${ROOT}dist/${p}`).href);
  let pool: ScoringPool;
  let scorer: Scorer;
  const bigBatch = JSON.stringify({
    posts: Array.from({ length: 1000 }, (_, i) => ({ id: `b${i}`, text: `Trips from Zuwara to Lampedusa every Monday ${i}, 100% guaranteed, pay on arrival. WhatsApp +218 91 726 ${String(7000 + i)} `.repeat(8) })),
  });

  beforeAll(async () => {
    const { createPool } = (await dist('score/pool.js')) as typeof import('../../src/score/pool.js');
    const { createScorer } = (await dist('index.js')) as typeof import('../../src/index.js');
    scorer = createScorer();
    pool = createPool({ threads: 1 });
    await pool.score('warm up'); // the thread's scorer is built
  });
  afterAll(() => pool.close());

  /** Send the big batch; once `ready` resolves, send a small post; return which answered first. */
  async function race(s: { base: string }, ready: Promise<unknown>): Promise<{ order: string[]; big: { assessments: { id: string; score: number }[] } }> {
    const order: string[] = [];
    const bigReq = fetch(s.base + 'api/score', { method: 'POST', headers: { 'content-type': 'application/json' }, body: bigBatch }).then(async (r) => {
      order.push('big'); // the answer has started
      expect(r.status).toBe(200);
      return (await r.json()) as { assessments: { id: string; score: number }[] };
    });
    await ready;
    const small = await fetch(s.base + 'api/score', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id":"s","text":"boat to Italy"}' });
    expect(small.status).toBe(200);
    order.push('small');
    return { order, big: await bigReq };
  }

  it('with the worker pool, the small post is answered while the batch is being scored, and the batch is right', async () => {
    let started!: () => void;
    const batchStarted = new Promise<void>((r) => (started = r));
    // The pool's first task marks the start of the batch's scoring.
    const watched: ScoringPool = { ...pool, threads: pool.threads, scoreJson: (p) => (started(), pool.scoreJson(p)), score: (p) => pool.score(p), run: (t, m) => pool.run(t, m), close: () => pool.close() };
    const s = await start({ scorer, pool: watched, maxBodyBytes: 8 * 1024 * 1024, maxPosts: 1000 });
    try {
      const { order, big } = await race(s, batchStarted);
      expect(order).toEqual(['small', 'big']);
      expect(big.assessments).toHaveLength(1000);
      const posts = (JSON.parse(bigBatch) as { posts: { id: string; text: string }[] }).posts;
      for (const i of [0, 499, 999]) expect(big.assessments[i]).toEqual(JSON.parse(JSON.stringify(scorer.score(posts[i]!))));
    } finally {
      await s.close();
    }
  });

  it('without a pool (scored on the event loop) the same small post waits for the batch: the case the pool exists for', async () => {
    let started!: () => void;
    const batchStarted = new Promise<void>((r) => (started = r));
    const watching = { ...scorer, score: (p: Parameters<Scorer['score']>[0]) => (typeof p === 'object' && p.id === 'b0' && started(), scorer.score(p)) } as Scorer;
    const s = await start({ scorer: watching, maxBodyBytes: 8 * 1024 * 1024, maxPosts: 1000 });
    try {
      const { order } = await race(s, batchStarted);
      expect(order).toEqual(['big', 'small']);
    } finally {
      await s.close();
    }
  });
});

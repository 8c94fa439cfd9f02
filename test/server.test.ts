import { request } from 'node:http';
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAnalystServer, listen } from '../src/server/server.js';
import { ROOT } from './helpers/paths.js';
import { scorer } from './helpers/scorer.js';
import { startServe } from './helpers/serve.js';

let server: Server;
let base: string;
let port: number;

beforeAll(async () => {
  server = createAnalystServer({ scorer: scorer(), maxBodyBytes: 8 * 1024, maxPosts: 3, requestTimeoutMs: 1_000, headersTimeoutMs: 1_000 });
  ({ url: base, port } = await listen(server, 0, '127.0.0.1'));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(base + 'api/score', { method: 'POST', headers, body });

/** A raw request (fetch cannot set Host or Origin). */
function raw(options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const expectSecurityHeaders = (h: Headers) => {
  expect(h.get('content-security-policy')).toMatch(/default-src 'self'/);
  expect(h.get('content-security-policy')).toMatch(/script-src 'self'/);
  expect(h.get('content-security-policy')).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(h.get('x-content-type-options')).toBe('nosniff');
  expect(h.get('referrer-policy')).toBe('no-referrer');
  expect(h.get('access-control-allow-origin')).toBeNull();
};

const json = (r: Response): Promise<any> => r.json();

const noStack = (body: string) => expect(body).not.toMatch(/\n\s+at |node:internal|\.ts:\d+/);

describe('JSON API', () => {
  it('GET /api/health answers ok with the versions and limits, with the security headers', async () => {
    const r = await fetch(base + 'api/health');
    expect(r.status).toBe(200);
    expectSecurityHeaders(r.headers);
    const body = await json(r);
    expect(body.ok).toBe(true);
    expect(Object.keys(body.versions)).toEqual(expect.arrayContaining(['library', 'lexicon', 'model']));
    expect(body.limits).toEqual({ maxBodyBytes: 8192, maxPosts: 3 });
  });

  it('POST /api/score scores one post, and a batch', async () => {
    const one = await post(JSON.stringify({ text: 'Boats from Zuwara to Lampedusa every Monday, guaranteed, WhatsApp +218 91 726 7022', id: 'x1' }));
    expect(one.status).toBe(200);
    expectSecurityHeaders(one.headers);
    const a = await json(one);
    expect(a.id).toBe('x1');
    expect(a.score).toBeGreaterThan(0.5);
    const many = await post(JSON.stringify({ posts: [{ text: 'first' }, { text: 'second', id: 7, lang: 'en' }] }));
    expect(many.status).toBe(200);
    const b = await json(many);
    expect(b.assessments).toHaveLength(2);
    expect(b.assessments[1].id).toBe('7');
  });

  it('400 for invalid JSON and for wrong types, naming the field', async () => {
    const bad = await post('{"text": ');
    expect(bad.status).toBe(400);
    expectSecurityHeaders(bad.headers);
    const e1 = await json(bad);
    expect(e1.error.code).toBe('invalid_json');

    const wrong = await json(await post(JSON.stringify({ text: 42 })));
    expect(wrong.error.field).toBe('text');
    expect(wrong.error.message).toMatch(/^text: /);

    const nested = await post(JSON.stringify({ posts: [{ text: 'ok' }, { text: 'ok', lang: 'english' }] }));
    expect(nested.status).toBe(400);
    expect((await json(nested)).error.field).toBe('posts.1.lang');

    const typo = await json(await post(JSON.stringify({ text: 'a', txt: 'b' })));
    expect(typo.error.issues.map((i: { field: string }) => i.field)).toContain('txt');

    const tooMany = await post(JSON.stringify({ posts: [{ text: 'a' }, { text: 'b' }, { text: 'c' }, { text: 'd' }] }));
    expect(tooMany.status).toBe(400);
    const tm = await json(tooMany);
    expect(tm.error.field).toBe('posts');
    expect(tm.error.message).toMatch(/at most 3/);

    const notObject = await post('[1,2]');
    expect(notObject.status).toBe(400);
    for (const body of [JSON.stringify(e1), JSON.stringify(wrong), JSON.stringify(tm)]) noStack(body);
  });

  it('413 for a body over the limit, by Content-Length and while streaming a chunked body', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(20_000) });
    const r = await post(big).catch((err: Error) => err);
    // The server answers before the whole body is sent; either the answer arrives or the
    // socket is closed under the client, never a 200.
    if (r instanceof Error) expect(r.message).toMatch(/fetch failed|other side closed|reset|EPIPE/i);
    else {
      expect(r.status).toBe(413);
      expectSecurityHeaders(r.headers);
      expect((await json(r)).error.code).toBe('body_too_large');
    }

    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/score', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.write('{"text": "');
      let n = 0;
      const pump = () => {
        if (n++ > 20 || req.destroyed) return req.end();
        req.write('y'.repeat(1024), () => setTimeout(pump, 5));
      };
      pump();
    }).catch(() => 413);
    expect(chunked).toBe(413);
  });

  it('405 with Allow for a wrong method, 404 for an unknown path, 415 without a JSON content type', async () => {
    const get = await fetch(base + 'api/score');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expectSecurityHeaders(get.headers);
    const postHealth = await fetch(base + 'api/health', { method: 'POST', body: '{}' });
    expect(postHealth.status).toBe(405);
    expect(postHealth.headers.get('allow')).toBe('GET, HEAD');
    const options = await fetch(base + 'api/score', { method: 'OPTIONS' });
    expect(options.status).toBe(405);
    expect(options.headers.get('access-control-allow-origin')).toBeNull();
    const missing = await fetch(base + 'api/nothing');
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing.headers);
    expect((await json(missing)).error.code).toBe('not_found');
    const text = await post('{"text":"a"}', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin', async () => {
    const host = await raw({ path: '/api/health', headers: { host: 'evil.example:80' } });
    expect(host.status).toBe(421);
    const origin = await raw({
      method: 'POST',
      path: '/api/score',
      headers: { origin: 'http://evil.example', 'content-type': 'application/json' },
      body: '{"text":"a"}',
    });
    expect(origin.status).toBe(403);
    const own = await raw({
      method: 'POST',
      path: '/api/score',
      headers: { origin: `http://127.0.0.1:${port}`, 'content-type': 'application/json' },
      body: '{"text":"a"}',
    });
    expect(own.status).toBe(200);
  });

  it('times out a request whose body never arrives (408)', async () => {
    const started = Date.now();
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`POST /api/score HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"text":`);
      });
      let data = '';
      socket.on('data', (c) => (data += c.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(data));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('the page', () => {
  it('is served with the CSP; its HTML has no inline script or style and names no external URL', async () => {
    const r = await fetch(base);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    expectSecurityHeaders(r.headers);
    const html = await r.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/\sstyle=|<style/i);
    expect(html).not.toMatch(/\bon[a-z]+=/i);
    for (const f of ['index.html', 'app.js', 'app.css']) {
      const text = readFileSync(`${ROOT}src/server/page/${f}`, 'utf8');
      expect(text, f).not.toMatch(/https?:\/\//);
      if (f === 'app.js') {
        expect(text).not.toMatch(/\.innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
      }
    }
    const js = await fetch(base + 'app.js');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expectSecurityHeaders(js.headers);
    const css = await fetch(base + 'app.css');
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
  });
});

describe('JSON API with a pool', () => {
  it('answers 500 with a JSON error when a pool task fails (createPool has run it twice already), and goes on', async () => {
    const local = scorer();
    let calls = 0;
    // A pool stand-in whose first task fails, as createPool's does when its thread dies twice.
    const pool = {
      threads: 1,
      scoreJson: async (p: { text: string }) => {
        if (calls++ === 0) throw new Error('worker exited with code: 1');
        return JSON.stringify(local.score(p));
      },
    } as unknown as import('../src/score/pool.js').ScoringPool;
    const s = createAnalystServer({ scorer: local, pool, offloadBytes: 0 });
    const { url } = await listen(s, 0, '127.0.0.1');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const post = (text: string) => fetch(url + 'api/score', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
      const failed = await post('Boats to Lampedusa every night, pay on arrival');
      expect(failed.status).toBe(500);
      expect(((await failed.json()) as { error: { code: string } }).error.code).toBe('internal');
      expect(String(stderr.mock.calls[0]?.[0])).toMatch(/internal error on POST \/api\/score: Error: worker exited/);
      const ok = await post('Ferry timetable for the summer season');
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { score: number }).score).toBe(local.score({ text: 'Ferry timetable for the summer season' }).score);
    } finally {
      stderr.mockRestore();
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });
});

describe('smuggling-risk serve', () => {
  it('binds 127.0.0.1 by default and serves the page from the build', async () => {
    const s = await startServe();
    try {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(s.stderr()).not.toMatch(/warning/);
      const page = await fetch(s.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('app.js');
    } finally {
      await s.stop();
    }
  });

  it('warns on stderr when asked to bind another address', async () => {
    const s = await startServe(['--host', '0.0.0.0']);
    try {
      expect(s.stderr()).toMatch(/warning: listening on 0\.0\.0\.0/);
    } finally {
      await s.stop();
    }
  });
});

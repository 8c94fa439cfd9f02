/**
 * Privacy: no command writes a file it was not asked to write, and `--redact` holds wherever
 * a text or an identifier is printed or stored: score (pretty, JSON, NDJSON, CSV, HTML, error
 * records), crawl records (page text, title, posts, links, assessments), link and report, and
 * the Redis worker's results and dead letters. Raw page downloads cannot be redacted, so
 * `crawl --redact --snapshots` is refused.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrawlRecord } from '../../src/ingest/records.js';
import { BIN, withoutHashes } from '../helpers/paths.js';
import { startSite, type Site } from '../helpers/site.js';

const KEY = 'k'.repeat(32);
const PHONE_DIGITS = /917\D{0,3}267\D{0,3}022|218917267022/;
const RAW = [PHONE_DIGITS, /capt_ali/i, /smuggler\.example/i, /boss@mail\.example/i];
const POST = 'Boats from Zuwara to Lampedusa every Monday, 100% guaranteed. WhatsApp +218 91 726 7022 or @capt_ali, boss@mail.example, see https://smuggler.example/trips';
const POST2 = 'Same captain, new trip to Italy: call 00218917267022, pay on arrival';

const expectNoRaw = (where: string, out: string) => {
  for (const re of RAW) expect(withoutHashes(out), `${where} shows ${String(re)}`).not.toMatch(re);
};

/**
 * The CLI in `cwd`, with HOME and TMPDIR pointing at empty directories of their own. Async: the
 * local site the crawls read is served by this process.
 */
function cli(args: string[], o: { cwd: string; input?: string | Buffer; env?: Record<string, string> }): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: o.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: join(o.cwd, 'home'), TMPDIR: join(o.cwd, 'tmp'), ...o.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.stdin.on('error', () => undefined);
    child.stdin.end(o.input ?? '');
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function sandbox(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sr-priv-'));
  for (const d of ['home', 'tmp']) mkdirSync(join(dir, d));
  return dir;
}

const listAll = (dir: string): string[] => readdirSync(dir, { recursive: true }).map(String).sort();

let site: Site;
beforeAll(async () => {
  site = await startSite((req, res) => {
    if (req.url !== '/ads') return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html><head><title>Trips by @capt_ali +218 91 726 7022</title></head><body>` +
        `<article><p>${POST}</p><a href="https://wa.me/218917267022">write me</a></article>` +
        `<article><p>${POST2}</p><a href="mailto:boss@mail.example">mail</a> <a href="https://t.me/capt_ali">channel</a></article>` +
        `</body></html>`,
    );
    return true;
  });
});
afterAll(() => site.close());

describe('nothing is written to disk unless asked', () => {
  it('score (every input and output), link, report and crawl to stdout leave the working directory, HOME and TMPDIR empty', async () => {
    const dir = sandbox();
    const ndjson = `${JSON.stringify({ id: 'a', text: POST })}\n${JSON.stringify({ id: 'b', text: POST2 })}\n`;
    const runs: [string[], string?][] = [
      [['score', POST]],
      [['score', '--json', POST]],
      [['score', '--input', 'ndjson'], ndjson],
      [['score', '--input', 'ndjson', '--format', 'html'], ndjson],
      [['score', '--input', 'csv', '--format', 'csv'], `id,text\n1,"${POST}"\n`],
      [['score', '--input', 'text', '--sort', 'score', '--summary'], `${POST}\n${POST2}\n`],
    ];
    let assessments = '';
    for (const [args, input] of runs) {
      const r = await cli(args, { cwd: dir, ...(input !== undefined ? { input } : {}) });
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      if (args.includes('ndjson') && !args.includes('--format')) assessments = r.stdout;
    }
    expect((await cli(['link'], { cwd: dir, input: assessments })).status).toBe(0);
    expect((await cli(['report', '--format', 'html'], { cwd: dir, input: assessments })).status).toBe(0);
    const crawl = await cli(['crawl', `${site.base}/ads`, '--max-depth', '0', '--delay-ms', '0', '--quiet'], { cwd: dir });
    expect(crawl.status, crawl.stderr).toBe(0);
    expect(crawl.stdout).toMatch(/"finalUrl"/);
    expect(listAll(dir)).toEqual(['home', 'tmp']);
  });
});

describe('--redact everywhere text is printed or stored', () => {
  const env = { SMUGGLING_RISK_REDACT_KEY: KEY };
  let dir: string;
  beforeAll(() => {
    dir = sandbox();
  });

  it('score: pretty, JSON, NDJSON, CSV and HTML output and error records show tokens, never the identifiers', async () => {
    const ndjson = `${JSON.stringify({ id: 'a', text: POST })}\n{"id":"bad","text": 5, "note": "call +218 91 726 7022"}\n${JSON.stringify({ id: 'b', text: POST2 })}\n{"text": "+218 91 726 7022 unterminated\n`;
    const pretty = await cli(['score', '--redact', '--no-color', POST], { cwd: dir, env });
    expect(pretty.status, pretty.stderr).toBe(0);
    expect(pretty.stdout).toMatch(/\[phone:[0-9a-f]{12}\]/);
    expectNoRaw('pretty', pretty.stdout + pretty.stderr);
    const json = await cli(['score', '--redact', '--json', POST], { cwd: dir, env });
    expectNoRaw('json', json.stdout);
    for (const format of ['ndjson', 'csv', 'html', 'json']) {
      const r = await cli(['score', '--redact', '--input', 'ndjson', '--format', format, '--include-text'], { cwd: dir, env, input: ndjson });
      expect(r.status, `${format}: ${r.stderr}`).toBe(0);
      expect(r.stdout, format).toMatch(/\[phone:[0-9a-f]{12}\]/);
      expectNoRaw(format, r.stdout + r.stderr);
    }
  });

  it('crawl --redact: records hold tokens in text, title, posts, links and assessments, spans point into the redacted texts; verify says "redacted"', async () => {
    const out = join(dir, 'records.ndjson');
    const r = await cli(['crawl', `${site.base}/ads`, '--max-depth', '0', '--delay-ms', '0', '--redact', '--out', out], { cwd: dir, env });
    expect(r.status, r.stderr).toBe(0);
    const raw = readFileSync(out, 'utf8');
    expectNoRaw('crawl record', raw);
    const rec = JSON.parse(raw.trim().split('\n')[0]!) as CrawlRecord;
    expect(rec.redaction).toMatchObject({ method: 'hmac-sha256' });
    expect(rec.text).toMatch(/\[phone:[0-9a-f]{12}\]/);
    expect(rec.title).toMatch(/\[phone:[0-9a-f]{12}\]/);
    expect(rec.posts!.length).toBeGreaterThanOrEqual(2);
    const check = (text: string, a: NonNullable<CrawlRecord['assessment']>) => {
      for (const s of a.signals) for (const sp of s.spans) expect(text.slice(sp.start, sp.end)).toBe(sp.text);
      for (const p of a.entities.phones) expect(p.e164).toMatch(/^\[phone:[0-9a-f]{12}\]$/);
    };
    check(rec.text!, rec.assessment!);
    for (const p of rec.posts!) check(p.text, p.assessment);
    expect(rec.posts!.flatMap((p) => p.links).every((l) => !/wa\.me\/218|t\.me\/capt/.test(l))).toBe(true);
    // The same phone in the page and in score --redact output: the same token.
    const scored = JSON.parse((await cli(['score', '--redact', '--json', POST], { cwd: dir, env })).stdout) as { entities: { phones: { e164: string }[] } };
    expect(rec.assessment!.entities.phones.map((p) => p.e164)).toContain(scored.entities.phones[0]!.e164);

    const v = await cli(['verify', out, '--json'], { cwd: dir, env });
    expect(v.status, v.stdout + v.stderr).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({ failed: 0, explained: 1 });
  });

  it('crawl --redact refuses --snapshots (raw pages cannot be redacted) and writes nothing', async () => {
    const d = sandbox();
    const r = await cli(['crawl', `${site.base}/ads`, '--redact', '--snapshots', 'bodies', '--out', 'r.ndjson'], { cwd: d, env });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--snapshots stores the raw pages, which cannot be redacted/);
    expect(listAll(d)).toEqual(['home', 'tmp']);
  });

  it('link and report --redact: clusters formed on the real identifiers, printed as the same tokens score --redact gives', async () => {
    const assessments = (await cli(['score', '--input', 'ndjson'], { cwd: dir, input: `${JSON.stringify({ id: 'a', text: POST })}\n${JSON.stringify({ id: 'b', text: POST2 })}\n` })).stdout;
    const plain = await cli(['link', '--json'], { cwd: dir, input: assessments });
    expect(plain.stdout).toMatch(/\+218917267022/); // the control: without --redact the number is there
    const linked = await cli(['link', '--json', '--redact'], { cwd: dir, env, input: assessments });
    expect(linked.status, linked.stderr).toBe(0);
    expectNoRaw('link --json', linked.stdout);
    const result = JSON.parse(linked.stdout) as { clusters: { posts: string[]; identifiers: { type: string; value: string }[] }[] };
    expect(result.clusters).toHaveLength(1);
    expect(result.clusters[0]!.posts.sort()).toEqual(['a', 'b']);
    const scored = JSON.parse((await cli(['score', '--redact', '--json', POST2], { cwd: dir, env })).stdout) as { entities: { phones: { e164: string }[] } };
    expect(result.clusters[0]!.identifiers.find((i) => i.type === 'phone')!.value).toBe(scored.entities.phones[0]!.e164);
    expectNoRaw('link', (await cli(['link', '--redact'], { cwd: dir, env, input: assessments })).stdout);
    for (const format of ['md', 'html']) {
      const rep = await cli(['report', '--redact', '--format', format], { cwd: dir, env, input: assessments });
      expect(rep.status, rep.stderr).toBe(0);
      expect(rep.stdout).toMatch(/\\?\[phone:[0-9a-f]{12}\\?\]/);
      expectNoRaw(`report ${format}`, rep.stdout);
    }
    // And over redacted crawl records.
    const out = join(dir, 'records.ndjson');
    expectNoRaw('report over redacted records', (await cli(['report', '--redact', out], { cwd: dir, env })).stdout);
  });

  it('--redact without a key is a usage error for every command that has it', async () => {
    for (const args of [['score', '--redact', 'x'], ['crawl', `${site.base}/ads`, '--redact'], ['link', '--redact'], ['report', '--redact']]) {
      const r = await cli(args, { cwd: dir });
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/--redact needs a secret key/);
    }
  });
});

const HAVE_REDIS = spawnSync('redis-server', ['--version']).status === 0;

describe.skipIf(!HAVE_REDIS)('worker --redact', () => {
  it('results and dead letters in Redis hold tokens, never the identifiers', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const client = new Redis(port, '127.0.0.1', { retryStrategy: () => 50 });
    client.on('error', () => undefined);
    let worker: ReturnType<typeof spawn> | undefined;
    try {
      for (let i = 0; i < 50 && client.status !== 'ready'; i++) await new Promise((r) => setTimeout(r, 50));
      await client.xadd('posts', '*', 'id', 'a', 'text', POST);
      await client.xadd('posts', '*', 'id', 'b', 'text', POST2, 'lang', 'not a language +218 91 726 7022');
      worker = spawn(process.execPath, [BIN, 'worker', '--redis', `redis://127.0.0.1:${port}`, '--consumer', 'w', '--block-ms', '200', '--redact'], {
        stdio: 'ignore',
        env: { ...process.env, SMUGGLING_RISK_REDACT_KEY: KEY },
      });
      for (let i = 0; i < 200; i++) {
        if ((await client.xlen('scores')) === 1 && (await client.xlen('posts:dead')) === 1) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const stored = JSON.stringify([await client.xrange('scores', '-', '+'), await client.xrange('posts:dead', '-', '+')]);
      expect(stored).toMatch(/\[phone:[0-9a-f]{12}\]/);
      expectNoRaw('redis', stored);
    } finally {
      worker?.kill('SIGTERM');
      client.disconnect();
      redis.kill('SIGKILL');
    }
  }, 60_000);
});

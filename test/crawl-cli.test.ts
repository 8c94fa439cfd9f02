import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrawlRecord } from '../src/ingest/records.js';
import { BIN, ROOT } from './helpers/paths.js';
import { startSite, type Site } from './helpers/site.js';

/** The CLI, run asynchronously: the test's own web server must keep answering meanwhile. */
function cli(args: string[], input?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

const CHROMIUM = '/usr/bin/chromium';

describe('crawl, verify, link and report on the command line', () => {
  let site: Site;
  let dir: string;
  let out: string;
  let snaps: string;
  // A private copy of the lexicons: crawl and verify must see the same lexicon version even
  // while lexicons/ is being edited.
  let lexicons: string;
  const fast = ['--delay-ms', '0', '--timeout-ms', '500', '--max-bytes', '50000', '--backoff-ms', '10', '--quiet'];
  const pinned = () => ['--lexicon-dir', lexicons];

  beforeAll(async () => {
    site = await startSite();
    dir = mkdtempSync(join(tmpdir(), 'sr-cli-'));
    lexicons = join(dir, 'lexicons');
    cpSync(join(ROOT, 'lexicons'), lexicons, { recursive: true });
    out = join(dir, 'records.ndjson');
    snaps = join(dir, 'bodies');
  });
  afterAll(async () => {
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const records = () => readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as CrawlRecord);

  it('crawls into --out with snapshots, then resumes', async () => {
    const r1 = await cli(['crawl', `${site.base}/`, '--out', out, '--max-pages', '5', '--snapshots', snaps, ...fast, ...pinned()]);
    expect(r1.status).toBe(0);
    expect(r1.stdout).toBe('');
    expect(r1.stderr).toMatch(/5 records written/);
    expect(records()).toHaveLength(5);
    const r2 = await cli(['crawl', `${site.base}/`, '--out', out, '--max-pages', '30', '--snapshots', snaps, ...fast, ...pinned()]);
    expect(r2.status).toBe(0);
    expect(r2.stderr).toMatch(/\(5 from earlier runs\)/);
    const urls = records().map((r) => r.url);
    expect(new Set(urls).size).toBe(urls.length);
    expect(urls.length).toBeGreaterThan(5);
    expect(site.hits('/private/secret')).toBe(0);
  });

  it('writes records to stdout without --out', async () => {
    const r = await cli(['crawl', `${site.base}/a`, '--max-pages', '1', ...fast]);
    expect(r.status).toBe(0);
    const rec = JSON.parse(r.stdout.trim()) as CrawlRecord;
    expect(rec.url).toBe(`${site.base}/a`);
    expect(rec.text).toContain('Page A');
  });

  it('verify: 0 when everything matches, 3 on a tampered record, versions explain a different score', async () => {
    const ok = await cli(['verify', out, '--snapshots', snaps, ...pinned()]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/0 failed/);
    expect(ok.stdout).not.toMatch(/not checked/);

    const original = readFileSync(out, 'utf8');
    const lines = original.trim().split('\n');
    const k = lines.findIndex((l) => (JSON.parse(l) as CrawlRecord).url.endsWith('/b'));
    const rec = JSON.parse(lines[k]!) as CrawlRecord;

    // An older model: other versions, another score. Explained, not a failure (unless --strict).
    const older = structuredClone(rec);
    older.assessment!.versions = { ...older.assessment!.versions, model: 'older-model' };
    older.assessment!.score = 0.123;
    writeFileSync(out, [...lines.slice(0, k), JSON.stringify(older), ...lines.slice(k + 1)].join('\n') + '\n');
    const explained = await cli(['verify', out, '--snapshots', snaps, ...pinned()]);
    expect(explained.status).toBe(0);
    expect(explained.stdout).toMatch(/1 differ with explained reasons, 0 failed/);
    expect((await cli(['verify', out, '--snapshots', snaps, '--strict', ...pinned()])).status).toBe(3);

    // Same versions, different score: a failure.
    const forged = structuredClone(rec);
    forged.posts![0]!.assessment.score = 0.01;
    writeFileSync(out, [...lines.slice(0, k), JSON.stringify(forged), ...lines.slice(k + 1)].join('\n') + '\n');
    const failed = await cli(['verify', out, '--snapshots', snaps, '--json', ...pinned()]);
    expect(failed.status).toBe(3);
    const summary = JSON.parse(failed.stdout);
    expect(summary.failed).toBe(1);
    expect(summary.problems[0].issues[0]).toMatchObject({ kind: 'assessment', post: 0, explained: false });

    writeFileSync(out, original);
    // Without --snapshots, bodies are not checked and the summary says so.
    const noBodies = await cli(['verify', out, ...pinned()]);
    expect(noBodies.status).toBe(0);
    expect(noBodies.stdout).toMatch(/not checked \(give --snapshots\)/);
  });

  it('link and report read crawl records', async () => {
    const link = await cli(['link', '--json', out]);
    expect(link.status).toBe(0);
    const res = JSON.parse(link.stdout);
    expect(res.stats.posts).toBeGreaterThan(0);
    const report = await cli(['report', '--format', 'html', out]);
    expect(report.status).toBe(0);
    expect(report.stdout).toContain('<svg');
    expect(report.stdout).not.toMatch(/https?:\/\//);
  });

  it('usage errors exit 1, a missing file exits 2', async () => {
    expect((await cli(['crawl', 'ftp://x.example/', ...fast])).status).toBe(1);
    expect((await cli(['crawl', `${site.base}/`, '--snapshot-png', ...fast])).status).toBe(1);
    expect((await cli(['verify', join(dir, 'missing.ndjson')])).status).toBe(2);
  });

  it.skipIf(!existsSync(CHROMIUM))('takes a screenshot of flagged pages with --snapshot-png', async () => {
    const pngDir = join(dir, 'png');
    const pngOut = join(dir, 'png.ndjson');
    const r = await cli(['crawl', `${site.base}/b`, '--out', pngOut, '--max-pages', '1', '--snapshots', pngDir, '--snapshot-png', '--threshold', '0.01', ...fast]);
    expect(r.status).toBe(0);
    const rec = JSON.parse(readFileSync(pngOut, 'utf8').trim()) as CrawlRecord;
    expect(rec.assessment!.flagged).toBe(true);
    expect(rec.screenshot).toMatchObject({ file: join(pngDir, `${rec.sha256}.png`), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(readdirSync(pngDir)).toContain(`${rec.sha256}.png`);
  });
});

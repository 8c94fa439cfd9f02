/**
 * The analyst page in a real browser (Debian's chromium driven by playwright-core): an Arabic
 * smuggling ad carrying HTML/script injection is scored; no dialog may open, the score and the
 * highlighted text must appear, and no request may leave loopback. Screenshots go to
 * test/artifacts/ (git-ignored) for a person to look at.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { ROOT } from './helpers/paths.js';
import { startServe } from './helpers/serve.js';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const ARTIFACTS = join(ROOT, 'test', 'artifacts');

const PAYLOAD = '<img src=x onerror=alert(1)><script>alert(2)</script>';
const AD =
  'رحلات بحرية من زوارة إلى لامبيدوزا كل يوم اثنين 🚤 مضمونة 100% ، السعر 3000 يورو والدفع عند الوصول. ' +
  'للحجز واتساب +218 91 726 7022 أو فايبر ' +
  PAYLOAD;

const isLoopback = (url: string) => {
  const u = new URL(url);
  if (u.protocol === 'blob:' || u.protocol === 'data:' || u.protocol === 'about:') return true;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
};

if (!HAVE_CHROMIUM) {
  console.warn(`page.test.ts: skipped, ${CHROMIUM} not found (apt-get install -y chromium)`);
}

describe.skipIf(!HAVE_CHROMIUM)(`analyst page in chromium${HAVE_CHROMIUM ? '' : ` (skipped: ${CHROMIUM} not found)`}`, () => {
  let server: Awaited<ReturnType<typeof startServe>>;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const requests: string[] = [];
  const blocked: string[] = [];
  const dialogs: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startServe();
    const { chromium } = await import('playwright-core');
    userDataDir = mkdtempSync(join(tmpdir(), 'sr-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1440, height: 1000 },
      acceptDownloads: true,
      locale: 'en-GB',
    });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (isLoopback(url)) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
  });

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('scores a pasted Arabic ad with an injection payload: no dialog, score and highlights shown, nothing leaves loopback', async () => {
    await page.goto(server.url);
    await expect.poll(() => page.locator('#versions').textContent()).toMatch(/library/);
    await page.locator('#text').fill(AD);
    const first = page.locator('button').first();
    expect(await first.textContent()).toBe('Score');
    await first.click();

    await expect.poll(() => page.locator('#score').textContent()).toMatch(/^\d+\.\d%$/);
    await page.locator('#result mark').first().waitFor();
    // Give an injected handler every chance to run.
    await page.waitForTimeout(300);

    const band = await page.locator('#band').textContent();
    expect(['low', 'medium', 'high', 'critical']).toContain(band);
    expect(await page.locator('#flagged').isVisible()).toBe(true);
    const marked = page.locator('#result .marked');
    expect(await marked.getAttribute('dir')).toBe('auto');
    expect(await marked.textContent()).toBe(AD);
    expect(await marked.locator('img, script').count()).toBe(0);
    expect(await page.locator('#result mark').count()).toBeGreaterThan(3);
    expect(await page.locator('#result mark', { hasText: 'زوارة' }).count()).toBe(1);
    expect(await page.locator('#result .signals tbody tr').count()).toBeGreaterThan(2);
    expect(await page.locator('#result .entities').textContent()).toContain('+218917267022');

    // Clicking a highlight explains it.
    await page.locator('#result mark', { hasText: 'زوارة' }).click();
    await page.locator('#result .detail').waitFor();
    expect(await page.locator('#result .detail').textContent()).toMatch(/weight/);

    await page.screenshot({ path: join(ARTIFACTS, 'page-single.png'), fullPage: true });

    // The JSON download is the assessment.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download').click()]);
    const saved = await download.path();
    const json = JSON.parse(readFileSync(saved, 'utf8'));
    expect(json.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(json.flagged).toBe(true);

    expect(dialogs).toEqual([]);
    expect(blocked).toEqual([]);
    expect(requests.filter((u) => !isLoopback(u))).toEqual([]);
    expect(consoleErrors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
  });

  it('scores an NDJSON file in the batch tab and sorts the table', async () => {
    await page.goto(server.url + '#batch');
    const lines = [
      JSON.stringify({ id: 'ar-ad', text: AD }),
      JSON.stringify({ id: 'news', text: 'Police arrested three smugglers in Zuwara, according to officials; the trial starts next month.' }),
      JSON.stringify({ id: 'en-ad', text: 'Boats from Izmir to Greece every night, 100% guaranteed, 1500 euro, pay on arrival, WhatsApp +90 532 123 4567' }),
      '{"id": "broken", "text": ',
      JSON.stringify({ id: 'fa', text: 'قاچاق از هرات به ترکیه با تضمین، تماس واتساپ' }),
      JSON.stringify({ id: 'weather', text: 'Weather in Tripoli: sunny, 28 degrees.' }),
    ];
    await page.locator('#file').setInputFiles({ name: 'posts.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.join('\n') + '\n') });
    await expect.poll(() => page.locator('#batch-btn').isDisabled()).toBe(false);
    await page.locator('#batch-btn').click();
    await expect.poll(() => page.locator('#batch-rows tr').count()).toBe(5);
    expect(await page.locator('#batch-errors li').count()).toBe(1);
    expect(await page.locator('#batch-errors').textContent()).toMatch(/line 4/);

    // Sorted by score, highest first; clicking "score" flips it.
    const scores = async () =>
      (await page.locator('#batch-rows tr td:nth-child(3)').allTextContents()).map((s) => Number.parseFloat(s));
    const before = await scores();
    expect(before).toEqual([...before].sort((a, b) => b - a));
    await page.locator('#batch-head button', { hasText: 'score' }).click();
    const after = await scores();
    expect(after).toEqual([...after].sort((a, b) => a - b));
    await page.locator('#batch-head button', { hasText: 'score' }).click();

    await page.locator('#batch-rows tr').first().click();
    await page.locator('#batch-detail .marked mark').first().waitFor();
    expect(await page.locator('#batch-detail .marked img, #batch-detail .marked script').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'page-batch.png'), fullPage: true });

    expect(dialogs).toEqual([]);
    expect(blocked).toEqual([]);
    expect(requests.filter((u) => !isLoopback(u))).toEqual([]);
  });

  it('parses a CSV file in the page: quoted cells with commas and line breaks, chosen text column', async () => {
    await page.goto(server.url + '#batch');
    const csv = [
      'post_id,message,source',
      `p1,"${AD.replace(/"/g, '""')}",tg`,
      'p2,"Beware of smugglers, they said:',
      '""do not trust anyone who promises a safe trip""",ngo',
      'p3,,empty',
    ].join('\r\n');
    await page.locator('#file').setInputFiles({ name: 'posts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect.poll(() => page.locator('#text-col').inputValue()).toBe('message');
    expect(await page.locator('#id-col').inputValue()).toBe('post_id');
    await page.locator('#batch-btn').click();
    await expect.poll(() => page.locator('#batch-rows tr').count()).toBe(2);
    expect(await page.locator('#batch-rows tr td:nth-child(2)').allTextContents()).toEqual(['p1', 'p2']);
    expect(await page.locator('#batch-errors').textContent()).toMatch(/row 3 \(line 5\).*empty text/);
    expect(dialogs).toEqual([]);
    expect(requests.filter((u) => !isLoopback(u))).toEqual([]);
  });
});

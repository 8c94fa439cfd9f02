/**
 * Raw bodies stored by content hash (`<dir>/<sha256>`), and optional page screenshots made by a
 * headless Chromium. Nothing here runs unless the user asked for it.
 */
import { spawn } from 'node:child_process';
import { constants, existsSync } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '../data/sha256.js';

export async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
}

/** Store a body under its hash; an existing file with that name is left alone (same content). */
export async function storeSnapshot(dir: string, sha256: string, body: Uint8Array): Promise<void> {
  const file = join(dir, sha256);
  try {
    const s = await stat(file);
    if (s.size === body.byteLength) return;
  } catch {
    /* not there yet */
  }
  const tmp = join(dir, `.${sha256}.${process.pid}.tmp`);
  await writeFile(tmp, body);
  await rename(tmp, file);
}

export async function readSnapshot(dir: string, sha256: string): Promise<Buffer | null> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
  try {
    return await readFile(join(dir, sha256));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export async function chromiumAvailable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface ScreenshotOptions {
  chromium: string;
  url: string;
  file: string;
  timeoutMs: number;
  userAgent: string;
  width?: number;
  height?: number;
}

/**
 * One headless screenshot of `url` into `file` (PNG). A throw-away profile directory is used and
 * removed; the browser is killed (by its process id) when it overruns the timeout.
 */
export async function takeScreenshot(o: ScreenshotOptions): Promise<{ file: string; sha256: string }> {
  const profile = await mkdtemp(join(tmpdir(), 'smuggling-risk-chromium-'));
  try {
    const args = [
      '--headless',
      '--disable-gpu',
      '--hide-scrollbars',
      '--mute-audio',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-extensions',
      '--disable-sync',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-dev-shm-usage',
      `--user-data-dir=${profile}`,
      `--user-agent=${o.userAgent}`,
      `--window-size=${o.width ?? 1280},${o.height ?? 1800}`,
      `--screenshot=${o.file}`,
      '--virtual-time-budget=5000',
    ];
    if (typeof process.getuid === 'function' && process.getuid() === 0) args.push('--no-sandbox');
    args.push(o.url);
    await new Promise<void>((resolve, reject) => {
      const child = spawn(o.chromium, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        if (stderr.length < 4000) stderr += d.toString('utf8');
      });
      const timer = setTimeout(() => {
        if (child.pid !== undefined) child.kill('SIGKILL');
        reject(new Error(`chromium did not finish within ${o.timeoutMs} ms`));
      }, o.timeoutMs);
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (code === 0 && existsSync(o.file)) resolve();
        else reject(new Error(`chromium exited with ${code}: ${stderr.trim().split('\n').slice(-1)[0] ?? ''}`));
      });
    });
    const png = await readFile(o.file);
    return { file: o.file, sha256: sha256Hex(png) };
  } finally {
    await rm(profile, { recursive: true, force: true }).catch(() => {});
  }
}

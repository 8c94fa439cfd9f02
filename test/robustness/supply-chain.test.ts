/**
 * What the package ships and what installing it runs. Offline: `npm pack --dry-run` with
 * scripts ignored, the lockfile and the installed packages' manifests. (`npm audit` needs the
 * registry, so it is run by hand, not here; see SECURITY.md.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';

const SHIPPED_TOP = ['LICENSE', 'README.md', 'SECURITY.md', 'dist', 'lexicons', 'model', 'package.json'];
/**
 * Development-only packages allowed an install script, and why it is acceptable: esbuild's
 * postinstall only checks that its platform binary (an optional dependency in the lockfile)
 * is present; it reaches the network only if that binary is missing.
 */
const DEV_INSTALL_SCRIPTS = new Set(['node_modules/esbuild']);

interface LockPackage {
  version?: string;
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
  hasInstallScript?: boolean;
  link?: boolean;
}

const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { lockfileVersion: number; packages: Record<string, LockPackage> };
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string>; files: string[] };

describe('npm pack', () => {
  it('ships only dist, lexicons, model, README, LICENSE, SECURITY.md and package.json; no sources, tests, maps or data', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect([...new Set(files.map((p) => p.split('/')[0]))].sort()).toEqual(SHIPPED_TOP);
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/cli/bin.js');
    expect(files).toContain('model/model.json');
    expect(files.filter((p) => /\.(ts|map|tsbuildinfo)$/.test(p) && !p.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((p) => /(^|\/)(test|tests|corpora|seeds)\/|(^|\/)\.env/.test(p))).toEqual([]);
  });
});

describe('dependencies', () => {
  it('has a lockfile (v2 or later) that pins every declared dependency', () => {
    expect(existsSync(join(ROOT, 'package-lock.json'))).toBe(true);
    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(2);
    for (const name of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]) {
      expect(lock.packages[`node_modules/${name}`]?.version, name).toMatch(/^\d+\.\d+\.\d+/);
    }
  });

  it('no runtime dependency has an install script (lockfile and installed manifests agree)', () => {
    const withScripts: string[] = [];
    for (const [path, p] of Object.entries(lock.packages)) {
      if (path === '' || p.link) continue;
      const manifest = join(ROOT, path, 'package.json');
      const scripts = existsSync(manifest) ? ((JSON.parse(readFileSync(manifest, 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {}) : {};
      const installs = ['preinstall', 'install', 'postinstall'].some((s) => s in scripts);
      if (p.hasInstallScript || installs) withScripts.push(path);
      if (!(p.dev || p.devOptional)) {
        expect(p.hasInstallScript ?? false, `${path} (runtime) has an install script`).toBe(false);
        expect(installs, `${path} (runtime) has an install script in its package.json`).toBe(false);
      }
    }
    // Development packages with install scripts are known and listed above.
    expect(withScripts.filter((p) => !DEV_INSTALL_SCRIPTS.has(p))).toEqual([]);
  });

  it('the package itself has no install-time script other than the local build (prepare)', () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const s of ['preinstall', 'install', 'postinstall']) expect(scripts[s], s).toBeUndefined();
    expect(scripts.prepare).toBe('npm run build');
  });
});

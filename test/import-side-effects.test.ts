import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DIST_INDEX } from './helpers/paths.js';

describe('importing the library', () => {
  it('prints nothing, reads no .env and loads no natural top-level or database driver', () => {
    // A working directory with a .env file that a careless dependency would load.
    const cwd = mkdtempSync(join(tmpdir(), 'sr-import-'));
    writeFileSync(join(cwd, '.env'), 'SMUGGLING_RISK_IMPORT_PROBE=loaded\n');
    const probe = `
      await import(${JSON.stringify(pathToFileURL(DIST_INDEX).href)});
      const lib = await import(${JSON.stringify(pathToFileURL(DIST_INDEX).href)});
      if (typeof lib.createScorer !== 'function') process.exitCode = 3;
      const network = ['TCPSocketWrap', 'TCPServerWrap', 'TCPWRAP', 'UDPWrap', 'PipeWrap', 'Timeout', 'Immediate'];
      const report = { env: process.env.SMUGGLING_RISK_IMPORT_PROBE ?? null, handles: process.getActiveResourcesInfo().filter((r) => network.includes(r)), natural: Object.keys(require.cache).filter((k) => /node_modules[\\/](natural|pg|mongoose|redis|dotenv)[\\/]/.test(k)) };
      process.on('exit', () => require('node:fs').writeSync(3, JSON.stringify(report)));
    `;
    const r = spawnSync(process.execPath, ['--input-type=commonjs', '-e', `(async () => { ${probe} })()`], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse((r.output[3] as string) || '{}');
    expect(report.env).toBeNull();
    expect(report.handles).toEqual([]);
    expect(report.natural).toEqual([]);
  });

  it('creating a scorer prints nothing either', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sr-create-'));
    const code = `import(${JSON.stringify(pathToFileURL(DIST_INDEX).href)}).then((m) => { m.createScorer().score('test post'); })`;
    const r = spawnSync(process.execPath, ['-e', code], { cwd, encoding: 'utf8' });
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

/**
 * A short hash of the source of some modules, so a file built from their output (compiled
 * lexicons, trusted-file manifest, vocabulary index) is used only by the code that made it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * `modules`: paths relative to `baseUrl` (the caller's `import.meta.url`) without extension;
 * read as `.ts` when the caller runs from source, `.js` from dist. Computed once, on first call.
 */
export function codeFingerprint(baseUrl: string, modules: readonly string[]): () => string {
  let fingerprint: string | undefined;
  return () => {
    if (fingerprint) return fingerprint;
    const hash = createHash('sha256');
    const ext = baseUrl.endsWith('.ts') ? '.ts' : '.js';
    for (const m of modules) hash.update(m).update('\0').update(readFileSync(new URL(m + ext, baseUrl))).update('\0');
    fingerprint = hash.digest('hex').slice(0, 16);
    return fingerprint;
  };
}

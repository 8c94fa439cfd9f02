import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = `${ROOT}dist/cli/bin.js`;
export const DIST_INDEX = `${ROOT}dist/index.js`;
/** The shared seed documents, beside the repository; tests that need them skip without. */
export const SEEDS = fileURLToPath(new URL('../../../shared/seeds/', import.meta.url));
export const HAVE_SEEDS = existsSync(SEEDS);

/**
 * Text without hex digests (versions, sha256, redaction tokens): they hold digits by chance
 * ("…8087022…"), while a leaked phone or handle never looks like one (it has no letter a-f run
 * of this shape). For tests that a printed output shows no identifier.
 */
export const withoutHashes = (text: string) => text.replace(/\b(?=[0-9a-f]*[a-f])[0-9a-f]{12,64}\b/g, '#');

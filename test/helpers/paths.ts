import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = `${ROOT}dist/cli/bin.js`;
export const DIST_INDEX = `${ROOT}dist/index.js`;
/** The shared seed documents, beside the repository; tests that need them skip without. */
export const SEEDS = fileURLToPath(new URL('../../../shared/seeds/', import.meta.url));
export const HAVE_SEEDS = existsSync(SEEDS);

/** Kept for importers of the old path: line reading lives with the input adapters now. */
export { readLines, type Line } from '../ingest/lines.js';

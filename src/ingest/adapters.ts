/** Input adapters: each turns a byte stream into posts, or per-record errors with their location. */
import { ingestCsv } from './csv.js';
import { ingestNdjson } from './ndjson.js';
import { ingestTelegram } from './telegram.js';
import { ingestText } from './text.js';
import type { IngestOptions, Source, IngestRecord, InputFormat } from './types.js';

export * from './types.js';
export { ingestCsv } from './csv.js';
export { ingestNdjson, parseNdjsonLine } from './ndjson.js';
export { ingestTelegram, telegramText } from './telegram.js';
export { ingestText } from './text.js';
export { readLines, type Line } from './lines.js';

export function ingest(format: InputFormat, source: Source, options: IngestOptions = {}): AsyncGenerator<IngestRecord> {
  switch (format) {
    case 'text':
      return ingestText(source, options);
    case 'ndjson':
      return ingestNdjson(source, options);
    case 'csv':
      return ingestCsv(source, options);
    case 'telegram':
      return ingestTelegram(source, options);
  }
}

import type { Writable } from 'node:stream';
import { csvWriter } from './csv.js';
import { htmlWriter } from './html.js';
import { jsonWriter, ndjsonWriter } from './json.js';
import { prettyWriter } from './pretty.js';
import type { OutputFormat, OutputOptions, OutputWriter } from './types.js';

export * from './types.js';

export function createWriter(format: OutputFormat, sink: Writable, options: OutputOptions): OutputWriter {
  switch (format) {
    case 'pretty':
      return prettyWriter(sink, options);
    case 'json':
      return jsonWriter(sink, options);
    case 'ndjson':
      return ndjsonWriter(sink, options);
    case 'csv':
      return csvWriter(sink, options);
    case 'html':
      return htmlWriter(sink, options);
  }
}

/** NDJSON (one record per line, streaming) and JSON (an array, streaming; one object for one text). */
import type { Writable } from 'node:stream';
import { sinkWriter } from './sink.js';
import { outcomeJson, type OutputOptions, type OutputWriter } from './types.js';

export function ndjsonWriter(sink: Writable, options: OutputOptions): OutputWriter {
  const write = sinkWriter(sink);
  return {
    write: (o) => write(JSON.stringify(outcomeJson(o, options)) + '\n'),
    end: async () => {},
  };
}

export function jsonWriter(sink: Writable, options: OutputOptions): OutputWriter {
  const write = sinkWriter(sink);
  let count = 0;
  return {
    async write(o) {
      const json = JSON.stringify(outcomeJson(o, options));
      if (options.single) await write(json + '\n');
      else await write((count === 0 ? '[\n' : ',\n') + json);
      count++;
    },
    async end() {
      if (options.single) return;
      await write(count === 0 ? '[]\n' : '\n]\n');
    },
  };
}

import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Write with back-pressure: wait for `drain` when the sink's buffer is full. */
export function sinkWriter(sink: Writable): (chunk: string | Uint8Array) => Promise<void> {
  return async (chunk) => {
    if (!sink.write(chunk)) await once(sink, 'drain');
  };
}

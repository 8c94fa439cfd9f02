/** Human-readable output: the explanation of each post, errors in place. */
import type { Writable } from 'node:stream';
import { ansiStyle, formatAssessment, plainStyle } from '../pretty.js';
import { sinkWriter } from './sink.js';
import { whereText, type OutputOptions, type OutputWriter } from './types.js';

export function prettyWriter(sink: Writable, options: OutputOptions): OutputWriter {
  const write = sinkWriter(sink);
  const style = options.color ? ansiStyle : plainStyle;
  let count = 0;
  return {
    async write(o) {
      if (options.single && o.kind === 'post') {
        await write(formatAssessment(o.text, o.assessment, style) + '\n');
        return;
      }
      const id = o.kind === 'post' ? o.assessment.id : o.id;
      const head = `── ${whereText(o.at)}${id !== undefined ? `  id ${id}` : ''} ──`;
      await write((count++ ? '\n' : '') + style.bold(head) + '\n');
      if (o.kind === 'error') await write(style.band('critical', `error: ${o.error}`) + '\n');
      else await write(formatAssessment(o.text, o.assessment, style) + '\n');
    },
    async end() {},
  };
}

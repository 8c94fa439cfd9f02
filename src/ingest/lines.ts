/**
 * Line reading for the streaming commands: constant memory whatever the file size, a BOM
 * removed, CRLF accepted, and a cap on line length so one 100 MB line cannot exhaust memory
 * (an over-long line is reported, not buffered).
 */
import { StringDecoder } from 'node:string_decoder';


export interface Line {
  /** 1-based line number. */
  number: number;
  text: string;
  /** The line was longer than the cap; `text` holds only its start. */
  overflow: boolean;
}

export async function* readLines(stream: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, maxLineLength: number): AsyncGenerator<Line> {
  const decoder = new StringDecoder('utf8');
  let buffer = '';
  let number = 0;
  let overflow = false;
  let first = true;
  const emit = (text: string): Line => {
    number++;
    let t = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (first) {
      first = false;
      if (t.charCodeAt(0) === 0xfeff) t = t.slice(1);
    }
    const line = { number, text: t, overflow };
    overflow = false;
    return line;
  };
  for await (const chunk of stream) {
    buffer += typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      yield emit(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
      nl = buffer.indexOf('\n');
    }
    if (buffer.length > maxLineLength) {
      // Keep only the head of an over-long line; the rest is skipped up to the next newline.
      if (!overflow) buffer = buffer.slice(0, Math.min(buffer.length, 256));
      else buffer = '';
      overflow = true;
    }
  }
  buffer += decoder.end();
  if (buffer.length > 0 || overflow) yield emit(buffer);
}

/**
 * Line reading for the streaming commands, on bytes:
 * - constant memory whatever the file size: a line is buffered only up to `maxLineBytes`; a
 *   longer one (a 100 MB line) is reported with its line number and length, and its bytes are
 *   skipped up to the next newline, never held;
 * - a UTF-8 byte-order mark at the start removed, CRLF and LF both accepted;
 * - a line that is not valid UTF-8 is reported (`invalidUtf8`: the byte offset of the first bad
 *   sequence) rather than silently repaired: a post whose bytes were changed would not hash to
 *   what was seen. `text` still holds the lenient decoding (U+FFFD) for callers that want it;
 * - the last line is returned even without a final newline (`terminated: false`), so an input
 *   cut off mid-line is visible to the parser of that line (e.g. a truncated JSON object).
 */
import { isUtf8 } from 'node:buffer';

export interface Line {
  /** 1-based line number. */
  number: number;
  /** The line without its line break (leniently decoded; see `invalidUtf8`). */
  text: string;
  /** The line was longer than the cap; `text` holds only its first 256 bytes. */
  overflow: boolean;
  /** Length of the line in bytes (without the line break), counted even when it overflowed. */
  bytes: number;
  /** Byte offset in the line of the first byte that is not valid UTF-8; absent when valid. */
  invalidUtf8?: number;
  /** False for a last line that ended with the input instead of a newline. */
  terminated: boolean;
  /** What is wrong with the line (over the cap or not UTF-8), ready to report; absent when fine. */
  error?: string;
}

/** What the per-line record rules (`ndjsonRecord`, `textRecord`) read of a line. */
export type LineFields = Pick<Line, 'number' | 'text' | 'terminated' | 'error'>;

const HEAD_BYTES = 256;

/** Offset of the first invalid UTF-8 sequence in `b` (WHATWG rules: no overlongs, surrogates or > U+10FFFF), or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= n) return i;
    const b1 = b[i + 1]!;
    if (b1 < lo || b1 > hi) return i;
    for (let k = 2; k <= need; k++) {
      const bk = b[i + k]!;
      if (bk < 0x80 || bk > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * A line framed from the input's bytes and not yet decoded: what the main thread of
 * `score --threads` reads, leaving the decoding to the worker threads (`decodeLine`).
 */
export interface RawLine {
  number: number;
  /** The line's bytes without CR and BOM; when it overflowed, only its first 256 bytes. */
  bytes: Buffer;
  overflow: boolean;
  /** Length of the line in bytes (without the line break), counted even when it overflowed. */
  length: number;
  terminated: boolean;
}

/** A framed line as the reader reports it: decoded, with what is wrong with it. */
export function decodeLine({ number, bytes, overflow, length, terminated }: RawLine, maxLineBytes: number): Line {
  const line: Line = { number, text: bytes.toString('utf8'), overflow, bytes: length, terminated };
  if (overflow) {
    line.error = `line of ${length} bytes is longer than the limit of ${maxLineBytes} bytes`;
  } else if (!isUtf8(bytes)) {
    const at = firstInvalidUtf8(bytes);
    line.invalidUtf8 = at;
    line.error = `not valid UTF-8 (byte 0x${bytes[at]!.toString(16).padStart(2, '0')} at byte offset ${at} of the line)`;
  }
  return line;
}

export async function* readLines(stream: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, maxLineBytes: number): AsyncGenerator<Line> {
  for await (const raw of frameLines(stream, maxLineBytes)) yield decodeLine(raw, maxLineBytes);
}

/** The lines of the input as bytes (the framing rules of `readLines`, without decoding). */
export async function* frameLines(stream: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, maxLineBytes: number): AsyncGenerator<RawLine> {
  let parts: Buffer[] = [];
  let held = 0; // bytes in `parts`
  let bytes = 0; // bytes of the current line, skipped ones included
  let overflow = false;
  let number = 0;
  let first = true;

  let lastByte = -1;
  const add = (piece: Buffer) => {
    if (piece.length === 0) return;
    bytes += piece.length;
    lastByte = piece[piece.length - 1]!;
    if (overflow) return;
    if (held + piece.length > maxLineBytes) {
      // Keep only the head of an over-long line; the rest is counted and dropped.
      const head: Buffer[] = [];
      let kept = 0;
      for (const p of [...parts, piece]) {
        if (kept >= HEAD_BYTES) break;
        const take = p.subarray(0, HEAD_BYTES - kept);
        head.push(Buffer.from(take)); // a copy: the chunks themselves are released
        kept += take.length;
      }
      parts = [Buffer.concat(head)];
      held = kept;
      overflow = true;
      return;
    }
    parts.push(piece);
    held += piece.length;
  };

  const finish = (terminated: boolean): RawLine => {
    number++;
    let buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts, held);
    let length = bytes;
    if (lastByte === 0x0d) {
      if (!overflow) buf = buf.subarray(0, buf.length - 1);
      length--;
    }
    if (first) {
      first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
        buf = buf.subarray(3);
        length -= 3;
      }
    }
    const line: RawLine = { number, bytes: buf, overflow, length, terminated };
    parts = [];
    held = 0;
    bytes = 0;
    lastByte = -1;
    overflow = false;
    return line;
  };

  for await (const c of stream) {
    const chunk = typeof c === 'string' ? Buffer.from(c, 'utf8') : (c as Buffer);
    let pos = 0;
    for (let nl = chunk.indexOf(0x0a, pos); nl >= 0; nl = chunk.indexOf(0x0a, pos)) {
      add(chunk.subarray(pos, nl));
      yield finish(true);
      pos = nl + 1;
    }
    if (pos < chunk.length) add(chunk.subarray(pos));
  }
  if (bytes > 0 || overflow) yield finish(false);
}

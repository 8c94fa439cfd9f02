/** From response bytes to text: media type, charset (header, BOM, `<meta charset>`), decoding. */

export interface ContentType {
  /** Lower-case media type without parameters, e.g. `text/html`; `null` when absent. */
  mime: string | null;
  charset: string | null;
}

export function parseContentType(header: string | null | undefined): ContentType {
  if (!header) return { mime: null, charset: null };
  const [type, ...params] = header.split(';');
  let charset: string | null = null;
  for (const p of params) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    if (p.slice(0, eq).trim().toLowerCase() === 'charset') charset = p.slice(eq + 1).trim().replace(/^["']|["']$/g, '').toLowerCase() || null;
  }
  const mime = type!.trim().toLowerCase();
  return { mime: mime || null, charset };
}

export type BodyKind = 'html' | 'text' | 'other';

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const TEXT_TYPES = new Set(['text/plain', 'text/markdown', 'text/csv']);

/** What kind of document the body is: the header decides, a missing header is sniffed. */
export function bodyKind(mime: string | null, bytes: Uint8Array): BodyKind {
  if (mime) {
    if (HTML_TYPES.has(mime)) return 'html';
    if (TEXT_TYPES.has(mime)) return 'text';
    return 'other';
  }
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.includes('<body') || head.includes('<head')) return 'html';
  // No NUL bytes in the first KiB: treat as text.
  return bytes.subarray(0, 1024).includes(0) ? 'other' : 'text';
}

const META_CHARSET = /charset\s*=\s*(?:["']\s*)?([A-Za-z0-9._:-]+)/i;

/** The charset a browser would use: BOM, then the header, then `<meta charset>` in the first 4 KiB (HTML). */
export function sniffCharset(bytes: Uint8Array, headerCharset: string | null, kind: BodyKind): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (headerCharset && supported(headerCharset)) return headerCharset;
  if (kind === 'html') {
    const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
    // Each `<meta` tag, then its charset: one regex `<meta[^>]+charset...` backtracks
    // polynomially over many unclosed tags.
    let m: RegExpExecArray | null = null;
    for (const tag of head.matchAll(/<meta[^>]*/gi)) if ((m = META_CHARSET.exec(tag[0].slice(6)))) break;
    if (m && supported(m[1]!.toLowerCase())) {
      const cs = m[1]!.toLowerCase();
      // A page cannot declare itself UTF-16 in ASCII-compatible bytes (HTML spec).
      return cs.startsWith('utf-16') ? 'utf-8' : cs;
    }
  }
  return 'utf-8';
}

function supported(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

/** Decode with the given charset; invalid sequences become U+FFFD (never throws). */
export function decode(bytes: Uint8Array, charset: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset, { fatal: false, ignoreBOM: false });
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(bytes);
}

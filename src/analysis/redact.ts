/**
 * Redaction with keyed hashes: phone numbers, @handles, URLs, e-mail addresses and (English)
 * person names are replaced by `[kind:hash]`, where hash = HMAC-SHA256(key, kind + canonical
 * form) cut to 12 hex digits (48 bits: below one expected collision in ten million distinct
 * identifiers). The same number written `+218 91 726 7022` or `0917267022` (Libyan post)
 * gives the same token under the same key, so posts still link, but the number is not printed
 * and cannot be recovered without the key (a plain hash of a phone number could be reversed by
 * trying every number).
 *
 * Offsets: the redacted text is a new text, and every span of a redacted assessment points into
 * it (`redacted.slice(start, end) === text`): spans are recomputed, and a span that touched an
 * identifier grows to cover its whole token. `sha256` and `length` still describe the original
 * input (the evidence hash), they are not recomputed.
 *
 * Names come from compromise (`people()`, English grammar; it also catches Latin-script names
 * in other languages, and finds nothing in Arabic or Cyrillic script). It is loaded only when a
 * redactor that needs names is created (`createRedactor`), never on `import`.
 */
import { createHmac } from 'node:crypto';
import type { Assessment, Signal } from '../score/assessment.js';
import type { Entities } from '../semantic/engine.js';
import { extractEmails, extractHandles, extractUrls } from '../semantic/entities/links.js';
// libphonenumber-js loads on the first number (phones.js), not when the library is imported.
import { extractPhones, parsePhoneNumberFromString } from '../semantic/entities/phones.js';
import { normalise } from '../semantic/normalise.js';
import { spanOf, uniqueSpans, type Span } from '../semantic/span.js';

export const REDACT_KINDS = ['phone', 'handle', 'email', 'url', 'name', 'user'] as const;
/** `user` is an account id from metadata (Telegram `from_id`). */
export type RedactKind = (typeof REDACT_KINDS)[number];

/** Finds person names: ranges of the text, UTF-16 offsets. */
export type NameFinder = (text: string) => { start: number; end: number }[];

export interface RedactorOptions {
  /** The secret: at least 16 bytes. Keep it: the same key gives the same tokens across runs. */
  key: string | Uint8Array;
  /** Hex digits of the keyed hash in a token (default 12, from 8 to 64). */
  hashLength?: number;
  /** Metadata keys whose values name a person (hashed whole as `name`). */
  personKeys?: readonly string[];
  /** Metadata keys whose values are account ids (hashed whole as `user`). */
  accountKeys?: readonly string[];
}

export interface Replacement {
  kind: RedactKind;
  /** Range of the ORIGINAL text that was replaced. */
  start: number;
  end: number;
  token: string;
  /** Where the token stands in the redacted text. */
  newStart: number;
  newEnd: number;
}

export interface RedactedText {
  text: string;
  replacements: Replacement[];
  replaced: Partial<Record<RedactKind, number>>;
  /** The span of the redacted text standing for an original span (grown to whole tokens). */
  mapSpan(span: { start: number; end: number }): Span;
}

export interface RedactionInfo {
  method: 'hmac-sha256';
  /** Identifies the key (not the key): tokens only link when made with the same key id. */
  keyId: string;
  /** How many identifiers of each kind were replaced in the text. */
  replaced: Partial<Record<RedactKind, number>>;
}

export interface RedactedAssessment {
  /** The redacted text: every span of `assessment` points into it. */
  text: string;
  assessment: Assessment;
  redaction: RedactionInfo;
}

export interface Redactor {
  readonly keyId: string;
  /** The token for one identifier, e.g. `token('phone', '+218917267022')`. */
  token(kind: RedactKind, canonical: string): string;
  /** Redact a text; `entities` (from an assessment of the same text) add what the scorer found. */
  redactText(text: string, entities?: Partial<Entities>): RedactedText;
  /** Redact an assessment of `text`: printed text, spans, entities and `meta`. */
  redactAssessment(text: string, assessment: Assessment): RedactedAssessment;
  /** Redact a metadata value (strings are redacted as texts; person and account keys hashed whole). */
  redactValue(value: unknown): unknown;
}

export const MIN_KEY_BYTES = 16;
const DEFAULT_PERSON_KEYS = ['from', 'author', 'sender', 'forwarded_from', 'user', 'username', 'saved_from', 'actor'];
const DEFAULT_ACCOUNT_KEYS = ['from_id', 'author_id', 'sender_id', 'user_id', 'actor_id'];
/** Lower number wins when identifiers overlap (a phone inside a wa.me link stays a phone). */
const PRIORITY: Record<RedactKind, number> = { phone: 0, handle: 1, email: 2, url: 3, user: 4, name: 5 };

// Digit runs that look like phone numbers but that the validating extractor rejected (unknown
// country, invalid plan): redacted too when written with + or a leading 0, or 9+ digits long.
const PHONE_LIKE = /(?<![\d+])\+?\d(?:[ \-.()/\u00a0]{0,2}\d){6,16}(?!\d)/g;

interface Candidate {
  kind: RedactKind;
  start: number;
  end: number;
  canonical: string;
}

// Equal to /\/+$/ but linear: that regex is quadratic on a long run of slashes not at the end.
const TRAILING_SLASHES = /(?<!\/)\/+$/;
const canonicalUrl = (url: string) =>
  url
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(TRAILING_SLASHES, '');

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

/**
 * A redactor with names found by `findNames` (pass none to redact only phones, handles, URLs and
 * e-mails). Synchronous; `createRedactor` loads compromise for names.
 */
export function createRedactorWith(options: RedactorOptions & { findNames?: NameFinder }): Redactor {
  const key = typeof options.key === 'string' ? Buffer.from(options.key, 'utf8') : Buffer.from(options.key);
  if (key.length < MIN_KEY_BYTES) throw new RangeError(`redaction key too short: ${key.length} bytes, need at least ${MIN_KEY_BYTES}`);
  const hashLength = options.hashLength ?? 12;
  if (!Number.isInteger(hashLength) || hashLength < 8 || hashLength > 64) throw new RangeError('hashLength must be a whole number from 8 to 64');
  const personKeys = new Set(options.personKeys ?? DEFAULT_PERSON_KEYS);
  const accountKeys = new Set(options.accountKeys ?? DEFAULT_ACCOUNT_KEYS);
  const findNames = options.findNames;
  const keyId = createHmac('sha256', key).update('smuggling-risk/redaction-key-id').digest('hex').slice(0, 8);

  const token = (kind: RedactKind, canonical: string) =>
    `[${kind}:${createHmac('sha256', key).update(`${kind}\u0000${canonical}`, 'utf8').digest('hex').slice(0, hashLength)}]`;

  function candidates(text: string, given: Partial<Entities> = {}): Candidate[] {
    const out: Candidate[] = [];
    const norm = normalise(text);
    for (const p of [...(given.phones ?? []), ...extractPhones(text, norm)]) {
      out.push({ kind: 'phone', start: p.span.start, end: p.span.end, canonical: p.e164 });
    }
    const money = given.money ?? [];
    for (const m of norm.text.matchAll(PHONE_LIKE)) {
      const raw = m[0];
      const digits = raw.replace(/\D/g, '');
      if (!(raw.startsWith('+') || digits.startsWith('0') || digits.length >= 9)) continue;
      const international = raw.startsWith('+') || digits.startsWith('00');
      // The longest leading part, cut after a digit group, that overlaps no amount of money
      // (`0912345678 3000 €`) and, for an international number, is valid if any part is
      // (`+218 91 726 7022 100%` -> `+218 91 726 7022`).
      let chosen: { span: Span; canonical: string } | undefined;
      for (let end = raw.length; end > 0; end--) {
        if (!/\d/.test(raw[end - 1]!) || (end < raw.length && /\d/.test(raw[end]!))) continue;
        const part = raw.slice(0, end);
        const d = part.replace(/\D/g, '');
        if (d.length < 7) break;
        const span = spanOf(text, norm, m.index, m.index + end);
        if (money.some((x) => overlaps(x.span, span))) continue;
        const canonical = part.startsWith('+') ? `+${d}` : d.startsWith('00') ? `+${d.slice(2)}` : d;
        if (!international) {
          chosen = { span, canonical };
          break;
        }
        const n = parsePhoneNumberFromString(canonical);
        if (n?.isValid()) {
          chosen = { span, canonical: n.number };
          break;
        }
        chosen ??= { span, canonical };
      }
      if (chosen) out.push({ kind: 'phone', start: chosen.span.start, end: chosen.span.end, canonical: chosen.canonical });
    }
    const urls = [...(given.urls ?? []), ...extractUrls(text)];
    for (const u of urls) out.push({ kind: 'url', start: u.span.start, end: u.span.end, canonical: canonicalUrl(u.url) });
    for (const h of [...(given.handles ?? []), ...extractHandles(text, urls)]) {
      out.push({ kind: 'handle', start: h.span.start, end: h.span.end, canonical: h.handle.toLowerCase() });
    }
    for (const e of [...(given.emails ?? []), ...extractEmails(text)]) out.push({ kind: 'email', start: e.span.start, end: e.span.end, canonical: e.email.toLowerCase() });
    if (findNames && /[A-Za-z\u00c0-\u024f]/.test(text)) {
      // Places, apps, money and documents the scorer recognised are evidence, not people.
      const keep = [...(given.places ?? []), ...(given.apps ?? []), ...money, ...(given.documents ?? [])].map((x) => x.span);
      for (const n of findNames(text)) {
        if (n.end <= n.start || keep.some((k) => overlaps(k, n))) continue;
        const name = text.slice(n.start, n.end);
        out.push({ kind: 'name', start: n.start, end: n.end, canonical: name.toLowerCase().replace(/\s+/g, ' ') });
      }
    }
    return out;
  }

  function redactText(text: string, entities?: Partial<Entities>): RedactedText {
    const found = candidates(text, entities).filter((c) => c.start >= 0 && c.end <= text.length && c.end > c.start);
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    // Overlapping identifiers become one replacement, named by the highest-priority one.
    const groups: Candidate[][] = [];
    let groupEnd = -1;
    for (const c of found) {
      if (groups.length && c.start < groupEnd) {
        groups[groups.length - 1]!.push(c);
        groupEnd = Math.max(groupEnd, c.end);
      } else {
        groups.push([c]);
        groupEnd = c.end;
      }
    }
    const replacements: Replacement[] = [];
    const replaced: Partial<Record<RedactKind, number>> = {};
    let out = '';
    let pos = 0;
    for (const g of groups) {
      const start = Math.min(...g.map((c) => c.start));
      const end = Math.max(...g.map((c) => c.end));
      const best = [...g].sort((a, b) => PRIORITY[a.kind] - PRIORITY[b.kind] || b.end - b.start - (a.end - a.start))[0]!;
      const tok = token(best.kind, best.canonical);
      out += text.slice(pos, start);
      replacements.push({ kind: best.kind, start, end, token: tok, newStart: out.length, newEnd: out.length + tok.length });
      out += tok;
      pos = end;
      replaced[best.kind] = (replaced[best.kind] ?? 0) + 1;
    }
    out += text.slice(pos);

    // Offsets: binary search over the replacements (sorted, disjoint).
    const before = (offset: number): number => {
      let lo = 0;
      let hi = replacements.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (replacements[mid]!.start < offset) lo = mid + 1;
        else hi = mid;
      }
      return lo - 1; // last replacement starting before offset, or -1
    };
    const shiftAfter = (r: Replacement) => r.newEnd - r.end;
    const mapStart = (o: number): number => {
      const i = before(o + 1); // replacement starting at or before o
      if (i < 0) return o;
      const r = replacements[i]!;
      return o < r.end ? r.newStart : o + shiftAfter(r);
    };
    const mapEnd = (o: number): number => {
      const i = before(o); // replacement starting strictly before o
      if (i < 0) return o;
      const r = replacements[i]!;
      return o <= r.end ? r.newEnd : o + shiftAfter(r);
    };
    const mapSpan = (s: { start: number; end: number }): Span => {
      const start = mapStart(s.start);
      const end = Math.max(start, mapEnd(s.end));
      return { start, end, text: out.slice(start, end) };
    };
    return { text: out, replacements, replaced, mapSpan };
  }

  function tokenFor(r: RedactedText, span: Span, kind: RedactKind, canonical: string): string {
    const hit = r.replacements.find((x) => overlaps(x, span));
    return hit ? hit.token : token(kind, canonical);
  }

  function redactAssessment(text: string, a: Assessment): RedactedAssessment {
    const r = redactText(text, a.entities);
    const map = (s: Span) => r.mapSpan(s);
    const signals: Signal[] = a.signals.map((s) => ({ ...s, spans: uniqueSpans(s.spans.map(map)) }));
    const e = a.entities;
    const entities: Entities = {
      phones: e.phones.map((p) => ({ ...p, e164: tokenFor(r, p.span, 'phone', p.e164), span: map(p.span) })),
      money: e.money.map((m) => ({ ...m, span: map(m.span) })),
      places: e.places.map((p) => ({ ...p, span: map(p.span) })),
      apps: e.apps.map((p) => ({ ...p, span: map(p.span) })),
      urls: e.urls.map((u) => ({ ...u, url: tokenFor(r, u.span, 'url', canonicalUrl(u.url)), span: map(u.span) })),
      handles: e.handles.map((h) => ({ ...h, handle: tokenFor(r, h.span, 'handle', h.handle), span: map(h.span) })),
      emails: e.emails.map((m) => ({ ...m, email: tokenFor(r, m.span, 'email', m.email), span: map(m.span) })),
      documents: e.documents.map((d) => ({ ...d, span: map(d.span) })),
    };
    const assessment: Assessment = { ...a, signals, entities };
    if (a.truncated) assessment.truncated = { analysedLength: r.mapSpan({ start: a.truncated.analysedLength, end: a.truncated.analysedLength }).end };
    if (a.meta !== undefined) assessment.meta = redactValue(a.meta);
    return { text: r.text, assessment, redaction: { method: 'hmac-sha256', keyId, replaced: r.replaced } };
  }

  function redactValue(value: unknown, depth = 0, key?: string): unknown {
    if (key !== undefined && (typeof value === 'string' || typeof value === 'number')) {
      if (personKeys.has(key)) return token('name', String(value).toLowerCase().trim().replace(/\s+/g, ' '));
      if (accountKeys.has(key)) return token('user', String(value).trim());
    }
    if (typeof value === 'string') return redactText(value).text;
    if (depth > 20 || typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, depth + 1, k);
    return out;
  }

  return { keyId, token, redactText, redactAssessment, redactValue: (v) => redactValue(v) };
}

let nameFinder: Promise<NameFinder> | undefined;

const WORD_CHAR = /[\p{L}\p{N}]/u;
/**
 * Length of the trailing possessive and punctuation of a name, as matched by
 * `/(?:['\u2019]s)?[^\p{L}\p{N}]*$/u`, in one backward pass (that regex is quadratic on a long
 * run of punctuation not at the end).
 */
function trailingNonWord(s: string): number {
  let r = s.length;
  while (r > 0) {
    const low = s.charCodeAt(r - 1);
    const pair = r >= 2 && low >= 0xdc00 && low <= 0xdfff && s.charCodeAt(r - 2) >= 0xd800 && s.charCodeAt(r - 2) <= 0xdbff;
    const ch = pair ? s.slice(r - 2, r) : s[r - 1]!;
    if (WORD_CHAR.test(ch)) break;
    r -= ch.length;
  }
  const possessive = r >= 2 && s[r - 1] === 's' && (s[r - 2] === "'" || s[r - 2] === '\u2019');
  return s.length - r + (possessive ? 2 : 0);
}

/** Person names via compromise (loaded once, on first use). */
export function loadNameFinder(): Promise<NameFinder> {
  nameFinder ??= import('compromise').then(({ default: nlp }) => {
    const finder: NameFinder = (text) => {
      const out: { start: number; end: number }[] = [];
      const people = nlp(text).people().json({ offset: true }) as { offset?: { start: number; length: number } }[];
      for (const p of people) {
        if (!p.offset) continue;
        let start = p.offset.start;
        let end = start + p.offset.length;
        // compromise counts trailing punctuation and possessives into the term.
        const slice = text.slice(start, end);
        const lead = /^[^\p{L}\p{N}]+/u.exec(slice)?.[0].length ?? 0;
        const trail = trailingNonWord(slice);
        start += lead;
        end -= trail;
        if (end - start >= 2 && /\p{L}/u.test(text.slice(start, end))) out.push({ start, end });
      }
      return out;
    };
    return finder;
  });
  return nameFinder;
}

/** A redactor for phones, handles, URLs, e-mails and, unless `names: false`, person names. */
export async function createRedactor(options: RedactorOptions & { names?: boolean }): Promise<Redactor> {
  const findNames = options.names === false ? undefined : await loadNameFinder();
  return createRedactorWith({ ...options, ...(findNames ? { findNames } : {}) });
}

/**
 * Phone numbers, however they are written: `+218 91-726`, `00218...`, Arabic-Indic or Persian
 * digits (already ASCII in the normalised text), split by spaces, dots or dashes.
 */
import { createRequire } from 'node:module';
import type { CountryCode, PhoneNumber } from 'libphonenumber-js/min';
import type { Normalised } from '../normalise.js';
import type { Span } from '../span.js';
import { spanOf } from '../span.js';

export interface PhoneEntity {
  /** E.164, e.g. `+218917267022`. */
  e164: string;
  /** ISO 3166 alpha-2 of the number's country, or `null` where the calling code is shared. */
  country: string | null;
  callingCode: string;
  /** Whether the number fits the country's numbering plan (not just its length). */
  valid: boolean;
  span: Span;
}

// A run of 7 to 17 digits with at most two separators between digits, optionally after + or 00.
const HAS_DIGIT = /\d/;
const CANDIDATE = /(?<![\d+])\+?\d(?:[ \-.()/\u00a0]{0,2}\d){6,16}(?!\d)/g;

type ParsePhone = (text: string, country?: CountryCode) => PhoneNumber | undefined;
let parsePhone: ParsePhone | undefined;

/** libphonenumber-js (about 50 ms to load) is loaded on the first candidate number, not at import. */
export function parsePhoneNumberFromString(text: string, country?: CountryCode): PhoneNumber | undefined {
  parsePhone ??= (createRequire(import.meta.url)('libphonenumber-js/min') as { parsePhoneNumberFromString: ParsePhone }).parsePhoneNumberFromString;
  return country === undefined ? parsePhone(text) : parsePhone(text, country);
}

interface Parsed {
  e164: string;
  country: string | null;
  callingCode: string;
  valid: boolean;
}

// Parsing a number is the costly part and depends only on its digits, whether it was written
// internationally, and the default country; the same numbers recur across posts (reposted
// ads), so results are kept in a bounded cache. `null`: not a phone number.
const PARSE_CACHE_LIMIT = 20_000;
const parseCache = new Map<string, Parsed | null>();

function parseCandidate(digits: string, international: boolean, plus: boolean, defaultCountry: string | undefined): Parsed | null {
  const cacheKey = `${international ? (plus ? '+' : '0') : '-'}${defaultCountry ?? ''}:${digits}`;
  const hit = parseCache.get(cacheKey);
  if (hit !== undefined) return hit;
  let number = undefined;
  let known: boolean | undefined; // validity, when already computed
  if (international) {
    number = parsePhoneNumberFromString('+' + (plus ? digits : digits.slice(2)));
  } else {
    if (defaultCountry) {
      const local = parsePhoneNumberFromString(digits, defaultCountry as CountryCode);
      if (local?.isValid()) {
        number = local;
        known = true;
      }
    }
    // Written without + but with the country code ("218917267022"): accept only when valid.
    if (!number && digits.length >= 10) {
      const bare = parsePhoneNumberFromString('+' + digits);
      if (bare?.isValid()) {
        number = bare;
        known = true;
      }
    }
  }
  let parsed: Parsed | null = null;
  if (number && number.isPossible()) {
    const valid = known ?? number.isValid();
    if (international || valid) {
      parsed = { e164: number.number, country: number.country ?? null, callingCode: number.countryCallingCode, valid };
    }
  }
  if (parseCache.size >= PARSE_CACHE_LIMIT) parseCache.clear();
  parseCache.set(cacheKey, parsed);
  return parsed;
}

export function extractPhones(input: string, norm: Normalised, defaultCountry?: string): PhoneEntity[] {
  const found: PhoneEntity[] = [];
  if (!HAS_DIGIT.test(norm.text)) return found; // a number needs digits: most posts need no scan
  const seen = new Set<string>();
  for (const m of norm.text.matchAll(CANDIDATE)) {
    const raw = m[0];
    const digits = raw.replace(/\D/g, '');
    const plus = raw.startsWith('+');
    const international = plus || digits.startsWith('00');
    const number = parseCandidate(digits, international, plus, defaultCountry);
    if (!number) continue;
    const start = m.index;
    const span = spanOf(input, norm, start, start + raw.length);
    const key = `${number.e164}@${span.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    found.push({
      e164: number.e164,
      country: number.country,
      callingCode: number.callingCode,
      valid: number.valid,
      span,
    });
  }
  return found;
}

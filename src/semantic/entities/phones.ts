/**
 * Phone numbers, however they are written: `+218 91-726`, `00218...`, Arabic-Indic or Persian
 * digits (already ASCII in the normalised text), split by spaces, dots or dashes.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';
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
const CANDIDATE = /(?<![\d+])\+?\d(?:[ \-.()/\u00a0]{0,2}\d){6,16}(?!\d)/g;

export function extractPhones(input: string, norm: Normalised, defaultCountry?: string): PhoneEntity[] {
  const found: PhoneEntity[] = [];
  const seen = new Set<string>();
  for (const m of norm.text.matchAll(CANDIDATE)) {
    const raw = m[0];
    const digits = raw.replace(/\D/g, '');
    const international = raw.startsWith('+') || digits.startsWith('00');
    let number = undefined;
    if (international) {
      number = parsePhoneNumberFromString('+' + (raw.startsWith('+') ? digits : digits.slice(2)));
    } else {
      if (defaultCountry) {
        const local = parsePhoneNumberFromString(digits, defaultCountry as CountryCode);
        if (local?.isValid()) number = local;
      }
      // Written without + but with the country code ("218917267022"): accept only when valid.
      if (!number && digits.length >= 10) {
        const bare = parsePhoneNumberFromString('+' + digits);
        if (bare?.isValid()) number = bare;
      }
    }
    if (!number || !number.isPossible()) continue;
    const valid = number.isValid();
    if (!international && !valid) continue;
    const start = m.index;
    const span = spanOf(input, norm, start, start + raw.length);
    const key = `${number.number}@${span.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    found.push({
      e164: number.number,
      country: number.country ?? null,
      callingCode: number.countryCallingCode,
      valid,
      span,
    });
  }
  return found;
}

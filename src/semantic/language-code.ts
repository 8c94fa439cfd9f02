/**
 * Language codes as posts give them. The scorer speaks ISO 639 codes (`ar`, `prs`), while
 * exports, platforms and spreadsheets often carry a locale tag (`en-US`, `fa_AF`, `RU`): a tag
 * is read as its primary language in lower case, and Persian of Afghanistan as Dari (`prs`).
 */
import type { ZodApi } from '../data/lazy-zod.js';

/** An ISO 639 code as the scorer uses it: two or three lower-case letters. */
export const ISO_639 = /^[a-z]{2,3}$/;

// A primary language subtag, then subtags (script, region, variant) joined by - or _.
const TAG = /^([a-z]{2,3})((?:[-_][a-z0-9]{1,8})*)$/i;
const AFGHANISTAN = /[-_]af(?:[-_]|$)/i;

/** What a language field must hold, for error messages. */
export const LANGUAGE_CODE_EXPECTED = 'an ISO 639 code such as "ar" or "en" (or a locale tag such as "en-US")';

/**
 * Three-letter codes (ISO 639-2 and 639-3) of the languages the lexicons cover, as the scorer
 * writes them: exports and tools such as franc give `rus`, `pes` or `pbt`, and Arabic by dialect
 * (`arz` Egyptian, `apc` Levantine, `ayl` Libyan, `aeb` Tunisian, `apd` Sudanese...). Dari keeps
 * its own code, `prs`. Other languages are echoed as given.
 */
const THREE_LETTER: Readonly<Record<string, string>> = {
  ara: 'ar', arb: 'ar', arz: 'ar', apc: 'ar', ajp: 'ar', acm: 'ar', afb: 'ar', ayl: 'ar', aeb: 'ar', ary: 'ar', arq: 'ar', apd: 'ar',
  fas: 'fa', per: 'fa', pes: 'fa',
  pus: 'ps', pbt: 'ps', pbu: 'ps', pst: 'ps',
  rus: 'ru', ukr: 'uk', eng: 'en', fra: 'fr', fre: 'fr', spa: 'es', tur: 'tr',
};

/**
 * The ISO 639 code of a code or locale tag (`en-US` -> `en`, `fa-AF` -> `prs`, `rus` -> `ru`),
 * or undefined when it is neither.
 */
export function languageCode(tag: string): string | undefined {
  const m = TAG.exec(tag.trim());
  if (!m) return undefined;
  const primary = m[1]!.toLowerCase();
  const code = THREE_LETTER[primary] ?? primary;
  return code === 'fa' && AFGHANISTAN.test(m[2]!) ? 'prs' : code;
}

/**
 * A post's `lang` field as a schema: a code or tag in, its ISO 639 code out, or the message of
 * `LANGUAGE_CODE_EXPECTED`. `z` is passed in, so that zod is loaded only where a schema is built.
 */
export function languageField(z: ZodApi) {
  return z.string().transform((tag, ctx) => {
    const code = languageCode(tag);
    if (code === undefined) ctx.addIssue({ code: 'custom', message: `expected ${LANGUAGE_CODE_EXPECTED}` });
    return code ?? z.NEVER;
  });
}

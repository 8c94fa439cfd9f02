/**
 * zod schemas of the lexicon files (see lexicons/README.md). The schemas are lazy (built, and
 * zod loaded, on first use: see lazy-zod.ts); the constants below cost nothing to import.
 */
import type { z } from 'zod';
import { lazySchema, realSchema, type ZodApi } from '../../data/lazy-zod.js';

export const RISK_CATEGORIES = [
  'journey_offer',
  'document_fraud',
  'route_guidance',
  'contact_handoff',
  'exploitation_recruitment',
] as const;
export type RiskCategory = (typeof RISK_CATEGORIES)[number];

export const RISK_KINDS = [
  'smuggling_term', 'irregular', 'transport', 'route', 'departure', 'price', 'payment', 'contact',
  'guarantee', 'offer', 'document', 'fraud', 'recruitment', 'debt', 'exploitation', 'guidance',
  'safehouse', 'testimonial', 'secrecy', 'amenity',
] as const;
export const BENIGN_KINDS = [
  'reporting', 'warning', 'ngo_advice', 'rescue', 'missing_person', 'legitimate', 'research',
  'self_organised',
] as const;
export const KINDS = [...RISK_KINDS, ...BENIGN_KINDS] as const;
export type Kind = (typeof KINDS)[number];

const term = (z: ZodApi) => z.string().trim().min(1, 'empty term').max(200, 'term longer than 200 characters');

export const lexiconEntrySchema = lazySchema((z) => z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'id must be lower-case ASCII letters, digits, dots, dashes'),
  category: z.enum([...RISK_CATEGORIES, 'benign']),
  kind: z.enum(KINDS),
  weight: z.number().gt(0, 'weight must be > 0').lte(1, 'weight must be <= 1'),
  terms: z.array(term(z)).min(1, 'at least one term'),
  match: z.enum(['word', 'prefix']).default('word'),
  arabizi: z.array(term(z)).optional(),
  dialect: z.string().optional(),
  note: z.string().min(1, 'a note is required'),
}));
export type LexiconEntry = z.output<typeof lexiconEntrySchema>;

export const languageLexiconSchema = lazySchema((z) => z.strictObject({
  language: z.string().regex(/^[a-z]{2,3}$/),
  name: z.string(),
  version: z.string(),
  entries: z.array(realSchema(lexiconEntrySchema)),
}));
export type LanguageLexicon = z.output<typeof languageLexiconSchema>;

export const appsSchema = lazySchema((z) => z.strictObject({
  version: z.string(),
  apps: z.array(z.strictObject({ id: z.string(), name: z.string(), terms: z.array(term(z)).min(1), note: z.string().optional() })),
}));

export const currenciesSchema = lazySchema((z) => z.strictObject({
  version: z.string(),
  currencies: z.array(
    z.strictObject({
      code: z.string().regex(/^[A-Z]{3}$/),
      symbols: z.array(z.string().min(1)).default([]),
      terms: z.array(term(z)).default([]),
      note: z.string().optional(),
    }),
  ),
}));

export const placesSchema = lazySchema((z) => z.strictObject({
  version: z.string(),
  places: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      type: z.enum(['country', 'city', 'port', 'region', 'route', 'island', 'border']),
      country: z.string().optional(),
      role: z.enum(['origin', 'transit', 'destination', 'any']),
      terms: z.array(term(z)).min(1),
      note: z.string().optional(),
    }),
  ),
}));

export const emojiSchema = lazySchema((z) => z.strictObject({
  version: z.string(),
  emoji: z.array(
    z.strictObject({
      chars: z.string().min(1),
      kind: z.enum([...KINDS, 'destination']),
      meaning: z.string(),
      place: z.string().optional(),
    }),
  ),
}));

export const dialectMarkersSchema = lazySchema((z) => z.strictObject({
  version: z.string(),
  markers: z.record(z.string(), z.array(term(z))),
}));

export const languagesSchema = lazySchema((z) => z.strictObject({
  version: z.string(),
  languages: z.array(
    z.strictObject({
      code: z.string(),
      name: z.string(),
      script: z.enum(['latin', 'cyrillic', 'arabic']),
      franc: z.string().regex(/^[a-z]{3}$/),
      /** Letters that only this language uses among those of its script. */
      letters: z.string().optional(),
      /** Only considered when some of `letters` occur (Ukrainian always writes і, ї or є). */
      requiresLetters: z.boolean().optional(),
      /** Phone country to assume for national numbers written without a prefix. */
      phoneCountry: z.string().optional(),
    }),
  ),
}));
export type LanguagesFile = z.output<typeof languagesSchema>;

/**
 * Shared by the robustness tests and `bench/fuzz.ts`: the assessment's contract as a checker
 * (every invariant the README and design.md promise), hostile-text generators and the
 * fast-check arbitrary of hostile posts.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { z } from 'zod';
import type { Assessment } from '../../src/index.js';
import { loadLexiconFiles } from '../../src/semantic/lexicon/load.js';
import { mulberry32 } from '../../scripts/corpus/prng.js';

const unit = z.number().min(0).max(1);
const span = z.strictObject({ start: z.number().int().min(0), end: z.number().int().min(0), text: z.string() });
const withSpan = z.looseObject({ span });
const CATEGORIES = ['journey_offer', 'document_fraud', 'route_guidance', 'contact_handoff', 'exploitation_recruitment'] as const;

/** The assessment's shape: design.md's contract and the README's reference table. */
export const assessmentShape = z.strictObject({
  id: z.string().optional(),
  score: unit,
  flagged: z.boolean(),
  threshold: unit,
  band: z.enum(['low', 'medium', 'high', 'critical']),
  logit: z.number(),
  bias: z.number(),
  language: z.strictObject({
    code: z.string().regex(/^(?:[a-z]{2,3})$/),
    confidence: unit,
    // Which evidence decided; the README names the field, not its values.
    method: z.string().min(1),
  }),
  categories: z.strictObject(Object.fromEntries(CATEGORIES.map((c) => [c, unit])) as Record<(typeof CATEGORIES)[number], typeof unit>),
  signals: z.array(
    z.strictObject({
      id: z.string().min(1),
      label: z.string(),
      category: z.string().min(1),
      weight: z.number(),
      value: z.number(),
      contribution: z.number(),
      spans: z.array(span),
      entries: z.array(z.string()),
      spansTruncated: z.literal(true).optional(),
    }),
  ),
  entities: z.strictObject({
    phones: z.array(withSpan),
    money: z.array(withSpan),
    places: z.array(withSpan),
    apps: z.array(withSpan),
    urls: z.array(withSpan),
    handles: z.array(withSpan),
    emails: z.array(withSpan),
    documents: z.array(withSpan),
  }),
  versions: z.strictObject({ library: z.string().min(1), lexicon: z.string().min(1), model: z.string().min(1), features: z.string().min(1) }),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  length: z.number().int().min(0),
  truncated: z.strictObject({ analysedLength: z.number().int().min(0) }).optional(),
  meta: z.unknown().optional(),
});

export interface Limits {
  maxTextLength: number;
  maxSpansPerSignal: number;
}
export const DEFAULT_LIMITS: Limits = { maxTextLength: 2_000_000, maxSpansPerSignal: 50 };

/** Every broken promise of one assessment of `input` (empty when it holds them all). */
export function invariantViolations(input: string, a: Assessment, limits: Limits = DEFAULT_LIMITS): string[] {
  const bad: string[] = [];
  const shape = assessmentShape.safeParse(a);
  if (!shape.success) for (const i of shape.error.issues) bad.push(`shape ${i.path.join('.')}: ${i.message}`);
  const numbers: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (typeof v === 'number' && !Number.isFinite(v)) numbers.push(path);
    else if (Array.isArray(v)) v.forEach((x, k) => walk(x, `${path}[${k}]`));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  walk(a, 'assessment');
  if (numbers.length) bad.push(`non-finite numbers at ${numbers.slice(0, 5).join(', ')}`);
  if (a.flagged !== a.score >= a.threshold) bad.push(`flagged ${a.flagged} but score ${a.score} threshold ${a.threshold}`);
  const sum = a.bias + a.signals.reduce((s, x) => s + x.contribution, 0);
  if (!(Math.abs(sum - a.logit) <= 1e-9)) bad.push(`bias + contributions = ${sum} != logit ${a.logit}`);
  if (a.length !== input.length) bad.push(`length ${a.length} != ${input.length}`);
  if (a.sha256 !== createHash('sha256').update(input, 'utf8').digest('hex')) bad.push('sha256 is not the input text hash');

  const analysed = a.truncated ? a.truncated.analysedLength : input.length;
  const shouldTruncate = input.length > limits.maxTextLength;
  if (shouldTruncate !== (a.truncated !== undefined)) bad.push(`truncated ${JSON.stringify(a.truncated)} for length ${input.length}, maxTextLength ${limits.maxTextLength}`);
  if (a.truncated && !(analysed <= limits.maxTextLength && analysed >= limits.maxTextLength - 1)) bad.push(`analysedLength ${analysed} for maxTextLength ${limits.maxTextLength}`);

  const checkSpan = (where: string, s: { start: number; end: number; text: string }) => {
    if (!(s.start >= 0 && s.start <= s.end && s.end <= analysed) || input.slice(s.start, s.end) !== s.text) bad.push(`${where} span ${JSON.stringify(s)}`);
  };
  const ids = new Set<string>();
  for (const sig of a.signals) {
    if (ids.has(sig.id)) bad.push(`signal ${sig.id} twice`);
    ids.add(sig.id);
    if (!(Math.abs(sig.weight * sig.value - sig.contribution) <= 1e-12 * Math.max(1, Math.abs(sig.contribution)))) bad.push(`${sig.id}: weight x value != contribution`);
    if (!(sig.value >= 0 && sig.value <= 1)) bad.push(`${sig.id}: value ${sig.value} outside [0, 1]`);
    if (sig.spans.length > limits.maxSpansPerSignal) bad.push(`${sig.id}: ${sig.spans.length} spans > maxSpansPerSignal ${limits.maxSpansPerSignal}`);
    if (sig.spansTruncated && sig.spans.length !== limits.maxSpansPerSignal) bad.push(`${sig.id}: spansTruncated with ${sig.spans.length} spans`);
    for (const s of sig.spans) checkSpan(sig.id, s);
  }
  for (let k = 1; k < a.signals.length; k++) {
    if (Math.abs(a.signals[k]!.contribution) > Math.abs(a.signals[k - 1]!.contribution)) bad.push(`signals not strongest first at ${k}`);
  }
  for (const [kind, list] of Object.entries(a.entities)) {
    for (const e of list as { span: { start: number; end: number; text: string } }[]) checkSpan(`entity.${kind}`, e.span);
  }
  return bad;
}

// ---- hostile text -----------------------------------------------------------------------------

/** A small seeded generator (mulberry32, the corpus generator's): the same seed, the same text, on every machine. */
export const seeded = mulberry32;

/** Code point ranges of many scripts, marks, controls and specials; surrogates come as lone units. */
export const RANGES: readonly [number, number][] = [
  [0x20, 0x7e], [0x20, 0x7e], [0x20, 0x7e], // Latin, more often
  [0x00, 0x1f], [0x7f, 0x9f], // C0, DEL, C1
  [0xa0, 0x24f], // Latin-1, Latin Extended
  [0x300, 0x36f], // combining marks
  [0x370, 0x3ff], [0x400, 0x4ff], [0x400, 0x4ff], // Greek, Cyrillic
  [0x590, 0x5ff], // Hebrew
  [0x600, 0x6ff], [0x600, 0x6ff], [0x600, 0x6ff], [0x750, 0x77f], [0x8a0, 0x8ff], // Arabic
  [0x900, 0x97f], [0xe00, 0xe7f], // Devanagari, Thai
  [0x1100, 0x11ff], [0x4e00, 0x9fff], // Hangul Jamo, CJK
  [0x2000, 0x206f], // general punctuation: zero-width, bidi controls and isolates
  [0xd800, 0xdfff], // surrogates, alone
  [0xe000, 0xe0ff], [0xfb50, 0xfdff], [0xfe00, 0xfe0f], [0xfe70, 0xfeff], [0xff00, 0xffef], [0xfff0, 0xffff],
  [0x1f1e6, 0x1f1ff], [0x1f300, 0x1faff], [0x1f300, 0x1faff], // regional indicators, emoji
  [0xe0000, 0xe007f], [0x10000, 0x1007f], // tags, Linear B
];

/** One random code point (or lone surrogate) from `RANGES`. */
export function randomChar(rand: () => number): string {
  const [lo, hi] = RANGES[Math.floor(rand() * RANGES.length)]!;
  const cp = lo + Math.floor(rand() * (hi - lo + 1));
  return cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp);
}

/** About `length` UTF-16 units of random mixed scripts in words of 1 to 12 characters. */
export function randomMixedText(length: number, seed: number): string {
  const rand = seeded(seed);
  const parts: string[] = [];
  let n = 0;
  while (n < length) {
    const words = 1 + Math.floor(rand() * 12);
    let w = '';
    for (let k = 0; k < words; k++) w += randomChar(rand);
    w += rand() < 0.1 ? '\n' : ' ';
    parts.push(w);
    n += w.length;
  }
  return parts.join('').slice(0, length);
}

/** Emoji, including ZWJ families, skin tones, flags and keycaps. */
export const EMOJI = ['🚤', '🛥️', '✈️', '🇮🇹', '🇱🇾', '🇹🇷', '🇬🇧', '👨‍👩‍👧‍👦', '🏳️‍🌈', '👍🏽', '1️⃣', '💶', '📞', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '🧑🏿‍🤝‍🧑🏻'];

// ---- fast-check arbitraries ----------------------------------------------------------------------

const bundle = loadLexiconFiles();
/** Every term of the lexicons (languages, apps, places, emoji), so the fuzz meets the real patterns. */
export const LEXICON_TERMS: readonly string[] = [
  ...new Set([
    ...bundle.lexicons.flatMap((l) => l.entries.flatMap((e) => [...e.terms, ...(e.arabizi ?? [])])),
    ...bundle.apps.flatMap((a) => a.terms),
    ...bundle.places.flatMap((p) => p.terms),
    ...bundle.emoji.map((e) => e.chars),
  ]),
].sort();

const HOMOGLYPHS: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', y: 'у', i: 'і', s: 'ѕ', A: 'Α', B: 'Β', E: 'Ε', H: 'Η', K: 'Κ', M: 'Μ', O: 'Ο', T: 'Τ', ي: 'ی', ك: 'ک', ه: 'ە' };
const fullwidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** Ways to disguise a term, as evaders do (and a few ways to break it). */
export const DISGUISES: readonly ((s: string) => string)[] = [
  (s) => s,
  (s) => [...s].join('\u200b'), // zero-width space
  (s) => [...s].join('\u200d'), // zero-width joiner
  (s) => [...s].join('\u00ad'), // soft hyphen
  (s) => [...s].join(' '), // spaced letters
  (s) => [...s].join('.'),
  (s) => s.replace(/[a-zA-Zيكه]/g, (c) => HOMOGLYPHS[c] ?? c),
  (s) => fullwidth(s),
  (s) => s.toUpperCase(),
  (s) => `\u202e${s}\u202c`, // right-to-left override, closed
  (s) => `\u202e${s}`, // unpaired override
  (s) => `\u2067${s}`, // unpaired isolate
  (s) => `\u2066${s}\u2069`,
  (s) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d))),
  (s) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d))),
  (s) => s.replace(/(.)/gu, '$1$1'), // doubled letters
  (s) => s.replace(/(\p{L})/gu, '$1\u0301'), // a combining mark on every letter
  (s) => s.replace(/(\p{L})/gu, '$1ـ'), // Arabic tatweel
  (s) => `\ud83d${s}\ude80`, // lone surrogates either side
  (s) => s.normalize('NFD'),
  (s) => s.slice(0, Math.max(1, s.length - 1)), // a broken term
];

const SPECIALS = [
  '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d', '\ude80', // lone surrogates
  '\u0000', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u009b', '\u009f', // C0, C1
  '\u202a', '\u202b', '\u202d', '\u202e', '\u202c', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c', // bidi
  '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u034f', '\u180e', // invisible
  '\u0301\u0301\u0301\u0301', 'a\u0300\u0301\u0302\u0303\u0304', 'ـــــ', '\ufe0f', '\ufffd', '\uffff', '\ufffe',
  '\r\n', '\r', '\n\n', '\t', '\u2028', '\u2029', '\u00a0', '\u3000', ' ',
  '+218 91 726 7022', '00905376737968', '٠٠٢١٨٩١٧٢٦٧٠٢٢', '3000$', '€ 2.500', '2500 евро', '@smuggler_99', 't.me/some_channel', 'https://wa.me/218917267022',
  ...EMOJI,
];

const mixedChar = fc.noBias(fc.integer({ min: 0, max: 0x7fffffff })).map((n) => randomChar(seeded(n)));
const randomRun = fc.array(mixedChar, { maxLength: 24 }).map((cs) => cs.join(''));

/** A hostile post: lexicon terms (disguised or not), random mixed scripts and special characters. */
export const hostilePost = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...LEXICON_TERMS), fc.integer({ min: 0, max: DISGUISES.length - 1 })).map(([t, k]) => DISGUISES[k]!(t)) },
      { weight: 3, arbitrary: randomRun },
      { weight: 2, arbitrary: fc.constantFrom(...SPECIALS) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
    ),
    { maxLength: 16 },
  )
  .chain((parts) => fc.constantFrom(' ', '', '\n', '\u200b', ', ').map((sep) => parts.join(sep)));

/** The `lang` a caller may pass: none, one of ours, `und`, or one we do not know. */
export const givenLang = fc.constantFrom<string | undefined>(undefined, undefined, undefined, 'ar', 'en', 'fa', 'prs', 'ps', 'ru', 'fr', 'es', 'tr', 'uk', 'und', 'zz');

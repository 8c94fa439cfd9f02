/**
 * The semantic engine: one compiled object per lexicon set that turns a text into language,
 * lexicon hits, entities and the named evidence atoms the score stage reads.
 */
import { extractMoney, type CurrencyMention, type MoneyEntity } from './entities/money.js';
import { extractPhones, type PhoneEntity } from './entities/phones.js';
import { extractEmails, extractHandles, extractUrls, type EmailEntity, type HandleEntity, type UrlEntity } from './entities/links.js';
import { createLanguageIdentifier, type LanguageResult } from './language.js';
import type { LexiconBundle } from './lexicon/load.js';
import { keysOf, Matcher, type Hit, type PatternSpec } from './lexicon/matcher.js';
import type { Kind, LexiconEntry } from './lexicon/schema.js';
import { arabicWordForms, hasArabiziDigits, latinBest, MIN_SKELETON, type ArabiziForm } from './arabizi.js';
import { normalise, visibleText, type VisibleText } from './normalise.js';
import { insideAny, quotedRanges } from './quotes.js';
import { overlapSweep, uniqueSpans, type Span } from './span.js';
import { tokenise, type Token } from './tokenise.js';

type PatternData =
  | { type: 'entry'; entry: LexiconEntry; language: string }
  | { type: 'app'; id: string; name: string }
  | { type: 'place'; id: string; name: string; country: string | null; role: string }
  | { type: 'currency'; code: string }
  | { type: 'emoji'; kind: string; meaning: string; place: string | null };

export interface PlaceEntity {
  id: string;
  name: string;
  country: string | null;
  role: string;
  span: Span;
}

export interface AppEntity {
  id: string;
  name: string;
  span: Span;
}

export interface DocumentEntity {
  entry: string;
  span: Span;
}

export interface Entities {
  phones: PhoneEntity[];
  money: MoneyEntity[];
  places: PlaceEntity[];
  apps: AppEntity[];
  urls: UrlEntity[];
  handles: HandleEntity[];
  emails: EmailEntity[];
  documents: DocumentEntity[];
}

/** A named piece of evidence with a strength in [0, 1] and where it stands in the text. */
export interface Atom {
  value: number;
  spans: Span[];
  entries: string[];
}

/**
 * A token of an analysed post. `reading`: for a Latin word that a lexicon entry, place or
 * currency read as an Arabic word through the Arabizi layer, that word's matching key (with
 * its joined clitics, as the Arabic spelling's token would have it), the closest of the hits'
 * readings if only one is; the learned words read it as that word, never as another word of
 * the same skeleton.
 */
export interface ReadToken extends Token {
  reading?: string;
}

/** The Arabic words (matching keys) hits read a Latin word as, and how close (`latinBest`). */
interface Reading {
  words: Set<string>;
  long: number;
}

export interface Analysis {
  language: LanguageResult;
  /** The post's tokens (keys are normalised), for learned word features. */
  tokens: ReadToken[];
  /** The post reads as Arabizi: its Latin words may stand for Arabic ones (derived skeletons). */
  arabizi: boolean;
  entities: Entities;
  atoms: Map<string, Atom>;
  wordCount: number;
}

export interface EngineOptions {
  /** Restrict language identification to these codes. */
  languages?: readonly string[] | undefined;
}

// Words beyond which a text reads as an article rather than a post; the `@long` atom grows
// from 0 there to 1 at LONG_FULL words.
const LONG_FROM = 80;
const LONG_FULL = 400;
/**
 * Shortest Arabizi skeleton derived from an Arabic-script app name. Places and currencies derive
 * from MIN_SKELETON as entries do, with the same checks of vowels and ending (`derivedFits`).
 */
const NAME_SKELETON = MIN_SKELETON + 1;
/** Letters of Persian and Pashto words that Arabic does not write. */
const PERSIAN_LETTERS = /[پچژگڤکیټځښږړڼ]/;

// Expository prose: the `@prose` atom grows from 0 at PROSE_FROM words per sentence to 1 at
// PROSE_FROM + PROSE_SPAN. Posts are written in short or unpunctuated bursts; reports, policy
// text and case studies in full, long sentences. It counts texts of several sentences, and a
// single sentence only when it is closed by a full stop, question or exclamation mark (an
// unpunctuated post is one run-on "sentence" and says nothing about register).
const PROSE_FROM = 12;
const PROSE_SPAN = 12;
// One mark per match, no trailing \s*$: both stay linear (test/robustness/redos.test.ts).
const SENTENCE_END = /[.!?\u061f\u06d4](?=\s|$)/u;
const CLOSED = /[.!?\u061f\u06d4]$/u;
/** A part between sentence ends counts as a sentence when it holds a word of two letters or more. */
const HAS_WORD = /\p{L}{2,}/u;

/** How much a text of `words` words reads as expository prose, in [0, 1] (see PROSE_FROM). */
export function proseValue(text: string, words: number): number {
  let sentences = 0;
  for (const part of text.split(SENTENCE_END)) if (HAS_WORD.test(part)) sentences++;
  if (sentences === 0 || (sentences === 1 && !CLOSED.test(text.trimEnd()))) return 0;
  return Math.max(0, Math.min(1, (words / sentences - PROSE_FROM) / PROSE_SPAN));
}

/** The matcher's patterns of a bundle, in a fixed order (compiled matcher tables rely on it). */
export function* patternSpecs(bundle: LexiconBundle): Generator<PatternSpec<PatternData>> {
  for (const lexicon of bundle.lexicons) {
    for (const entry of lexicon.entries) {
      yield {
        terms: entry.terms,
        prefix: entry.match === 'prefix',
        arabizi: entry.arabizi,
        deriveArabizi: lexicon.language === 'ar' ? MIN_SKELETON : undefined,
        deriveSpelled: lexicon.language === 'ar',
        data: { type: 'entry', entry, language: lexicon.language },
      };
    }
  }
  // Names in Arabic script also match their Arabizi skeletons (`faybr`, `trkya`); app names only
  // if long enough not to be common words.
  for (const app of bundle.apps) yield { terms: app.terms, deriveArabizi: NAME_SKELETON, data: { type: 'app', id: app.id, name: app.name } };
  for (const place of bundle.places) {
    yield { terms: place.terms, deriveArabizi: MIN_SKELETON, data: { type: 'place', id: place.id, name: place.name, country: place.country ?? null, role: place.role } };
  }
  for (const c of bundle.currencies) {
    // Currency names in Arabic script also in Arabizi (`doular`, `dinar`, `yourou`), next to an
    // amount. Place and app names are not matched by their full spellings: many are the names'
    // own Latin spellings or other words of European languages (`suis`, `fair`).
    if (c.terms.length) yield { terms: c.terms, deriveArabizi: MIN_SKELETON, deriveSpelled: true, data: { type: 'currency', code: c.code } };
    if (c.symbols.length) yield { terms: c.symbols, literal: true, data: { type: 'currency', code: c.code } };
  }
  for (const e of bundle.emoji) {
    yield { terms: [e.chars], literal: true, data: { type: 'emoji', kind: e.kind, meaning: e.meaning, place: e.place ?? null } };
  }
}

export class SemanticEngine {
  private readonly matcher: Matcher<PatternData>;
  private readonly identifier;
  private readonly phoneCountry = new Map<string, string>();
  private readonly placeById = new Map<string, LexiconBundle['places'][number]>();
  private readonly currencyTerms = new Map<string, readonly string[]>();
  private readonly appTerms = new Map<string, readonly string[]>();

  constructor(bundle: LexiconBundle, options: EngineOptions = {}) {
    this.matcher = bundle.matcherTables
      ? Matcher.fromTables(bundle.matcherTables, Array.from(patternSpecs(bundle), (p) => p.data))
      : new Matcher(patternSpecs(bundle), bundle.termKeys);
    const profiles = bundle.languages.filter((l) => !options.languages || options.languages.includes(l.code));
    for (const l of profiles) if (l.phoneCountry) this.phoneCountry.set(l.code, l.phoneCountry);
    for (const p of bundle.places) this.placeById.set(p.id, p);
    for (const c of bundle.currencies) this.currencyTerms.set(c.code, c.terms);
    for (const a of bundle.apps) this.appTerms.set(a.id, a.terms);
    if (bundle.termKeys) this.termKeys = bundle.termKeys;
    const markers: Record<string, string[]> = {};
    for (const [code, words] of Object.entries(bundle.markers)) {
      markers[code] = words.flatMap((w) => {
        const keys = bundle.termKeys?.(w) ?? tokenise(normalise(w)).map((t) => t.key);
        return keys.length > 0 ? [keys.join(' ')] : []; // a phrase: its words' keys, space-separated
      });
    }
    this.identifier = createLanguageIdentifier(profiles, markers);
  }

  // Per lexicon entry, place, currency or app: the Arabizi forms of its terms' words.
  private readonly entryForms = new Map<string, Map<string, ArabiziForm[]>>();
  private termKeys: (term: string) => readonly string[] = keysOf;

  /** The Arabizi forms of the Arabic words of what a hit matched (`arabicWordForms`). */
  private formsOf(d: PatternData): Map<string, ArabiziForm[]> | undefined {
    let id: string;
    let terms: readonly string[];
    if (d.type === 'entry') [id, terms] = [d.entry.id, d.entry.terms];
    else if (d.type === 'place') [id, terms] = [`place:${d.id}`, this.placeById.get(d.id)?.terms ?? []];
    else if (d.type === 'currency') [id, terms] = [`currency:${d.code}`, this.currencyTerms.get(d.code) ?? []];
    else if (d.type === 'app') [id, terms] = [`app:${d.id}`, this.appTerms.get(d.id) ?? []];
    else return undefined;
    let forms = this.entryForms.get(id);
    if (!forms) {
      forms = arabicWordForms(terms.flatMap((t) => this.termKeys(t)));
      this.entryForms.set(id, forms);
    }
    return forms;
  }

  /**
   * A skeleton drops final vowels and long vowels: a derived hit counts when its Latin words
   * also end as, and write the long vowels of, the Arabic words of the entry or name (`alsfara`
   * is not السفر, `tdhkra` not تذاكر, `trek` not تركيا) and write no more vowels than short
   * ones around them (`moua3id` is not موعد: `groupsFit`). Each Latin word's closest fitting
   * Arabic words go to `readings` (by token index), where the closest of all hits stay.
   */
  private derivedFits(h: Hit<PatternData>, tokens: readonly Token[], readings?: Map<number, Reading>): boolean {
    const forms = this.formsOf(h.data);
    if (!forms) return true;
    const found: [number, Reading][] = [];
    for (let k = h.first; k <= h.last; k++) {
      const t = tokens[k]!;
      if (t.script !== 'latin') continue;
      const best = latinBest(t.key, forms);
      if (best === undefined) continue;
      if (best.words.length === 0) {
        if (h.derived) return false;
        continue;
      }
      // Persian spellings of names (اروپا) are not Arabizi readings: چ is ch there, sh here.
      const words = best.words.filter((w) => !PERSIAN_LETTERS.test(w));
      if (words.length > 0) found.push([k, { words: new Set(words.map((w) => this.termKeys(w).join(' '))), long: best.long }]);
    }
    if (readings) {
      for (const [k, r] of found) {
        const prev = readings.get(k);
        if (prev === undefined || r.long > prev.long) readings.set(k, r);
        else if (r.long === prev.long) for (const w of r.words) prev.words.add(w);
      }
    }
    return true;
  }

  /**
   * `@quoted_risk`: risk words inside quotation marks; `@quoted_risk_benign`: the same in a post
   * whose benign evidence (warning, report, advice...) stands outside the quotes, as when a
   * warning cites the smugglers' promises. Their weights are learned like any feature's.
   */
  private quotedEvidence(input: string, hits: readonly EntryHit[], atoms: Map<string, Atom>): void {
    const quotes = quotedRanges(input);
    if (quotes.length === 0) return;
    const quoted: Span[] = [];
    let benignOutside = false;
    for (const h of hits) {
      const inside = insideAny(h, quotes);
      if (h.data.entry.category === 'benign') benignOutside ||= !inside;
      else if (inside) quoted.push(span(input, h.start, h.end));
    }
    if (quoted.length === 0) return;
    for (const name of benignOutside ? ['@quoted_risk', '@quoted_risk_benign'] : ['@quoted_risk']) {
      const a = atomOf(atoms, name);
      a.value = 1;
      for (const s of quoted) a.spans.push(s);
    }
  }

  get patternCount(): number {
    return this.matcher.size;
  }

  /**
   * `entryWeights`: weights that replace the lexicons' own for some entries (by entry id), as a
   * trained model carries them (see `deriveEntryWeights`).
   */
  analyse(input: string, givenLanguage?: string, entryWeights?: ReadonlyMap<string, number>): Analysis {
    const norm = normalise(input);
    const tokens = tokenise(norm);
    // What a reader sees: no invisible controls, look-alike letters folded (same offsets).
    const visible = visibleText(input);
    const read = this.countedHits(tokens);
    const language: LanguageResult = givenLanguage
      ? { code: givenLanguage, confidence: 1, method: 'given' }
      : this.identifier.identify(visible.text, tokens, arabiziEvidence(read.arabiziWords, read.useArabizi ? read.arabiziEntries.size : 0));

    const atoms = new Map<string, Atom>();
    const { urls, handles, emails } = extractLinks(input, visible);
    // Phones are read later, from the text itself: a number holds no lexicon word.
    const hits = outsideIdentifiers(read.hits, identifierSpans({ urls, handles, emails, phones: [] }));
    const documents = this.entryAtoms(input, hits, atoms, entryWeights);
    const { places, apps, currencies } = this.namedHits(input, tokens, hits, atoms);
    const phones = extractPhones(input, norm, this.phoneCountry.get(language.code));
    const money = extractMoney(input, norm, currencies, phones.map((p) => p.span));
    for (const u of urls) {
      if (u.app) apps.push({ id: u.app, name: u.app, span: u.span });
    }
    apps.sort((a, b) => a.span.start - b.span.start);
    places.sort((a, b) => a.span.start - b.span.start);
    const entities: Entities = { phones, money, places, apps, urls, handles, emails, documents };
    entityAtoms(atoms, entities);
    const words = wordCount(tokens);
    if (words > LONG_FROM) atomOf(atoms, '@long').value = Math.min(1, (words - LONG_FROM) / (LONG_FULL - LONG_FROM));
    const prose = proseValue(input, words);
    if (prose > 0) atomOf(atoms, '@prose').value = prose;
    for (const a of atoms.values()) a.spans = uniqueSpans(a.spans);

    return {
      language,
      tokens: readTokens(tokens, read.readings, read.written),
      arabizi: read.arabiziWords > 0 && readsArabizi(tokens, identifierSpans(entities), read.arabiziEntries.size),
      entities,
      atoms,
      wordCount: words,
    };
  }

  /**
   * The matcher's hits that count, with what the Arabizi layer found on the way: Latin words
   * with Arabizi digits, curated Arabizi entries, the readings of Latin words as Arabic ones,
   * and the Latin words a lexicon knows as written.
   */
  private countedHits(tokens: readonly Token[]): CountedHits {
    const rawHits = this.matcher.match(tokens);
    let arabiziWords = 0;
    for (const t of tokens) if (t.script === 'latin' && hasArabiziDigits(t.key)) arabiziWords++;
    const arabiziEntries = new Set<string>();
    for (const h of rawHits) if (h.arabizi && !h.derived && h.data.type === 'entry') arabiziEntries.add(h.data.entry.id);
    // Curated Arabizi spellings count in a post with a Latin word written with Arabizi digits,
    // or where two curated entries matched through them.
    const useArabizi = arabiziWords > 0 || arabiziEntries.size >= 2;
    // Skeletons derived from Arabic terms are many and short: they count on a word written with
    // Arabizi digits, or in a post that reads as Arabizi (two such words, or one and a curated
    // spelling) or is mostly in Arabic script.
    let derivedLicensed: boolean | undefined;
    const derivedOk = (h: Hit<PatternData>): boolean => {
      for (let k = h.first; k <= h.last; k++) if (tokens[k]!.script === 'latin' && hasArabiziDigits(tokens[k]!.key)) return true;
      derivedLicensed ??= arabiziWords >= 2 || (arabiziWords >= 1 && arabiziEntries.size >= 1) || mostlyArabic(tokens);
      return derivedLicensed;
    };
    // Latin words a lexicon knows as written (`Europe`, `euros`) are those words: a derived
    // skeleton on nothing else (اوروس, Evros, on `euros`) is not read.
    const written = new Set<number>();
    for (const h of rawHits) if (!h.arabizi) for (let k = h.first; k <= h.last; k++) if (tokens[k]!.script === 'latin') written.add(k);
    const readsMore = (h: Hit<PatternData>): boolean => {
      for (let k = h.first; k <= h.last; k++) if (tokens[k]!.script === 'latin' && !written.has(k)) return true;
      return false;
    };
    // Latin words read as Arabic words by the hits that count (see `ReadToken`).
    const readings = new Map<number, Reading>();
    const hits = rawHits.filter(
      (h) =>
        !h.arabizi ||
        (h.derived ? readsMore(h) && derivedOk(h) && this.derivedFits(h, tokens, readings) : useArabizi && this.derivedFits(h, tokens, readings)),
    );
    return { hits, readings, written, arabiziWords, arabiziEntries, useArabizi };
  }

  /**
   * The lexicon entries' atoms: per kind, distinct pieces of evidence combine as independent
   * ones. A piece is one entry at one place: the same entry twice, or two lexicons' entries on
   * the same words ("western union" in five languages), count once, at the strongest weight.
   * Returns the document entities the entries name.
   */
  private entryAtoms(input: string, hits: readonly Hit<PatternData>[], atoms: Map<string, Atom>, entryWeights?: ReadonlyMap<string, number>): DocumentEntity[] {
    const weightOf = (entry: LexiconEntry) => entryWeights?.get(entry.id) ?? entry.weight;
    const sameKind = dropContained(
      hits.filter((h): h is EntryHit => h.data.type === 'entry'),
      (h) => h.data.entry.kind,
    );
    const entryHits = dropInsideOpposite(sameKind, (h) => h.data.entry.category === 'benign');
    const kindMiss = new Map<Kind, number>();
    const counted = new Set<string>();
    const byWeight = [...entryHits].sort((x, y) => weightOf(y.data.entry) - weightOf(x.data.entry) || x.start - y.start || (x.data.entry.id < y.data.entry.id ? -1 : 1));
    for (const h of byWeight) {
      const { entry } = h.data;
      const a = atomOf(atoms, entry.kind);
      a.spans.push(span(input, h.start, h.end));
      if (!a.entries.includes(entry.id)) a.entries.push(entry.id);
      const place = `${entry.kind}@${h.start}:${h.end}`;
      if (counted.has(entry.id) || counted.has(place)) continue;
      counted.add(entry.id);
      counted.add(place);
      kindMiss.set(entry.kind, (kindMiss.get(entry.kind) ?? 1) * (1 - weightOf(entry)));
    }
    const documents: DocumentEntity[] = [];
    for (const h of entryHits) {
      if (h.data.entry.kind === 'document') documents.push({ entry: h.data.entry.id, span: span(input, h.start, h.end) });
    }
    for (const a of atoms.values()) a.entries.sort();
    for (const [kind, miss] of kindMiss) atomOf(atoms, kind).value = 1 - miss;
    this.quotedEvidence(input, entryHits, atoms);
    return documents;
  }

  /** Places, apps and currencies the lexicons name, and the emoji atoms. */
  private namedHits(input: string, tokens: readonly Token[], hits: readonly Hit<PatternData>[], atoms: Map<string, Atom>): { places: PlaceEntity[]; apps: AppEntity[]; currencies: CurrencyMention[] } {
    const places: PlaceEntity[] = [];
    const apps: AppEntity[] = [];
    const currencies: CurrencyMention[] = [];
    // A longer name wins over a name inside it: "ليرة سورية" is SYP, not also TRY.
    const named = dropContained(
      hits.filter((h) => h.data.type !== 'entry'),
      (h) => h.data.type,
    );
    for (const h of named) {
      const d = h.data;
      if (d.type === 'place') {
        places.push({ id: d.id, name: d.name, country: d.country, role: d.role, span: span(input, h.start, h.end) });
      } else if (d.type === 'app') {
        apps.push({ id: d.id, name: d.name, span: span(input, h.start, h.end) });
      } else if (d.type === 'currency') {
        currencies.push({ code: d.code, nStart: tokens[h.first]!.nStart, nEnd: tokens[h.last]!.nEnd });
      } else if (d.type === 'emoji') {
        const a = atomOf(atoms, `emoji:${d.kind}`);
        a.value = 1;
        a.spans.push(span(input, h.start, h.end));
        const place = d.place ? this.placeById.get(d.place) : undefined;
        if (place) {
          places.push({ id: place.id, name: place.name, country: place.country ?? null, role: place.role, span: span(input, h.start, h.end) });
        }
      }
    }
    return { places, apps, currencies };
  }
}

type EntryHit = Hit<Extract<PatternData, { type: 'entry' }>>;

/** What `countedHits` returns. */
interface CountedHits {
  hits: Hit<PatternData>[];
  readings: Map<number, Reading>;
  written: Set<number>;
  arabiziWords: number;
  arabiziEntries: Set<string>;
  useArabizi: boolean;
}

function atomOf(atoms: Map<string, Atom>, name: string): Atom {
  let a = atoms.get(name);
  if (!a) {
    a = { value: 0, spans: [], entries: [] };
    atoms.set(name, a);
  }
  return a;
}

/** The atoms of the entities: phones, money, apps, links, places and routes. */
function entityAtoms(atoms: Map<string, Atom>, { phones, money, apps, urls, handles, emails, places }: Entities): void {
  const entityAtom = (name: string, spans: Span[], value = 1) => {
    if (spans.length === 0 || value <= 0) return;
    const a = atomOf(atoms, name);
    a.value = Math.min(1, value);
    for (const s of spans) a.spans.push(s); // not push(...spans): too many arguments for a long post
  };
  entityAtom('@phone', phones.map((p) => p.span));
  const callingCodes = new Set(phones.map((p) => p.callingCode));
  if (callingCodes.size >= 2) entityAtom('@phones_multi_country', phones.map((p) => p.span));
  entityAtom('@money', money.map((m) => m.span));
  entityAtom('@app', apps.map((a) => a.span));
  // Handles, messenger and profile links reach a person; other web addresses are as often a
  // news, NGO or agency site cited in a report, so they are a separate atom.
  const link: Span[] = [];
  for (const u of urls) if (u.app) link.push(u.span);
  for (const h of handles) link.push(h.span);
  for (const e of emails) link.push(e.span);
  entityAtom('@link', link);
  entityAtom('@web_link', urls.filter((u) => !u.app).map((u) => u.span));
  const distinctPlaces = new Set(places.map((p) => p.id));
  entityAtom('@place', places.map((p) => p.span), distinctPlaces.size / 2);
  const destinations = places.filter((p) => p.role === 'destination' || p.role === 'transit');
  if (distinctPlaces.size >= 2 && destinations.length > 0) entityAtom('@route_pair', places.map((p) => p.span));
}

/**
 * Spans of the identifiers of a post: links, handles, e-mails and phone numbers (one array,
 * built by pushing: spreads of arrays of several element kinds cost the optimiser).
 */
export function identifierSpans(entities: Pick<Entities, 'urls' | 'handles' | 'emails' | 'phones'>): Span[] {
  const out: Span[] = [];
  for (const u of entities.urls) out.push(u.span);
  for (const h of entities.handles) out.push(h.span);
  for (const e of entities.emails) out.push(e.span);
  for (const p of entities.phones) out.push(p.span);
  return out;
}

/**
 * The hits that do not begin inside a link, handle or e-mail: the words of `@border_news_daily`
 * name an account, they are not the post's own wording (learned words skip them the same way).
 * The matcher returns hits in text order, as `overlapSweep` asks its queries.
 */
function outsideIdentifiers<H extends { start: number }>(hits: readonly H[], identifiers: readonly Span[]): readonly H[] {
  if (identifiers.length === 0) return hits;
  const inside = overlapSweep(identifiers);
  return hits.filter((h) => !inside(h.start, h.start + 1));
}

function wordCount(tokens: readonly Token[]): number {
  let words = 0;
  for (const t of tokens) if (t.type === 'word') words++;
  return words;
}

/**
 * Whether a post with Latin words written with Arabizi digits reads as Arabizi for learned
 * words: as for derived skeletons, with the digits of handles, links and phones (`@sky591`)
 * not counted as Arabizi digits.
 */
function readsArabizi(tokens: readonly Token[], identifiers: readonly Span[], arabiziEntries: number): boolean {
  const insideId = overlapSweep(identifiers);
  let digitWords = 0;
  for (const t of tokens) {
    if (digitWords >= 2) break;
    if (!insideId(t.start, t.end) && t.script === 'latin' && hasArabiziDigits(t.key)) digitWords++;
  }
  return digitWords >= 2 || (digitWords >= 1 && arabiziEntries >= 1);
}

/** The tokens with their readings: a Latin word read as one Arabic word only, not as written. */
function readTokens(tokens: Token[], readings: Map<number, Reading>, written: Set<number>): ReadToken[] {
  let out: ReadToken[] = tokens;
  for (const k of written) readings.delete(k); // a word as written, not a reading
  for (const [k, r] of readings) {
    if (r.words.size !== 1) continue; // two words as close: no reading
    const [word] = r.words;
    if (out === tokens) out = tokens.slice();
    out[k] = { ...tokens[k]!, reading: word! };
  }
  return out;
}

/** Whether more of a post's words are in Arabic script than in Latin. */
function mostlyArabic(tokens: readonly Token[]): boolean {
  let arabic = 0;
  let latin = 0;
  for (const t of tokens) {
    if (t.script === 'arabic') arabic++;
    else if (t.script === 'latin') latin++;
  }
  return arabic > latin;
}

/**
 * How strongly a Latin-script post reads as Arabizi, for language identification: words with
 * Arabizi digits are strong evidence; Arabizi lexicon spellings alone are weak, since some are
 * loanwords shared with European languages (visa, schengen), so three are needed.
 */
function arabiziEvidence(digitWords: number, entries: number): number {
  if (digitWords >= 2 || (digitWords >= 1 && entries >= 1) || entries >= 3) return digitWords + entries;
  return 0;
}

/**
 * URLs, handles and e-mails, found in the text as a reader sees it (invisible characters that
 * would cut `@az\u200biz` in two dropped, look-alike letters folded), spans mapped back.
 */
function extractLinks(input: string, visible: VisibleText): { urls: UrlEntity[]; handles: HandleEntity[]; emails: EmailEntity[] } {
  const text = visible.text;
  const urls = extractUrls(text);
  const handles = extractHandles(text, urls);
  const emails = extractEmails(text);
  const map = visible.map;
  if (map === undefined && text === input) return { urls, handles, emails };
  const back = (s: Span): Span => {
    const start = map ? map[s.start]! : s.start;
    const end = s.end > s.start ? (map ? map[s.end - 1]! + 1 : s.end) : start;
    return { start, end, text: input.slice(start, end) };
  };
  return {
    urls: urls.map((u) => ({ ...u, span: back(u.span) })),
    handles: handles.map((h) => ({ ...h, span: back(h.span) })),
    emails: emails.map((e) => ({ ...e, span: back(e.span) })),
  };
}

function span(input: string, start: number, end: number): Span {
  return { start, end, text: input.slice(start, end) };
}

/** Within one group, a hit strictly inside a longer hit of the same group is the same evidence: drop it. */
function dropContained<T>(hits: Hit<T>[], group: (h: Hit<T>) => string): Hit<T>[] {
  const sorted = hits
    .map((h) => ({ h, g: group(h) }))
    .sort((a, b) => (a.g < b.g ? -1 : a.g > b.g ? 1 : 0) || a.h.start - b.h.start || b.h.end - a.h.end);
  const out: Hit<T>[] = [];
  let cover: { h: Hit<T>; g: string } | undefined;
  for (const x of sorted) {
    const inside = cover !== undefined && cover.g === x.g && x.h.start >= cover.h.start && x.h.end <= cover.h.end;
    if (inside && x.h.end - x.h.start < cover!.h.end - cover!.h.start) continue;
    out.push(x.h);
    if (!cover || cover.g !== x.g || x.h.end > cover.h.end) cover = x;
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * Drop an entry hit that lies strictly inside a longer hit of the other polarity (risk or
 * benign): the longer phrase says what its words mean. "send the receipt in private" is a
 * payment hand-off, not the benign "receipt"; "do not pay before you arrive" is a warning, not
 * the payment term inside it.
 */
function dropInsideOpposite<T>(hits: Hit<T>[], benign: (h: Hit<T>) => boolean): Hit<T>[] {
  const sorted = [...hits].sort((a, b) => a.start - b.start || b.end - a.end);
  const cover: [Hit<T> | undefined, Hit<T> | undefined] = [undefined, undefined];
  const drop = new Set<Hit<T>>();
  for (const h of sorted) {
    const mine = benign(h) ? 1 : 0;
    const other = cover[1 - mine];
    if (other && other.end >= h.end && other.end - other.start > h.end - h.start) drop.add(h);
    if (!cover[mine] || h.end > cover[mine]!.end) cover[mine] = h;
  }
  return drop.size ? hits.filter((h) => !drop.has(h)) : hits;
}

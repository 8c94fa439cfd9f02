/** Loading and validating the lexicon directory (see lexicons/README.md). */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { DataFileError, readJsonFile } from '../../data/json-file.js';
import { isSameDir, readCompiled } from './compiled.js';
import type { MatcherTables } from './matcher.js';
import {
  appsSchema,
  currenciesSchema,
  dialectMarkersSchema,
  emojiSchema,
  languageLexiconSchema,
  languagesSchema,
  placesSchema,
  type LanguageLexicon,
  type LanguagesFile,
} from './schema.js';

export const DEFAULT_LEXICON_DIR = fileURLToPath(new URL('../../../lexicons/', import.meta.url));

export interface LexiconBundle {
  languages: LanguagesFile['languages'];
  lexicons: LanguageLexicon[];
  apps: z.output<typeof appsSchema>['apps'];
  currencies: z.output<typeof currenciesSchema>['currencies'];
  places: z.output<typeof placesSchema>['places'];
  emoji: z.output<typeof emojiSchema>['emoji'];
  markers: Record<string, string[]>;
  /** Content hash of every file read, in a fixed order: the lexicon version of assessments. */
  version: string;
  /** Matching keys of the bundle's terms, precomputed (compiled lexicons), when available. */
  termKeys?: ((term: string) => readonly string[]) | undefined;
  /** The matcher of the whole bundle, precompiled (compiled lexicons, no `only`), when available. */
  matcherTables?: MatcherTables | undefined;
}

const SHARED = {
  apps: 'apps.json',
  currencies: 'currencies.json',
  places: 'places.json',
  emoji: 'emoji.json',
  markers: 'dialect-markers.json',
} as const;

/**
 * Load every `<code>.json` language file of `dir`, its shared files, and any extra language
 * files. `only` restricts the language files to those codes.
 */
export function loadLexicons(dir: string = DEFAULT_LEXICON_DIR, extra: readonly string[] = [], only?: readonly string[]): LexiconBundle {
  // The build's compiled copy of the embedded lexicons, when it matches the files as they are.
  if (extra.length === 0 && isSameDir(dir, DEFAULT_LEXICON_DIR)) {
    const compiled = readCompiled(dir, only);
    if (compiled) return compiled;
  }
  return loadLexiconFiles(dir, extra, only);
}

/** `loadLexicons` from the files themselves: parse, validate, hash. */
export function loadLexiconFiles(dir: string = DEFAULT_LEXICON_DIR, extra: readonly string[] = [], only?: readonly string[]): LexiconBundle {
  const hash = createHash('sha256');
  const read = <S extends z.ZodType>(file: string, schema: S): z.output<S> => {
    const value = readJsonFile(file, schema);
    hash.update(basename(file)).update('\0').update(readFileSync(file)).update('\0');
    return value;
  };
  const shared = (name: string) => join(dir, 'shared', name);
  const optionalShared = <S extends z.ZodType>(name: string, schema: S): z.output<S> | undefined =>
    existsSync(shared(name)) ? read(shared(name), schema) : undefined;

  const languagesFile = read(join(dir, 'languages.json'), languagesSchema);
  const files = readdirSync(dir)
    .filter((f) => /^[a-z]{2,3}\.json$/.test(f) && f !== 'languages.json')
    .sort()
    .map((f) => join(dir, f));
  const lexicons: LanguageLexicon[] = [];
  for (const file of [...files, ...extra]) {
    const lexicon = read(file, languageLexiconSchema);
    if (only && !only.includes(lexicon.language)) continue;
    lexicons.push(lexicon);
  }
  const seen = new Map<string, string>();
  for (const lexicon of lexicons) {
    for (const entry of lexicon.entries) {
      const other = seen.get(entry.id);
      if (other) throw new DataFileError(lexicon.language, 0, 'id', `duplicate entry id ${entry.id} (also in ${other})`);
      seen.set(entry.id, lexicon.language);
    }
  }
  return {
    languages: languagesFile.languages,
    lexicons,
    apps: optionalShared(SHARED.apps, appsSchema)?.apps ?? [],
    currencies: optionalShared(SHARED.currencies, currenciesSchema)?.currencies ?? [],
    places: optionalShared(SHARED.places, placesSchema)?.places ?? [],
    emoji: optionalShared(SHARED.emoji, emojiSchema)?.emoji ?? [],
    markers: optionalShared(SHARED.markers, dialectMarkersSchema)?.markers ?? {},
    version: hash.digest('hex').slice(0, 16),
  };
}

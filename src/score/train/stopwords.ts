/**
 * Function words never become learned words: "pero", "vers" or "of" separate our templates'
 * labels by accident, and a reason that reads `term.of` explains nothing. The lists are
 * stopwords-iso's, keyed the way the tokeniser keys words; Pashto has no list there.
 */
import { createRequire } from 'node:module';
import { normalise } from '../../semantic/normalise.js';
import { tokenise } from '../../semantic/tokenise.js';

export const STOPWORD_LANGUAGES = ['ar', 'ru', 'uk', 'fa', 'en', 'fr', 'es', 'tr'] as const;

let loaded: { keys: ReadonlySet<string>; source: string } | undefined;

/** The stopwords' matching keys (loaded and tokenised once per process) and where they come from. */
export function stopwordKeys(): { keys: ReadonlySet<string>; source: string } {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const lists = require('stopwords-iso/stopwords-iso.json') as Record<string, string[]>;
  const { version } = require('stopwords-iso/package.json') as { version: string };
  const keys = new Set<string>();
  for (const lang of STOPWORD_LANGUAGES) {
    for (const word of lists[lang] ?? []) for (const t of tokenise(normalise(word))) keys.add(t.key);
  }
  loaded = { keys, source: `stopwords-iso ${version} (${STOPWORD_LANGUAGES.join(', ')})` };
  return loaded;
}

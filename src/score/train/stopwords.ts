/**
 * Function words never become learned words: "pero", "vers" or "of" separate our templates'
 * labels by accident, and a reason that reads `term.of` explains nothing. The lists are
 * stopwords-iso's, keyed the way the tokeniser keys words; Pashto has no list there.
 */
import { createRequire } from 'node:module';
import { normalise } from '../../semantic/normalise.js';
import { tokenise } from '../../semantic/tokenise.js';

export const STOPWORD_LANGUAGES = ['ar', 'ru', 'uk', 'fa', 'en', 'fr', 'es', 'tr'] as const;

export function stopwordKeys(): { keys: Set<string>; source: string } {
  const require = createRequire(import.meta.url);
  const lists = require('stopwords-iso/stopwords-iso.json') as Record<string, string[]>;
  const { version } = require('stopwords-iso/package.json') as { version: string };
  const keys = new Set<string>();
  for (const lang of STOPWORD_LANGUAGES) {
    for (const word of lists[lang] ?? []) for (const t of tokenise(normalise(word))) keys.add(t.key);
  }
  return { keys, source: `stopwords-iso ${version} (${STOPWORD_LANGUAGES.join(', ')})` };
}

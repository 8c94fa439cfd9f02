/**
 * Real text from the seed documents, extracted at run time (never copied into the repo):
 * the Arabic ads quoted in the slide deck are positives, the paragraphs of the policy and case
 * documents are benign text full of smuggling vocabulary.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SeedItem {
  id: string;
  document: string;
  text: string;
  label: 'smuggling' | 'benign';
}

const ARABIC = /[\u0600-\u06ff]/g;
const LETTER = /\p{L}/gu;
// A phone number as the ads write them: ten or more digits in a row, possibly after + or 00.
const PHONE_RUN = /\d{10,}/;
const MIN_WORDS = 8;

const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0;

/** Blank-line separated blocks. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** An ad as the deck quotes it: a mostly Arabic-script block carrying a phone number. */
export function isQuotedAd(block: string): boolean {
  const letters = count(block, LETTER);
  return letters > 0 && count(block, ARABIC) / letters > 0.5 && PHONE_RUN.test(block);
}

export function extractSeedItems(dir: string): SeedItem[] {
  const items: SeedItem[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
    const document = file.replace(/\.txt$/, '');
    const blocks = paragraphs(readFileSync(join(dir, file), 'utf8'));
    blocks.forEach((block, i) => {
      if (isQuotedAd(block)) {
        items.push({ id: `${document}#ad${i}`, document, text: block, label: 'smuggling' });
      } else if (block.split(/\s+/).length >= MIN_WORDS) {
        items.push({ id: `${document}#p${i}`, document, text: block, label: 'benign' });
      }
    });
  }
  return items;
}

/** The policy documents of the seeds (000, the EMN query, and 002): benign text about smuggling and social media. */
export const isPolicyDocument = (document: string) => /^00[02]_/.test(document);

/**
 * The benign seed paragraphs cut into sentences, kept where a sentence speaks of smuggling
 * together with the internet, social media or police work: the report style most like an offer.
 */
export function reportSentences(items: readonly SeedItem[]): string[] {
  return items
    .filter((i) => i.label === 'benign')
    .flatMap((i) => i.text.split(/(?<=[.!?])\s+/))
    .filter((s) => /smuggl/i.test(s) && /internet|social media|facebook|police|investigat/i.test(s));
}

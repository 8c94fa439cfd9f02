import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createScorer } from '../src/index.js';

// Made-up words, so that no shipped entry interferes: a risk phrase with a benign word inside
// it, and a benign phrase with a risk word inside it.
function scorerWithEntries() {
  const file = join(mkdtempSync(join(tmpdir(), 'sr-contain-')), 'en-extra.json');
  const entry = (id: string, category: string, kind: string, terms: string[]) => ({ id, category, kind, weight: 0.8, terms, note: 'test entry' });
  writeFileSync(
    file,
    JSON.stringify({
      language: 'en',
      name: 'containment test',
      version: '0.0.0',
      entries: [
        entry('en.payment.zorblax-quintar', 'contact_handoff', 'payment', ['zorblax quintar vemm']),
        entry('en.legitimate.quintar', 'benign', 'legitimate', ['quintar']),
        entry('en.warning.nofo-plimset', 'benign', 'warning', ['never nofo plimset']),
        entry('en.payment.plimset', 'contact_handoff', 'payment', ['plimset']),
      ],
    }),
  );
  return createScorer({ lexiconPaths: [file] });
}

const kinds = (a: { signals: { id: string; spans: { text: string }[] }[] }, id: string) => a.signals.find((s) => s.id === id)?.spans.map((s) => s.text) ?? [];

describe('a phrase decides what the words inside it mean', () => {
  const s = scorerWithEntries();
  it('drops a benign word inside a longer risk phrase', () => {
    const a = s.score('please zorblax quintar vemm today');
    expect(kinds(a, 'kind.payment')).toEqual(['zorblax quintar vemm']);
    expect(kinds(a, 'kind.legitimate')).toEqual([]);
  });
  it('drops a risk word inside a longer benign phrase', () => {
    const a = s.score('friends, never nofo plimset to anyone');
    expect(kinds(a, 'kind.warning')).toEqual(['never nofo plimset']);
    expect(kinds(a, 'kind.payment')).toEqual([]);
  });
  it('keeps each word where it stands alone', () => {
    const a = s.score('a quintar here and a plimset there');
    expect(kinds(a, 'kind.legitimate')).toEqual(['quintar']);
    expect(kinds(a, 'kind.payment')).toEqual(['plimset']);
  });
});

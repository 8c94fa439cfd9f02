import { describe, expect, it } from 'vitest';
import { scorerWithEntries, testEntry } from './helpers/scorer.js';

// Made-up words, so that no shipped entry interferes: a risk phrase with a benign word inside
// it, and a benign phrase with a risk word inside it.
function scorerWithTestEntries() {
  return scorerWithEntries([
    testEntry('en.payment.zorblax-quintar', 'contact_handoff', 'payment', ['zorblax quintar vemm']),
    testEntry('en.legitimate.quintar', 'benign', 'legitimate', ['quintar']),
    testEntry('en.warning.nofo-plimset', 'benign', 'warning', ['never nofo plimset']),
    testEntry('en.payment.plimset', 'contact_handoff', 'payment', ['plimset']),
  ]);
}

const kinds = (a: { signals: { id: string; spans: { text: string }[] }[] }, id: string) => a.signals.find((s) => s.id === id)?.spans.map((s) => s.text) ?? [];

describe('a phrase decides what the words inside it mean', () => {
  const s = scorerWithTestEntries();
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

import { describe, expect, it } from 'vitest';
import { createScorer } from '../src/index.js';
import { insideAny, quotedRanges } from '../src/semantic/quotes.js';
import { scorerWithEntries, spanViolations, testEntry } from './helpers/scorer.js';

describe('quotedRanges', () => {
  it('finds paired quotation marks of several scripts, on one line', () => {
    const text = 'a «b c» d “e” f „g“ h "i j" k ‹l›';
    expect(quotedRanges(text).map((r) => text.slice(r.start, r.end))).toEqual(['«b c»', '“e”', '„g“', '"i j"', '‹l›']);
  });
  it('pairs single quotes, but not apostrophes', () => {
    const quoted = (t: string) => quotedRanges(t).map((r) => t.slice(r.start, r.end));
    expect(quoted("write 'el primo' and ‘guaranteed’ trips")).toEqual(["'el primo'", '‘guaranteed’']);
    expect(quoted("don't go, it's late")).toEqual([]);
    expect(quoted("the smugglers' boats and 'visa' offers, l'homme")).toEqual(["'visa'"]);
    expect(quoted("a ' spaced ' pair")).toEqual([]);
    // A single-quoted word inside a double-quoted passage: one passage, so ranges never overlap.
    expect(quoted("«a 'b' c»")).toEqual(["«a 'b' c»"]);
  });
  it('leaves unpaired marks, apostrophes and quotes broken by a line', () => {
    expect(quotedRanges("it's «open\nstill» and \"one")).toEqual([]);
  });
});

describe('insideAny (bisection over ordered quotes)', () => {
  it('agrees with a scan of every range, at the edges and between ranges', () => {
    const text = 'a «b c» d “e f” g "h" i «j k l» m';
    const ranges = quotedRanges(text);
    expect(ranges).toHaveLength(4);
    const scan = (s: { start: number; end: number }) => ranges.some((r) => s.start >= r.start && s.end <= r.end);
    let inside = 0;
    for (let start = 0; start < text.length; start++) {
      for (let end = start + 1; end <= text.length; end++) {
        expect(insideAny({ start, end }, ranges), `${start}-${end}`).toBe(scan({ start, end }));
        if (scan({ start, end })) inside++;
      }
    }
    expect(inside).toBeGreaterThan(20);
    expect(insideAny({ start: 0, end: 1 }, [])).toBe(false);
  });
});

// Made-up words, so that no shipped entry interferes: one risk entry, one benign entry.
function scorerWithTestEntries() {
  return scorerWithEntries([
    testEntry('en.fraud.zorblax', 'document_fraud', 'fraud', ['zorblax papers']),
    testEntry('en.warning.plimset', 'benign', 'warning', ['plimset alert']),
  ]);
}

const signal = (a: { signals: { id: string; spans: { text: string }[] }[] }, id: string) => a.signals.find((s) => s.id === id)?.spans.map((s) => s.text);

describe('risk words inside quotation marks', () => {
  const s = scorerWithTestEntries();

  it('are their own evidence, with spans on the quoted words, and still count for their kind', () => {
    const text = 'selling «zorblax papers» today';
    const a = s.score(text);
    expect(signal(a, 'quoted.risk')).toEqual(['zorblax papers']);
    expect(signal(a, 'quoted.risk_cited')).toBeUndefined();
    expect(signal(a, 'kind.fraud')).toEqual(['zorblax papers']);
    expect(spanViolations(text, a)).toEqual([]);
  });

  it('are cited when the benign evidence stands outside the quotes', () => {
    const text = 'plimset alert: pages selling “zorblax papers” are a trap';
    const a = s.score(text);
    expect(signal(a, 'quoted.risk_cited')).toEqual(['zorblax papers']);
    // The same words unquoted are not cited, and a benign word inside the quotes cites nothing.
    expect(signal(s.score('plimset alert: pages selling zorblax papers are a trap'), 'quoted.risk')).toBeUndefined();
    expect(signal(s.score('ok "plimset alert zorblax papers"'), 'quoted.risk_cited')).toBeUndefined();
  });

  it('move the score of a warning that cites them below the same words said plainly (learned weights)', () => {
    const real = createScorer();
    const cited = real.score('Police warning: pages selling «visas without fingerprints» and «guaranteed corridors» are a scam, report them.');
    const plain = real.score('Police warning: pages selling visas without fingerprints and guaranteed corridors are a scam, report them.');
    expect(cited.signals.some((g) => g.id === 'quoted.risk_cited')).toBe(true);
    expect(cited.score).toBeLessThan(plain.score);
  });
});

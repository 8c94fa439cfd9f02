import { describe, expect, it } from 'vitest';
import { normalise } from '../src/semantic/normalise.js';
import { tokenise } from '../src/semantic/tokenise.js';
import { createScorer } from '../src/scorer.js';
import { Matcher } from '../src/semantic/lexicon/matcher.js';

const keys = (s: string) => tokenise(normalise(s)).map((t) => t.key);

describe('English negative contractions', () => {
  it('read the same with and without the apostrophe, whichever apostrophe is typed', () => {
    expect(keys("you don't pay")).toEqual(['you', 'dont', 'pay']);
    expect(keys('you dont pay')).toEqual(keys("you don't pay"));
    expect(keys('YOU DON\u2019T PAY')).toEqual(keys("you don't pay"));
    expect(keys("can't, won't, isn't")).toEqual(['cant', 'wont', 'isnt']);
  });

  it('keep spans on the original characters, apostrophe included', () => {
    const input = "If you DON\u2019T arrive you don't pay.";
    const n = normalise(input);
    expect(n.text.length).toBe(n.from.length);
    const words = tokenise(n).map((t) => input.slice(t.start, t.end));
    expect(words).toEqual(['If', 'you', 'DON\u2019T', 'arrive', 'you', "don't", 'pay']);
  });

  it('leave French elision, Turkish suffixes and a lone n apart', () => {
    expect(keys("n'a pas appelé, l'europe, le chauffeur t'appelle")).toEqual(['n', 'a', 'pas', 'apele', 'l', 'europe', 'le', 'chaufeur', 't', 'apele']);
    expect(keys("Almanya'ya, Ankara'dan")).toEqual(['almanya', 'ya', 'ankara', 'dan']);
    expect(keys("n't")).toEqual(['n', 't']);
    expect(keys("don'ts")).toEqual(['don', 'ts']);
  });

  it('match a term written with the apostrophe on a post written without it, and the other way round', () => {
    const found = (term: string, text: string) => new Matcher([{ terms: [term], data: 'x' }]).match(tokenise(normalise(text))).map((h) => text.slice(h.start, h.end));
    expect(found("don't save my number", 'ok, dont save my number')).toEqual(['dont save my number']);
    expect(found('dont save my number', 'ok, don\u2019t save my number')).toEqual(['don\u2019t save my number']);
  });

  it('give the same entries on the scorer, with exact spans', () => {
    const scorer = createScorer();
    const a = scorer.score('if you dont reach you dont pay, whatsapp me');
    const b = scorer.score("if you don't reach you don't pay, whatsapp me");
    const entries = (x: typeof a) => x.signals.flatMap((s) => s.entries ?? []).sort();
    expect(entries(a)).toEqual(entries(b));
    const span = b.signals.flatMap((s) => s.spans).find((s) => s.text.includes("don't"));
    expect(span).toBeDefined();
    expect("if you don't reach you don't pay, whatsapp me".slice(span!.start, span!.end)).toBe(span!.text);
  });
});

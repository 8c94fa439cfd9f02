import { describe, expect, it } from 'vitest';
import { proseValue } from '../src/semantic/engine.js';
import { createPipeline } from '../src/score/pipeline.js';

const words = (text: string) => text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
const prose = (text: string) => proseValue(text, words(text));

// Made-up sentences: short ones, and one long sentence of 24 words.
const SHORT = 'We leave at night. Bring water. Pay on arrival.';
const LONG =
  'The committee noted that the number of people who reported paying intermediaries for the crossing had grown steadily over the previous three years.';

describe('proseValue (expository prose atom)', () => {
  it('is zero for short sentences and for an unpunctuated run of words', () => {
    expect(prose(SHORT)).toBe(0);
    // The same long sentence without its full stop is one run-on burst: no register evidence.
    expect(prose(LONG.slice(0, -1))).toBe(0);
    expect(prose('')).toBe(0);
  });

  it('grows with the mean sentence length and stays in [0, 1]', () => {
    const one = prose(LONG);
    const two = prose(`${LONG} ${LONG}`);
    const mixed = prose(`${LONG} ${SHORT}`);
    expect(one).toBeGreaterThan(0);
    expect(one).toBeLessThanOrEqual(1);
    expect(two).toBeCloseTo(one, 10);
    expect(mixed).toBeLessThan(one);
    expect(prose(`${LONG} ${LONG.replace(/\.$/, ', and the committee asked for a further review of the figures before the next meeting of the board.')}`)).toBe(1);
  });

  it('counts Arabic and Persian sentence ends', () => {
    const ar = 'هل يعرف أحد كيف يمكن للعائلات أن تتابع طلبات لم الشمل عبر المكتب الرسمي في المدينة خلال الأسابيع القادمة بعد تغيير القواعد الجديدة؟';
    expect(prose(ar)).toBeGreaterThan(0);
    expect(prose(ar.replace('؟', ''))).toBe(0);
  });

  it('is the @prose atom of an analysis', () => {
    const pipeline = createPipeline();
    expect(pipeline.extract(LONG).analysis.atoms.get('@prose')?.value).toBeCloseTo(prose(LONG), 10);
    expect(pipeline.extract(SHORT).analysis.atoms.has('@prose')).toBe(false);
    const i = pipeline.features.findIndex((f) => f.id === 'text.prose');
    expect(i).toBeGreaterThanOrEqual(0);
    expect(pipeline.extract(LONG).values[i]!.value).toBeGreaterThan(0);
  });
});

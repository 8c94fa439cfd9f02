import { describe, expect, it } from 'vitest';
import { createScorer } from '../src/index.js';

const scorer = createScorer();

/** The spans of non-entity signals, as [signal id, text] pairs. */
function wordSpans(text: string): [string, string][] {
  return scorer
    .score(text)
    .signals.filter((s) => s.id.startsWith('kind.'))
    .flatMap((s) => s.spans.map((sp) => [s.id, sp.text] as [string, string]));
}

describe('words inside links, handles and e-mails', () => {
  const signature = ' More at @border_news_daily or t.me/official_news_kabul';

  it('are not read as the post’s own words or places', () => {
    const text = `Flood warning for the north tonight.${signature}`;
    const a = scorer.score(text);
    const handleStart = text.indexOf('@');
    for (const s of a.signals.filter((s) => s.id.startsWith('kind.'))) {
      for (const sp of s.spans) expect(sp.start < handleStart, `${s.id} at ${sp.start}`).toBe(true);
    }
    expect(a.entities.places).toEqual([]);
    expect(a.entities.handles.map((h) => h.span.text)).toEqual(['@border_news_daily', 't.me/official_news_kabul']);
    expect(a.entities.urls.map((u) => u.span.text)).toEqual(['t.me/official_news_kabul']);
  });

  it('are read when the same words stand in the text', () => {
    const ids = new Set(wordSpans('Flood warning for the north tonight, official news from Kabul.').map(([id]) => id));
    expect(ids).toContain('kind.reporting');
    expect(ids).toContain('kind.legitimate');
    expect(scorer.score('official news from Kabul').entities.places.map((p) => p.id)).toEqual(['kabul']);
  });

  it('do not change the score of a post by the account’s name alone', () => {
    const plain = scorer.score('Boat to Italy on Friday, 3000 euro, guaranteed. Contact @ali_boats_7');
    const named = scorer.score('Boat to Italy on Friday, 3000 euro, guaranteed. Contact @ali_news_7');
    expect(named.score).toBe(plain.score);
  });
});
